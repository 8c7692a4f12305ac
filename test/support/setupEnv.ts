// Per-worker environment defaults: quiet Powertools output unless a developer asks for it.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_DEV ??= 'false';
// Integration figures (issue 20) are flushed by a DynamoDB call every 30 s per container when deployed;
// in tests only explicitly (flushIntegrationFigures), so no request budget depends on the clock.
process.env.INTEGRATION_FIGURES_FLUSH_SECONDS ??= 'off';
