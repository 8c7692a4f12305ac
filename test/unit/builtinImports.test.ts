import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { hoistBuiltinImports } from '../../lib/constructs/lambdaBundle.js';
import { sourceMappedStack } from '../../shared/http/sourceMappedStack.js';

const BANNER = "const require=process.getBuiltinModule('node:module').createRequire(import.meta.url);";

describe('built-in imports without their ES namespace (issue 17)', () => {
  it('turns every import form of a built-in into a getBuiltinModule declaration on the banner line', () => {
    const code = `${BANNER}\nvar a=1;import{createHash as x,randomUUID}from"node:crypto";import*as fs from"fs";import https from"node:https";import z,{join as j}from"path";import{readFile as r}from"node:fs/promises";import{q}from"./chunk-A.mjs";a+=1;\nimport{y}from"zod";`;
    const out = hoistBuiltinImports(code);
    const [first, second, third] = out.split('\n');
    expect(first).toBe(
      `${BANNER}const{createHash:x,randomUUID}=process.getBuiltinModule("node:crypto");const fs=process.getBuiltinModule("node:fs");const https=process.getBuiltinModule("node:https");const z=process.getBuiltinModule("node:path");const{join:j}=process.getBuiltinModule("node:path");const{readFile:r}=process.getBuiltinModule("node:fs/promises");`,
    );
    // Every other line keeps its length and its non-built-in code at the same columns.
    const original = code.split('\n');
    expect(second).toHaveLength(original[1]!.length);
    expect(second!.indexOf('import{q}from"./chunk-A.mjs";')).toBe(original[1]!.indexOf('import{q}from"./chunk-A.mjs";'));
    expect(second!.indexOf('a+=1;')).toBe(original[1]!.indexOf('a+=1;'));
    expect(second).not.toMatch(/node:|"fs"|"path"/);
    expect(third).toBe('import{y}from"zod";');
  });

  it('leaves a file without built-in imports untouched, and refuses a file without the banner', () => {
    const plain = `${BANNER}\nimport{a}from"./chunk.mjs";`;
    expect(hoistBuiltinImports(plain)).toBe(plain);
    expect(() => hoistBuiltinImports('var a;\nimport{b}from"node:os";')).toThrow(/banner/);
  });

  it('keeps a real bundle working and its source map exact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-builtins-'));
    writeFileSync(
      join(dir, 'entry.ts'),
      [
        "import { createHash } from 'node:crypto';",
        "import * as path from 'node:path';",
        'export function digest(value: string): string {',
        "  return createHash('sha256').update(path.basename(value)).digest('hex');",
        '}',
        'export function fail(): never {',
        "  throw new Error('boom');",
        '}',
        '',
      ].join('\n'),
    );
    const file = join(dir, 'out', 'index.mjs');
    buildSync({ entryPoints: [join(dir, 'entry.ts')], outfile: file, bundle: true, platform: 'node', format: 'esm', minify: true, sourcemap: true, sourcesContent: false, banner: { js: BANNER }, logLevel: 'error' });
    const before = readFileSync(file, 'utf8');
    expect(before).toMatch(/from"(node:)?crypto"/);
    writeFileSync(file, hoistBuiltinImports(before));
    expect(readFileSync(file, 'utf8')).not.toMatch(/from"(node:)?(crypto|path)"/);
    const script = `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(m.digest('/a/b/cairn') + '\\n'); try { m.fail(); } catch (e) { process.stdout.write(e.stack); }`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(run.stderr).toBe('');
    const [digest, ...stack] = run.stdout.split('\n');
    // sha256("cairn"), computed independently of the bundle.
    expect(digest).toBe(spawnSync(process.execPath, ['-e', "process.stdout.write(require('crypto').createHash('sha256').update('cairn').digest('hex'))"], { encoding: 'utf8' }).stdout);
    expect(sourceMappedStack(stack.join('\n'))).toMatch(/entry\.ts:7:\d+/);
  });
});
