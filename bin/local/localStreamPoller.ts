import { DescribeTableCommand, DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type GetRecordsCommandOutput, type _Record } from '@aws-sdk/client-dynamodb-streams';
import { TABLE_DEFINITION } from '../../shared/db/tableDefinition.js';

/**
 * The table's stream read locally (issue 22): DynamoDB Local serves the DynamoDB Streams API, so the
 * local stack feeds the xAPI delivery from the same change stream a Lambda event source mapping reads
 * in AWS. Like the event source, it delivers at least once: a batch whose handler throws is read again
 * from the same iterator on the next round; closed shards are dropped and new ones picked up from
 * their start. A table created before the stream existed gets it enabled here.
 */
export interface StreamPollerOptions {
  endpoint: string;
  tableName: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Where the shards open at start are read from: everything retained, or only what comes next. */
  startAt: 'TRIM_HORIZON' | 'LATEST';
  onRecords: (records: _Record[]) => Promise<void>;
  /** Pause between rounds of `start()`. */
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

export interface StreamPoller {
  /** One round over every shard; the number of records handed to `onRecords`. */
  pollOnce(): Promise<number>;
  /** Polls every `intervalMs` until `stop()`. */
  start(): void;
  stop(): Promise<void>;
}

export async function createStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const config = { endpoint: options.endpoint, region: options.region, credentials: options.credentials };
  const dynamo = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  let described = await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
  if (!described.Table?.StreamSpecification?.StreamEnabled) {
    await dynamo.send(new UpdateTableCommand({ TableName: options.tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE_DEFINITION.streamViewType } }));
    described = await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
  }
  const streamArn = described.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${options.tableName} has no stream`);

  /** Shard id → the iterator to read next (null once the shard is closed and read to its end). */
  const iterators = new Map<string, string | null>();
  let first = true;

  async function discover(): Promise<void> {
    let start: string | undefined;
    do {
      const page = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }));
      for (const shard of page.StreamDescription?.Shards ?? []) {
        if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
        const type = first ? options.startAt : 'TRIM_HORIZON';
        const got = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: type }));
        iterators.set(shard.ShardId, got.ShardIterator ?? null);
      }
      start = page.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    first = false;
  }

  await discover();

  async function pollOnce(): Promise<number> {
    await discover();
    let count = 0;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      let current: string | null = iterator;
      // Read the shard up to its present end (a page may be empty while more follows).
      for (let page = 0; current && page < 50; page++) {
        const result: GetRecordsCommandOutput = await streams.send(new GetRecordsCommand({ ShardIterator: current, Limit: 1000 }));
        const records = result.Records ?? [];
        if (records.length > 0) {
          await options.onRecords(records);
          count += records.length;
        }
        current = result.NextShardIterator ?? null;
        iterators.set(shardId, current);
        if (records.length === 0) break;
      }
    }
    return count;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const loop = () => {
    if (stopped) return;
    running = pollOnce()
      .catch((error) => options.onError?.(error))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, options.intervalMs ?? 1000);
      });
  };

  return {
    pollOnce,
    start: loop,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      dynamo.destroy();
      streams.destroy();
    },
  };
}
