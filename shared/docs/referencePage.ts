import { join } from 'node:path';

/**
 * The API reference page (issue 22): Swagger UI from the `swagger-ui-dist` package, served by the
 * system group at `/docs` (HTML) and `/docs/{asset}` (the UI's files), reading the OpenAPI document at
 * `/openapi.json`. Nothing comes from a CDN: the page loads only same-origin files, and its content
 * security policy forbids anything else. The UI's files are not in the Lambda's JavaScript bundle:
 * lib/constructs/lambdaBundle.ts copies them, with docs/openapi.json, into `api-docs/` beside
 * `index.mjs`; locally they are read from node_modules and docs/.
 */

/** The folder beside the Lambda's index.mjs that holds the UI's files and openapi.json. */
export const API_DOCS_BUNDLE_DIR = 'api-docs';

/** Files of swagger-ui-dist the page loads, copied as they are. */
export const SWAGGER_UI_FILES = ['swagger-ui-bundle.js', 'swagger-ui.css', 'favicon-32x32.png'] as const;

/** Every file `/docs/{asset}` serves, with its media type. */
export const DOCS_ASSETS = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'reference.js': 'text/javascript; charset=utf-8',
} as const;

export type DocsAsset = keyof typeof DOCS_ASSETS;

/**
 * The page's own policy in place of the API's deny-all one: scripts, styles, images and requests from
 * the same origin only (Swagger UI sets inline styles and draws icons from data: URLs; "try it" calls
 * the API it is served by).
 */
export const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The HTML of `/docs`. Absolute paths: `/docs/` (trailing slash) reaches the same route. */
export const REFERENCE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cairn API reference</title>
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/reference.js"></script>
</body>
</html>
`;

/**
 * Starts Swagger UI (a file, not an inline script, so the policy needs no 'unsafe-inline' for scripts).
 * `validatorUrl: null` keeps the UI from calling the public validator; tags sort alphabetically, which
 * puts every `Seed NNN · area` group of one seed together, and start collapsed (the page opens as the list
 * of groups; Swagger UI renders expanded operations only as they scroll into view); extensions
 * (x-cairn-roles, x-cairn-rate-limit, x-cairn-error-codes) are shown; the token stays across reloads.
 */
export const REFERENCE_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    tagsSorter: 'alpha',
    docExpansion: 'none',
    defaultModelsExpandDepth: 0,
    showExtensions: true,
    displayOperationId: true,
    displayRequestDuration: true,
    persistAuthorization: true,
    filter: true,
  });
});
`;

/**
 * Where the UI's files and the OpenAPI document are: in Lambda beside the bundle
 * (`$LAMBDA_TASK_ROOT/api-docs/`), elsewhere (the local stack, tests) in the project's node_modules and
 * docs/ (both run from the project root).
 */
export function apiDocsLocation(env: NodeJS.ProcessEnv = process.env): { assetsDir: string; documentPath: string } {
  if (env.LAMBDA_TASK_ROOT) {
    const dir = join(env.LAMBDA_TASK_ROOT, API_DOCS_BUNDLE_DIR);
    return { assetsDir: dir, documentPath: join(dir, 'openapi.json') };
  }
  return { assetsDir: join(process.cwd(), 'node_modules', 'swagger-ui-dist'), documentPath: join(process.cwd(), 'docs', 'openapi.json') };
}
