import { STRONG_PASSWORD, accountsApi as call, claimsOf, registerAccount, uniqueEmail } from '../support/accounts.js';

describe('sign-up validation', () => {
  it.each([
    ['a weak password', { password: 'short' }, 'body.password'],
    ['a password without a symbol', { password: 'Abcdefghijk1' }, 'body.password'],
    ['a bad email', { email: 'not-an-email' }, 'body.email'],
    ['a bad time zone', { timezone: 'Mars/Olympus' }, 'body.timezone'],
    ['an offset instead of a time zone', { timezone: '+02:00' }, 'body.timezone'],
    ['an unknown field', { roles: ['org_admin'] }, 'body.roles'],
  ])('refuses %s with 400 naming the field', async (_label, override, field) => {
    const response = await call({ method: 'POST', path: '/auth/register', body: { email: uniqueEmail(), password: STRONG_PASSWORD, ...override } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(response.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('refuses a duplicate sign-up with 409 in both sign-up contracts', async () => {
    const email = uniqueEmail('dup');
    expect((await call({ method: 'POST', path: '/auth/register', body: { email, password: STRONG_PASSWORD } })).status).toBe(201);
    const again004 = await call({ method: 'POST', path: '/auth/register', body: { email, password: STRONG_PASSWORD } });
    expect(again004.status).toBe(409);
    expect(again004.body.error.code).toBe('CONFLICT');
    const again002 = await call({ method: 'POST', path: '/api/v1/auth/signup/', body: { email: email.toUpperCase(), password: STRONG_PASSWORD, full_name: 'X' } });
    expect(again002.status).toBe(409);
    expect(again002.body.status).toBe('error');
  });

  it('costs three DynamoDB requests in the API function: rate limit, invitations, one transaction', async () => {
    const response = await call({ method: 'POST', path: '/auth/register', body: { email: uniqueEmail('budget'), password: STRONG_PASSWORD } });
    expect(response.status).toBe(201);
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, QueryCommand: 1, TransactWriteItemsCommand: 1 });
  });

  it('makes a new account a learner of the default tenant, in its token claims', async () => {
    const account = await registerAccount('claims');
    expect(claimsOf(account.token)).toMatchObject({ sub: account.userId, 'cairn:tenant': 'public', 'cairn:roles': 'learner' });
  });
});

describe('sign-in', () => {
  it('answers a wrong password with 401 in each contract\'s code', async () => {
    const { email } = await registerAccount('wrongpw');
    const s002 = await call({ method: 'POST', path: '/api/v1/auth/signin/', body: { email, password: 'Wrong-Password-1' } });
    expect([s002.status, s002.body.error.code]).toEqual([401, 'AUTH_INVALID_CREDENTIALS']);
    const s003 = await call({ method: 'POST', path: '/api/v1/auth/login', body: { email, password: 'Wrong-Password-1' } });
    expect([s003.status, s003.body.error.code]).toEqual([401, 'UNAUTHORIZED']);
    const s004 = await call({ method: 'POST', path: '/auth/login', body: { email, password: 'Wrong-Password-1' } });
    expect([s004.status, s004.body.error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
  });

  it('answers an unknown account exactly like a wrong password', async () => {
    const response = await call({ method: 'POST', path: '/auth/login', body: { email: uniqueEmail('nobody'), password: STRONG_PASSWORD } });
    expect([response.status, response.body.error.code, response.body.error.message]).toEqual([401, 'INVALID_CREDENTIALS', 'Invalid email or password']);
  });

  it('refuses the 11th sign-in attempt in a minute from one client with 429 (auth rate class)', async () => {
    const { email } = await registerAccount('ratelimit');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const response = await call({ method: 'POST', path: '/auth/login', body: { email, password: 'Wrong-Password-1' }, sourceIp: '192.0.2.77' });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
  });
});

describe('profile and preferences', () => {
  it('updates only the allowed fields and refuses roles, tenant and email_verified', async () => {
    const { token } = await registerAccount('prof');
    for (const forbidden of [{ roles: ['org_admin'] }, { tenant: 'other' }, { email_verified: true }, { email: 'x@y.z' }]) {
      const r002 = await call({ method: 'PUT', path: '/api/v1/auth/profile/update/', token, body: { full_name: 'Fine', ...forbidden } });
      expect(r002.status).toBe(400);
      const r004 = await call({ method: 'PUT', path: '/api/users/profile', token, body: { firstName: 'Fine', ...forbidden } });
      expect(r004.status).toBe(400);
    }
    const profile = await call({ method: 'GET', path: '/api/users/profile', token });
    expect(profile.body.data.firstName).toBeNull();
  });

  it('keeps the 002 and 004 views of the name in step', async () => {
    const { token } = await registerAccount('names', { firstName: 'Ada' });
    await call({ method: 'PUT', path: '/api/v1/auth/profile/update/', token, body: { full_name: 'Ada King Lovelace', bio: 'Analyst' } });
    const p004 = await call({ method: 'GET', path: '/api/users/profile', token });
    expect(p004.body.data).toMatchObject({ firstName: 'Ada', lastName: 'King Lovelace', bio: 'Analyst' });
    await call({ method: 'PUT', path: '/api/users/profile', token, body: { lastName: 'Byron' } });
    const p002 = await call({ method: 'GET', path: '/api/v1/auth/profile/', token });
    expect(p002.body.full_name).toBe('Ada Byron');
  });

  it('merges nested preference updates and validates them', async () => {
    const { token } = await registerAccount('prefs');
    const bad = await call({ method: 'PUT', path: '/api/users/preferences', token, body: { reminderSettings: { time: '25:00' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('body.reminderSettings.time');
    await call({ method: 'PUT', path: '/api/users/preferences', token, body: { reminderSettings: { enabled: true, time: '07:30' } } });
    const updated = await call({ method: 'PUT', path: '/api/users/preferences', token, body: { reminderSettings: { days: ['mon', 'wed'] } } });
    expect(updated.body.data.reminderSettings).toEqual({ enabled: true, time: '07:30', days: ['mon', 'wed'] });
    const me = await call({ method: 'GET', path: '/api/v1/auth/me', token });
    expect(me.body.data.preferences).toEqual({ leaderboardPrivacy: 'public', predictiveAnalyticsEnabled: true });
  });

  it('costs one rate-limit update and one read for GET profile (one Query of the profile and its AI usage item)', async () => {
    const { token } = await registerAccount('budget');
    const response = await call({ method: 'GET', path: '/api/users/profile', token });
    expect(response.dynamoDbByCommand).toEqual({ QueryCommand: 1 });
  });

  it('refuses profile routes without a token and answers only the caller\'s own profile', async () => {
    expect((await call({ method: 'GET', path: '/api/users/profile' })).status).toBe(401);
    const alice = await registerAccount('alice');
    const bob = await registerAccount('bob');
    const asBob = await call({ method: 'GET', path: '/api/users/profile', token: bob.token });
    expect(asBob.body.data.id).toBe(bob.userId);
    expect(asBob.body.data.id).not.toBe(alice.userId);
  });
});
