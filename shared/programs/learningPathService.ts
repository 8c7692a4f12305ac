import { hasAnyRole, type Principal } from '../auth/principal.js';
import type { CourseRecord, Difficulty } from '../catalog/course.js';
import { listCourseCompletions } from '../catalog/courseCompletionRepository.js';
import { getCourses } from '../catalog/courseRepository.js';
import { courseKey, memberKey, programKey } from '../db/keys.js';
import { AuthorizationError, NotFoundError, ValidationError, type FieldIssue } from '../http/errors.js';
import { getProfile } from '../identity/profileRepository.js';
import { DEFAULT_PREFERENCES } from '../identity/profileSchemas.js';
import type { Role } from '../routes/types.js';
import type { ValidatePathInput } from '../schemas/programs.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { evaluateLearningPath, type PathEvaluation, type PathStep, type PathUnit } from './learningPath.js';
import { LEARNING_PATH_LIMITS } from './learningPathLimits.js';
import type { ProgramRecord } from './program.js';
import { canSeeProgram, isProgramAuthor } from './programAccess.js';
import { programFromItem } from './programRepository.js';
import { weeklyStudyMinutes } from './studyPace.js';

/**
 * The learning-path validator service (seed 000 §6): loads what the rules in learningPath.ts need in
 * at most four DynamoDB requests — the learner's completions (Query), their profile for the study pace
 * (GetItem), every step's course or program plus the membership of a named learner (one
 * BatchGetItem), and the courses the path's programs teach (one BatchGetItem, only when programs are
 * in the path) — then evaluates the path and presents it in the seed's shape.
 */

/** Roles that may validate a path for another member of the tenant. */
export const PATH_REVIEWER_ROLES: readonly Role[] = ['trainer', 'org_admin'];

function courseFromItem(item: Record<string, unknown>): CourseRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, type: _type, ...rest } = item;
  return rest as unknown as CourseRecord;
}

const unique = (ids: readonly string[]) => [...new Set(ids)];

/** A course as a unit of a path: taught with its catalog prerequisites (plus any extra requirements). */
function unitOf(course: CourseRecord, extraRequires: readonly string[] = []): PathUnit {
  return {
    courseId: course.courseId,
    title: course.title,
    difficulty: course.difficulty,
    durationMinutes: course.durationMinutes ?? 0,
    requires: unique([...extraRequires, ...(course.prerequisites ?? [])]),
  };
}

/** Validates `input.proposed_path` for the caller or, for trainers and org admins, another member. */
export async function validateLearningPath(principal: Principal, input: ValidatePathInput) {
  const tenantId = principal.tenantId;
  const userId = input.user_id ?? principal.userId;
  const forAnother = userId !== principal.userId;
  if (forAnother && !hasAnyRole(principal, PATH_REVIEWER_ROLES)) {
    throw new AuthorizationError(`Validating another member's path requires one of the roles: ${PATH_REVIEWER_ROLES.join(', ')}`);
  }

  const stepKey = (step: ValidatePathInput['proposed_path'][number]) =>
    step.content_type === 'course' ? courseKey(tenantId, step.content_id) : programKey(tenantId, step.content_id);
  const [completions, profile, items] = await Promise.all([
    listCourseCompletions(tenantId, userId),
    getProfile(userId),
    batchGetItems([...input.proposed_path.map(stepKey), ...(forAnother ? [memberKey(tenantId, userId)] : [])]),
  ]);
  if (forAnother && !items.has(itemId(memberKey(tenantId, userId)))) throw new NotFoundError('User is not a member of this community');
  // A learner who chose not to share their progress with trainers keeps it from them (org admins still see it).
  if (forAnother && profile?.preferences?.privacySettings?.shareProgressWithTrainers === false && !principal.roles.includes('org_admin')) {
    throw new AuthorizationError('This member does not share their progress with trainers');
  }

  // Content the caller cannot see is reported exactly like content that does not exist.
  const issues: FieldIssue[] = [];
  const courses = new Map<string, CourseRecord>();
  const programs = new Map<string, ProgramRecord>();
  input.proposed_path.forEach((step, index) => {
    const item = items.get(itemId(stepKey(step)));
    if (step.content_type === 'course') {
      const course = item ? courseFromItem(item) : undefined;
      if (course && (course.status === 'published' || isProgramAuthor(principal))) courses.set(course.courseId, course);
      else issues.push({ field: `body.proposed_path.${index}.content_id`, message: `Course ${step.content_id} does not exist in this community`, code: 'unknown_content' });
    } else {
      const program = item ? programFromItem(item) : undefined;
      if (program && canSeeProgram(principal, program)) programs.set(program.programId, program);
      else issues.push({ field: `body.proposed_path.${index}.content_id`, message: `Program ${step.content_id} does not exist in this community`, code: 'unknown_content' });
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);

  const programCourseIds = unique([...programs.values()].flatMap((p) => p.courseAssignments.map((a) => a.courseId))).filter((id) => !courses.has(id));
  if (programCourseIds.length > LEARNING_PATH_LIMITS.programCourses) {
    throw new ValidationError([
      { field: 'body.proposed_path', message: `The path's programs teach ${programCourseIds.length} courses; at most ${LEARNING_PATH_LIMITS.programCourses} can be validated at once`, code: 'too_big' },
    ]);
  }
  const programCourses = programCourseIds.length > 0 ? await getCourses(tenantId, programCourseIds) : new Map<string, CourseRecord>();
  const courseById = (id: string) => courses.get(id) ?? programCourses.get(id);

  const steps: PathStep[] = input.proposed_path.map((step) => {
    if (step.content_type === 'course') {
      const course = courses.get(step.content_id) as CourseRecord;
      return { sequence: step.sequence, contentType: 'course', contentId: course.courseId, title: course.title, difficulty: course.difficulty, requires: [], units: [unitOf(course)] };
    }
    const program = programs.get(step.content_id) as ProgramRecord;
    // A course deleted from the catalog since the program was written teaches nothing and requires nothing.
    const gone = new Set(program.courseAssignments.filter((a) => !courseById(a.courseId)).map((a) => a.courseId));
    const units = [...program.courseAssignments]
      .sort((a, b) => a.sequenceOrder - b.sequenceOrder)
      .filter((a) => !gone.has(a.courseId))
      .map((a) => unitOf(courseById(a.courseId) as CourseRecord, a.prerequisites.filter((id) => !gone.has(id))));
    return { sequence: step.sequence, contentType: 'program', contentId: program.programId, title: program.title, difficulty: program.difficultyLevel, requires: program.prerequisites, units };
  });

  const preferences = profile?.preferences ?? DEFAULT_PREFERENCES;
  const completed = new Map<string, Difficulty>(completions.map((c) => [c.courseId, c.difficulty]));
  const titles = new Map<string, string>([...courses.values(), ...programCourses.values()].map((course) => [course.courseId, course.title]));
  const evaluation = evaluateLearningPath(
    steps,
    { completed, weeklyMinutes: weeklyStudyMinutes({ defaultSessionLength: preferences.defaultSessionLength ?? DEFAULT_PREFERENCES.defaultSessionLength, reminderSettings: preferences.reminderSettings }) },
    titles,
  );
  return presentPathEvaluation(userId, evaluation);
}

/** The seed's response shape (path_valid, validation_results, totals) plus the figures behind it. */
export function presentPathEvaluation(userId: string, evaluation: PathEvaluation) {
  return {
    user_id: userId,
    path_valid: evaluation.pathValid,
    learner_level: evaluation.learnerLevel,
    weekly_study_minutes: evaluation.weeklyMinutes,
    validation_results: evaluation.steps.map((step) => ({
      sequence: step.sequence,
      content_type: step.contentType,
      content_id: step.contentId,
      title: step.title,
      difficulty: step.difficulty,
      learner_level: step.learnerLevel,
      prerequisites_met: step.prerequisitesMet,
      missing_prerequisites: step.missingPrerequisites,
      difficulty_appropriate: step.difficultyAppropriate,
      difficulty_gap: step.difficultyGap,
      estimated_duration_weeks: step.estimatedDurationWeeks,
      recommendations: step.recommendations,
    })),
    total_estimated_duration_weeks: evaluation.totalEstimatedDurationWeeks,
    success_probability: evaluation.successProbability,
  };
}
