// Per-worker environment defaults: quiet Powertools output unless a developer asks for it.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_DEV ??= 'false';
