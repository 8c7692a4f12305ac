/**
 * Structured logs and CloudWatch metrics, one instance per Lambda (module scope), written as JSON lines
 * to stdout: the log records Powertools for AWS Lambda writes (`level`, `message`, `timestamp`,
 * `service`, `sampling_rate`, `xray_trace_id`, then the call's fields) and metrics in CloudWatch's
 * Embedded Metric Format, configured by the same POWERTOOLS_* variables CDK sets (service name, log
 * level, namespace, POWERTOOLS_METRICS_DISABLED, which keeps EMF lines off the console locally and in
 * tests).
 *
 * Why not the Powertools packages themselves (issue 17): Cairn used three of their calls (log at a
 * level, one EMF record per request), and the logger and metrics packages with their commons and a
 * `node:console` instance were ~32 KB of every bundle and ~10 % of a saga task's cold-start work.
 * Logs and metrics land in CloudWatch exactly as before, except that a request's three metrics now share
 * one EMF record instead of three.
 *
 * Per-request fields (request id, route) are passed on each log call rather than appended to the
 * shared logger, because the local server runs concurrent requests in one process.
 */

const LEVELS = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type LevelName = keyof typeof LEVELS;

function levelFromEnv(): number {
  const name = (process.env.POWERTOOLS_LOG_LEVEL ?? process.env.AWS_LAMBDA_LOG_LEVEL ?? 'INFO').toUpperCase();
  return name in LEVELS ? LEVELS[name as LevelName] : LEVELS.INFO;
}

/** An Error as a JSON field (Powertools' shape): name, message, stack, cause and own fields. */
function errorField(error: Error): Record<string, unknown> {
  const fields: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  if (error.cause !== undefined) fields.cause = error.cause instanceof Error ? errorField(error.cause) : error.cause;
  for (const [key, value] of Object.entries(error)) if (!(key in fields)) fields[key] = value;
  return fields;
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return errorField(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export interface Logger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** A JSON-lines logger; the level and service are read when it is created. */
export function createLogger(options: { serviceName: string; write?: (line: string) => void }): Logger {
  const threshold = levelFromEnv();
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const log = (level: 'INFO' | 'WARN' | 'ERROR', message: string, extra?: Record<string, unknown>) => {
    if (LEVELS[level] < threshold) return;
    const record = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: options.serviceName,
      sampling_rate: 0,
      xray_trace_id: process.env._X_AMZN_TRACE_ID?.match(/Root=([^;]+)/)?.[1],
      ...extra,
    };
    write(`${JSON.stringify(record, replacer)}\n`);
  };
  return {
    info: (message, extra) => log('INFO', message, extra),
    warn: (message, extra) => log('WARN', message, extra),
    error: (message, extra) => log('ERROR', message, extra),
  };
}

export const logger = createLogger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'cairn' });

export interface RequestLog {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** A logger bound to one request's id and route. */
export function requestLog(requestId: string, routeId: string): RequestLog {
  return {
    info: (message, extra) => logger.info(message, { requestId, route: routeId, ...extra }),
    warn: (message, extra) => logger.warn(message, { requestId, route: routeId, ...extra }),
    error: (message, extra) => logger.error(message, { requestId, route: routeId, ...extra }),
  };
}

/**
 * One Embedded Metric Format record: the metrics (name → [unit, value]) under `namespace`, dimensioned
 * by service and the given dimensions. CloudWatch extracts the metrics from the log line.
 */
export function emfRecord(options: { namespace: string; service: string; dimensions: Record<string, string>; metrics: Record<string, readonly [unit: string, value: number]>; timestamp?: number }): string {
  const dimensions = { service: options.service, ...options.dimensions };
  const record: Record<string, unknown> = {
    _aws: {
      Timestamp: options.timestamp ?? Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: options.namespace,
          Dimensions: [Object.keys(dimensions)],
          Metrics: Object.entries(options.metrics).map(([Name, [Unit]]) => ({ Name, Unit })),
        },
      ],
    },
    ...dimensions,
  };
  for (const [name, [, value]] of Object.entries(options.metrics)) record[name] = value;
  return `${JSON.stringify(record)}\n`;
}

const metricsDisabled = (): boolean => (process.env.POWERTOOLS_METRICS_DISABLED ?? '').toLowerCase() === 'true';

/** Emits the per-request metrics: latency and DynamoDB requests, by route (one EMF record). */
export function publishRequestMetrics(routeId: string, statusCode: number, durationMs: number, dynamoDbRequests: number): void {
  if (metricsDisabled()) return;
  process.stdout.write(
    emfRecord({
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Cairn',
      service: process.env.POWERTOOLS_SERVICE_NAME ?? 'cairn',
      dimensions: { route: routeId },
      metrics: {
        Latency: ['Milliseconds', durationMs],
        DynamoDBRequests: ['Count', dynamoDbRequests],
        [statusCode >= 500 ? 'ServerErrors' : statusCode >= 400 ? 'ClientErrors' : 'Successes']: ['Count', 1],
      },
    }),
  );
}
