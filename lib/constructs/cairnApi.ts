import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { corsConfig } from '../../shared/http/corsConfig.js';
import type { EndpointGroup, RouteDefinition } from '../../shared/routes/types.js';
import type { StageConfig } from '../stageConfig.js';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CairnApiProps {
  stage: StageConfig;
  groups: readonly EndpointGroup[];
  routes: readonly RouteDefinition[];
  table: Table;
  authEnvironment: Record<string, string>;
}

/**
 * The HTTP API and its Lambdas, generated from the route table: one NodejsFunction per endpoint
 * group (esbuild, minified ESM with source maps, arm64, Node 24, AWS SDK bundled) and one API route
 * per route-table entry. CORS and throttling by stage; JSON access logs to CloudWatch.
 */
export class CairnApi extends Construct {
  readonly api: HttpApi;
  readonly functions = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: CairnApiProps) {
    super(scope, id);
    const { stage } = props;
    const cors = corsConfig(stage.corsOrigins);

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `cairn-${stage.name}`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: cors.allowOrigins,
        allowMethods: cors.allowMethods.map((m) => CorsHttpMethod[m as keyof typeof CorsHttpMethod]),
        allowHeaders: cors.allowHeaders,
        exposeHeaders: cors.exposeHeaders,
        allowCredentials: cors.allowCredentials,
        maxAge: Duration.seconds(cors.maxAgeSeconds),
      },
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/cairn/${stage.name}/api-access`,
      retention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: stage.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTimeEpoch',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            responseLength: '$context.responseLength',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });

    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const group of props.groups) {
      const fn = this.groupFunction(group, props);
      this.functions.set(group.name, fn);
      // One API-scoped invoke permission per function instead of one per route (resource-policy size).
      integrations.set(group.name, new HttpLambdaIntegration(`${group.name}-integration`, fn, { scopePermissionToRoute: false }));
    }

    for (const route of props.routes) {
      const integration = integrations.get(route.group);
      if (!integration) throw new Error(`Route ${route.id} names unknown group "${route.group}"`);
      const routeKey = route.path === '$default' ? HttpRouteKey.DEFAULT : HttpRouteKey.with(route.path, HttpMethod[route.method]);
      const httpRoute = new HttpRoute(this, `Route-${route.id}`, { httpApi: this.api, routeKey, integration });
      Validations.of(httpRoute).acknowledge({
        id: 'AwsSolutions::AwsSolutions-APIG4',
        reason: 'Authorization is enforced inside the Lambda (aws-jwt-verify against Cognito, roles per route from the route table, DESIGN §6); public routes are public by contract.',
      });
    }
  }

  private groupFunction(group: EndpointGroup, props: CairnApiProps): NodejsFunction {
    const { stage } = props;
    const name = `cairn-${stage.name}-${group.name}`;
    const logGroup = new LogGroup(this, `${group.name}-logs`, {
      logGroupName: `/aws/lambda/${name}`,
      retention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
    });
    // An explicit role with only what the function needs: its own log group and the table.
    const role = new Role(this, `${group.name}-role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));

    const fn = new NodejsFunction(this, `${group.name}-function`, {
      functionName: name,
      description: group.description,
      entry: join(projectRoot, 'lambdas', group.name, 'handler.ts'),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: join(projectRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: group.memoryMb ?? 512,
      timeout: Duration.seconds(group.timeoutSeconds ?? 10),
      role,
      logGroup,
      environment: {
        STAGE: stage.name,
        TABLE_NAME: props.table.tableName,
        DEFAULT_TENANT_ID: stage.defaultTenantId,
        ...props.authEnvironment,
        POWERTOOLS_SERVICE_NAME: `cairn-${group.name}`,
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
        externalModules: [],
        // Some CommonJS dependencies call require(); give the ESM bundle one.
        banner: "import { createRequire as __cairnCreateRequire } from 'node:module'; const require = __cairnCreateRequire(import.meta.url);",
      },
    });
    props.table.grantReadWriteData(fn);
    const tableLogicalId = Stack.of(this).getLogicalId(props.table.node.defaultChild as CfnElement);
    Validations.of(role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
      reason: 'The only wildcard is `<table-arn>/index/*`, added by grantReadWriteData so the function can query the table\'s own GSIs.',
    });
    return fn;
  }
}

/** Stack-level helper: the region-qualified URL of the API. */
export function apiUrl(api: HttpApi): string {
  return `https://${api.apiId}.execute-api.${Stack.of(api).region}.${Stack.of(api).urlSuffix}/`;
}
