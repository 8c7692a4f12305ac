import { PutCommand } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { assistantHandlers } from '../../lambdas/assistant/handler.js';
import { chatHandlers } from '../../lambdas/chat/handler.js';
import { chatStreamHandlers } from '../../lambdas/chatStream/handler.js';
import { handler as authoringHandler } from '../../lambdas/authoring/handler.js';
import { handler as catalogHandler } from '../../lambdas/catalog/handler.js';
import { handler as personalCoursesHandler } from '../../lambdas/personalCourses/handler.js';
import { handler as sessionsHandler } from '../../lambdas/sessions/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { aiUsageKey, profileKey } from '../../shared/db/keys.js';
import type { Plan } from '../../shared/domain/aiPlanLimits.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import { insertPersonalCourse } from '../../shared/personalCourses/personalCourseRepository.js';
import { newPersonalCourse } from '../../shared/personalCourses/personalCourseService.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import type { Role } from '../../shared/routes/types.js';
import { httpClient } from './http.js';
import { tokenFor } from './tokens.js';

/** The AI groups (and the catalog/authoring/sessions groups the flows need) through the HTTP layer. */
export function aiApi(options: GroupHandlerOptions = {}) {
  return httpClient(ROUTES, {
    assistant: createGroupHandler('assistant', ROUTES, assistantHandlers, options),
    chat: createGroupHandler('chat', ROUTES, chatHandlers, options),
    chatStream: createGroupHandler('chatStream', ROUTES, chatStreamHandlers, options),
    catalog: catalogHandler,
    authoring: authoringHandler,
    sessions: sessionsHandler,
    personalCourses: personalCoursesHandler,
  });
}

export interface Person {
  tenantId: string;
  userId: string;
  token: string;
}

export function person(tenantId: string, roles: Role[] = ['learner'], userId = `u-${randomUUID()}`): Person {
  return { tenantId, userId, token: tokenFor({ userId, tenantId, roles }) };
}

/** A minimal profile on a plan (what sign-up stores, reduced to what the AI routes read). */
export async function storePlan(userId: string, plan: Plan): Promise<void> {
  const at = new Date().toISOString();
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...profileKey(userId), type: 'profile', userId, email: `${userId}@example.com`, fullName: 'Test User', timezone: 'UTC', preferences: {}, memberships: {}, plan, createdAt: at, updatedAt: at },
    }),
  );
}

/** Sets a user's AI counters directly (a boundary to start from). */
export async function storeUsage(userId: string, counters: { day: string; dayCount: number; month: string; monthCount: number }): Promise<void> {
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...aiUsageKey(userId), ...counters } }));
}

/** A personal course of `owner` (seed 004), returned id. */
export async function personalCourse(owner: Person, fields: { topic?: string; goals?: string[] } = {}): Promise<string> {
  const course = newPersonalCourse(owner.userId, { topic: fields.topic ?? 'Strength Training for Beginners', ...(fields.goals ? { goals: fields.goals } : {}) }, new Date());
  await insertPersonalCourse(owner, course);
  return course.courseId;
}
