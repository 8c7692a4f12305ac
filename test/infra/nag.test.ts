import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthStage } from './synth.js';

interface Report {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string }[];
    suppressedViolations?: { ruleName: string; reason?: string }[];
  }[];
}

describe('cdk-nag AwsSolutions', () => {
  it.each(['dev', 'staging', 'prod'])('has zero unacknowledged findings for %s, each acknowledgement with a reason', (stage) => {
    const { outdir, synthError } = synthStage(stage, { nag: true });
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as Report;
    const plugin = report.pluginReports.find((p) => p.pluginName === 'AwsSolutions');
    expect(plugin).toBeDefined();
    expect(plugin?.violations.map((v) => v.ruleName)).toEqual([]);
    for (const acknowledged of plugin?.suppressedViolations ?? []) {
      expect(acknowledged.reason?.length ?? 0).toBeGreaterThan(40);
    }
    expect(synthError).toBeUndefined();
  });
});
