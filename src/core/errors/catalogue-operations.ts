/**
 * Catalogue entries for what happens while a command works: AWS answering (or not),
 * safety checks, the lock, operations that do not converge, interruptions and our bugs.
 */
import type { CatalogueEntry } from './catalogue-entry.js';

/** The hint every `Pass --yes` refusal gives unless its command says it more precisely. */
export const CONFIRM_HINT =
  'Pass --yes to run without asking (required when there is no terminal).';

/** Errors met while talking to AWS or changing the deployment. */
export const OPERATION_ERRORS = {
  AWS_CREDENTIALS: {
    exit: 'credentials',
    source: 'user',
    summary: 'AWS refused the credentials, or there are none (real keys sent to the lab included).',
    fix: 'Check AWS_PROFILE/--profile and that the credentials are valid for this account; for the lab run `eval "$(mysfits-dr lab env)"`.',
    hint: 'Check AWS_PROFILE/--profile and that the credentials are valid for this account; for the lab run `eval "$(mysfits-dr lab env)"`.',
  },
  PROFILE_NOT_FOUND: {
    exit: 'credentials',
    source: 'user',
    summary:
      '--profile names a profile that neither the AWS config file nor the credentials file defines; nothing was called.',
    fix: 'Pass a profile defined in ~/.aws/config or ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE), or create it with `aws configure --profile <name>`.',
  },
  MFA_CODE_NEEDED: {
    exit: 'credentials',
    source: 'user',
    summary:
      'The profile assumes a role with `mfa_serial`, and there is no terminal to ask for the code.',
    fix: 'Run the command on a terminal (it asks for the code once per process), or use credentials that need no MFA code (e.g. from `aws sts get-session-token`).',
  },
  AWS_UNREACHABLE: {
    exit: 'unreachable',
    source: 'aws',
    summary:
      'An AWS endpoint (or the lab) could not be reached: connection refused or reset, host not found, timed out.',
    fix: 'Check the network, --endpoint-url / AWS_ENDPOINT_URL, and for the lab `mysfits-dr lab status`.',
    hint: 'Check the network, --endpoint-url / AWS_ENDPOINT_URL, and for the lab `mysfits-dr lab status`.',
  },
  AWS_ERROR: {
    exit: 'failed',
    source: 'aws',
    summary: "An AWS call failed; the message keeps AWS's error name, message and request id.",
    fix: "Read AWS's message; `mysfits-dr status` shows the state of both regions.",
  },
  ECS_SERVICE_NOT_ACTIVE: {
    exit: 'failed',
    source: 'aws',
    summary: 'An ECS service to scale is missing or not ACTIVE.',
    fix: 'Check the config (`mysfits-dr config validate`) against the deployed stacks.',
  },
  TABLE_UNREADABLE: {
    exit: 'unreachable',
    source: 'aws',
    summary:
      'The global table could not be described in any region, so its partition key is unknown.',
    fix: 'Set globalTable.partitionKey in the config, or check that DynamoDB answers in a region and that the operator role may call dynamodb:DescribeTable.',
  },
  PREFLIGHT_FAILED: {
    exit: 'refused',
    source: 'user',
    summary:
      'A preflight check refused the operation (target unhealthy, alarms, replication lag, accelerator busy); nothing was changed.',
    fix: 'Fix the cause, or override a check you have judged safe with --force <check> (recorded in the journal).',
  },
  NOT_CONFIRMED: {
    exit: 'refused',
    source: 'user',
    summary:
      'The change was not confirmed (answered no, or no terminal and no --yes); nothing was changed.',
    fix: CONFIRM_HINT,
    hint: CONFIRM_HINT,
  },
  RUN_FINISHED: {
    exit: 'ok',
    source: 'user',
    summary: '--resume names a run that has already finished; there is nothing to resume.',
    fix: 'Nothing to do; `mysfits-dr history <run>` shows how it ended.',
  },
  LOCK_HELD: {
    exit: 'lockHeld',
    source: 'user',
    summary: 'Another operation holds the operations lock.',
    fix: 'Wait for it to finish (`mysfits-dr lock show`), or, if its run is dead, `mysfits-dr lock break --run <id>`.',
  },
  LOCK_UNAVAILABLE: {
    exit: 'unreachable',
    source: 'aws',
    summary:
      "The operations lock could not be read or written: no replica of the control table had quorum, or (without a control table) the lock's home region did not answer.",
    fix: 'Check that DynamoDB answers in the region named; without a control table, `--force lock-region` takes the lock in the next region (only when no other operator can still reach the home region).',
  },
  FENCED_OUT: {
    exit: 'failed',
    source: 'user',
    summary:
      "The run's lock was broken or taken over (its fencing token is no longer the lock's): the run stopped before writing again.",
    fix: 'See who holds the lock now (`mysfits-dr lock show`) and the live state (`mysfits-dr status`) before doing anything else; the journal says which steps were done.',
  },
  AUDIT_UNAVAILABLE: {
    exit: 'unreachable',
    source: 'aws',
    summary: 'The shared audit trail could not be read or written in any region.',
    fix: 'The audit trail lives in the global table; the local journal keeps the full record.',
  },
  DIAL_NOT_APPLIED: {
    exit: 'failed',
    source: 'aws',
    summary: 'A traffic dial read back a value other than the one just set.',
    fix: 'Check the accelerator (`mysfits-dr traffic show`) and resume the run, or undo what was done.',
  },
  SWITCH_NOT_WRITTEN: {
    exit: 'unreachable',
    source: 'aws',
    summary: 'A routing switch could not be written in any region of the global table.',
    fix: 'Check that DynamoDB answers in at least one region, then resume the run.',
  },
  TARGET_DEGRADED: {
    exit: 'failed',
    source: 'aws',
    summary: 'The region receiving traffic degraded during a gradual shift; traffic is split.',
    fix: 'Put traffic back with `mysfits-dr traffic set <source> 100`, or continue once the region is healthy.',
  },
  STEP_FAILED: {
    exit: 'failed',
    source: 'aws',
    summary:
      'A step of an operation failed with an unexpected error; the journal says which steps were done.',
    fix: 'Continue with the `--resume` command the message gives, or undo what was done.',
  },
  NOT_CONVERGED: {
    exit: 'notConverged',
    source: 'aws',
    summary:
      'Something did not reach the expected state within its time limit (accelerator deployment, tasks, traffic).',
    fix: 'Check the region with `mysfits-dr status`; rerun with a longer --timeout once it is healthy.',
  },
  FLOWS_NOT_MOVED: {
    exit: 'notConverged',
    source: 'aws',
    summary:
      "The accelerator's own metrics (NewFlowCount per endpoint group) still count new flows in a region the change closed to every client.",
    fix: 'Check the dials with `mysfits-dr traffic show` and NewFlowCount by EndpointGroup in CloudWatch (us-west-2); resume the run once new flows stay away from that region.',
  },
  INTERRUPTED: {
    exit: 'interrupted',
    source: 'user',
    summary: 'Interrupted by Ctrl-C or SIGTERM; the state says what was done.',
    fix: 'Resume the run with `--resume`, or check with `mysfits-dr status`.',
  },
  INTERNAL: {
    exit: 'failed',
    source: 'internal',
    summary: 'An unexpected error: a bug in mysfits-dr.',
    fix: 'Rerun with --verbose and report the output.',
    hint: 'This is a bug in mysfits-dr; rerun with --verbose and report the output.',
  },
} satisfies Record<string, CatalogueEntry>;
