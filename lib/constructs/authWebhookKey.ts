import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Function as LambdaFunction, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { StageConfig } from '../stageConfig.js';

/**
 * The stage key that encrypts tenants' account-webhook signing secrets in the table (issue 20;
 * shared/authWebhooks/webhookSecretStore.ts). A Secrets Manager secret whose random value
 * CloudFormation generates at the first deploy, so no key is ever in a template or typed by an
 * operator; only the authWebhooks function reads it. The per-tenant secrets themselves are items, not
 * Secrets Manager secrets: they are set at run time by org admins, one per tenant, and a secret per
 * tenant would cost a Secrets Manager secret each and need create/put rights in the Lambda.
 */
export class AuthWebhookKey extends Construct {
  readonly key: Secret;

  constructor(scope: Construct, id: string, props: { stage: StageConfig }) {
    super(scope, id);
    this.key = new Secret(this, 'SigningSecretsKey', {
      secretName: `cairn/${props.stage.name}/auth-webhook/encryption-key`,
      description: `Key material that encrypts tenants' account-webhook signing secrets for Cairn ${props.stage.name}`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      // Losing it makes every tenant's stored signing secret undecryptable: keep it in prod.
      removalPolicy: props.stage.name === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.key).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason: 'Rotating this key needs re-encrypting every tenant\'s stored signing secret (a migration, not a Secrets Manager rotation Lambda); tenants rotate their own signing secrets through PUT /api/v1/auth/webhooks/auth/secret/.',
    });
  }

  /** Gives a function the variable shared/authWebhooks/secretEncryptionKey.ts reads and read access to the key. */
  bindTo(fn: IFunction): void {
    if (!(fn instanceof LambdaFunction)) return;
    fn.addEnvironment('AUTH_WEBHOOK_KEY_SECRET_ID', this.key.secretArn);
    this.key.grantRead(fn);
  }
}
