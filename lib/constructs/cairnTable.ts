import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../../shared/db/tableDefinition.js';
import type { StageConfig } from '../stageConfig.js';

/**
 * The single DynamoDB table, built from shared/db/tableDefinition.ts (the same declaration the local
 * stack uses): on-demand, point-in-time recovery, TTL, AWS-managed encryption, generic GSIs, a
 * new-image stream (the xAPI delivery reads it); deletion
 * protection and retention by stage.
 */
export class CairnTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, stage: StageConfig) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      tableName: `cairn-${stage.name}`,
      partitionKey: { name: TABLE_DEFINITION.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_DEFINITION.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_DEFINITION.ttlAttribute,
      encryption: TableEncryption.AWS_MANAGED,
      stream: StreamViewType[TABLE_DEFINITION.streamViewType],
      deletionProtection: stage.deletionProtection,
      removalPolicy: stage.removalPolicy,
    });
    for (const index of TABLE_DEFINITION.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }
  }
}
