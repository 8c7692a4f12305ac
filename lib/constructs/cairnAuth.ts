import { Duration, Validations } from 'aws-cdk-lib';
import { AccountRecovery, CfnUserPoolGroup, FeaturePlan, Mfa, OAuthScope, UserPool, type UserPoolClient, type UserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { PLATFORM_OPERATORS_GROUP } from '../../shared/identity/tokenClaims.js';
import type { StageConfig } from '../stageConfig.js';

/**
 * Cognito user pool and app client. Tokens are verified inside the Lambdas with aws-jwt-verify
 * (issuer + JWKS + client id from this construct); tenant and role claims are added by the
 * pre-token-generation trigger that the identity work attaches to this pool.
 */
export class CairnAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly hostedUi: UserPoolDomain | undefined;
  private readonly oauth: StageConfig['oauth'];

  constructor(scope: Construct, id: string, stage: StageConfig) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `cairn-${stage.name}`,
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: stage.deletionProtection,
      removalPolicy: stage.removalPolicy,
    });
    this.client = this.userPool.addClient('AppClient', {
      userPoolClientName: `cairn-${stage.name}-app`,
      authFlows: { userPassword: true, userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: stage.accessTokenValidity,
      idTokenValidity: stage.accessTokenValidity,
      refreshTokenValidity: stage.refreshTokenValidity,
      ...(stage.oauth.callbackUrls.length > 0
        ? { oAuth: { flows: { authorizationCodeGrant: true }, scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE], callbackUrls: stage.oauth.callbackUrls } }
        : {}),
    });
    if (stage.oauth.callbackUrls.length > 0) {
      this.hostedUi = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: stage.oauth.domainPrefix } });
    }
    this.oauth = stage.oauth;
    // Platform operators (issue 20): membership is granted by an AWS administrator
    // (`aws cognito-idp admin-add-user-to-group`), never by a tenant route; the pre-token-generation
    // trigger turns it into the `cairn:platform` claim. See docs/api.md "Platform operators".
    new CfnUserPoolGroup(this, 'PlatformOperators', {
      userPoolId: this.userPool.userPoolId,
      groupName: PLATFORM_OPERATORS_GROUP,
      description: 'Cairn platform operators: integration health, circuit breakers and metrics across every tenant',
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions::AwsSolutions-COG2',
      reason: 'MFA is optional (TOTP) by product decision: learners of public course sites sign up without a second factor; a tenant can require it for its org admins.',
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions::AwsSolutions-COG8',
      reason: 'The Plus feature plan (threat protection) is a per-MAU cost decision still open; the Essentials plan is used, sign-in routes are rate limited per client in the API, and MFA (TOTP) is available.',
    });
  }

  /** What the API functions are configured with: the token verifier and the account service's pool. */
  functionEnvironment(): Record<string, string> {
    const issuer = this.userPool.userPoolProviderUrl;
    return {
      AUTH_ISSUER: issuer,
      AUTH_JWKS_URI: `${issuer}/.well-known/jwks.json`,
      AUTH_AUDIENCE: this.client.userPoolClientId,
      COGNITO_USER_POOL_ID: this.userPool.userPoolId,
      COGNITO_CLIENT_ID: this.client.userPoolClientId,
      ...(this.hostedUi
        ? { OAUTH_DOMAIN: this.hostedUi.baseUrl(), OAUTH_REDIRECT_URLS: this.oauth.callbackUrls.join(','), OAUTH_PROVIDERS: this.oauth.providers.join(',') }
        : {}),
    };
  }

  /** The integration probe reads the pool's description (a harmless call that proves Cognito answers). */
  grantDescribe(role: IGrantable): void {
    this.userPool.grant(role, 'cognito-idp:DescribeUserPool');
  }

  /** Sign-up confirms the account it just created (the seeds' sign-up returns tokens at once). */
  grantSignUpConfirmation(role: IGrantable): void {
    this.userPool.grant(role, 'cognito-idp:AdminConfirmSignUp');
  }

  /** Lets the erasure workflow delete a user (issue 20), on this pool only. */
  grantUserDeletion(role: IGrantable): void {
    this.userPool.grant(role, 'cognito-idp:AdminDeleteUser');
  }
}
