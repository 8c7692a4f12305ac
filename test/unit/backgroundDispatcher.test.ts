import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { backgroundChannel, inProcessDispatcher, LambdaDispatcher } from '../../shared/aws/backgroundDispatcher.js';
import { ServiceUnavailableError } from '../../shared/http/errors.js';
import { inProcessReportDispatcher } from '../../shared/reports/reportDispatcher.js';

// The one background-job dispatcher that reports and data exports share (issues 19 and 20). The Lambda
// invoke cannot run here: aws-sdk-client-mock stands in for the Lambda service.

interface Job {
  id: string;
}

describe('background dispatcher', () => {
  it('invokes the worker Lambda asynchronously with the job as its JSON payload', async () => {
    const client = new LambdaClient({ region: 'us-east-1' });
    const lambda = mockClient(client);
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    await new LambdaDispatcher<Job>('cairn-test-worker', client).dispatch({ id: 'j1' });
    const calls = lambda.commandCalls(InvokeCommand).map((c) => ({ ...c.args[0].input, Payload: Buffer.from(c.args[0].input.Payload as Uint8Array).toString('utf8') }));
    expect(calls).toEqual([{ FunctionName: 'cairn-test-worker', InvocationType: 'Event', Payload: '{"id":"j1"}' }]);
  });

  it('a channel answers the installed dispatcher, else the configured worker, else 503', () => {
    const env = 'CAIRN_TEST_WORKER_FUNCTION';
    delete process.env[env];
    const channel = backgroundChannel<Job>({ functionEnv: env, unavailable: 'No test worker' });
    expect(() => channel.current()).toThrow(ServiceUnavailableError);
    const local = inProcessDispatcher<Job>(async () => undefined);
    channel.install(local);
    expect(channel.current()).toBe(local);
    channel.install(undefined);
    process.env[env] = 'cairn-test-worker';
    try {
      expect(channel.current().kind).toBe('lambda');
    } finally {
      delete process.env[env];
    }
  });

  it('in process: runs jobs after dispatch returns, idle() waits for all, and a failure goes to onFailure without rejecting', async () => {
    const ran: string[] = [];
    const failures: string[] = [];
    const dispatcher = inProcessDispatcher<Job>(
      async (job) => {
        if (job.id === 'bad') throw new Error('boom');
        ran.push(job.id);
      },
      (job, err) => failures.push(`${job.id}:${(err as Error).message}`),
    );
    await dispatcher.dispatch({ id: 'a' });
    await dispatcher.dispatch({ id: 'bad' });
    expect(ran).toEqual([]);
    await dispatcher.idle();
    expect(ran).toEqual(['a']);
    expect(failures).toEqual(['bad:boom']);
  });

  it('the report channel logs a failed report with its id', async () => {
    const lines: string[] = [];
    const dispatcher = inProcessReportDispatcher(async () => Promise.reject(new Error('no data')), (line) => lines.push(line));
    await dispatcher.dispatch({ tenantId: 't1', reportId: 'rep-1' });
    await dispatcher.idle();
    expect(lines).toEqual(['cairn: background report rep-1 failed: no data']);
  });
});
