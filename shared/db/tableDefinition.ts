/**
 * The single table's shape, declared once. CDK builds the production table from it (lib/constructs/
 * cairnTable.ts) and the local stack and test harness create DynamoDB Local's table from it, so the
 * key schema and indexes can never drift apart.
 */
export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
  /** The access patterns this index serves (docs/data-model.md). */
  purpose: string;
}

export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  /**
   * The table's change stream (issue 22): new images, read by the xAPI delivery (a stream Lambda in
   * AWS, the local stream poller under `npm start`). DynamoDB Local serves the same Streams API.
   */
  streamViewType: 'NEW_IMAGE',
  indexes: [
    {
      name: 'gsi1',
      partitionKey: 'gsi1pk',
      sortKey: 'gsi1sk',
      purpose: 'Inverted and secondary item collections inside a tenant (e.g. a course\'s learners, an entity by slug).',
    },
    {
      name: 'gsi2',
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
      purpose: 'Tenant-wide listings ordered by a sort value (e.g. catalog by created_at, leaderboards).',
    },
  ] satisfies IndexDefinition[],
} as const;

/** The CreateTable input DynamoDB Local gets; mirrors the CDK table (on-demand, same keys and indexes). */
export function createTableInput(tableName: string) {
  const attributeNames = [
    TABLE_DEFINITION.partitionKey,
    TABLE_DEFINITION.sortKey,
    ...TABLE_DEFINITION.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE_DEFINITION.streamViewType },
    AttributeDefinitions: attributeNames.map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: TABLE_DEFINITION.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
