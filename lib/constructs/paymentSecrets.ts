import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Function as LambdaFunction, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { StageConfig } from '../stageConfig.js';

/**
 * The stage's Stripe secrets in AWS Secrets Manager: the secret API key and the webhook endpoint's
 * signing secret. CDK creates them with a placeholder value (never a real key in a template); the
 * operator puts the real values in after the first deploy (`aws secretsmanager put-secret-value`).
 * `bindTo` gives a function the variables shared/payments/paymentConfig.ts reads and read access to
 * exactly these two secrets; the function caches the values per cold start.
 */
export class PaymentSecrets extends Construct {
  readonly apiKey: Secret;
  readonly webhookSecret: Secret;

  constructor(scope: Construct, id: string, props: { stage: StageConfig }) {
    super(scope, id);
    const retain = props.stage.name === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.apiKey = new Secret(this, 'StripeApiKey', {
      secretName: `cairn/${props.stage.name}/stripe/api-key`,
      description: `Stripe secret API key (sk_…) for Cairn ${props.stage.name}; set after deploy`,
      removalPolicy: retain,
    });
    this.webhookSecret = new Secret(this, 'StripeWebhookSecret', {
      secretName: `cairn/${props.stage.name}/stripe/webhook-secret`,
      description: `Stripe webhook signing secret (whsec_…) for Cairn ${props.stage.name}; set after deploy`,
      removalPolicy: retain,
    });
    for (const secret of [this.apiKey, this.webhookSecret]) {
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions::AwsSolutions-SMG4',
        reason: 'Stripe keys and webhook secrets are rolled in the Stripe dashboard (Stripe issues them); a Secrets Manager rotation Lambda cannot create them. The new value is put here and picked up by new Lambda instances.',
      });
    }
  }

  /** Configures a function to take payments through Stripe with these secrets (imported functions are skipped). */
  bindTo(fn: IFunction): void {
    if (!(fn instanceof LambdaFunction)) return;
    fn.addEnvironment('PAYMENT_PROVIDER', 'stripe');
    fn.addEnvironment('STRIPE_API_KEY_SECRET_ID', this.apiKey.secretArn);
    fn.addEnvironment('STRIPE_WEBHOOK_SECRET_ID', this.webhookSecret.secretArn);
    this.apiKey.grantRead(fn);
    this.webhookSecret.grantRead(fn);
  }

  /** The integration probe (issue 20): Stripe's API key only (it reads the balance), never the webhook secret. */
  bindApiKeyTo(fn: IFunction): void {
    if (!(fn instanceof LambdaFunction)) return;
    fn.addEnvironment('PAYMENT_PROVIDER', 'stripe');
    fn.addEnvironment('STRIPE_API_KEY_SECRET_ID', this.apiKey.secretArn);
    this.apiKey.grantRead(fn);
  }
}
