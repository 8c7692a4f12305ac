import { planRun, type PipelineInput } from '../../shared/analytics/pipelineSteps.js';

/** Task Lambda of the analytics pipeline's PlanRun state (lib/constructs/analyticsPipeline.ts). */
export const handler = (input: PipelineInput) => planRun(input, new Date());
