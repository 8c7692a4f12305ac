import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const maps = new Map<string, SourceMap | null>();

/** The source map beside a bundle file (`index.mjs.map`), parsed once; null when there is none. */
function sourceMapOf(file: string): SourceMap | null {
  let map = maps.get(file);
  if (map === undefined) {
    try {
      const path = `${file.startsWith('file:') ? fileURLToPath(file) : file}.map`;
      map = existsSync(path) ? new SourceMap(JSON.parse(readFileSync(path, 'utf8'))) : null;
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  return map;
}

const FRAME = /((?:file:\/\/)?\/[^\s():]+\.m?js):(\d+):(\d+)/g;

/**
 * A stack trace with every frame in a bundled file rewritten to its TypeScript source position, read
 * from the bundle's source map on demand. Lambda functions run without `--enable-source-maps`, which
 * would parse every map at cold start (issue 17: measured by `npm run bench -- coldstart`); only the
 * rare unexpected error pays for mapping, once per file per instance. Frames without a map (Node's
 * own, unbundled local runs, frames Node already mapped to TypeScript) are left as they are.
 */
export function sourceMappedStack(stack: string | undefined): string | undefined {
  if (!stack) return stack;
  return stack.replace(FRAME, (frame: string, file: string, line: string, column: string) => {
    const map = sourceMapOf(file);
    if (!map) return frame;
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (entry.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined) return frame;
    const source = entry.originalSource.replace(/^(?:\.\.\/)+/, '').replace(/^file:\/\//, '');
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}
