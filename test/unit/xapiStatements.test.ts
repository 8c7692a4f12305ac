import type { ActivityRecord } from '../../shared/progress/activity.js';
import { xapiStatement } from '../../shared/schemas/xapiStatement.js';
import { durationSeconds, statementsOf, VERBS } from '../../shared/xapi/activityStatements.js';
import { statementIdOf, uuidV5 } from '../../shared/xapi/statementId.js';
import { xapiHomePage } from '../../shared/xapi/xapiHome.js';

const base: ActivityRecord = {
  eventId: 'evt-1',
  tenantId: 'acme',
  userId: 'u-1',
  actorId: 'u-1',
  source: 'tutorial.chapter',
  contentType: 'tutorial',
  contentId: 'intro',
  itemId: 'ch-1',
  occurredAt: '2026-12-03T10:00:00.000Z',
  localDate: '2026-12-03',
  timeZone: 'UTC',
  seconds: 90,
  requestHash: 'h',
};

/** One record per way Cairn's engine writes, covering every verb it emits. */
const RECORDS: Record<string, ActivityRecord> = {
  chapterProgress: { ...base },
  chapterComplete: { ...base, eventId: 'e2', itemCompleted: true },
  quizPassed: { ...base, eventId: 'e3', source: 'tutorial.quiz', itemId: 'q-1', seconds: 0, score: 8, maxScore: 10, passed: true },
  quizFailed: { ...base, eventId: 'e4', source: 'tutorial.quiz', itemId: 'q-1', seconds: 0, score: 3, maxScore: 10, passed: false },
  tutorialComplete: { ...base, eventId: 'e5', source: 'tutorial.complete', itemId: undefined, seconds: 0, contentCompleted: true },
  tutorialReset: { ...base, eventId: 'e6', source: 'tutorial.reset', itemId: undefined, seconds: 0 },
  lessonScored: { ...base, eventId: 'e7', source: 'lesson.progress', contentType: 'course', contentId: 'c-1', itemId: 'l-1', seconds: 0, score: 7, maxScore: 10, passed: true },
  lessonExperienced: { ...base, eventId: 'e8', source: 'lesson.progress', contentType: 'course', contentId: 'c-1', itemId: 'l-1', seconds: 0 },
  blockCompletedCourse: {
    ...base,
    eventId: 'e9',
    source: 'block.completion',
    contentType: 'course',
    contentId: 'c-1',
    itemId: 'l-2',
    itemCompleted: true,
    contentCompleted: true,
    clientTimestamp: '2026-12-02T09:00:00.000Z',
    awarded: [{ id: 'first-course', title: 'First course', reason: 'Completed a course' }],
  },
  sessionStart: { ...base, eventId: 'e10', source: 'session.start', contentType: 'personal_course', contentId: 'pc-1', itemId: 's-1', seconds: 0 },
  sessionComplete: { ...base, eventId: 'e11', source: 'session.complete', contentType: 'personal_course', contentId: 'pc-1', itemId: 's-1', seconds: 600 },
  log: { ...base, eventId: 'e12', source: 'progress.log', contentType: 'personal_course', contentId: 'pc-1', itemId: 'log-1', seconds: 1200, activityType: 'exercise' },
};

describe('xAPI statement ids', () => {
  it('are RFC 4122 version-5 UUIDs (checked against a published vector)', () => {
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org')
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('are the same for the same record on every delivery and differ per part, learner and tenant', () => {
    const a = statementsOf(RECORDS.blockCompletedCourse!).map((s) => s.id);
    const b = statementsOf({ ...RECORDS.blockCompletedCourse! }).map((s) => s.id);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(3);
    expect(statementIdOf('acme', 'u-1', 'e9', 'main')).not.toBe(statementIdOf('acme', 'u-2', 'e9', 'main'));
    expect(statementIdOf('acme', 'u-1', 'e9', 'main')).not.toBe(statementIdOf('other', 'u-1', 'e9', 'main'));
  });
});

describe('xAPI statements out', () => {
  const all = Object.entries(RECORDS).flatMap(([name, record]) => statementsOf(record).map((statement) => [name, statement] as const));

  it.each(all.map(([name, statement]) => [name, statement.verb.id, statement] as const))('%s → %s validates against the xAPI 1.0.3 statement schema', (_name, _verb, statement) => {
    const parsed = xapiStatement.safeParse(statement);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('emits every verb of the issue: completed, progressed, passed, failed, scored, experienced, earned', () => {
    expect(new Set(all.map(([, s]) => s.verb.id))).toEqual(new Set(Object.values(VERBS)));
  });

  it('identifies the learner by an account on the tenant home page, never by email unless opted in', () => {
    const [statement] = statementsOf(RECORDS.quizPassed!);
    expect(statement!.actor).toEqual({ objectType: 'Agent', account: { homePage: xapiHomePage('acme'), name: 'u-1' } });
    expect(JSON.stringify(statementsOf(RECORDS.quizPassed!))).not.toContain('mailto:');
    const [withEmail] = statementsOf(RECORDS.quizPassed!, { email: 'ada@example.test' });
    expect(withEmail!.actor).toEqual({ objectType: 'Agent', mbox: 'mailto:ada@example.test' });
  });

  it('maps a quiz score to a scaled score (8 of 10 → 0.8) and success', () => {
    const [passed] = statementsOf(RECORDS.quizPassed!);
    expect(passed!.verb.id).toBe(VERBS.passed);
    expect(passed!.result).toEqual({ score: { raw: 8, min: 0, max: 10, scaled: 0.8 }, success: true });
    const [failed] = statementsOf(RECORDS.quizFailed!);
    expect(failed!.result).toEqual({ score: { raw: 3, min: 0, max: 10, scaled: 0.3 }, success: false });
  });

  it('gives a course-completing block completion three statements: the lesson, the course, the award', () => {
    const statements = statementsOf(RECORDS.blockCompletedCourse!);
    const home = xapiHomePage('acme');
    expect(statements.map((s) => [s.verb.id, (s.object as { id: string }).id])).toEqual([
      [VERBS.completed, `${home}/activities/courses/c-1/lessons/l-2`],
      [VERBS.completed, `${home}/activities/courses/c-1`],
      [VERBS.earned, `${home}/activities/achievements/first-course`],
    ]);
    // the client's completion time is the statement's timestamp
    expect(statements.every((s) => s.timestamp === '2026-12-02T09:00:00.000Z')).toBe(true);
  });

  it('records watch time as an ISO 8601 duration (90 s → PT90S)', () => {
    expect(statementsOf(RECORDS.chapterProgress!)[0]!.result).toEqual({ duration: 'PT90S' });
    expect(durationSeconds('PT1M30S')).toBe(90);
    expect(durationSeconds('P1DT1H')).toBe(90_000);
    expect(durationSeconds('P1Y')).toBeUndefined();
  });
});

describe('xAPI statement schema refuses what the spec forbids', () => {
  const valid = statementsOf(RECORDS.quizPassed!)[0]!;
  it.each([
    ['two identifiers on the actor', { ...valid, actor: { mbox: 'mailto:a@b.test', account: { homePage: 'https://x.test', name: 'u' } } }],
    ['no identifier on the actor', { ...valid, actor: { name: 'Ada' } }],
    ['a raw score above max', { ...valid, result: { score: { raw: 11, max: 10 } } }],
    ['scaled outside [-1, 1]', { ...valid, result: { score: { scaled: 1.5 } } }],
    ['a verb id that is not an IRI', { ...valid, verb: { id: 'completed' } }],
    ['an id that is not a UUID', { ...valid, id: 'evt-1' }],
    ['an unknown property', { ...valid, colour: 'red' }],
    ['a non-ISO duration', { ...valid, result: { duration: '90 seconds' } }],
    ['version 2.0', { ...valid, version: '2.0.0' }],
    ['platform on a StatementRef object', { ...valid, object: { objectType: 'StatementRef', id: valid.id }, context: { platform: 'Cairn' } }],
  ])('%s', (_label, statement) => {
    expect(xapiStatement.safeParse(statement).success).toBe(false);
  });
});
