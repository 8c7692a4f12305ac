import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createCairnClient } from '../../client/cairnClient.js';
import { killLocalStack, NODE_ARGS, START_TIMEOUT_MS, startLocalStack } from '../support/localStackProcess.js';

// `npm start` with reports (issue 15): the banner says where reports go, a report is generated over
// real HTTP into the local S3 (s3rver) through the typed client (issue 22), and its presigned export_url
// downloads with curl.
const root = process.cwd();

describe('local stack: reports in the local S3', () => {
  let stack: Awaited<ReturnType<typeof startLocalStack>>;
  beforeAll(async () => {
    stack = await startLocalStack();
  }, START_TIMEOUT_MS + 10_000);
  afterAll(() => killLocalStack(stack));

  it('says where reports go and serves export_url to curl', async () => {
    expect(stack.output()).toMatch(new RegExp(`S3 \\(s3rver\\)\\s+http://127.0.0.1:${stack.ports.s3}\\s+bucket "cairn-reports": reports go to cairn-reports/<tenant>/reports/<report id>/`));
    const tenant = `e2e-${randomUUID().slice(0, 8)}`;
    const minted = spawnSync(process.execPath, [...NODE_ARGS, 'bin/token.ts', '--user', 'admin-1', '--tenant', tenant, '--role', 'org_admin'], { cwd: root, encoding: 'utf8' });
    expect(minted.status).toBe(0);
    const api = createCairnClient({ baseUrl: stack.base, token: minted.stdout.trim() });
    const { data: body, response } = await api.POST('/functions/v1/automated-reports', {
      body: { action: 'generate_report', report_type: 'progress_summary', parameters: { date_range: 'last_7_days', output: 'csv' } },
    });
    expect(response.status).toBe(200);
    // The action RPC's answer is a union over its actions; generate_report's is the report with export_url.
    const data = body!.data;
    if (!('export_url' in data)) throw new Error(`generate_report answered another action's shape: ${JSON.stringify(data)}`);
    // export_url is null in the contract until a report is ready; this one is synchronous and ready.
    const exportUrl = data.export_url ?? '';
    expect(exportUrl).toContain(`/cairn-reports/${tenant}/reports/${data.report_id}/report.csv`);
    const curl = spawnSync('curl', ['-s', '-w', '\n%{http_code}', exportUrl], { encoding: 'utf8' });
    const lines = curl.stdout.trim().split('\n');
    expect(lines[lines.length - 1]).toBe('200');
    expect(lines[0]).toBe('section,subject_id,subject_name,figure,value');
  });
});
