import { aggregateTenantStep, type TenantWorkItem } from '../../shared/analytics/pipelineSteps.js';

/** Task Lambda of the analytics pipeline's AggregateTenant state: one tenant's nightly fold. */
export const handler = (item: TenantWorkItem) => aggregateTenantStep(item);
