import { Match } from 'aws-cdk-lib/assertions';
import { TABLE_DEFINITION } from '../../shared/db/tableDefinition.js';
import { PIPELINE_TASKS } from '../../shared/analytics/pipelineTasks.js';
import { SAGA_TASKS } from '../../shared/enrollment/sagaTasks.js';
import { JOB_SCHEDULES } from '../../shared/jobs/schedules.js';
import { ENDPOINT_GROUPS, ROUTES } from '../../shared/routes/routeTable.js';
import { routeKeyOf } from '../../shared/routes/types.js';
import { synthStage } from './synth.js';

const prodStage = synthStage('prod');
const prod = prodStage.template();
const dev = synthStage('dev').template();

describe('CDK stack', () => {
  it('has exactly one Lambda per endpoint group, per saga task, per analytics pipeline task and per scheduled job, plus the Cognito trigger and the report worker', () => {
    const functions = prod.findResources('AWS::Lambda::Function');
    const names = Object.values(functions).map((f) => (f as { Properties: { FunctionName: string } }).Properties.FunctionName);
    expect(names.sort()).toEqual(
      [
        ...ENDPOINT_GROUPS.map((g) => `cairn-prod-${g.name}`),
        ...Object.values(SAGA_TASKS).map((t) => `cairn-prod-saga-${t.file}`),
        ...Object.values(PIPELINE_TASKS).map((t) => `cairn-prod-analytics-${t.file}`),
        ...JOB_SCHEDULES.map((j) => `cairn-prod-job-${j.name}`),
        'cairn-prod-pre-token-generation',
        'cairn-prod-report-worker',
        'cairn-prod-xapi-delivery',
      ].sort(),
    );
  });

  it('attaches the claims trigger to the user pool and lets only sign-up confirm accounts', () => {
    prod.hasResourceProperties('AWS::Cognito::UserPool', { LambdaConfig: { PreTokenGeneration: Match.anyValue() } });
    const policies = Object.values(prod.findResources('AWS::IAM::Policy')).map((p) => JSON.stringify(p));
    const confirming = policies.filter((p) => p.includes('cognito-idp:AdminConfirmSignUp'));
    expect(confirming).toHaveLength(1);
    expect(confirming[0]).toMatch(/identityRole/);
  });

  it('keeps the stage stack and the routes\' nested stack under CloudFormation\'s 500 resources each', () => {
    const count = (t: typeof prod) => Object.keys(t.toJSON().Resources).length;
    expect(count(prod)).toBeLessThanOrEqual(500);
    expect(count(prodStage.routesTemplate())).toBeLessThanOrEqual(500);
  });

  it("has exactly one API route per route-table entry, with the same route keys (streamed routes are served by a Function URL, the reference page's arrive through $default)", () => {
    // The routes live in the API's nested stack (CloudFormation's 500 resources per stack; lib/constructs/cairnApi.ts).
    expect(prod.findResources('AWS::ApiGatewayV2::Route')).toEqual({});
    const routes = prodStage.routesTemplate().findResources('AWS::ApiGatewayV2::Route');
    const keys = Object.values(routes).map((r) => (r as { Properties: { RouteKey: string } }).Properties.RouteKey);
    expect(keys.sort()).toEqual(ROUTES.filter((r) => r.transport !== 'stream' && r.gateway !== 'catchAll').map(routeKeyOf).sort());
  });

  it('runs functions on arm64 and the latest Node runtime with the table and verifier configured', () => {
    prod.allResourcesProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Architectures: ['arm64'] });
    prod.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'cairn-prod-identity',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: Match.anyValue(),
          AUTH_ISSUER: Match.anyValue(),
          AUTH_JWKS_URI: Match.anyValue(),
          AUTH_AUDIENCE: Match.anyValue(),
          POWERTOOLS_SERVICE_NAME: Match.stringLikeRegexp('^cairn-'),
          POWERTOOLS_METRICS_NAMESPACE: 'Cairn',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          COGNITO_USER_POOL_ID: Match.anyValue(),
          COGNITO_CLIENT_ID: Match.anyValue(),
        }),
      },
    });
  });

  it('builds the single table from the shared definition: on-demand, PITR, TTL, encryption, GSIs', () => {
    prod.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: TABLE_DEFINITION.ttlAttribute, Enabled: true },
      SSESpecification: { SSEEnabled: true },
      GlobalSecondaryIndexes: TABLE_DEFINITION.indexes.map((index) =>
        Match.objectLike({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
        }),
      ),
    });
  });

  it('protects prod data and lets dev be torn down', () => {
    prod.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ DeletionProtectionEnabled: true }) });
    dev.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ DeletionProtectionEnabled: false }) });
    prod.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
  });

  it('sets log retention by stage on every log group', () => {
    prod.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    dev.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  it('throttles the stage, writes JSON access logs and configures CORS', () => {
    prod.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 2000, ThrottlingBurstLimit: 4000 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"') },
    });
    prod.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowHeaders: Match.arrayWith(['authorization', 'x-community-id']) }),
    });
  });

  it('configures hosted-UI OAuth only where the stage registers app redirect URLs', () => {
    dev.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    dev.hasResourceProperties('AWS::Cognito::UserPoolClient', { AllowedOAuthFlows: ['code'], CallbackURLs: ['http://localhost:5173/auth/callback'] });
    dev.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'cairn-dev-identity', Environment: { Variables: Match.objectLike({ OAUTH_DOMAIN: Match.anyValue(), OAUTH_REDIRECT_URLS: 'http://localhost:5173/auth/callback' }) } });
    prod.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
    const configured = synthStage('prod', { context: { oauthCallbackUrls: 'https://app.example.com/auth/callback', oauthProviders: 'google' } }).template();
    configured.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'cairn-prod-identity', Environment: { Variables: Match.objectLike({ OAUTH_PROVIDERS: 'google' }) } });
  });

  it('grants each API function one API-scoped invoke permission, not one per route', () => {
    // Created with the integrations, in the routes' nested stack.
    const permissions = Object.values(prodStage.routesTemplate().findResources('AWS::Lambda::Permission')).map((p) => (p as { Properties: { Principal: string } }).Properties.Principal);
    // A group whose only routes stream (chatStream) is invoked through its Function URL, not by the API.
    const apiGroups = ENDPOINT_GROUPS.filter((g) => ROUTES.some((r) => r.group === g.name && r.transport !== 'stream'));
    expect(permissions.filter((principal) => principal === 'apigateway.amazonaws.com')).toHaveLength(apiGroups.length);
  });

  it('has a Cognito user pool with a password policy and an app client with revocable refresh tokens', () => {
    prod.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
    });
    prod.hasResourceProperties('AWS::Cognito::UserPoolClient', { EnableTokenRevocation: true, GenerateSecret: false });
  });
});
