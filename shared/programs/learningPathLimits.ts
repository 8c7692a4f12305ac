/**
 * Limits of the learning-path validator, chosen so one validation stays within four DynamoDB requests:
 * at most 20 steps (one BatchGetItem holds every step's course or program plus the member check) and
 * at most 100 distinct courses taught by the path's programs (one more BatchGetItem of 100 keys).
 */
export const LEARNING_PATH_LIMITS = {
  steps: 20,
  programCourses: 100,
} as const;
