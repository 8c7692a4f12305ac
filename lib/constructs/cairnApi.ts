import { Duration, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Role } from 'aws-cdk-lib/aws-iam';
import { FunctionUrlAuthType, HttpMethod as LambdaHttpMethod, InvokeMode, type FunctionUrl, type Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { corsConfig } from '../../shared/http/corsConfig.js';
import { gatewayPath, type EndpointGroup, type RouteDefinition } from '../../shared/routes/types.js';
import type { StageConfig } from '../stageConfig.js';
import { CairnFunction } from './cairnFunction.js';

export interface CairnApiProps {
  stage: StageConfig;
  groups: readonly EndpointGroup[];
  routes: readonly RouteDefinition[];
  table: Table;
  /** Environment every group function gets (token verifier and Cognito pool settings). */
  environment: Record<string, string>;
  /** How to give a function each named extra permission a group may declare. */
  grants: Record<NonNullable<EndpointGroup['grants']>[number], (role: Role) => void>;
  /** Extra environment a function gets with a grant (the Bedrock model ids with `bedrock`). */
  grantEnvironments?: Partial<Record<NonNullable<EndpointGroup['grants']>[number], Record<string, string>>>;
}

/**
 * The HTTP API and its Lambdas, generated from the route table: one Lambda function per endpoint
 * group (esbuild, minified ESM with code splitting and source maps, arm64, Node 24, AWS SDK bundled) and one API route
 * per route-table entry. CORS and throttling by stage; JSON access logs to CloudWatch.
 */
export class CairnApi extends Construct {
  readonly api: HttpApi;
  readonly functions = new Map<string, LambdaFunction>();
  /** Function URLs of the groups that serve streamed routes (`transport: 'stream'`). */
  readonly streamUrls = new Map<string, FunctionUrl>();
  /**
   * The nested stack holding the API's routes and integrations (issue 22). One route per route-table
   * entry plus an integration per group is over 200 resources, and CloudFormation allows 500 per stack:
   * with them in the stage stack it reached 496 before the xAPI group. The API, its stage, the functions
   * and their invoke permissions stay in the stage stack; the routes reference them through parameters.
   */
  readonly routesStack: NestedStack;

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

    // HTTP APIs cannot stream: a streamed route is served by its group's Function URL in RESPONSE_STREAM
    // mode (auth NONE at the URL; the JWT is verified in the Lambda as on every route), not by the API.
    for (const route of props.routes.filter((r) => r.transport === 'stream')) {
      const fn = this.functions.get(route.group);
      if (!fn) throw new Error(`Route ${route.id} names unknown group "${route.group}"`);
      if (this.streamUrls.has(route.group)) continue;
      this.streamUrls.set(
        route.group,
        fn.addFunctionUrl({
          authType: FunctionUrlAuthType.NONE,
          invokeMode: InvokeMode.RESPONSE_STREAM,
          cors: { allowedOrigins: cors.allowOrigins, allowedMethods: [LambdaHttpMethod.GET], allowedHeaders: cors.allowHeaders, maxAge: Duration.seconds(cors.maxAgeSeconds) },
        }),
      );
    }

    this.routesStack = new NestedStack(this, 'Routes', { description: `Cairn ${stage.name}: the HTTP API's routes and Lambda integrations, from the route table` });
    // `gateway: 'catchAll'` routes have no API route: they arrive through `$default`, whose group serves them.
    const catchAllGroup = props.routes.find((r) => r.path === '$default')?.group;
    for (const route of props.routes.filter((r) => r.gateway === 'catchAll' && r.group !== catchAllGroup)) {
      throw new Error(`Route ${route.id} is served through the catch-all but its group "${route.group}" is not the catch-all's ("${catchAllGroup}")`);
    }
    for (const route of props.routes.filter((r) => r.transport !== 'stream' && r.gateway !== 'catchAll')) {
      const integration = integrations.get(route.group);
      if (!integration) throw new Error(`Route ${route.id} names unknown group "${route.group}"`);
      const routeKey = route.path === '$default' ? HttpRouteKey.DEFAULT : HttpRouteKey.with(gatewayPath(route.path), HttpMethod[route.method]);
      const httpRoute = new HttpRoute(this.routesStack, `Route-${route.id}`, { httpApi: this.api, routeKey, integration });
      Validations.of(httpRoute).acknowledge({
        id: 'AwsSolutions::AwsSolutions-APIG4',
        reason: 'Authorization is enforced inside the Lambda (aws-jwt-verify against Cognito, roles per route from the route table, DESIGN §6); public routes are public by contract.',
      });
    }
  }

  private groupFunction(group: EndpointGroup, props: CairnApiProps): LambdaFunction {
    const { fn, role } = new CairnFunction(this, group.name, {
      stage: props.stage,
      name: group.name,
      description: group.description,
      entry: `lambdas/${group.name}/handler.ts`,
      table: props.table,
      environment: { ...props.environment, ...Object.assign({}, ...(group.grants ?? []).map((grant) => props.grantEnvironments?.[grant] ?? {})) },
      ...(group.memoryMb ? { memoryMb: group.memoryMb } : {}),
      ...(group.timeoutSeconds ? { timeoutSeconds: group.timeoutSeconds } : {}),
      ...(group.grants?.some((g) => g === 'reportsBucket' || g === 'documentFiles') ? { renderReports: true } : {}),
      ...(group.bundlesApiDocs ? { apiDocs: true } : {}),
    });
    for (const grant of group.grants ?? []) props.grants[grant](role);
    return fn;
  }
}

/** Stack-level helper: the region-qualified URL of the API. */
export function apiUrl(api: HttpApi): string {
  return `https://${api.apiId}.execute-api.${Stack.of(api).region}.${Stack.of(api).urlSuffix}/`;
}
