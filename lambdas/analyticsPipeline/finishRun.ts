import { finishRunStep, type FinishRunInput } from '../../shared/analytics/pipelineSteps.js';

/** Task Lambda of the analytics pipeline's FinishRun state. */
export const handler = (input: FinishRunInput) => finishRunStep(input, new Date());
