import { PutCommand } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { documentClient, tableName } from '../../shared/db/client.js';
import { streakCheckpointKey } from '../../shared/db/keys.js';
import { EMPTY_STREAK } from '../../shared/domain/streak.js';
import { getStreakCheckpoint, saveStreakCheckpoint } from '../../shared/gamification/streakCheckpointRepository.js';
import { notificationPutItems } from '../../shared/notifications/notificationWrites.js';
import { NOTIFICATION_LIMITS } from '../../shared/schemas/notifications.js';
import { uniqueTenant } from '../support/tokens.js';

describe('repairs found in review', () => {
  it('replaces a streak checkpoint stored without a version instead of refolding forever', async () => {
    const tenantId = uniqueTenant();
    const userId = randomUUID();
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...streakCheckpointKey(tenantId, userId), through: 'garbage' } }));
    const stored = await getStreakCheckpoint(tenantId, userId);
    expect(stored.state).toBeUndefined();
    const saved = await saveStreakCheckpoint(tenantId, userId, { ...EMPTY_STREAK, through: '2026-01-01' }, stored.version, new Date('2026-01-03T00:00:00Z'));
    expect(saved).toBe(true);
    expect((await getStreakCheckpoint(tenantId, userId)).state?.through).toBe('2026-01-01');
  });

  it('shortens over-long server texts in a notification instead of failing the write that sends it', () => {
    const items = notificationPutItems({
      tenantId: 't1',
      userId: 'u1',
      kind: 'achievement_earned',
      sourceId: 'award-1',
      createdAt: new Date('2026-01-01T00:00:00Z'),
      title: 'T'.repeat(NOTIFICATION_LIMITS.titleMax + 50),
      message: 'M'.repeat(NOTIFICATION_LIMITS.messageMax + 5),
      data: { name: 'x'.repeat(NOTIFICATION_LIMITS.dataValueMax + 1) },
    });
    const item = items[1]?.Put?.Item as { title: string; message: string; data: { name: string } };
    expect(item.title).toHaveLength(NOTIFICATION_LIMITS.titleMax);
    expect(item.title.endsWith('…')).toBe(true);
    expect(item.message).toHaveLength(NOTIFICATION_LIMITS.messageMax);
    expect(item.data.name).toHaveLength(NOTIFICATION_LIMITS.dataValueMax);
  });
});
