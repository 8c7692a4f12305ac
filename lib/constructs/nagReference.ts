import { type CfnElement, Names, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * How cdk-nag names the ARN of `target` in a policy of `consumer`: `<LogicalId.Arn>` in the same stack,
 * `<referenceto<unique id of the target's resource>Arn>` (the parameter CDK passes) from a nested stack. cdk-nag
 * acknowledgements name the exact resource, so grants declared once work in either place.
 */
export function nagArnOf(consumer: IConstruct, target: IConstruct): string {
  const targetStack = Stack.of(target);
  const resource = target.node.defaultChild as CfnElement;
  if (Stack.of(consumer) === targetStack) return `<${targetStack.getLogicalId(resource)}.Arn>`;
  return `<referenceto${Names.uniqueId(resource)}Arn>`;
}
