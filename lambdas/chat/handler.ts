import type * as z from 'zod';
import { chatCaller, chatMeta } from '../../shared/ai/chatCaller.js';
import { chatHistory, chatMessage } from '../../shared/ai/chatService.js';
import { generateCurriculum } from '../../shared/ai/curriculumGeneration.js';
import { retrieveMemories, storeMemory } from '../../shared/ai/memoryService.js';
import { aiModels } from '../../shared/ai/modelProvider.js';
import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { CHAT_ROUTES } from '../../shared/routes/chatRoutes.js';
import type * as s from '../../shared/schemas/chat.js';

const input = <T extends z.ZodType>(value: unknown) => value as z.output<T>;

const courseId = (ctx: RouteContext) => input<typeof s.chatCourseParams>(ctx.params).course_id;

/** Route id → handler of the chat group (seed 004 chat, memory, curriculum generation). */
export const chatHandlers: RouteHandlers = {
  'chat.message': async (ctx) => {
    const { answer, status } = await chatMessage(chatCaller(ctx), courseId(ctx), input<typeof s.chatMessageBody>(ctx.body), chatMeta(ctx));
    return { statusCode: status, data: answer };
  },
  'chat.history': async (ctx) => {
    const query = input<typeof s.historyQuery>(ctx.query);
    const page = await chatHistory(chatCaller(ctx), courseId(ctx), query.limit, query.before);
    return { data: page.messages, meta: { pagination: page.pagination } };
  },
  'chat.memoryStore': async (ctx) => {
    const { embedding } = await aiModels();
    const { memory, created } = await storeMemory(chatCaller(ctx), input<typeof s.memoryStoreBody>(ctx.body), embedding, ctx.now);
    return { statusCode: created ? 201 : 200, data: memory };
  },
  'chat.memoryRetrieve': async (ctx) => {
    const query = input<typeof s.memoryRetrieveQuery>(ctx.query);
    const { embedding } = await aiModels();
    const memories = await retrieveMemories(
      chatCaller(ctx),
      {
        query: query.query,
        limit: query.limit,
        ...(query.types ? { types: query.types } : {}),
        ...(query.context !== undefined ? { context: query.context } : {}),
        ...(query.min_importance !== undefined ? { minImportance: query.min_importance } : {}),
        ...(query.from ? { from: new Date(query.from).toISOString() } : {}),
        ...(query.to ? { to: new Date(query.to).toISOString() } : {}),
      },
      embedding,
    );
    return { data: memories };
  },
  'chat.generateCurriculum': async (ctx) => {
    const meta = chatMeta(ctx);
    return { data: await generateCurriculum(chatCaller(ctx), input<typeof s.curriculumGenerateBody>(ctx.body), meta) };
  },
};

/** Lambda entry of the chat group. */
export const handler = createGroupHandler('chat', CHAT_ROUTES, chatHandlers);
