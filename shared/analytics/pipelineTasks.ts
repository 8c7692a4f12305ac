/**
 * The analytics pipeline's task states, declared once: the CDK construct creates one Lambda per entry
 * (lambdas/analyticsPipeline/<file>.ts) and the local runner maps each state name to the same module.
 */
export const PIPELINE_TASKS = {
  PlanRun: { file: 'planRun', description: 'Analytics pipeline: the run\'s target date and tenants (tenant directory)', memoryMb: 512, timeoutSeconds: 60 },
  AggregateTenant: { file: 'aggregateTenant', description: 'Analytics pipeline: one tenant\'s nightly fold (tenant-day, content-day, learner-day, overview) and drop-off model, predictions, co-completion', memoryMb: 1769, timeoutSeconds: 900 },
  RecordTenantFailure: { file: 'recordTenantFailure', description: 'Analytics pipeline: records a tenant whose fold failed after its retries', memoryMb: 256, timeoutSeconds: 30 },
  FinishRun: { file: 'finishRun', description: 'Analytics pipeline: closes the run record with its outcome', memoryMb: 256, timeoutSeconds: 30 },
} as const;

export type PipelineTaskName = keyof typeof PIPELINE_TASKS;

/** The SQS task that dead-letters a failed tenant's work item. */
export const PIPELINE_DEAD_LETTER_STATE = 'DeadLetterTenant';

/** The Map state over tenants. */
export const PIPELINE_MAP_STATE = 'AggregateTenants';

/** When the nightly run starts: 12:30 UTC, after the last time zone's (UTC−12) day has ended. */
export const NIGHTLY_SCHEDULE = 'cron(30 12 * * ? *)';

/** Tenants aggregated at once. */
export const PIPELINE_MAX_CONCURRENCY = 10;
