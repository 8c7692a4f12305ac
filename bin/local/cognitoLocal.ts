import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { PASSWORD_POLICY } from '../../shared/identity/passwordPolicy.js';

/**
 * A local Cognito (the `cognito-local` package) running in this process: the same AWS SDK calls the
 * account service makes in AWS (SignUp, InitiateAuth, RevokeToken, …) answered offline. Its
 * PreTokenGeneration trigger calls our real trigger handler in-process, standing in for Lambda.
 * Tokens are signed with cognito-local's key; its JWKS is handed to the verifier inline.
 */
const require = createRequire(import.meta.url);

export interface LocalCognito {
  endpoint: string;
  issuer: string;
  userPoolId: string;
  clientId: string;
  jwks: { keys: Record<string, unknown>[] };
  stop(): Promise<void>;
}

export type TriggerHandler = (event: unknown) => Promise<unknown>;

export const LOCAL_POOL_NAME = 'cairn-local';
export const LOCAL_CREDENTIALS = { accessKeyId: 'cairnlocal', secretAccessKey: 'cairnlocal' };

export async function startLocalCognito(options: {
  port: number;
  dataDir: string;
  preTokenGeneration: TriggerHandler;
  /** App redirect URLs registered for the hosted-UI (OAuth) flow. */
  callbackUrls: string[];
}): Promise<LocalCognito> {
  mkdirSync(options.dataDir, { recursive: true });
  const pino = require('pino') as (options: { level: string }) => unknown;
  const services = require('cognito-local/lib/services') as Record<string, new (...args: unknown[]) => unknown>;
  const { CognitoServiceFactoryImpl } = require('cognito-local/lib/services/cognitoService');
  const { StormDBDataStoreFactory } = require('cognito-local/lib/services/dataStore/stormDb');
  const { ConsoleMessageSender } = require('cognito-local/lib/services/messageDelivery/consoleMessageSender');
  const { MessageDeliveryService } = require('cognito-local/lib/services/messageDelivery/messageDelivery');
  const { otp } = require('cognito-local/lib/services/otp');
  const { JwtTokenGenerator } = require('cognito-local/lib/services/tokenGenerator');
  const { UserPoolServiceFactoryImpl } = require('cognito-local/lib/services/userPoolService');
  const { CryptoService } = require('cognito-local/lib/services/crypto');
  const { Router } = require('cognito-local/lib/server/Router');
  const { createServer } = require('cognito-local/lib/server/server');
  const publicKey = require('cognito-local/lib/keys/cognitoLocal.public.json') as { jwk: Record<string, unknown> };

  const logger = pino({ level: process.env.COGNITO_LOCAL_LOG_LEVEL ?? 'silent' });
  const ctx = { logger };
  const issuerDomain = `http://localhost:${options.port}`;
  const config = {
    LambdaClient: { credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, region: 'local' },
    TriggerFunctions: { PreTokenGeneration: 'cairn-pre-token-generation' },
    UserPoolDefaults: { UsernameAttributes: ['email'] },
    TokenConfig: { IssuerDomain: issuerDomain },
    KMSConfig: { credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, region: 'local' },
    ServerConfig: { port: options.port, hostname: '127.0.0.1', development: false, https: false },
  };
  // Stands in for the Lambda service: cognito-local calls `invoke(...).promise()` (AWS SDK v2 style).
  const lambdaClient = {
    invoke: (params: { Payload: string }) => ({
      promise: async () => {
        try {
          const result = await options.preTokenGeneration(JSON.parse(params.Payload));
          return { StatusCode: 200, Payload: JSON.stringify(result) };
        } catch (err) {
          return { StatusCode: 200, FunctionError: 'Unhandled', Payload: JSON.stringify({ errorMessage: (err as Error).message }) };
        }
      },
    }),
  };
  const clock = new services.DateClock!();
  const dataStoreFactory = new StormDBDataStoreFactory(options.dataDir);
  const cognitoServiceFactory = new CognitoServiceFactoryImpl(options.dataDir, dataStoreFactory, new UserPoolServiceFactoryImpl(clock, dataStoreFactory));
  const cognitoClient = await cognitoServiceFactory.create(ctx, config.UserPoolDefaults);
  const triggers = new services.TriggersService!(clock, cognitoClient, new services.LambdaService!(config.TriggerFunctions, lambdaClient), new CryptoService(config.KMSConfig));
  const serviceSet = {
    clock,
    cognito: cognitoClient,
    config,
    messages: new services.MessagesService!(triggers, new MessageDeliveryService(new ConsoleMessageSender())),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, triggers, config.TokenConfig),
    triggers,
  };
  const server = createServer(Router(serviceSet), logger, config.ServerConfig, serviceSet) as { start(): Promise<Server> };
  const httpServer = await server.start();
  const endpoint = `http://127.0.0.1:${options.port}`;

  const sdk = new CognitoIdentityProviderClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  const pools = await sdk.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((pool) => pool.Name === LOCAL_POOL_NAME)?.Id;
  if (!userPoolId) {
    const created = await sdk.send(
      new CreateUserPoolCommand({
        PoolName: LOCAL_POOL_NAME,
        UsernameAttributes: ['email'],
        Policies: {
          PasswordPolicy: {
            MinimumLength: PASSWORD_POLICY.minLength,
            RequireLowercase: PASSWORD_POLICY.requireLowercase,
            RequireUppercase: PASSWORD_POLICY.requireUppercase,
            RequireNumbers: PASSWORD_POLICY.requireDigits,
            RequireSymbols: PASSWORD_POLICY.requireSymbols,
          },
        },
      }),
    );
    userPoolId = created.UserPool?.Id;
  }
  if (!userPoolId) throw new Error('cognito-local did not create a user pool');
  const clients = await sdk.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
  // The client's name carries its callback URLs, so changed URLs get a fresh client in kept local data.
  const clientName = `${LOCAL_POOL_NAME}-app-${Buffer.from(options.callbackUrls.join(',')).toString('base64url').slice(0, 40)}`;
  let clientId = clients.UserPoolClients?.find((client) => client.ClientName === clientName)?.ClientId;
  if (!clientId) {
    const created = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: clientName,
        CallbackURLs: options.callbackUrls,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        AllowedOAuthFlowsUserPoolClient: true,
        SupportedIdentityProviders: ['COGNITO'],
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AccessTokenValidity: 1,
        IdTokenValidity: 1,
        RefreshTokenValidity: 30,
        TokenValidityUnits: { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' },
        EnableTokenRevocation: true,
      }),
    );
    clientId = created.UserPoolClient?.ClientId;
  }
  if (!clientId) throw new Error('cognito-local did not create an app client');
  sdk.destroy();

  return {
    endpoint,
    issuer: `${issuerDomain}/${userPoolId}`,
    userPoolId,
    clientId,
    jwks: { keys: [publicKey.jwk] },
    stop: () =>
      new Promise<void>((resolve) => {
        httpServer.closeAllConnections?.();
        httpServer.close(() => resolve());
      }),
  };
}

/**
 * The environment that points the account service and the token verifier at a local Cognito, with
 * the dev token issuer (`npm run token`, the tests' tokens) trusted beside it — locally only.
 */
export function localAuthEnvironment(
  cognito: LocalCognito,
  devIssuer: { issuer: string; audience: string; jwks: unknown },
  callbackUrls: string[],
): Record<string, string> {
  return {
    // The local hosted UI (cognito-local's /oauth2 pages) stands in for every OAuth provider.
    OAUTH_DOMAIN: cognito.endpoint,
    OAUTH_REDIRECT_URLS: callbackUrls.join(','),
    OAUTH_PROVIDERS: 'google,facebook,apple,amazon',
    COGNITO_USER_POOL_ID: cognito.userPoolId,
    COGNITO_CLIENT_ID: cognito.clientId,
    COGNITO_ENDPOINT: cognito.endpoint,
    AUTH_ISSUER: cognito.issuer,
    AUTH_AUDIENCE: cognito.clientId,
    AUTH_JWKS_JSON: JSON.stringify(cognito.jwks),
    AUTH_EXTRA_ISSUERS: JSON.stringify([{ issuer: devIssuer.issuer, audience: devIssuer.audience, jwksJson: JSON.stringify(devIssuer.jwks) }]),
  };
}

/** Redirect URLs the local app client accepts (a typical dev frontend and the API's own origin). */
export function localCallbackUrls(apiPort: number): string[] {
  return ['http://localhost:5173/auth/callback', `http://localhost:${apiPort}/auth/callback`];
}
