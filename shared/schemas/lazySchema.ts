import * as z from 'zod';

/**
 * A module-level zod schema built on first use instead of at import (issue 17).
 *
 * A Lambda imports its group's route file, which imports every schema its routes name (requests and
 * responses). Building them all is most of a cold start's JavaScript work (zod's constructors, checks
 * and prototypes), yet one invocation validates one route's input and never touches a response schema
 * (those feed OpenAPI only). `export const x = lazySchema(() => z.object({…}))` keeps the declaration
 * where it was, typed as before, and builds the schema the first time anything reads it: its own
 * route's validation, another schema built from it, or the OpenAPI generator. Nothing is built twice
 * and nothing is skipped for a schema that is used.
 *
 * The value is a Proxy over the built schema with the Proxy as `this`: methods called on it
 * (`.optional()`, `.extend()`, `safeParse`) see the Proxy, so every schema that wraps this one holds
 * the Proxy, one identity everywhere. Registry metadata set while building (`.meta()`, `.describe()`)
 * is registered for the Proxy too, and JSON Schema conversion sees the Proxy (see `internalsOf`), so
 * the OpenAPI document is unchanged.
 *
 * `bin/codemods/lazySchemas.ts` applies this to every top-level schema constant of `shared/`, and a
 * lint rule asks for it on new ones; the codemod is re-runnable on code from other branches.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  let building = false;
  const real = (): T => {
    if (built) return built;
    if (building) throw new Error('lazySchema: the schema refers to itself while being built (use a getter or z.lazy for recursion)');
    building = true;
    try {
      built = build();
    } finally {
      building = false;
    }
    if ('_zod' in built) {
      const meta = z.globalRegistry.get(built as unknown as z.ZodType);
      if (meta !== undefined) z.globalRegistry.add(proxy as unknown as z.ZodType, meta);
    }
    return built;
  };
  let internals: object | undefined;
  const proxy: T = new Proxy({} as T, {
    get: (_target, key, receiver) => (key === '_zod' ? (internals ??= internalsOf(real(), proxy)) : Reflect.get(real(), key, receiver === proxy ? proxy : receiver)),
    set: (_target, key, value) => Reflect.set(real(), key, value),
    has: (_target, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      // The target is an empty object: a Proxy may not report a property the target lacks as non-configurable.
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
  return proxy;
}

interface ZodInternals {
  def: { type: string };
  processJSONSchema?: (ctx: JsonSchemaContext, json: object, params: object) => void;
}
interface JsonSchemaContext {
  processors?: Record<string, ((schema: object, ctx: JsonSchemaContext, json: object, params: object) => void) | undefined>;
}

/**
 * The built schema's `_zod` internals as the Proxy shows them. zod's JSON Schema conversion keys its
 * bookkeeping by schema object, and a schema's own `processJSONSchema` passes the object zod built (not
 * the Proxy that every other schema holds), which would split one schema into two. Converting through
 * the processor of the schema's type with the Proxy keeps one identity; everything else is read from the
 * built schema's internals unchanged.
 */
function internalsOf(built: object, proxy: object): object {
  const zod = (built as { _zod?: ZodInternals })._zod;
  if (!zod || typeof zod !== 'object') return zod as unknown as object;
  const own = zod.processJSONSchema;
  if (!own) return zod;
  return Object.create(zod, {
    processJSONSchema: {
      value: (ctx: JsonSchemaContext, json: object, params: object) => {
        const processor = ctx.processors?.[zod.def.type];
        return processor ? processor(proxy, ctx, json, params) : own(ctx, json, params);
      },
    },
  }) as object;
}
