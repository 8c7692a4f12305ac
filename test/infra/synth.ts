import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CairnStack } from '../../lib/cairnStack.js';
import { stageConfig, type StageContext } from '../../lib/stageConfig.js';
import { ENDPOINT_GROUPS, ROUTES } from '../../shared/routes/routeTable.js';

/** Synthesizes the real stack for a stage the way bin/app.ts does (bundling optional: it is slow). */
export function synthStage(stage: string, options: { bundle?: boolean; nag?: boolean; context?: StageContext } = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'cairn-cdk-'));
  const app = new App({ outdir, context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CairnStack(app, `Cairn-${stage}`, {
    stage: stageConfig(stage, options.context),
    groups: ENDPOINT_GROUPS,
    routes: ROUTES,
    env: { region: 'us-east-1' },
  });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let synthError: unknown;
  try {
    app.synth();
  } catch (err) {
    synthError = err;
  }
  return { app, stack, outdir, synthError, template: () => Template.fromStack(stack), routesTemplate: () => Template.fromStack(stack.api.routesStack) };
}
