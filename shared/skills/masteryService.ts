import type { Principal } from '../auth/principal.js';
import type { CourseRecord } from '../catalog/course.js';
import { averageRating } from '../catalog/course.js';
import { record as courseRecordOf } from '../catalog/courseRepository.js';
import { batchGetItems, itemId, type ItemKey } from '../db/batchGet.js';
import { aggregationStateKey, catalogIndexKey, courseKey, enrollmentsPartition } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { departmentsKey, goalsKey, skillMasteryKey, skillTaxonomyKey } from '../db/skillKeys.js';
import { goalMembers } from '../domain/orgFigures.js';
import { departmentsOf, goalsOf } from '../orgAnalytics/orgConfigService.js';
import { assessDomain, masteryFigures, skillGapFigures, type RequiringCourse } from '../domain/skillFigures.js';
import type { SkillMastery } from '../domain/skillMastery.js';
import { skillIndex } from '../domain/skillTaxonomy.js';
import { enrollmentRecordOf } from '../enrollment/enrollmentRecord.js';
import { NotFoundError } from '../http/errors.js';
import { planSubject, settleSubject } from '../progress/progressSubject.js';
import type { AssessMasteryBody } from '../schemas/skills.js';
import { taxonomyOf } from './taxonomyService.js';

/**
 * Reads of the skills routes (issue 16), all from the nightly mastery summary (never the ledger):
 * one BatchGet of the summary, the taxonomy, the aggregation state and — for another learner — their
 * membership and profile (planSubject: the learner themself, or a trainer / org admin for a member of
 * the tenant; 403 / 404 otherwise), plus at most one Query and one BatchGet. None grows with the
 * tenant's learners.
 */

interface Gathered {
  userId: string;
  masteries: Record<string, SkillMastery>;
  taxonomy: ReturnType<typeof taxonomyOf>;
  through: string | null;
}

async function gather(principal: Principal, requested: string | undefined, parallel: () => Promise<unknown> = async () => undefined, extraKeys: ItemKey[] = []): Promise<Gathered & { extra: unknown; found: Map<string, Record<string, unknown>> }> {
  const tenantId = principal.tenantId;
  const subject = planSubject(principal, requested);
  const [found, extra] = await Promise.all([batchGetItems([skillMasteryKey(tenantId, subject.userId), skillTaxonomyKey(tenantId), aggregationStateKey(tenantId), ...subject.keys, ...extraKeys]), parallel()]);
  settleSubject(principal, subject, found);
  const summary = found.get(itemId(skillMasteryKey(tenantId, subject.userId)));
  const through = found.get(itemId(aggregationStateKey(tenantId)))?.throughDate;
  return {
    userId: subject.userId,
    masteries: (summary?.skills as Record<string, SkillMastery> | undefined) ?? {},
    taxonomy: taxonomyOf(found.get(itemId(skillTaxonomyKey(tenantId)))),
    through: typeof through === 'string' ? through : null,
    extra,
    found,
  };
}

function metaOf(g: Gathered, now: Date) {
  return { calculatedAt: now.toISOString(), dataSource: g.through === null ? ('none' as const) : ('nightly' as const), nightlyThrough: g.through };
}

/**
 * Seed 000 §7 `assess_mastery`: the domain's skills from the taxonomy (404 for a domain the tenant
 * does not have), their mastery, and recommendations pointing at published courses listing the
 * weakest skills. Requests: 1 BatchGet ∥ 1 Query of the catalog index (published courses).
 */
export async function assessMastery(principal: Principal, body: AssessMasteryBody, now: Date) {
  const g = await gather(principal, body.user_id, () =>
    body.include_recommendations ? queryCollection(catalogIndexKey(principal.tenantId, '').gsi1pk, { indexName: 'gsi1' }) : Promise.resolve([]),
  );
  const domain = g.taxonomy?.domains.find((d) => d.id === body.skill_domain);
  if (!domain) throw new NotFoundError(`No skill domain "${body.skill_domain}" in this organization's taxonomy`);
  const courses = (g.extra as Record<string, unknown>[]).map((item) => {
    const course = courseRecordOf<CourseRecord>(item);
    return { courseId: course.courseId, skills: course.skills ?? [], rating: averageRating(course) };
  });
  return {
    user_id: g.userId,
    skill_domain: domain.id,
    ...assessDomain(domain, g.masteries, courses, body.include_recommendations, now),
    assessment_date: now.toISOString(),
    data_through: g.through,
  };
}

/** Seed 003 §2 `mastery`: every skill with evidence. 1 BatchGet. */
export async function learnerMastery(principal: Principal, userId: string, now: Date) {
  const g = await gather(principal, userId);
  const names = g.taxonomy ? skillIndex(g.taxonomy) : new Map();
  return { data: { userId: g.userId, ...masteryFigures(g.masteries, names) }, meta: metaOf(g, now) };
}

/**
 * Seed 003 §2 `skill-gap`: required levels from the learner's active course enrollments and from the
 * organization's strategic goals whose scope includes the learner (issue 16 item 5). Requests: 1 BatchGet
 * (with the goals and departments) ∥ 1 Query of the learner's enrollments, then 1 BatchGet of those
 * courses (per 100).
 */
export async function learnerSkillGap(principal: Principal, userId: string, now: Date) {
  const tenantId = principal.tenantId;
  const subject = planSubject(principal, userId);
  const g = await gather(principal, userId, () => queryCollection(enrollmentsPartition(tenantId, subject.userId), { skPrefix: 'E#' }), [goalsKey(tenantId), departmentsKey(tenantId)]);
  const departments = departmentsOf(g.found.get(itemId(departmentsKey(tenantId))));
  const goals = goalsOf(g.found.get(itemId(goalsKey(tenantId)))).filter((goal) => goalMembers(goal, departments).includes(g.userId));
  const active = (g.extra as Record<string, unknown>[]).map(enrollmentRecordOf).filter((e) => e.status === 'active');
  const found = active.length > 0 ? await batchGetItems(active.map((e) => courseKey(tenantId, e.courseId))) : new Map<string, Record<string, unknown>>();
  const courses: RequiringCourse[] = active.flatMap((e) => {
    const item = found.get(itemId(courseKey(tenantId, e.courseId)));
    if (!item) return [];
    const course = courseRecordOf<CourseRecord>(item);
    return [{ courseId: course.courseId, title: course.title, difficulty: course.difficulty, skills: course.skills ?? [] }];
  });
  const names = g.taxonomy ? skillIndex(g.taxonomy) : new Map();
  return { data: { userId: g.userId, ...skillGapFigures(g.masteries, courses, names, goals) }, meta: metaOf(g, now) };
}
