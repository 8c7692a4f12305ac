import { resetRuntimeConfig } from '../../shared/config/runtimeConfig.js';
import { accountsApi as call } from '../support/accounts.js';

// A stage that registered no OAuth redirect URLs (CDK leaves OAUTH_* unset) answers 503, not 500.
describe('OAuth sign-in on a stage without OAuth', () => {
  const saved = process.env.OAUTH_DOMAIN;
  beforeAll(() => {
    delete process.env.OAUTH_DOMAIN;
    resetRuntimeConfig();
  });
  afterAll(() => {
    process.env.OAUTH_DOMAIN = saved;
    resetRuntimeConfig();
  });

  it('answers 503 SERVICE_UNAVAILABLE and stores no state', async () => {
    const response = await call({ method: 'POST', path: '/api/v1/auth/oauth/signin/', body: { provider: 'google', redirect_url: 'https://app.example.com/auth/callback' } });
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1 });
  });
});
