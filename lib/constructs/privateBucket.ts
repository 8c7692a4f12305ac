import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type BucketProps } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/**
 * A private bucket as every Cairn bucket is made (reports, media): public access blocked, SSL only,
 * S3-managed encryption, owner-enforced objects, unversioned, and server access logs to a bucket of its
 * own (`AccessLogs`, same settings, logs expired after `accessLogDays`). cdk-nag's S1 does not ask a
 * log-destination bucket to log its own access (it would recurse). `props` add the lifecycle rules, CORS.
 */
export function privateBucketWithAccessLogs(
  scope: Construct,
  id: string,
  options: { removalPolicy: RemovalPolicy; accessLogDays: number; accessLogPrefix: string },
  props: Pick<BucketProps, 'lifecycleRules' | 'cors'>,
): Bucket {
  const accessLogs = new Bucket(scope, 'AccessLogs', {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    encryption: BucketEncryption.S3_MANAGED,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
    removalPolicy: options.removalPolicy,
    lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(options.accessLogDays) }],
  });
  return new Bucket(scope, id, {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    encryption: BucketEncryption.S3_MANAGED,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: false,
    removalPolicy: options.removalPolicy,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: options.accessLogPrefix,
    ...props,
  });
}
