import * as z from 'zod';
import { lazySchema } from './lazySchema.js';

/**
 * Contracts of seed 000 §10 Background Analytics Cron (style rpc000): `process_analytics` starts an
 * asynchronous reprocessing of the caller's tenant for one date; `get_status` (added by Cairn) reads a
 * process by id. Strict bodies: an unknown field or action is a 400 naming it.
 */
const processId = lazySchema(() => z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'A process id as returned by process_analytics'));

export const processAnalyticsAction = lazySchema(() => z
  .object({
    action: z.literal('process_analytics'),
    process_type: z.literal('daily_aggregation'),
    date: z.iso.date('A date YYYY-MM-DD'),
  })
  .strict());

export const getStatusAction = lazySchema(() => z.object({ action: z.literal('get_status'), process_id: processId }).strict());

export const analyticsCronBody = lazySchema(() => z.discriminatedUnion('action', [processAnalyticsAction, getStatusAction]));
export type AnalyticsCronBody = z.infer<typeof analyticsCronBody>;

const metricsProcessed = lazySchema(() => z.object({
  user_sessions: z.number().int(),
  block_completions: z.number().int(),
  achievement_awards: z.number().int(),
  progress_updates: z.number().int(),
}));

export const processData = lazySchema(() => z
  .object({
    process_id: z.string(),
    process_type: z.literal('daily_aggregation'),
    date: z.string(),
    status: z.enum(['queued', 'running', 'completed', 'failed']),
    started_at: z.string(),
    estimated_completion: z.string().nullable().meta({ description: 'started_at plus the duration of the tenant\'s last completed process; null before the first' }),
    finished_at: z.string().nullable(),
    metrics_processed: metricsProcessed,
    dates_processed: z.array(z.object({ date: z.string(), reason: z.enum(['target', 'catch_up', 'late_arrivals']), records: z.number().int(), learners: z.number().int() })),
    error: z.object({ name: z.string(), message: z.string() }).nullable(),
  })
  .meta({ id: 'AnalyticsProcess' }));
