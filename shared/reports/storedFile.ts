/**
 * The bucket's lifecycle rule expires every object after the stage's retention (lib/stageConfig.ts
 * `reportRetentionDays`, passed to writers as FILE_RETENTION_DAYS). Certificates and receipts are kept
 * for good in DynamoDB and rendered from their records, so their stored PDF is a cache: it is rendered
 * again when its copy is older than the retention less two days (a presigned URL lives 15 minutes, so
 * it never points at an object about to expire).
 */
export function storedCopyIsStale(renderedAt: string | undefined, now: Date, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!renderedAt) return true;
  const retentionDays = Number(env.FILE_RETENTION_DAYS ?? 30);
  const usableDays = Math.max(1, retentionDays - 2);
  return now.getTime() - Date.parse(renderedAt) >= usableDays * 86_400_000;
}
