import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '../db/commands.js';
import { randomUUID } from 'node:crypto';
import { hasAnyRole, type Principal } from '../auth/principal.js';
import type { CourseRecord } from '../catalog/course.js';
import { record as courseRecordOf } from '../catalog/courseRepository.js';
import { batchGetItems, itemId, type ItemKey } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { courseKey, courseOutlineKey, enrollmentKey, gamePartition, learnerCourseKey, memberKey, programCompletionMonthKey, programEnrollmentIdKey, programEnrollmentKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { addDays } from '../domain/localDate.js';
import type { CourseOutline } from '../domain/courseProgress.js';
import { courseProgressFigures, type CourseProgressFigures, type SummaryFacts } from '../enrollment/enrollmentProgress.js';
import { enrollmentRecordOf, type EnrollmentRecord } from '../enrollment/enrollmentRecord.js';
import { enrollmentPutItems, type TransactItem } from '../enrollment/enrollmentWrites.js';
import { AuthorizationError, ConflictError, NotFoundError, ValidationError } from '../http/errors.js';
import type { Role } from '../routes/types.js';
import { ENROLLMENT_LIMITS, type EnrollProgramInput } from '../schemas/enrollments.js';
import { canSeeProgram } from './programAccess.js';
import { programCompletionCountUpdate, programEnrollmentCountUpdate } from './programCounters.js';
import { programProgress, type ProgramCourseInput, type ProgramProgress } from './programEnrollmentProgress.js';
import { getProgram } from './programRepository.js';
import type { ProgramRecord } from './program.js';

/**
 * Seed 000 §2 Program Enrollment API. `enroll` enrolls a learner in an active program and, in the
 * program's sequence order, in each of its courses they may take: published courses they are not yet
 * enrolled in, free ones always, paid ones only when an org admin assigns the program (the tenant
 * grants access; a self-enrollment never bypasses a course's price — those are reported as
 * `requires_purchase`). `get_progress` aggregates the program's courses (programEnrollmentProgress.ts).
 *
 * Items: the enrollment record (`T#<t>#PENROLL#<id>`, found by the id the API shows) and its claim
 * in the learner's enrollments collection (`P#<program>`, "one enrollment per learner and program"),
 * written together with the course enrollments and the program's enrollment counter.
 */

/** Roles that may enroll another member and read another member's program progress. */
export const PROGRAM_SUPERVISOR_ROLES: readonly Role[] = ['trainer', 'org_admin'];

/** Course enrollment items per transaction, leaving room for the program's three items (claim, record, counter). */
const COURSES_PER_TRANSACTION = 48;

export type ProgramEnrollmentType = 'self_enrolled' | 'assigned';
export type ProgramCourseEnrollment = 'enrolled' | 'already_enrolled' | 'requires_purchase' | 'unavailable';

export interface ProgramEnrollmentRecord {
  enrollmentId: string;
  tenantId: string;
  userId: string;
  programId: string;
  enrollmentType: ProgramEnrollmentType;
  enrolledBy: string;
  enrolledAt: string;
  /** YYYY-MM-DD: the learner's target, or enrollment date + the program's duration. */
  estimatedCompletion: string;
  targetCompletionDate?: string;
  completedAt?: string;
}

function programEnrollmentOf(item: Record<string, unknown>): ProgramEnrollmentRecord {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest as unknown as ProgramEnrollmentRecord;
}

/** What one read of a program's courses gives per course. */
interface CourseState {
  course: CourseRecord | undefined;
  figures: CourseProgressFigures | undefined;
  enrollment: EnrollmentRecord | undefined;
}

/** Keys of one course's state: course record, outline, the learner's summary and enrollment (4 keys). */
function courseStateKeys(tenantId: string, userId: string, courseId: string): ItemKey[] {
  return [courseKey(tenantId, courseId), courseOutlineKey(tenantId, courseId), learnerCourseKey(tenantId, userId, courseId), enrollmentKey(tenantId, userId, courseId)];
}

function courseStateOf(found: Map<string, Record<string, unknown>>, tenantId: string, userId: string, courseId: string): CourseState {
  const courseItem = found.get(itemId(courseKey(tenantId, courseId)));
  const course = courseItem ? courseRecordOf<CourseRecord>(courseItem) : undefined;
  const outline = found.get(itemId(courseOutlineKey(tenantId, courseId)))?.outline as CourseOutline | undefined;
  const summary = found.get(itemId(learnerCourseKey(tenantId, userId, courseId))) as SummaryFacts | undefined;
  const enrollmentItem = found.get(itemId(enrollmentKey(tenantId, userId, courseId)));
  return {
    course,
    figures: course ? courseProgressFigures(course, outline, summary) : undefined,
    enrollment: enrollmentItem ? enrollmentRecordOf(enrollmentItem) : undefined,
  };
}

function progressOf(program: ProgramRecord, states: Map<string, CourseState>, enrolledNow: ReadonlySet<string> = new Set()): ProgramProgress {
  const inputs = program.courseAssignments.map((assignment): ProgramCourseInput => {
    const state = states.get(assignment.courseId);
    return {
      courseId: assignment.courseId,
      title: state?.course?.title ?? '',
      sequenceOrder: assignment.sequenceOrder,
      prerequisites: assignment.prerequisites,
      published: state?.course?.status === 'published',
      figures: state?.figures,
      enrolled: enrolledNow.has(assignment.courseId) || state?.enrollment?.status === 'active',
    };
  });
  return programProgress(inputs);
}

/** Who is enrolled and how: the caller, or (trainer / org admin) another member, as `assigned`. */
function enrollmentSubject(principal: Principal, input: EnrollProgramInput): { userId: string; type: ProgramEnrollmentType } {
  const userId = input.user_id ?? principal.userId;
  const own = userId === principal.userId;
  if (!own && !hasAnyRole(principal, PROGRAM_SUPERVISOR_ROLES)) {
    throw new AuthorizationError('Only trainers and org admins may enroll another member in a program');
  }
  const type = input.enrollment_type ?? (own ? 'self_enrolled' : 'assigned');
  if (type === 'self_enrolled' && !own) {
    throw new ValidationError([{ field: 'body.enrollment_type', message: 'self_enrolled applies only to the caller; enrolling another member is assigned', code: 'invalid_enrollment_type' }]);
  }
  return { userId, type };
}

function checkTargetDate(target: string | undefined, now: Date): void {
  if (target === undefined) return;
  const today = now.toISOString().slice(0, 10);
  const latest = addDays(today, ENROLLMENT_LIMITS.targetCompletionMaxDays);
  if (target < today) throw new ValidationError([{ field: 'body.target_completion_date', message: `Must be today (${today}) or later`, code: 'in_past' }]);
  if (target > latest) throw new ValidationError([{ field: 'body.target_completion_date', message: `Must be on or before ${latest}`, code: 'too_far' }]);
}

/** The program to enroll in: visible to the caller (else 404, as if absent) and active (else 409). */
async function enrollableProgram(principal: Principal, programId: string): Promise<ProgramRecord> {
  const program = await getProgram(principal.tenantId, programId);
  if (!program || !canSeeProgram(principal, program)) throw new NotFoundError(`Program not found: ${programId}`);
  if (program.status !== 'active') {
    throw new ConflictError(`Program ${programId} is ${program.status}; only active programs take enrollments`, [{ field: 'body.program_id', message: `The program is ${program.status}`, code: 'program_not_active' }]);
  }
  return program;
}

interface EnrollPlan {
  courses: { courseId: string; title: string; sequenceOrder: number; enrollment: ProgramCourseEnrollment }[];
  toEnroll: CourseRecord[];
}

/** Decides, course by course in sequence order, what the enrollment does (see the module comment). */
function planCourses(program: ProgramRecord, states: Map<string, CourseState>, paidCoursesIncluded: boolean): EnrollPlan {
  const plan: EnrollPlan = { courses: [], toEnroll: [] };
  for (const assignment of program.courseAssignments) {
    const state = states.get(assignment.courseId);
    const course = state?.course;
    let enrollment: ProgramCourseEnrollment;
    if (!course || course.status !== 'published') enrollment = 'unavailable';
    else if (state?.enrollment?.status === 'active') enrollment = state.enrollment.programId === program.programId ? 'enrolled' : 'already_enrolled';
    else if (course.priceCents > 0 && !paidCoursesIncluded) enrollment = 'requires_purchase';
    else {
      enrollment = 'enrolled';
      plan.toEnroll.push(course);
    }
    plan.courses.push({ courseId: assignment.courseId, title: course?.title ?? '', sequenceOrder: assignment.sequenceOrder, enrollment });
  }
  return plan;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The outcome of one write attempt: done, the program claim already taken, or a course changed under us (re-plan). */
type WriteOutcome = 'written' | 'already_enrolled' | 'replan';

/**
 * Writes the course enrollments, then — last — the program claim, record and counter, so the claim
 * exists only once every course enrollment does. Timeline of a crash between two chunks (programs of
 * more than 48 enrollable courses): the first chunk's enrollments exist, the claim does not; the retry
 * reads them back as `enrolled` (they carry this program's id) and writes the rest. A chunk is
 * cancelled as a whole when a course enrollment appeared or the course was unpublished since the read,
 * and the caller re-reads and re-plans.
 */
async function writeEnrollment(record: ProgramEnrollmentRecord, courses: readonly CourseRecord[]): Promise<WriteOutcome> {
  const courseItems = (course: CourseRecord): TransactItem[] =>
    enrollmentPutItems({ tenantId: record.tenantId, userId: record.userId, courseId: course.courseId, source: 'program', programId: record.programId, amountPaidCents: 0, currency: course.currency, now: new Date(record.enrolledAt) });
  const groups = chunks(courses, COURSES_PER_TRANSACTION);
  if (groups.length === 0) groups.push([]);
  for (const [index, group] of groups.entries()) {
    const items = group.flatMap(courseItems);
    const last = index === groups.length - 1;
    const claimIndex = items.length;
    if (last) {
      items.push(
        {
          Put: {
            TableName: tableName(),
            Item: { ...programEnrollmentKey(record.tenantId, record.userId, record.programId), entity: 'programEnrollmentClaim', enrollmentId: record.enrollmentId, programId: record.programId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { TableName: tableName(), Item: { ...programEnrollmentIdKey(record.tenantId, record.enrollmentId), entity: 'programEnrollment', ...record }, ConditionExpression: 'attribute_not_exists(pk)' } },
        programEnrollmentCountUpdate(record.tenantId, record.programId, 1),
      );
    }
    try {
      await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const reasons = err.CancellationReasons ?? [];
      if (last && reasons[claimIndex]?.Code === 'ConditionalCheckFailed') return 'already_enrolled';
      if (last && reasons[claimIndex + 2]?.Code === 'ConditionalCheckFailed') throw new NotFoundError(`Program not found: ${record.programId}`);
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) return 'replan';
      throw err;
    }
  }
  return 'written';
}

function alreadyEnrolled(programId: string): ConflictError {
  return new ConflictError('Already enrolled in this program', [{ field: 'body.program_id', message: `The learner is already enrolled in program ${programId}`, code: 'already_enrolled' }]);
}

/**
 * `enroll`. Requests: 1 GetItem (program) + ceil((4 × courses + 2) / 100) BatchGetItem (each course's
 * record, outline, the learner's summary and enrollment; the claim; the member when enrolling another)
 * + ceil(enrollable courses / 48) TransactWriteItems (at least 1); a course that changed between the
 * read and the write costs one more read and write round. A repeat is 409 CONFLICT `already_enrolled`.
 */
export async function enrollInProgram(principal: Principal, input: EnrollProgramInput, now: Date) {
  const tenantId = principal.tenantId;
  const subject = enrollmentSubject(principal, input);
  checkTargetDate(input.target_completion_date, now);
  const program = await enrollableProgram(principal, input.program_id);
  const paidCoursesIncluded = subject.type === 'assigned' && principal.roles.includes('org_admin');
  const enrolledAt = now.toISOString();
  const record: ProgramEnrollmentRecord = {
    enrollmentId: `penr_${randomUUID()}`,
    tenantId,
    userId: subject.userId,
    programId: program.programId,
    enrollmentType: subject.type,
    enrolledBy: principal.userId,
    enrolledAt,
    estimatedCompletion: input.target_completion_date ?? addDays(enrolledAt.slice(0, 10), program.durationWeeks * 7),
    ...(input.target_completion_date ? { targetCompletionDate: input.target_completion_date } : {}),
  };

  for (let attempt = 1; attempt <= 2; attempt++) {
    const courseIds = program.courseAssignments.map((a) => a.courseId);
    const claim = programEnrollmentKey(tenantId, subject.userId, program.programId);
    const member = memberKey(tenantId, subject.userId);
    const otherMember = subject.userId !== principal.userId;
    const found = await batchGetItems([...courseIds.flatMap((id) => courseStateKeys(tenantId, subject.userId, id)), claim, ...(otherMember ? [member] : [])], true);
    if (found.has(itemId(claim))) throw alreadyEnrolled(program.programId);
    if (otherMember && !found.has(itemId(member))) throw new NotFoundError(`No member ${subject.userId} in this organization`);
    const states = new Map(courseIds.map((id) => [id, courseStateOf(found, tenantId, subject.userId, id)]));
    const plan = planCourses(program, states, paidCoursesIncluded);
    const outcome = await writeEnrollment(record, plan.toEnroll);
    if (outcome === 'already_enrolled') throw alreadyEnrolled(program.programId);
    if (outcome === 'replan') continue;
    const progress = progressOf(program, states, new Set(plan.toEnroll.map((c) => c.courseId)));
    return {
      enrollment_id: record.enrollmentId,
      program_id: record.programId,
      user_id: record.userId,
      enrolled_at: record.enrolledAt,
      status: progress.completed ? ('completed' as const) : ('active' as const),
      progress_percentage: progress.progressPercentage,
      estimated_completion: record.estimatedCompletion,
      enrollment_type: record.enrollmentType,
      courses: plan.courses.map((c) => ({ course_id: c.courseId, title: c.title, sequence_order: c.sequenceOrder, enrollment: c.enrollment })),
    };
  }
  throw new ConflictError('The program\'s courses changed while enrolling; retry');
}

/**
 * Marks the program enrollment completed and counts one completion on the program and on the tenant's
 * month (UTC yyyy-mm of `completedAt`, the dashboard's `program_completions`), once: the record's
 * update is conditioned on `completedAt` being absent, in the same transaction as both counters, so two
 * concurrent readers that both see the program finished count it once. 1 TransactWriteItems.
 */
async function recordProgramCompletion(record: ProgramEnrollmentRecord, now: Date): Promise<string> {
  const completedAt = now.toISOString();
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: programEnrollmentIdKey(record.tenantId, record.enrollmentId),
              UpdateExpression: 'SET completedAt = :at',
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(completedAt)',
              ExpressionAttributeValues: { ':at': completedAt },
            },
          },
          programCompletionCountUpdate(record.tenantId, record.programId),
          {
            Update: {
              TableName: tableName(),
              Key: programCompletionMonthKey(record.tenantId, completedAt.slice(0, 7)),
              UpdateExpression: 'SET entity = :entity ADD completions :one',
              ExpressionAttributeValues: { ':entity': 'programCompletionMonth', ':one': 1 },
            },
          },
        ],
      }),
    );
    return completedAt;
  } catch (err) {
    if (!(err instanceof TransactionCanceledException)) throw err;
    // Another reader recorded it first (or the counter's guard held): read the date it wrote.
    const item = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: programEnrollmentIdKey(record.tenantId, record.enrollmentId), ConsistentRead: true }))).Item;
    const stored = item?.completedAt as string | undefined;
    if (stored) return stored;
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: programEnrollmentIdKey(record.tenantId, record.enrollmentId),
        UpdateExpression: 'SET completedAt = if_not_exists(completedAt, :at)',
        ExpressionAttributeValues: { ':at': completedAt },
      }),
    );
    return completedAt;
  }
}

interface AwardItem {
  achievementId: string;
  title: string;
  earnedAt: string;
}

/**
 * `get_progress`. The learner reads their own; trainers and org admins any member's; anyone else gets
 * the same 404 as for an unknown id. achievements_earned lists the learner's achievements earned since
 * the enrollment (awards are not tied to a course, so "during the program" is the rule). Requests:
 * 1 GetItem (enrollment) + 1 GetItem (program) and 1 Query (awards) in parallel + ceil(4 × courses / 100)
 * BatchGetItem (+1 TransactWriteItems the first time the program is seen completed).
 */
export async function programEnrollmentProgress(principal: Principal, enrollmentId: string, now: Date) {
  const tenantId = principal.tenantId;
  const item = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: programEnrollmentIdKey(tenantId, enrollmentId), ConsistentRead: true }))).Item;
  const record = item ? programEnrollmentOf(item) : undefined;
  if (!record || (record.userId !== principal.userId && !hasAnyRole(principal, PROGRAM_SUPERVISOR_ROLES))) {
    throw new NotFoundError(`Program enrollment not found: ${enrollmentId}`);
  }
  const [program, awards] = await Promise.all([
    getProgram(tenantId, record.programId),
    queryCollection(gamePartition(tenantId, record.userId), { skPrefix: 'AWARD#', consistent: true }),
  ]);
  if (!program) throw new NotFoundError(`Program not found: ${record.programId}`);
  const courseIds = program.courseAssignments.map((a) => a.courseId);
  const found = await batchGetItems(courseIds.flatMap((id) => courseStateKeys(tenantId, record.userId, id)), true);
  const states = new Map(courseIds.map((id) => [id, courseStateOf(found, tenantId, record.userId, id)]));
  const progress = progressOf(program, states);
  const completedAt = progress.completed ? (record.completedAt ?? (await recordProgramCompletion(record, now))) : null;
  const earned = (awards as unknown as AwardItem[])
    .filter((award) => award.earnedAt >= record.enrolledAt)
    .sort((a, b) => (a.earnedAt < b.earnedAt ? -1 : a.earnedAt > b.earnedAt ? 1 : 0))
    .map((award) => ({ id: award.achievementId, title: award.title, earned_at: award.earnedAt }));
  return {
    enrollment_id: record.enrollmentId,
    program_id: record.programId,
    user_id: record.userId,
    status: progress.completed ? ('completed' as const) : ('active' as const),
    progress_percentage: progress.progressPercentage,
    completed_courses: progress.completedCourses,
    total_courses: progress.totalCourses,
    current_course: progress.currentCourse ? { id: progress.currentCourse.courseId, title: progress.currentCourse.title, progress_percentage: progress.currentCourse.progressPercentage } : null,
    courses: progress.courses.map((c) => ({ course_id: c.courseId, title: c.title, sequence_order: c.sequenceOrder, progress_percentage: c.progressPercentage, completed: c.completed, unlocked: c.unlocked, enrolled: c.enrolled })),
    achievements_earned: earned,
    enrolled_at: record.enrolledAt,
    completed_at: completedAt,
    estimated_completion: record.estimatedCompletion,
  };
}
