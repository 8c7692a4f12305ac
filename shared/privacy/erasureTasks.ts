/**
 * The erasure workflow's task states (lib/constructs/erasureWorkflow.ts). One Lambda serves them all
 * (lambdas/erasureTasks/handler.ts): the state machine passes `{step, input}`.
 *
 *   Begin → DeleteIdentity → EraseOwnData (Map, 4 at once) → EraseSharedData (Map, 1 at a time) → Finish
 *   any failure → RecordFailure → ErasureFailed
 */
export const ERASURE_STEPS = ['Begin', 'DeleteIdentity', 'EraseEntity', 'Finish', 'RecordFailure'] as const;
export type ErasureStep = (typeof ERASURE_STEPS)[number];

/** Errors the task states retry (throttling, a DynamoDB or S3 hiccup); anything else fails the execution. */
export const ERASURE_TRANSIENT_ERROR = 'ErasureTransientError';

/** The execution's input and the state passed along: ids only, never the user's email or name (execution history is logged). */
export interface ErasureState {
  tenantId: string;
  userId: string;
  requestId: string;
  attempt: number;
  ownTargets?: ErasureTarget[];
  sharedTargets?: ErasureTarget[];
  receiptId?: string;
}

/** One (tenant, entity) to erase: a Map iteration. */
export interface ErasureTarget {
  requestTenantId: string;
  tenantId: string;
  userId: string;
  entity: string;
}
