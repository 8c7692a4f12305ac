import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { type Function as LambdaFunction, type ILayerVersion, LayerVersion } from 'aws-cdk-lib/aws-lambda';
import { type Bucket, HttpMethods } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DEFAULT_PLAYBACK_TTL_SECONDS } from '../../shared/media/mediaBucket.js';
import type { StageConfig } from '../stageConfig.js';
import { nagArnOf } from './nagReference.js';
import { privateBucketWithAccessLogs } from './privateBucket.js';

export interface MediaStorageProps {
  stage: StageConfig;
}

/**
 * Media (issue 18): the bucket browsers upload lesson videos and course files to, straight through
 * presigned URLs, and its access-log bucket.
 *   browser ──presigned PUT / UploadPart──> media bucket <──HeadObject, GetObject, CompleteMultipartUpload── media, content functions
 *   learner ──presigned GET (5 min)──> media bucket
 * Public access is blocked, only TLS is accepted, objects are encrypted (SSE-S3), access is logged.
 * CORS lets the stage's web origins PUT and GET and read the ETag (multipart `complete` needs each
 * part's). Abandoned multipart uploads are aborted after a day by a lifecycle rule; the upload session
 * item expires by DynamoDB TTL. Only functions passed to `bindFunction` may read or write objects.
 */
export class MediaStorage extends Construct {
  readonly bucket: Bucket;
  private ffmpegLayer: ILayerVersion | undefined;

  constructor(scope: Construct, id: string, private readonly props: MediaStorageProps) {
    super(scope, id);
    const { stage } = props;
    this.bucket = privateBucketWithAccessLogs(this, 'Media', { removalPolicy: stage.removalPolicy, accessLogDays: 90, accessLogPrefix: 'media/' }, {
      lifecycleRules: [{ id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      cors: [
        {
          allowedOrigins: stage.corsOrigins,
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
    });
  }

  /**
   * Lets one function use the bucket: PutObject (presigned PUTs and parts, CreateMultipartUpload and
   * CompleteMultipartUpload are all PutObject), GetObject (HeadObject, probing, presigned GETs) and
   * DeleteObject (an upload that is not what was declared). No List, no bucket-level action. Adds the
   * ffmpeg layer when the stage names one; without it the function records video durations as null.
   */
  bindFunction(fn: LambdaFunction, role: Role): void {
    role.addToPolicy(new PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], resources: [this.bucket.arnForObjects('*')] }));
    fn.addEnvironment('MEDIA_BUCKET', this.bucket.bucketName);
    fn.addEnvironment('MEDIA_PLAYBACK_TTL_SECONDS', String(DEFAULT_PLAYBACK_TTL_SECONDS));
    const layerArn = this.props.stage.ffmpegLayerArn;
    if (layerArn) {
      this.ffmpegLayer ??= LayerVersion.fromLayerVersionArn(this, 'FfmpegLayer', layerArn);
      fn.addLayers(this.ffmpegLayer);
      fn.addEnvironment('FFPROBE_PATH', '/opt/bin/ffprobe');
      fn.addEnvironment('FFMPEG_PATH', '/opt/bin/ffmpeg');
    } else {
      fn.addEnvironment('MEDIA_PROBE', 'off');
    }
    Validations.of(role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::${nagArnOf(role, this.bucket)}/*]`,
      reason: 'Media objects live under tenant-led keys (`<tenant>/media/<id>/…`) created at run time, so the grant names the media bucket\'s objects; it allows only PutObject, GetObject and DeleteObject.',
    });
  }
}
