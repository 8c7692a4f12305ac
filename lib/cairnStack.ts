import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { EndpointGroup, RouteDefinition } from '../shared/routes/types.js';
import { CairnApi, apiUrl } from './constructs/cairnApi.js';
import { CairnAuth } from './constructs/cairnAuth.js';
import { CairnTable } from './constructs/cairnTable.js';
import type { StageConfig } from './stageConfig.js';

export interface CairnStackProps extends StackProps {
  stage: StageConfig;
  groups: readonly EndpointGroup[];
  routes: readonly RouteDefinition[];
}

/** One stack per stage: table, Cognito, HTTP API and its functions. */
export class CairnStack extends Stack {
  readonly table: CairnTable;
  readonly auth: CairnAuth;
  readonly api: CairnApi;

  constructor(scope: Construct, id: string, props: CairnStackProps) {
    super(scope, id, props);
    Tags.of(this).add('project', 'cairn');
    Tags.of(this).add('stage', props.stage.name);

    this.table = new CairnTable(this, 'Data', props.stage);
    this.auth = new CairnAuth(this, 'Auth', props.stage);
    this.api = new CairnApi(this, 'Api', {
      stage: props.stage,
      groups: props.groups,
      routes: props.routes,
      table: this.table.table,
      authEnvironment: this.auth.verifierEnvironment(),
    });

    new CfnOutput(this, 'ApiUrl', { value: apiUrl(this.api.api) });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
  }
}
