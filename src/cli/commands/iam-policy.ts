/**
 * `mysfits-dr iam-policy`: prints the least-privilege IAM policy the CLI needs for the
 * deployment in the config: exactly the actions its AWS adapters send (src/aws/permissions.json),
 * scoped to the config's resources. The operator role deployed by infra/ holds the same policy.
 */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import type { CommandRegistrar } from '../program.js';

/** Options of `iam-policy`. */
export interface IamPolicyOptions {
  /** Stack name prefix used at deploy time (scopes cloudformation:DescribeStacks). */
  stackPrefix: string;
}

/** Runs `iam-policy`: the policy document is the result in both modes. */
export async function runIamPolicy(ctx: Context, opts: IamPolicyOptions): Promise<void> {
  const { operatorPolicyForConfig } = await import('../../aws/permissions.js');
  const policy = operatorPolicyForConfig(await ctx.config(), opts.stackPrefix);
  // One JSON document either way, ready for `aws iam put-role-policy`.
  ctx.io.document(policy);
  ctx.io.result(JSON.stringify(policy, null, 2));
}

/** Registers `iam-policy`. */
export const registerIamPolicy: CommandRegistrar = (program: Command, run) => {
  program
    .command('iam-policy')
    .description(
      'print the least-privilege IAM policy mysfits-dr needs for the configured deployment',
    )
    .option(
      '--stack-prefix <prefix>',
      'stack name prefix used at deploy time (for cloudformation:DescribeStacks)',
      'MysfitsDr',
    )
    .action(
      run((ctx, opts: { stackPrefix: string }) =>
        runIamPolicy(ctx, { stackPrefix: opts.stackPrefix }),
      ),
    );
};
