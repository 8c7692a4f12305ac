// Jest transform for the TypeScript sources: esbuild's transformSync, per file (issue 17, CI time).
// Type-stripping only, like ts-jest with `isolatedModules` (tsconfig.json), which the repo already
// requires; `npm run typecheck` type-checks. ESM out (the tests run as ES modules), inline source maps
// so stack traces and coverage point at the .ts lines.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const tsconfig = JSON.parse(readFileSync(fileURLToPath(new globalThis.URL('../../tsconfig.json', import.meta.url)), 'utf8'));
const transformOptions = {
  loader: 'ts',
  format: 'esm',
  target: 'node22',
  sourcemap: 'inline',
  sourcesContent: false,
  tsconfigRaw: { compilerOptions: { target: tsconfig.compilerOptions.target, useDefineForClassFields: true, verbatimModuleSyntax: false } },
};
const configKey = createHash('sha256').update(esbuild.version).update(JSON.stringify(transformOptions)).digest('hex');

export default {
  canInstrument: false,
  getCacheKey(source, filename) {
    return createHash('sha256').update(configKey).update('\0').update(filename).update('\0').update(source).digest('hex');
  },
  process(source, filename) {
    const result = esbuild.transformSync(source, { ...transformOptions, sourcefile: filename });
    return { code: result.code };
  },
};
