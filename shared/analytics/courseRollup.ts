import { UpdateCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { courseRollupKey } from '../db/skillKeys.js';
import type { ContentDay } from '../domain/dailyAggregates.js';
import { rollupDayOf } from '../domain/trainerFigures.js';

/**
 * Course rollups for trainer analytics (issue 16): each catalog course's content-days, one map entry per
 * local date (`days.<date>`), set by the nightly fold for the courses active that date. Setting the
 * date's entry (a pure function of its records) makes a re-run or a refold idempotent, and the course's
 * all-time totals are one item (~60 bytes a date). Cost: 2 UpdateItems per course active on the date.
 */
export async function putCourseRollups(tenantId: string, days: readonly ContentDay[]): Promise<void> {
  for (const day of days.filter((d) => d.contentType === 'course')) {
    const Key = courseRollupKey(tenantId, day.contentId);
    await documentClient().send(new UpdateCommand({ TableName: tableName(), Key, UpdateExpression: 'SET days = if_not_exists(days, :empty), entity = :e, courseId = :c', ExpressionAttributeValues: { ':empty': {}, ':e': 'courseRollup', ':c': day.contentId } }));
    await documentClient().send(new UpdateCommand({ TableName: tableName(), Key, UpdateExpression: 'SET days.#d = :v', ExpressionAttributeNames: { '#d': day.date }, ExpressionAttributeValues: { ':v': rollupDayOf(day) } }));
  }
}
