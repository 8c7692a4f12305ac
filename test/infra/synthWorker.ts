// Synthesizes one stage in its own Node process for test/infra/synth.ts (issue 17, CI time):
// `node --import tsx test/infra/synthWorker.ts <stage> <options JSON> <entry file>`. Writes the entry
// file (cloud assembly folder and synth error, if any) whole, then renames it into place.
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, NestedStack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CairnStack } from '../../lib/cairnStack.js';
import { stageConfig, type StageContext } from '../../lib/stageConfig.js';
import { ENDPOINT_GROUPS, ROUTES } from '../../shared/routes/routeTable.js';

const [stage, optionsJson, entryFile] = process.argv.slice(2) as [string, string, string];
const options = JSON.parse(optionsJson) as { bundle?: boolean; nag?: boolean; context?: StageContext };
const outdir = mkdtempSync(join(tmpdir(), 'cairn-cdk-'));
const app = new App({ outdir, context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] } });
const stack = new CairnStack(app, `Cairn-${stage}`, {
  stage: stageConfig(stage, options.context),
  groups: ENDPOINT_GROUPS,
  routes: ROUTES,
  env: { region: 'us-east-1' },
});
if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
let synthError: string | null = null;
try {
  app.synth();
} catch (err) {
  synthError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
writeFileSync(`${entryFile}.${process.pid}`, JSON.stringify({ outdir, synthError, nestedTemplateFiles: Object.fromEntries(stack.node.findAll().filter(NestedStack.isNestedStack).map((n) => [n.node.id, n.templateFile])) }));
renameSync(`${entryFile}.${process.pid}`, entryFile);
