import { UpdateCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { deleteStoredObjects } from './storedObjects.js';
import { deleteItems, type Item } from './userDataItems.js';
import type { DataSubject, ErasureCount } from './userDataRegistry.js';

/** The error a redacted report answers with (its files listed an erased learner). */
export const REDACTED_REPORT_ERROR = 'Redacted: a learner listed in this report erased their account; generate the report again';

/**
 * Reports and their rows: a report's figures live only in its stored files (PDF, CSV, JSON), so a
 * learner's rows cannot be cut out of a PDF. Instead:
 * - reports the user requested are deleted with their files;
 * - every other stored report that lists learners (`includeUsers`) loses its files and is marked failed
 *   with REDACTED_REPORT_ERROR (an org admin generates it again, without the erased learner);
 * - summary reports (no learner rows, only counts) are left as they are.
 * A re-run finds nothing left to delete.
 */
export async function redactReports(subject: DataSubject, items: readonly Item[]): Promise<ErasureCount> {
  const files = (item: Item) => Object.values((item.files as Record<string, string> | undefined) ?? {}).map((key) => ({ bucket: 'files' as const, key }));
  const own = items.filter((item) => item.requestedBy === subject.userId);
  const listing = items.filter((item) => item.requestedBy !== subject.userId && item.includeUsers === true && files(item).length > 0);
  const deletedFiles = await deleteStoredObjects([...own, ...listing].flatMap(files));
  const deleted = await deleteItems(own);
  for (const item of listing) {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'SET #status = :failed, files = :none, #error = :error',
        ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: { ':failed': 'failed', ':none': {}, ':error': REDACTED_REPORT_ERROR },
      }),
    );
  }
  return { deleted, anonymised: listing.length, files: deletedFiles };
}
