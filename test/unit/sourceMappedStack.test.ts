import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { sourceMappedStack } from '../../shared/http/sourceMappedStack.js';

describe('source-mapped stacks (bundles run without --enable-source-maps)', () => {
  it('rewrites a minified bundle frame to its TypeScript source line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-stack-'));
    writeFileSync(join(dir, 'thrower.ts'), ['// line 1', 'export function fail(): never {', "  throw new Error('boom');", '}', ''].join('\n'));
    buildSync({ entryPoints: [join(dir, 'thrower.ts')], outfile: join(dir, 'out', 'index.mjs'), bundle: true, format: 'esm', minify: true, sourcemap: true, sourcesContent: false, logLevel: 'error' });
    // The raw stack as a Lambda prints it: a fresh Node process without source-map support (Jest maps its own).
    const url = pathToFileURL(join(dir, 'out', 'index.mjs')).href;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(url)}); try { m.fail(); } catch (e) { process.stdout.write(e.stack); }`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    const stack = run.stdout;
    expect(stack).toMatch(/index\.mjs:1:\d+/);
    const mapped = sourceMappedStack(stack);
    expect(mapped).toMatch(/thrower\.ts:3:\d+/);
    expect(mapped).not.toMatch(/index\.mjs:1:/);
  });

  it('leaves frames without a source map as they are', () => {
    const stack = 'Error: x\n    at f (/nowhere/plain.js:10:5)';
    expect(sourceMappedStack(stack)).toBe(stack);
  });
});
