import { gatewayPath, type HttpMethod, type RouteDefinition } from './types.js';

/**
 * Matches a method and path against the route table the way API Gateway HTTP APIs do: literal
 * segments beat `{param}` segments, which beat a greedy `{proxy+}`; a trailing slash is ignored (HTTP
 * APIs route `/a/` to `/a`); anything unmatched falls to `$default`. Used by the local server and the
 * test harness to produce the same `routeKey` and `pathParameters` API Gateway would.
 */
export interface RouteMatch {
  route: RouteDefinition;
  pathParameters: Record<string, string>;
}

interface CompiledRoute {
  route: RouteDefinition;
  segments: string[];
  /** Sort key: more literal segments first, then fewer greedy ones. */
  specificity: number[];
}

function compile(route: RouteDefinition): CompiledRoute {
  const segments = gatewayPath(route.path).split('/').slice(1);
  const literals = segments.filter((s) => !s.startsWith('{')).length;
  const greedy = segments.some((s) => s.endsWith('+}')) ? 1 : 0;
  return { route, segments, specificity: [-greedy, literals, segments.length] };
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i] as string;
    if (t.startsWith('{') && t.endsWith('+}')) {
      if (i !== template.length - 1 || actual.length <= i) return undefined;
      params[t.slice(1, -2)] = actual.slice(i).map(decodeURIComponent).join('/');
      return params;
    }
    const a = actual[i];
    if (a === undefined) return undefined;
    if (t.startsWith('{') && t.endsWith('}')) {
      if (a === '') return undefined;
      params[t.slice(1, -1)] = decodeURIComponent(a);
    } else if (t !== a) {
      return undefined;
    }
  }
  return template.length === actual.length ? params : undefined;
}

export function createRouteMatcher(routes: readonly RouteDefinition[]) {
  const compiled = routes
    .filter((route) => route.path !== '$default')
    .map(compile)
    .sort((a, b) => {
      for (let i = 0; i < a.specificity.length; i++) {
        const diff = (b.specificity[i] as number) - (a.specificity[i] as number);
        if (diff !== 0) return diff;
      }
      return 0;
    });
  const fallback = routes.find((route) => route.path === '$default');

  return (method: string, path: string): RouteMatch | undefined => {
    const actual = gatewayPath(path).split('/').slice(1);
    for (const candidate of compiled) {
      if (candidate.route.method !== (method.toUpperCase() as HttpMethod)) continue;
      let params: Record<string, string> | undefined;
      try {
        params = matchSegments(candidate.segments, actual);
      } catch {
        return fallback ? { route: fallback, pathParameters: {} } : undefined; // malformed %-escape
      }
      if (params) return { route: candidate.route, pathParameters: params };
    }
    return fallback ? { route: fallback, pathParameters: {} } : undefined;
  };
}
