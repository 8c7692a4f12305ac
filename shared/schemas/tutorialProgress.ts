import * as z from 'zod';
import { lazySchema } from './lazySchema.js';

/**
 * Seed 001 request and response shapes (camelCase, bare objects). Ids are free-form client names
 * ("test-tutorial", "chapter-1"): 1–128 letters, digits, `.`, `_`, `:` or `-` (never `#`, the key
 * separator). Seconds and scores are whole numbers, as the seed's INTEGER columns store them.
 */
const ID = /^[A-Za-z0-9._:-]{1,128}$/;
const idOf = (what: string) => z.string().regex(ID, `${what}: 1–128 letters, digits, . _ : or -`);

/** Upper bound of any seconds value: 10 million seconds (115 days) is no real video. */
export const MAX_SECONDS = 10_000_000;
/**
 * A tutorial holds at most 75 chapters and 23 quizzes: with its summary that is 99 items, so a reset
 * deletes all of them and appends its activity record in one transaction (100 items), atomically.
 */
export const TUTORIAL_LIMITS = { chapters: 75, quizzes: 23, totalChapters: 75, maxScore: 1_000_000 } as const;

const seconds = lazySchema(() => z.number().int('Whole seconds').min(0, 'Must be 0 or more').max(MAX_SECONDS));

export const tutorialIdSchema = lazySchema(() => idOf('A tutorial id'));
export const userIdSchema = lazySchema(() => z.string().regex(/^[A-Za-z0-9_.@:-]{1,128}$/, 'A user id'));

export const tutorialParams = lazySchema(() => z.object({ tutorialId: tutorialIdSchema }).strict());
export const tutorialUserQuery = lazySchema(() => z.object({ userId: userIdSchema.optional() }).strict());

export const chapterBody = lazySchema(() => z
  .object({
    userId: userIdSchema.optional(),
    chapterId: idOf('A chapter id'),
    watchTime: seconds,
    completed: z.boolean().default(false),
    lastPosition: seconds.optional(),
    totalChapters: z.number().int().min(0).max(TUTORIAL_LIMITS.totalChapters).optional(),
  })
  .strict());

export const quizBody = lazySchema(() => z
  .object({
    userId: userIdSchema.optional(),
    quizId: idOf('A quiz id'),
    score: z.number().int('Whole points'),
    maxScore: z.number().int('Whole points').min(1, 'maxScore must be at least 1').max(TUTORIAL_LIMITS.maxScore),
    passed: z.boolean(),
  })
  .strict());

/** The seed's client posts `complete` without a body; an empty body means "the caller". */
export const completeBody = lazySchema(() => z.object({ userId: userIdSchema.optional() }).strict().optional());

export const tutorialProgressData = lazySchema(() => z
  .object({
    tutorialId: z.string(),
    userId: z.string(),
    completionPercentage: z.number().int(),
    chaptersCompleted: z.number().int(),
    totalChapters: z.number().int(),
    chapterProgress: z.array(z.object({ chapterId: z.string(), watchTime: z.number(), completed: z.boolean(), lastPosition: z.number() })),
    quizScores: z.array(z.object({ quizId: z.string(), score: z.number(), maxScore: z.number(), passed: z.boolean(), attempts: z.number(), completedAt: z.string() })),
    certificateEligible: z.boolean(),
    certificateEarned: z.boolean(),
    totalWatchTime: z.number().int(),
    lastWatchedAt: z.string().nullable(),
    // Issue 23, added to the seed's object on GET and complete: the earned certificate and a presigned link to its PDF.
    certificateId: z.string().nullable().optional(),
    certificateUrl: z.string().nullable().optional(),
  })
  .meta({ id: 'TutorialProgress' }));

export const resetData = lazySchema(() => z.object({ success: z.literal(true), message: z.string() }).meta({ id: 'TutorialProgressReset' }));

export type ChapterInput = z.output<typeof chapterBody>;
export type QuizInput = z.output<typeof quizBody>;
