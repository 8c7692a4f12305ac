import type * as Sdk from '@aws-sdk/lib-dynamodb';

/**
 * The DynamoDB document commands Cairn sends (issue 17): the same names, inputs and outputs as
 * `@aws-sdk/lib-dynamodb` (its types are reused, so code reads exactly as with the SDK), sent by the
 * light client in lightDynamoDb.ts instead of the SDK's middleware stack. A command only carries its
 * operation name and its input; the client marshals the native values on the way out and unmarshals
 * them on the way back, with `@aws-sdk/util-dynamodb`, the functions lib-dynamodb itself uses.
 */
export type Operation =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'Scan'
  | 'BatchGetItem'
  | 'BatchWriteItem'
  | 'TransactWriteItems'
  | 'TransactGetItems';

export abstract class DocumentCommand<Input extends object, Output extends object> {
  /** Phantom: lets `send` infer the output type. Never set. */
  declare readonly outputShape?: Output;
  abstract readonly operation: Operation;
  constructor(readonly input: Input) {}
}

export class GetCommand extends DocumentCommand<Sdk.GetCommandInput, Sdk.GetCommandOutput> {
  readonly operation = 'GetItem';
}
export class PutCommand extends DocumentCommand<Sdk.PutCommandInput, Sdk.PutCommandOutput> {
  readonly operation = 'PutItem';
}
export class UpdateCommand extends DocumentCommand<Sdk.UpdateCommandInput, Sdk.UpdateCommandOutput> {
  readonly operation = 'UpdateItem';
}
export class DeleteCommand extends DocumentCommand<Sdk.DeleteCommandInput, Sdk.DeleteCommandOutput> {
  readonly operation = 'DeleteItem';
}
export class QueryCommand extends DocumentCommand<Sdk.QueryCommandInput, Sdk.QueryCommandOutput> {
  readonly operation = 'Query';
}
export class ScanCommand extends DocumentCommand<Sdk.ScanCommandInput, Sdk.ScanCommandOutput> {
  readonly operation = 'Scan';
}
export class BatchGetCommand extends DocumentCommand<Sdk.BatchGetCommandInput, Sdk.BatchGetCommandOutput> {
  readonly operation = 'BatchGetItem';
}
export class BatchWriteCommand extends DocumentCommand<Sdk.BatchWriteCommandInput, Sdk.BatchWriteCommandOutput> {
  readonly operation = 'BatchWriteItem';
}
export class TransactWriteCommand extends DocumentCommand<Sdk.TransactWriteCommandInput, Sdk.TransactWriteCommandOutput> {
  readonly operation = 'TransactWriteItems';
}
export class TransactGetCommand extends DocumentCommand<Sdk.TransactGetCommandInput, Sdk.TransactGetCommandOutput> {
  readonly operation = 'TransactGetItems';
}

export type {
  BatchGetCommandInput,
  BatchGetCommandOutput,
  BatchWriteCommandInput,
  BatchWriteCommandOutput,
  DeleteCommandInput,
  DeleteCommandOutput,
  GetCommandInput,
  GetCommandOutput,
  PutCommandInput,
  PutCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  TransactGetCommandInput,
  TransactGetCommandOutput,
  TransactWriteCommandInput,
  TransactWriteCommandOutput,
  UpdateCommandInput,
  UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
