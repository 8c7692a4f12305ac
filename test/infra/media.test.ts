import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { stageConfig } from '../../lib/stageConfig.js';
import { synthStage } from './synth.js';

/**
 * Media (issue 18) as deployed: the media bucket (public access blocked, TLS only, encrypted,
 * access-logged, abandoned multipart uploads aborted, CORS for browser uploads), access for the media
 * and content functions only, the ffmpeg layer as a stage setting, and cdk-nag clean.
 */
const prod = synthStage('prod', { nag: true, context: { corsOrigins: 'https://app.example.com' } });
const template = prod.template();

interface Statement {
  Action: string | string[];
  Effect: string;
  Resource: unknown;
}

const mediaBucketId = (t = template): string => {
  const ids = Object.keys(t.findResources('AWS::S3::Bucket', { Properties: { LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'abort-incomplete-multipart-uploads' })]) } } }));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

describe('media storage (CDK)', () => {
  it('blocks public access, encrypts, logs access and aborts incomplete multipart uploads after a day', () => {
    const bucket = template.toJSON().Resources[mediaBucketId()].Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.LoggingConfiguration.DestinationBucketName).toBeDefined();
    expect(bucket.LifecycleConfiguration.Rules).toEqual([{ Id: 'abort-incomplete-multipart-uploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }]);
    expect(bucket.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
  });

  it('lets the stage\'s web origins PUT and GET and read the ETag (CORS)', () => {
    const bucket = template.toJSON().Resources[mediaBucketId()].Properties;
    expect(bucket.CorsConfiguration.CorsRules).toEqual([{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT', 'GET', 'HEAD'], AllowedHeaders: ['*'], ExposedHeaders: ['ETag'], MaxAge: 3000 }]);
  });

  it('accepts only TLS requests', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: mediaBucketId() },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('grants the media bucket to the media and content functions only, object actions only', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const roleOfFunction = new Map(Object.values(functions).map((f) => [(f as { Properties: { Role: { 'Fn::GetAtt': [string] } } }).Properties.Role['Fn::GetAtt'][0], (f as { Properties: { FunctionName: string } }).Properties.FunctionName]));
    const users: string[] = [];
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      const p = policy as { Properties: { PolicyDocument: { Statement: Statement[] }; Roles: { Ref: string }[] } };
      const onMedia = p.Properties.PolicyDocument.Statement.filter((s) => JSON.stringify(s.Resource).includes(mediaBucketId()));
      for (const s of onMedia) expect([s.Action].flat().sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
      if (onMedia.length > 0) for (const role of p.Properties.Roles) users.push(roleOfFunction.get(role.Ref) ?? role.Ref);
    }
    expect(users.sort()).toEqual(['cairn-prod-content', 'cairn-prod-media']);
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'cairn-prod-media', Environment: { Variables: Match.objectLike({ MEDIA_BUCKET: { Ref: mediaBucketId() }, MEDIA_PLAYBACK_TTL_SECONDS: '300', MEDIA_PROBE: 'off' }) } });
  });

  it('adds the ffmpeg layer to the media functions when the stage names one', () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:layer:ffmpeg-arm64:3';
    const withLayer = synthStage('staging', { context: { ffmpegLayerArn: arn } }).template();
    for (const name of ['cairn-staging-media', 'cairn-staging-content']) {
      withLayer.hasResourceProperties('AWS::Lambda::Function', { FunctionName: name, Layers: [arn], Environment: { Variables: Match.objectLike({ FFPROBE_PATH: '/opt/bin/ffprobe', FFMPEG_PATH: '/opt/bin/ffmpeg' }) } });
    }
    const others = Object.values(withLayer.findResources('AWS::Lambda::Function')).filter((f) => JSON.stringify(f).includes(arn));
    expect(others).toHaveLength(2);
    expect(() => stageConfig('prod', { ffmpegLayerArn: 'not-an-arn' })).toThrow('ffmpegLayerArn');
  });

  it('gives no function anything that could widen the fetcher (no allowlist setting exists)', () => {
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      const variables = Object.keys((fn as { Properties: { Environment?: { Variables?: Record<string, unknown> } } }).Properties.Environment?.Variables ?? {});
      expect(variables.filter((v) => /ALLOW|SSRF|JEST/i.test(v))).toEqual([]);
    }
  });

  it('is clean of cdk-nag for the media bucket and its functions', () => {
    expect(prod.synthError).toBeUndefined();
    const report = JSON.parse(readFileSync(join(prod.outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { pluginName: string; violations: { ruleName: string; resourcePath?: string }[] }[] };
    const plugin = report.pluginReports.find((p) => p.pluginName === 'AwsSolutions')!;
    expect(plugin.violations).toEqual([]);
  });
});
