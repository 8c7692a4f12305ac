import { CfnOutput, NestedStack, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { EndpointGroup, RouteDefinition } from '../shared/routes/types.js';
import { CairnApi, apiUrl } from './constructs/cairnApi.js';
import { CairnAuth } from './constructs/cairnAuth.js';
import { CairnTable } from './constructs/cairnTable.js';
import { CairnFunction } from './constructs/cairnFunction.js';
import { CairnSchedules } from './constructs/cairnSchedules.js';
import { JOB_SCHEDULES } from '../shared/jobs/schedules.js';
import { EnrollmentSaga } from './constructs/enrollmentSaga.js';
import { AnalyticsPipeline } from './constructs/analyticsPipeline.js';
import { AuthWebhookKey } from './constructs/authWebhookKey.js';
import { PrivacyWorkflows } from './constructs/privacyWorkflows.js';
import { PaymentSecrets } from './constructs/paymentSecrets.js';
import { ReportStorage } from './constructs/reportStorage.js';
import { BedrockAccess } from './constructs/bedrockAccess.js';
import { MediaStorage } from './constructs/mediaStorage.js';
import { XapiDelivery } from './constructs/xapiDelivery.js';
import { UserPoolOperation } from 'aws-cdk-lib/aws-cognito';
import type { Role } from 'aws-cdk-lib/aws-iam';
import type { StageConfig } from './stageConfig.js';

export interface CairnStackProps extends StackProps {
  stage: StageConfig;
  groups: readonly EndpointGroup[];
  routes: readonly RouteDefinition[];
}

/** One stack per stage: table, Cognito, HTTP API and its functions. */
export class CairnStack extends Stack {
  readonly table: CairnTable;
  readonly auth: CairnAuth;
  readonly api: CairnApi;
  /** Issue 20: the export worker and the erasure workflow (in their nested stack). */
  readonly privacy: PrivacyWorkflows;

  constructor(scope: Construct, id: string, props: CairnStackProps) {
    super(scope, id, props);
    Tags.of(this).add('project', 'cairn');
    Tags.of(this).add('stage', props.stage.name);

    this.table = new CairnTable(this, 'Data', props.stage);
    this.auth = new CairnAuth(this, 'Auth', props.stage);
    // Tenant and role claims: the pre-token-generation trigger reads the user's memberships.
    const trigger = new CairnFunction(this, 'PreTokenGeneration', {
      stage: props.stage,
      name: 'pre-token-generation',
      description: 'Cognito pre-token-generation: tenant and role claims from the membership',
      entry: 'lambdas/cognitoTriggers/preTokenGeneration.ts',
      table: this.table.table,
      environment: {},
      memoryMb: 256,
      timeoutSeconds: 5,
    });
    this.auth.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION, trigger.fn);

    // Reports (issue 15): bucket, access logs and the background worker; the API's reports function writes it.
    const reports = new ReportStorage(this, 'Reports', { stage: props.stage, table: this.table.table });

    // Amazon Bedrock (issue 19): model ids in the AI functions' environment, invoke rights on exactly those models.
    const bedrock = new BedrockAccess(this, 'Bedrock', props.stage);
    // Media (issue 18): the upload bucket with CORS; only the media and content functions may use it.
    const media = new MediaStorage(this, 'Media', { stage: props.stage });

    this.api = new CairnApi(this, 'Api', {
      stage: props.stage,
      groups: props.groups,
      routes: props.routes,
      table: this.table.table,
      environment: this.auth.functionEnvironment(),
      grants: { cognitoSignUp: (role) => this.auth.grantSignUpConfirmation(role), reportsBucket: () => undefined, mediaBucket: () => undefined, documentFiles: () => undefined, authWebhookKey: () => undefined, xapiKey: () => undefined, integrationProbes: (role) => this.auth.grantDescribe(role), bedrock: (role) => bedrock.grantInvoke(role) },
      grantEnvironments: { bedrock: bedrock.environment() },
    });
    for (const group of props.groups.filter((g) => g.grants?.includes('reportsBucket'))) {
      const fn = this.api.functions.get(group.name);
      if (fn) {
        reports.bindWriter(fn, fn.role as Role);
        reports.allowDispatchFrom(fn);
      }
    }
    // Certificates and receipts (issue 23): PDFs in the same bucket under `<tenant>/certificates/`, `<tenant>/receipts/`.
    for (const group of props.groups.filter((g) => g.grants?.includes('documentFiles'))) {
      const fn = this.api.functions.get(group.name);
      if (fn) reports.bindWriter(fn, fn.role as Role);
    }

    for (const group of props.groups.filter((g) => g.grants?.includes('mediaBucket'))) {
      const fn = this.api.functions.get(group.name);
      if (fn) media.bindFunction(fn, fn.role as Role);
    }

    // The payment-then-enroll saga (issue 7): started by the enrollment routes and the payments webhook.
    const enrollmentSaga = new EnrollmentSaga(this, 'EnrollmentSaga', { stage: props.stage, table: this.table.table, environment: {} });
    for (const group of ['enrollment', 'payments']) {
      const fn = this.api.functions.get(group);
      if (fn) enrollmentSaga.allowStartFrom(fn);
    }

    // Stripe's secret key and webhook secret per stage (issue 7): for the functions that talk to Stripe.
    const paymentSecrets = new PaymentSecrets(this, 'PaymentSecrets', { stage: props.stage });
    for (const fn of [this.api.functions.get('payments'), this.api.functions.get('enrollment'), ...enrollmentSaga.paymentTaskFunctions()]) {
      if (fn) paymentSecrets.bindTo(fn);
    }

    // Integration management (issue 20): the probes read Stripe's balance, describe the saga's state
    // machine and head the report bucket (Cognito's DescribeUserPool and Bedrock come with its grants).
    const integration = this.api.functions.get('integration');
    if (integration) {
      paymentSecrets.bindApiKeyTo(integration);
      enrollmentSaga.allowDescribeFrom(integration);
      reports.allowProbe(integration, integration.role as Role);
    }

    // The key that encrypts tenants' account-webhook signing secrets (issue 20): for the groups that set or check them.
    const authWebhookKey = new AuthWebhookKey(this, 'AuthWebhookKey', { stage: props.stage });
    for (const group of props.groups.filter((g) => g.grants?.includes('authWebhookKey'))) {
      const fn = this.api.functions.get(group.name);
      if (fn) authWebhookKey.bindTo(fn);
    }

    // xAPI (issue 22): the table stream → statements → each tenant's LRSs, with a DLQ and alarm; the key of the LRS passwords.
    const xapiDelivery = new XapiDelivery(this, 'XapiDelivery', { stage: props.stage, table: this.table.table });
    for (const group of props.groups.filter((g) => g.grants?.includes('xapiKey'))) {
      const fn = this.api.functions.get(group.name);
      if (fn) xapiDelivery.bindTo(fn);
    }
    // Privacy (issue 20): the export worker and the erasure workflow, in a nested stack of their own (the parent
    // stack is at CloudFormation's 500-resource limit); the identity group's privacy routes start them, the
    // account webhook starts erasures.
    const privacy = new PrivacyWorkflows(new NestedStack(this, 'PrivacyStack'), 'Privacy', { stage: props.stage, table: this.table.table, environment: this.auth.functionEnvironment() });
    reports.bindWriter(privacy.exportWorker, privacy.exportWorkerRole);
    reports.bindEraser(privacy.erasureTasks.fn, privacy.erasureTasks.role);
    media.bindFunction(privacy.erasureTasks.fn, privacy.erasureTasks.role);
    this.auth.grantUserDeletion(privacy.erasureTasks.role);
    this.privacy = privacy;
    const privacyFn = this.api.functions.get('identity');
    if (privacyFn) {
      privacy.allowErasureFrom(privacyFn);
      privacy.allowExportDispatchFrom(privacyFn);
    }
    const authWebhooksFn = this.api.functions.get('authWebhooks');
    if (authWebhooksFn) privacy.allowErasureFrom(authWebhooksFn);

    // The nightly analytics aggregation (issue 14): schedule → Step Functions → per-tenant fold; org admins reprocess a date.
    const analyticsPipeline = new AnalyticsPipeline(this, 'AnalyticsPipeline', { stage: props.stage, table: this.table.table });
    const processing = this.api.functions.get('analyticsProcessing');
    if (processing) analyticsPipeline.allowStartFrom(processing);

    // Scheduled jobs (DESIGN §8), declared once in shared/jobs/schedules.ts: schedule → Lambda → DLQ + alarm.
    const schedules = new CairnSchedules(this, 'Schedules', { stage: props.stage, table: this.table.table, jobs: JOB_SCHEDULES });
    for (const job of schedules.reportJobs) reports.bindWriter(job.fn, job.role);

    new CfnOutput(this, 'ApiUrl', { value: apiUrl(this.api.api) });
    for (const [group, url] of this.api.streamUrls) new CfnOutput(this, `${group}StreamUrl`, { value: url.url, description: `Function URL (response streaming) of the ${group} group's SSE routes` });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
  }
}
