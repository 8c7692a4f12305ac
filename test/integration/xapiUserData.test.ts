import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '../../shared/db/commands.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { xapiLearnerStatementKey, xapiStatementKey } from '../../shared/db/keys.js';
import { NO_DISCOVERED_IDS, userDataEntity, type DataSubject } from '../../shared/privacy/userDataRegistry.js';
import { xapiStatement } from '../../shared/schemas/xapiStatement.js';
import { intakeStatements } from '../../shared/xapi/statementIntake.js';
import { xapiHomePage } from '../../shared/xapi/xapiHome.js';
import { uniqueTenant } from '../support/tokens.js';

// Issue 20 × 22: the user-data registry's `xapiStatement` entity finds a learner's received statements
// through their index entries (never a Scan); erasure deletes the statements before the entries, so a
// run cut short in between finds the rest again; another learner's statement is never theirs.

const db = documentClient();
const entity = userDataEntity('xapiStatement');
const subject = (tenantId: string, userId: string): DataSubject => ({ tenantId, userId, email: null, discovered: NO_DISCOVERED_IDS });

async function send(tenantId: string, userId: string, quizId: string): Promise<string> {
  const home = xapiHomePage(tenantId);
  const statement = xapiStatement.parse({
    actor: { objectType: 'Agent', account: { homePage: home, name: userId } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/passed' },
    object: { objectType: 'Activity', id: `${home}/activities/tutorials/xud/quizzes/${quizId}` },
    result: { score: { raw: 7, max: 10 }, success: true },
  });
  const [id] = await intakeStatements({ kind: 'learner', tenantId, userId, timeZone: 'UTC' }, [statement], { single: true, now: new Date('2026-11-05T10:00:00Z') });
  return id!;
}

const exists = async (key: { pk: string; sk: string }) => (await db.send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item !== undefined;

describe('the xapiStatement user-data entity', () => {
  it('finds each statement of the learner and its index entry; the export shows the statements only', async () => {
    const tenantId = uniqueTenant('xud');
    const userId = `u-${randomUUID()}`;
    const ids = [await send(tenantId, userId, 'q1'), await send(tenantId, userId, 'q2')];
    const items = await entity.find(subject(tenantId, userId));
    // 2 statements, then their 2 entries
    expect(items.map((item) => item.entity)).toEqual(['xapiStatement', 'xapiStatement', 'xapiLearnerStatement', 'xapiLearnerStatement']);
    expect(new Set(items.map((item) => item.statementId))).toEqual(new Set(ids));
    const shown = items.map((item) => entity.present!(item, subject(tenantId, userId))).filter((v) => v !== undefined);
    expect(shown).toHaveLength(2);
    expect(shown.map((s) => (s as { statement: { id: string } }).statement.id).sort()).toEqual([...ids].sort());
  });

  it('erasure cut short after the statements were deleted finds and deletes the entries left', async () => {
    const tenantId = uniqueTenant('xud-resume');
    const userId = `u-${randomUUID()}`;
    const id = await send(tenantId, userId, 'q1');
    // the first attempt got as far as the statement
    await db.send(new DeleteCommand({ TableName: tableName(), Key: xapiStatementKey(tenantId, id) }));
    const left = await entity.find(subject(tenantId, userId));
    expect(left.map((item) => item.entity)).toEqual(['xapiLearnerStatement']);
    expect(await entity.erase!(subject(tenantId, userId), left)).toEqual({ deleted: 1, anonymised: 0, files: 0 });
    expect(await exists(xapiLearnerStatementKey(tenantId, userId, id))).toBe(false);
    expect(await entity.find(subject(tenantId, userId))).toEqual([]);
  });

  it('never takes another learner\'s statement, even through a stray entry naming it', async () => {
    const tenantId = uniqueTenant('xud-other');
    const ada = `u-${randomUUID()}`;
    const bob = `u-${randomUUID()}`;
    const adasId = await send(tenantId, ada, 'q1');
    await db.send(new PutCommand({ TableName: tableName(), Item: { ...xapiLearnerStatementKey(tenantId, bob, adasId), entity: 'xapiLearnerStatement', statementId: adasId } }));
    const bobs = await entity.find(subject(tenantId, bob));
    expect(bobs.map((item) => [item.entity, item.statementId])).toEqual([['xapiLearnerStatement', adasId]]);
    await entity.erase!(subject(tenantId, bob), bobs);
    expect(await exists(xapiStatementKey(tenantId, adasId))).toBe(true);
    expect(await exists(xapiLearnerStatementKey(tenantId, ada, adasId))).toBe(true);
  });
});
