import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * Powertools logger and metrics, one instance per Lambda (module scope). Service name, log level and
 * namespace come from POWERTOOLS_* variables set by CDK; locally and in tests the same variables apply
 * (POWERTOOLS_METRICS_DISABLED keeps EMF lines off the console there).
 *
 * Per-request fields (request id, route) are passed on each log call rather than appended to the
 * shared logger, because the local server runs concurrent requests in one process.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'cairn' });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Cairn',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'cairn',
});

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

/** Emits the per-request metrics: latency and DynamoDB requests, by route. */
export function publishRequestMetrics(routeId: string, statusCode: number, durationMs: number, dynamoDbRequests: number): void {
  const single = metrics.singleMetric();
  single.addDimension('route', routeId);
  single.addMetric('Latency', MetricUnit.Milliseconds, durationMs);
  single.addMetric('DynamoDBRequests', MetricUnit.Count, dynamoDbRequests);
  single.addMetric(statusCode >= 500 ? 'ServerErrors' : statusCode >= 400 ? 'ClientErrors' : 'Successes', MetricUnit.Count, 1);
}
