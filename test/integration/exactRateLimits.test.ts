import { handler as identityHandler } from '../../lambdas/identity/handler.js';
import { createProgressHandler } from '../../lambdas/progress/handler.js';
import { RATE_CLASSES } from '../../shared/routes/rateClasses.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { member } from '../support/progress.js';
import { uniqueTenant } from '../support/tokens.js';

// Issue 17: the cheaper limiter keeps the seeds' exact limits. Seed 001's chapter limit (30 / min per
// user) and the login limit (10 / min per client) hold exactly under 20 concurrent calls, one
// UpdateItem each. The bodies are invalid on purpose: validation runs after the limiter, so admitted
// calls answer 400 without writing and refused ones 429.
const statusCounts = (statuses: number[]) => statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

describe('exact rate limits under concurrency', () => {
  it('seed 001 chapter updates: exactly 30 of 40 admitted over two bursts of 20 concurrent calls', async () => {
    const { limit } = RATE_CLASSES['tutorial-chapter'];
    const clock = Date.UTC(2031, 5, 1, 8, 0, 5); // one whole window for both bursts
    const call = httpClient(ROUTES, { progress: createProgressHandler({ now: () => clock }) });
    const learner = member(uniqueTenant('exact'));
    const burst = () =>
      Promise.all(Array.from({ length: 20 }, () => call({ method: 'POST', path: '/v1/tutorials/progress/tut-exact/chapter', token: learner.token, body: {} })));
    const first = await burst();
    const second = await burst();
    const all = [...first, ...second];
    expect(statusCounts(all.map((r) => r.status))).toEqual({ 400: limit, 429: 40 - limit });
    expect(first.every((r) => r.status === 400)).toBe(true);
    for (const response of all) expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1 });
  });

  it('login: exactly 10 of 20 concurrent calls from one client admitted', async () => {
    const { limit } = RATE_CLASSES.auth;
    // The identity group runs on the real clock: keep the burst inside one minute.
    const secondsLeft = 60 - (Math.floor(Date.now() / 1000) % 60);
    if (secondsLeft < 5) await new Promise((resolve) => setTimeout(resolve, secondsLeft * 1000 + 100));
    const call = httpClient(ROUTES, { identity: identityHandler });
    const sourceIp = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const responses = await Promise.all(Array.from({ length: 20 }, () => call({ method: 'POST', path: '/api/v1/auth/login', body: {}, sourceIp })));
    expect(statusCounts(responses.map((r) => r.status))).toEqual({ 400: limit, 429: 20 - limit });
    for (const response of responses) expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1 });
  });
});
