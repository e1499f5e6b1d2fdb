/**
 * CloudFormation adapter: reads the outputs of the stacks deployed from infra/, for
 * `mysfits-dr init --from-stacks`. Only DescribeStacks is used.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { drError } from '../core/errors.js';
import { clientConfig, type AwsSettings } from './clients.js';
import { toDrError } from './errors.js';

/** The outputs of one deployed stack, by output key. */
export interface StackOutputs {
  stackName: string;
  region: string;
  outputs: Record<string, string>;
}

/** Reads one stack's outputs; throws STACK_NOT_FOUND (exit 2) when it does not exist. */
export async function describeStackOutputs(
  settings: AwsSettings,
  region: string,
  stackName: string,
): Promise<StackOutputs> {
  const client = new CloudFormationClient(clientConfig('CLOUDFORMATION', region, settings));
  try {
    const result = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = result.Stacks?.[0];
    const outputs = Object.fromEntries(
      (stack?.Outputs ?? []).flatMap((o) =>
        o.OutputKey && o.OutputValue !== undefined ? [[o.OutputKey, o.OutputValue]] : [],
      ),
    );
    return { stackName, region, outputs };
  } catch (error) {
    const e = error as { name?: string; message?: string };
    if (e.name === 'ValidationError' && /does not exist/.test(e.message ?? '')) {
      throw drError('STACK_NOT_FOUND', `stack ${stackName} does not exist in ${region}`, {
        cause: error,
        hint: 'Deploy infra/ first (`cd infra && npx cdk deploy --all`) or pass the --stack-prefix and regions used at deploy time.',
      });
    }
    throw toDrError(error, `reading the outputs of stack ${stackName} in ${region}`);
  } finally {
    client.destroy();
  }
}
