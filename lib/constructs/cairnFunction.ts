import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { StageConfig } from '../stageConfig.js';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

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
   * (pdfkit's built-in fonts are not in a bundle) and leaves vega's optional `canvas` import external.
   */
  renderReports?: boolean;
}

/** The TTFs a report-rendering bundle carries (shared/reports/reportPdf.ts REPORT_FONT_FILES). */
const REPORT_FONTS = ['400Regular/Inter_400Regular.ttf', '600SemiBold/Inter_600SemiBold.ttf'];

/**
 * Every Cairn Lambda: esbuild-bundled minified ESM with source maps (AWS SDK bundled), arm64, Node 24,
 * its own log group with the stage's retention, and an explicit role holding only its log group and
 * the table (plus whatever the caller adds). Powertools is configured through the environment.
 */
export class CairnFunction extends Construct {
  readonly fn: NodejsFunction;
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

    this.fn = new NodejsFunction(this, 'Function', {
      functionName,
      description: props.description,
      entry: join(projectRoot, props.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: join(projectRoot, 'package-lock.json'),
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
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        // Bundle the AWS SDK v3 too: pinned versions, smaller cold starts than the runtime's copy.
        // vega imports `canvas` only if present (it is not installed): keep that import out of the bundle.
        externalModules: props.renderReports ? ['canvas'] : [],
        ...(props.renderReports
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_inputDir: string, outputDir: string) => [
                  `mkdir -p "${outputDir}/fonts"`,
                  ...REPORT_FONTS.map((font) => `cp "${join(projectRoot, 'node_modules', '@expo-google-fonts', 'inter', font)}" "${outputDir}/fonts/"`),
                ],
              },
            }
          : {}),
        // Some CommonJS dependencies call require(); give the ESM bundle one.
        banner: "import { createRequire as __cairnCreateRequire } from 'node:module'; const require = __cairnCreateRequire(import.meta.url);",
      },
    });
    props.table.grantReadWriteData(this.fn);
    const tableLogicalId = Stack.of(this).getLogicalId(props.table.node.defaultChild as CfnElement);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
      reason: 'The only wildcard is `<table-arn>/index/*`, added by grantReadWriteData so the function can query the table\'s own GSIs.',
    });
  }
}
