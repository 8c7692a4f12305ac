import { Duration, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { StageConfig } from '../stageConfig.js';
import { nagArnOf } from './nagReference.js';
import { lambdaBundleCode } from './lambdaBundle.js';

export interface CairnFunctionProps {
  stage: StageConfig;
  /** Short name: `cairn-<stage>-<name>`. */
  name: string;
  description: string;
  /** Entry file relative to the project root. */
  entry: string;
  table: Table;
  environment: Record<string, string>;
  memoryMb?: number;
  timeoutSeconds?: number;
  /**
   * Renders report PDFs (issue 15): the bundle gets the report fonts in `fonts/` beside index.mjs
   * (pdfkit's built-in fonts are not in a bundle) and leaves vega's optional `canvas` import external
   * (lib/constructs/lambdaBundle.ts).
   */
  renderReports?: boolean;
  /** Carries the API reference page's files (lib/constructs/lambdaBundle.ts `apiDocs`). */
  apiDocs?: boolean;
}

/**
 * Every Cairn Lambda: esbuild-bundled minified ESM with code splitting and external source maps (AWS
 * SDK bundled; lib/constructs/lambdaBundle.ts), arm64, Node 24, its own log group with the stage's
 * retention, and an explicit role holding only its log group and the table (plus whatever the caller
 * adds). Powertools is configured through the environment.
 *
 * No `--enable-source-maps`: Node would parse every source map at cold start (measured by `npm run
 * bench -- coldstart`); the error handler maps the stack of an unexpected error on demand instead
 * (shared/http/sourceMappedStack.ts).
 */
export class CairnFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: CairnFunctionProps) {
    super(scope, id);
    const { stage } = props;
    const functionName = `cairn-${stage.name}-${props.name}`;
    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
    });
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));

    this.fn = new LambdaFunction(this, 'Function', {
      functionName,
      description: props.description,
      code: lambdaBundleCode(props.entry, { renderReports: props.renderReports === true, apiDocs: props.apiDocs === true }),
      handler: 'index.handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb ?? 512,
      timeout: Duration.seconds(props.timeoutSeconds ?? 10),
      role: this.role,
      logGroup,
      environment: {
        STAGE: stage.name,
        TABLE_NAME: props.table.tableName,
        DEFAULT_TENANT_ID: stage.defaultTenantId,
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: `cairn-${props.name}`,
        POWERTOOLS_METRICS_NAMESPACE: 'Cairn',
        POWERTOOLS_LOG_LEVEL: stage.logLevel,
      },
    });
    props.table.grantReadWriteData(this.fn);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::${nagArnOf(this, props.table)}/index/*]`,
      reason: 'The only wildcard is `<table-arn>/index/*`, added by grantReadWriteData so the function can query the table\'s own GSIs.',
    });
  }
}
