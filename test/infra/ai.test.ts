import { synthStage } from './synth.js';

/**
 * The AI assistant as deployed (issue 19): Bedrock permissions limited to InvokeModel and
 * InvokeModelWithResponseStream on the stage's configured model ARNs, only on the AI functions; the
 * SSE route served by a streaming Function URL instead of an HTTP API route; model ids per stage.
 */
const prod = synthStage('prod', { nag: true });
const template = prod.template().toJSON() as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>; Outputs: Record<string, unknown> };

interface Statement {
  Action: string | string[];
  Resource: unknown;
}

const resources = (type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);
const fnByName = (name: string) => resources('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === `cairn-prod-${name}`);
const statements = () =>
  resources('AWS::IAM::Policy').flatMap(([id, r]) => ((r.Properties.PolicyDocument as { Statement: Statement[] }).Statement ?? []).map((s) => ({ id, roles: r.Properties.Roles, ...s })));

const arn = (model: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:bedrock:us-east-1::foundation-model/${model}`]] });

describe('AI assistant (CDK)', () => {
  it('synthesizes prod with cdk-nag and no unacknowledged finding', () => {
    expect(prod.synthError).toBeUndefined();
  });

  it('allows only bedrock:InvokeModel and InvokeModelWithResponseStream on the configured models', () => {
    const bedrock = statements().filter((s) => [s.Action].flat().some((a) => a.startsWith('bedrock:')));
    expect(bedrock.length).toBe(4); // assistant, chat, chatStream, and integration's Bedrock probe (issue 20)
    for (const statement of bedrock) {
      expect([statement.Action].flat().sort()).toEqual(['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream']);
      expect(statement.Resource).toEqual([arn('amazon.nova-pro-v1:0'), arn('amazon.nova-lite-v1:0'), arn('amazon.titan-embed-text-v2:0')]);
    }
    const withBedrock = new Set(bedrock.flatMap((s) => (s.roles as { Ref: string }[]).map((r) => r.Ref)));
    const roleOf = (name: string) => (fnByName(name)![1].Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    expect(new Set(['assistant', 'chat', 'chatStream', 'integration'].map(roleOf))).toEqual(withBedrock);
    expect(withBedrock.has(roleOf('catalog'))).toBe(false);
  });

  it('gives the AI functions the stage\'s model ids and nobody else', () => {
    const env = (name: string) => (fnByName(name)![1].Properties.Environment as { Variables: Record<string, string> }).Variables;
    expect(env('chat')).toMatchObject({ AI_PROVIDER: 'bedrock', AI_MODEL_ID: 'amazon.nova-pro-v1:0', AI_FALLBACK_MODEL_ID: 'amazon.nova-lite-v1:0', AI_EMBEDDING_MODEL_ID: 'amazon.titan-embed-text-v2:0', AI_EMBEDDING_DIMENSIONS: '256' });
    expect(env('catalog').AI_PROVIDER).toBeUndefined();
    const dev = synthStage('dev').template().toJSON() as typeof template;
    const devChat = Object.values(dev.Resources).find((r) => r.Properties?.FunctionName === 'cairn-dev-chat')!;
    expect((devChat.Properties.Environment as { Variables: Record<string, string> }).Variables).toMatchObject({ AI_MODEL_ID: 'amazon.nova-lite-v1:0', AI_FALLBACK_MODEL_ID: 'amazon.nova-micro-v1:0' });
  });

  it('serves the SSE route from a RESPONSE_STREAM Function URL, not from the HTTP API', () => {
    const urls = resources('AWS::Lambda::Url');
    expect(urls).toHaveLength(1);
    const [, url] = urls[0]!;
    expect(url.Properties).toMatchObject({ AuthType: 'NONE', InvokeMode: 'RESPONSE_STREAM' });
    expect((url.Properties.TargetFunctionArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]).toBe(fnByName('chatStream')![0]);
    const routes = prod.routesTemplate().toJSON() as typeof template;
    const routeKeys = Object.values(routes.Resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route').map((r) => r.Properties.RouteKey);
    expect(routeKeys).not.toContain('GET /api/chat/{course_id}/stream');
    expect(routeKeys).toEqual(expect.arrayContaining(['POST /api/chat/{course_id}/message', 'GET /api/memory/retrieve', 'POST /api/v1/ai-assistant/chat/send']));
    expect(Object.keys(template.Outputs)).toContain('chatStreamStreamUrl');
  });
});
