import * as z from 'zod';
import { lazySchema } from '../../shared/schemas/lazySchema.js';

describe('lazySchema', () => {
  it('builds the schema on first use, once, not at declaration', () => {
    let builds = 0;
    const name = lazySchema(() => {
      builds += 1;
      return z.string().min(2);
    });
    expect(builds).toBe(0);
    expect(name.safeParse('ab').success).toBe(true);
    expect(name.safeParse('a').success).toBe(false);
    expect(builds).toBe(1);
  });

  it('validates as the schema it wraps, with the same issues', () => {
    const eager = z.object({ page: z.coerce.number().int().min(1) }).strict();
    const lazy = lazySchema(() => z.object({ page: z.coerce.number().int().min(1) }).strict());
    for (const input of [{ page: '2' }, { page: '0' }, { page: '1', extra: true }, {}]) {
      expect(lazy.safeParse(input)).toEqual(eager.safeParse(input));
    }
  });

  it('composes: a lazy schema inside another, optional, extended, and as a zod instance', () => {
    const id = lazySchema(() => z.string().regex(/^[a-z]+$/));
    const base = lazySchema(() => z.object({ id }).strict());
    const extended = lazySchema(() => base.extend({ note: id.optional() }));
    expect(extended.parse({ id: 'abc', note: 'x' })).toEqual({ id: 'abc', note: 'x' });
    expect(extended.safeParse({ id: 'ABC' }).error?.issues.map((i) => i.path)).toEqual([['id']]);
    expect(base instanceof z.ZodObject).toBe(true);
    expect(Object.keys(base.shape)).toEqual(['id']);
  });

  it('keeps one identity: metadata set while building is found on the lazy value', () => {
    const ref = lazySchema(() => z.string().meta({ id: 'LazyRef', description: 'A reference' }));
    expect(z.globalRegistry.get(ref)).toEqual({ id: 'LazyRef', description: 'A reference' });
    expect(ref.description).toBe('A reference');
    const doc = z.toJSONSchema(z.object({ a: ref, b: ref }));
    expect(doc).toMatchObject({ properties: { a: { $ref: '#/$defs/LazyRef' }, b: { $ref: '#/$defs/LazyRef' } }, $defs: { LazyRef: { type: 'string', description: 'A reference' } } });
  });

  it('spreads a lazy object of fields', () => {
    const fields = lazySchema(() => ({ a: z.number(), b: z.boolean() }));
    const schema = z.object({ ...fields, c: z.string() });
    expect(Object.keys(schema.shape)).toEqual(['a', 'b', 'c']);
    expect(schema.safeParse({ a: 1, b: true, c: 'x' }).success).toBe(true);
  });

  it('refuses a schema that needs itself while being built', () => {
    const loop: z.ZodString = lazySchema((): z.ZodString => loop.min(1));
    expect(() => loop.safeParse('a')).toThrow(/refers to itself/);
  });
});
