import { recordTenantFailureStep, type FailedTenantInput } from '../../shared/analytics/pipelineSteps.js';

/** Task Lambda of the analytics pipeline's RecordTenantFailure state (after AggregateTenant's retries). */
export const handler = (input: FailedTenantInput) => recordTenantFailureStep(input, new Date());
