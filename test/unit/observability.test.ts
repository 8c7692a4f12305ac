import { createLogger, emfRecord } from '../../shared/http/observability.js';

describe('structured logs', () => {
  const withLevel = (level: string | undefined, run: () => void) => {
    const saved = process.env.POWERTOOLS_LOG_LEVEL;
    if (level === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
    else process.env.POWERTOOLS_LOG_LEVEL = level;
    try {
      run();
    } finally {
      if (saved === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
      else process.env.POWERTOOLS_LOG_LEVEL = saved;
    }
  };

  it('writes one JSON line per record with the Powertools keys first, then the fields', () => {
    const lines: string[] = [];
    withLevel('INFO', () => createLogger({ serviceName: 'cairn-test', write: (line) => lines.push(line) }).info('request completed', { route: 'catalog.listCourses', status: 200 }));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(record)).toEqual(['level', 'message', 'timestamp', 'service', 'sampling_rate', 'route', 'status']);
    expect(record).toMatchObject({ level: 'INFO', message: 'request completed', service: 'cairn-test', sampling_rate: 0, route: 'catalog.listCourses', status: 200 });
    expect(new Date(record.timestamp as string).toISOString()).toBe(record.timestamp);
  });

  it('drops records under POWERTOOLS_LOG_LEVEL and writes nothing when SILENT', () => {
    const lines: string[] = [];
    withLevel('WARN', () => {
      const log = createLogger({ serviceName: 's', write: (line) => lines.push(line) });
      log.info('no');
      log.warn('yes');
      log.error('also');
    });
    withLevel('SILENT', () => createLogger({ serviceName: 's', write: (line) => lines.push(line) }).error('never'));
    expect(lines.map((line) => (JSON.parse(line) as { message: string }).message)).toEqual(['yes', 'also']);
  });

  it('serializes an error field with its name, message, stack and cause', () => {
    const lines: string[] = [];
    const error = new Error('outer', { cause: new TypeError('inner') });
    withLevel(undefined, () => createLogger({ serviceName: 's', write: (line) => lines.push(line) }).error('failed', { error }));
    const logged = (JSON.parse(lines[0]!) as { error: { name: string; message: string; stack: string; cause: { name: string; message: string } } }).error;
    expect(logged.name).toBe('Error');
    expect(logged.message).toBe('outer');
    expect(logged.stack).toContain('outer');
    expect(logged.cause).toMatchObject({ name: 'TypeError', message: 'inner' });
  });
});

describe('embedded metric format', () => {
  it('puts every metric of a request in one record, dimensioned by service and route', () => {
    const line = emfRecord({ namespace: 'Cairn', service: 'cairn-prod-catalog', dimensions: { route: 'catalog.getCourse' }, metrics: { Latency: ['Milliseconds', 12.5], DynamoDBRequests: ['Count', 2], Successes: ['Count', 1] }, timestamp: 1_700_000_000_000 });
    expect(JSON.parse(line)).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'Cairn',
            Dimensions: [['service', 'route']],
            Metrics: [
              { Name: 'Latency', Unit: 'Milliseconds' },
              { Name: 'DynamoDBRequests', Unit: 'Count' },
              { Name: 'Successes', Unit: 'Count' },
            ],
          },
        ],
      },
      service: 'cairn-prod-catalog',
      route: 'catalog.getCourse',
      Latency: 12.5,
      DynamoDBRequests: 2,
      Successes: 1,
    });
  });
});
