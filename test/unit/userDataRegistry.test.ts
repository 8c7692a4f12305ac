import { readFileSync } from 'node:fs';
import { USER_DATA_ENTITIES } from '../../shared/privacy/userDataRegistry.js';
import { scrubUser, userPartOf } from '../../shared/privacy/userDataItems.js';

// The user-data registry (issue 20) and the docs/data-model.md table that names the same entities.

function documentedRows(): string[][] {
  const doc = readFileSync(new URL('../../docs/data-model.md', import.meta.url), 'utf8');
  const table = /<!-- user-data-entities:start -->([\s\S]*?)<!-- user-data-entities:end -->/.exec(doc)?.[1] ?? '';
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| /, '').replace(/`/g, '').trim()));
}

describe('user-data registry', () => {
  it('is the table docs/data-model.md "User data" lists: same entities, scope, phase and treatment, in order', () => {
    expect(documentedRows().map((row) => row.slice(0, 4))).toEqual(USER_DATA_ENTITIES.map((e) => [e.name, e.scope, e.phase, e.treatment]));
  });

  it('names every entity once', () => {
    const names = USER_DATA_ENTITIES.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('removing one user from a shared item', () => {
  const u = 'u-1';
  const item = {
    entries: { 'u-1': { s: 1 }, 'u-2': { s: 2 } },
    learners: ['u-1', 'u-2'],
    coursePairs: ['u-1|c1', 'u-2|c1', 'u-10|c1'],
    rows: [{ u: 'u-1', t: [1] }, { u: 'u-2', t: [2] }],
    ids: new Set(['u-1', 'u-3']),
    count: 2,
  };

  it('removes their map entries, ids, pairs, rows and set members, and nothing of anyone else (u-10 is not u-1)', () => {
    const { value, changed } = scrubUser(item, u);
    expect(changed).toBe(true);
    expect(value).toEqual({ entries: { 'u-2': { s: 2 } }, learners: ['u-2'], coursePairs: ['u-2|c1', 'u-10|c1'], rows: [{ u: 'u-2', t: [2] }], ids: new Set(['u-3']), count: 2 });
  });

  it('drops a set they were the only member of (DynamoDB stores no empty sets)', () => {
    expect(scrubUser({ ids: new Set(['u-1']), n: 1 }, u)).toEqual({ value: { n: 1 }, changed: true });
  });

  it('reports no change for an item without them', () => {
    expect(scrubUser({ learners: ['u-2'] }, u)).toEqual({ value: { learners: ['u-2'] }, changed: false });
  });

  it('shows only their part for the export', () => {
    expect(userPartOf(item, u)).toEqual([{ 'u-1': { s: 1 } }, 'u-1', 'u-1|c1', { u: 'u-1', t: [1] }, 'u-1']);
  });
});
