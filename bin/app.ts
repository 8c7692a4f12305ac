// The CDK app: `npx cdk synth|deploy -c stage=dev|staging|prod` (default dev).
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CairnStack } from '../lib/cairnStack.js';
import { stageConfig } from '../lib/stageConfig.js';
import { ENDPOINT_GROUPS, ROUTES } from '../shared/routes/routeTable.js';

// CAIRN_SKIP_BUNDLING=1: synthesize without bundling the functions (CI checks the CLI path and cdk-nag
// this way; test/infra/bundle.test.ts bundles every function once and boots it). `postCliContext`, not
// `context`: the CLI passes its own `aws:cdk:bundling-stacks` (every stack), which overrides an app's
// `context` defaults, so CI bundled all functions here too (issue 17, CI time).
const app = new App(process.env.CAIRN_SKIP_BUNDLING === '1' ? { postCliContext: { 'aws:cdk:bundling-stacks': [] } } : {});
const context = (key: string) => app.node.tryGetContext(key) as string | undefined;
const stage = stageConfig(String(context('stage') ?? 'dev'), {
  corsOrigins: context('corsOrigins'),
  oauthCallbackUrls: context('oauthCallbackUrls'),
  oauthProviders: context('oauthProviders'),
  authDomainPrefix: context('authDomainPrefix'),
  reportRetentionDays: context('reportRetentionDays'),
  ffmpegLayerArn: context('ffmpegLayerArn'),
  xapiHomeBaseUrl: context('xapiHomeBaseUrl'),
});

new CairnStack(app, `Cairn-${stage.name}`, {
  stage,
  groups: ENDPOINT_GROUPS,
  routes: ROUTES,
  // Environment-agnostic unless the CLI supplies an account (deploy); synth needs no AWS account.
  env: {
    ...(process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT } : {}),
    region: process.env.CDK_DEFAULT_REGION ?? 'us-east-1',
  },
  description: `Cairn learning-progress backend (${stage.name})`,
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
