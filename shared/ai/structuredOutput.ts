import * as z from 'zod';
import { AiInvalidOutputError } from './aiErrors.js';
import type { ModelReply, ModelRequest } from './modelPort.js';
import type { ResilientModel } from './resilientModel.js';

/**
 * A structured answer: the model must call `tool` (Converse tool use with a forced tool choice); its
 * input is validated with the zod schema. An invalid answer gets exactly one repair attempt (the same
 * request plus the invalid output and the validation issues); a second invalid answer is a 502
 * AI_INVALID_OUTPUT and nothing is saved. Returns the value and every reply (for usage and cost).
 */
export async function generateStructured<T extends z.ZodType>(
  model: ResilientModel,
  request: ModelRequest & { tool: NonNullable<ModelRequest['tool']> },
  schema: T,
  task: string,
): Promise<{ value: z.output<T>; replies: (ModelReply & { fallbackUsed: boolean })[] }> {
  const replies: (ModelReply & { fallbackUsed: boolean })[] = [];
  const first = await model.converse(request);
  replies.push(first);
  const checked = schema.safeParse(first.toolInput);
  if (checked.success) return { value: checked.data, replies };

  const issues = describe(checked.error);
  const repair: ModelRequest = {
    ...request,
    messages: [
      ...request.messages,
      { role: 'assistant', text: `Tool input I produced: ${JSON.stringify(first.toolInput ?? null).slice(0, 20_000)}` },
      { role: 'user', text: `That tool input is invalid: ${issues.join('; ')}. Call ${request.tool.name} again with corrected input that satisfies every constraint.` },
    ],
  };
  const second = await model.converse(repair);
  replies.push(second);
  const rechecked = schema.safeParse(second.toolInput);
  if (rechecked.success) return { value: rechecked.data, replies };
  throw Object.assign(new AiInvalidOutputError(task, describe(rechecked.error)), { replies });
}

function describe(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** A zod schema as the tool's JSON input schema. */
export function toolSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
}
