import { DeleteCommand, PutCommand } from '../db/commands.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { countItems } from '../db/countItems.js';
import { catalogIndexKey, courseLearnersIndexKey } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { cultureBenchKey, departmentsKey, orgRollupKey } from '../db/skillKeys.js';
import { addDays } from '../domain/localDate.js';
import { learningCulture, MIN_BENCHMARK_LEARNERS, PACE_WINDOW_DAYS, type SkillDemandRow } from '../domain/orgFigures.js';
import { departmentsOf } from '../orgAnalytics/orgConfigService.js';
import { readOrgLearnerTable } from './orgLearnerTable.js';
import { readPeerTable } from './peerTable.js';

/**
 * The nightly organization rollup (issue 16, seed 003 §4 benchmarks and §5 skill-demand), once per
 * tenant run after its dates are folded, as of the aggregated-through date:
 * - per skill taught by a published course: enrollments in those courses made in the 28 days ending at
 *   the as-of date (UTC days) and in the 28 before, by 2 COUNT Queries per course with skills on the
 *   course's learner index (cost grows with the catalog and that window's enrollments, not with history),
 *   and learners with evidence in the skill (the peer table, 1 Query);
 * - the tenant's learning-culture score for the cross-tenant benchmark (the org learner table, 1 Query,
 *   and the departments, 1 BatchGet), stored only when at least 10 learners make it (else removed).
 * Both items are pure functions of what was read: a re-run writes the same items.
 */

const utcStart = (date: string) => `${date}T00:00:00.000Z`;

export async function refreshOrgRollup(tenantId: string, asOf: string): Promise<void> {
  const [catalog, peers, learners, config] = await Promise.all([
    queryCollection(catalogIndexKey(tenantId, '').gsi1pk, { indexName: 'gsi1' }),
    readPeerTable(tenantId),
    readOrgLearnerTable(tenantId),
    batchGetItems([departmentsKey(tenantId)]),
  ]);
  // only the id and skills of each published course (the catalog record's own fields; no repository import in the nightly bundle)
  const courses = catalog.map((item) => ({ courseId: item.courseId as string, skills: (item.skills as string[] | undefined) ?? [] })).filter((c) => c.skills.length > 0);
  const w1 = [utcStart(addDays(asOf, -(PACE_WINDOW_DAYS - 1))), utcStart(addDays(asOf, 1))] as const;
  const w0 = [utcStart(addDays(asOf, -(2 * PACE_WINDOW_DAYS - 1))), w1[0]] as const;
  const counts = await Promise.all(
    courses.map(async (c) => {
      const partition = courseLearnersIndexKey(tenantId, c.courseId, '', '').gsi1pk;
      // gsi1sk = `<enrolledAt>#U#<user>`: [from, to) as BETWEEN from AND (to − ε) by the '#' that follows every instant
      const [e1, e0] = await Promise.all([w1, w0].map(([from, to]) => countItems(partition, { indexName: 'gsi1', skFrom: from, skTo: to.replace(/Z$/, '') })));
      return { skills: c.skills, e1: e1!, e0: e0! };
    }),
  );
  const skills: Record<string, SkillDemandRow> = {};
  for (const c of counts) {
    for (const s of c.skills) {
      const row = (skills[s] ??= { e1: 0, e0: 0, learners: 0 });
      row.e1 += c.e1;
      row.e0 += c.e0;
    }
  }
  for (const entry of peers.values()) for (const s of Object.keys(entry.skills)) (skills[s] ??= { e1: 0, e0: 0, learners: 0 }).learners++;
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...orgRollupKey(tenantId), entity: 'orgRollup', tenantId, asOf, skills } }));

  const culture = learningCulture(learners, departmentsOf(config.get(itemId(departmentsKey(tenantId)))), asOf);
  if (culture.overallScore !== null && culture.population >= MIN_BENCHMARK_LEARNERS) {
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...cultureBenchKey(tenantId), entity: 'cultureBench', tenantId, asOf, score: culture.overallScore } }));
  } else {
    await documentClient().send(new DeleteCommand({ TableName: tableName(), Key: cultureBenchKey(tenantId) }));
  }
}
