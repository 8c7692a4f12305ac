import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureInitOnce, renderColdStart, type ColdStartRow } from '../../bin/bench/coldStart.js';
import { staticClosure } from '../../bin/bench/functionBundles.js';
import { summarizeLatencies } from '../../bin/bench/stats.js';

// Issue 17: the pieces of `npm run bench -- coldstart` that decide what it reports (the whole bench
// synthesizes every function, so it is run by hand, not here).
describe('cold-start bench', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-coldstart-test-'));
    // index imports one chunk statically (which imports another) and one only on demand.
    writeFileSync(join(dir, 'index.mjs'), 'import{a}from"./chunk-A.mjs";export const handler=async()=>(await import("./lazy-C.mjs")).c+a;');
    writeFileSync(join(dir, 'chunk-A.mjs'), 'import"./chunk-B.mjs";export const a=1;');
    writeFileSync(join(dir, 'chunk-B.mjs'), 'globalThis.__b=1;');
    writeFileSync(join(dir, 'lazy-C.mjs'), 'export const c=2;');
    // A module whose init busy-waits 60 ms: the measured import time must include its evaluation.
    writeFileSync(join(dir, 'slow.mjs'), 'const t=performance.now();while(performance.now()-t<60){}export const handler=async()=>({});');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts the entry and its static imports, transitively, not the chunks only import() reaches', () => {
    expect(staticClosure(dir, 'index.mjs').sort()).toEqual(['chunk-A.mjs', 'chunk-B.mjs', 'index.mjs']);
  });

  it('measures the import of a module in a fresh process, its evaluation included', () => {
    const ms = measureInitOnce(join(dir, 'slow.mjs'), []);
    expect(ms).toBeGreaterThanOrEqual(60);
    expect(ms).toBeLessThan(60_000);
  });

  it('marks a function over either goal as missed and one within both as ok', () => {
    const row = (name: string, kb: number, p50: number): ColdStartRow => {
      const summary = summarizeLatencies([p50]);
      return { name, bytes: kb * 1024, totalBytes: kb * 1024, mapBytes: 0, nodeOptions: '', plain: summary, sourceMaps: summary, deployed: summary };
    };
    const lines = renderColdStart([row('(empty module)', 0, 1), row('small-fast', 200, 30), row('big', 351, 30), row('slow', 200, 41)], 1).split('\n');
    const status = (name: string) => lines.find((line) => line.trimStart().startsWith(name))?.split(/\s{2,}/).pop();
    expect(status('(empty module)')).toBe('baseline');
    expect(status('small-fast')).toBe('ok');
    expect(status('big')).toBe('MISSED: size > 350 KB');
    expect(status('slow')).toBe('MISSED: init > 40 ms');
  });
});
