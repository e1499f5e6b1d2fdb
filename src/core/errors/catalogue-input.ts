/**
 * Catalogue entries for bad input from the user: flags, arguments, config and drill files.
 * Every code here ends the command with exit 2 (usage) unless it says otherwise.
 */
import { usageEntry, type CatalogueEntry } from './catalogue-entry.js';

const usage = usageEntry;

/** Errors in what the user passed on the command line or in a file. */
export const INPUT_ERRORS = {
  USAGE: usage(
    'The command line did not parse: an unknown command or option, or a missing argument.',
    'Run the command with --help for its arguments and options.',
  ),
  UNKNOWN_REGION: usage(
    'A region named on the command line is not one of the regions of the config.',
    "Pass one of the config's regions[].name (`mysfits-dr config show`).",
  ),
  UNKNOWN_SERVICE: usage(
    'A fault names an ECS service that is not configured in that region.',
    'Pass one of the services configured under the region.',
  ),
  SAME_REGION: usage(
    '--from and --to name the same region.',
    'Pass two different regions, or leave --from/--to out for every direction.',
  ),
  MISSING_TARGET: usage('failover was run without --to.', 'Pass --to <region>.'),
  INIT_SOURCE: usage(
    'init was given neither or both of --lab and --from-stacks.',
    'Pass exactly one of --lab or --from-stacks.',
  ),
  INVALID_OPTION: usage(
    'An option was given a value that is not one of those it accepts.',
    'Pass one of the values the message lists.',
  ),
  INVALID_PERCENT: usage(
    'A traffic percentage is not a whole number from 0 to 100.',
    'Pass e.g. `traffic set us-east-1 50`.',
  ),
  INVALID_STEP: usage('--step is not a whole percentage from 1 to 100.', 'Pass e.g. --step 25.'),
  INVALID_STATE: usage(
    'traffic switch was given a state other than `in` or `out`.',
    'Pass `in` or `out`.',
  ),
  INVALID_NUMBER: usage(
    'A numeric option is not a whole number of at least 1.',
    'Pass a whole number of at least 1.',
  ),
  INVALID_BUDGET: usage(
    'status --budget is shorter than --timeout.',
    'Raise --budget or lower --timeout.',
  ),
  INVALID_WATCH: usage(
    '--watch is not a number of seconds of at least 1.',
    'Pass e.g. --watch 5, or --watch alone for every 5 s.',
  ),
  BAD_NUMBER: usage(
    'A lab fault option that takes a number was given something else.',
    'Pass a number (an integer where the option counts things).',
  ),
  BAD_PORT: usage(
    '--port is not a TCP port.',
    'Pass an integer from 1 to 65535, e.g. --port 4580.',
  ),
  BAD_SAMPLES: usage(
    '--samples is not a number of samples.',
    'Pass an integer from 1 to 100, e.g. --samples 3.',
  ),
  BAD_PERIOD: usage(
    '--period is not a period CloudWatch accepts.',
    'Pass 1, 5, 10, 20, 30 or a multiple of 60 seconds, e.g. --period 60.',
  ),
  TOO_MANY_PERIODS: usage(
    '--since and --period together ask for more datapoints per metric than one call returns.',
    'Pass a longer --period or a shorter --since.',
  ),
  BAD_DURATION: usage(
    'A duration option is not a duration.',
    'Pass a positive duration such as 30s, 500ms, 15m or 2h (a bare number means seconds).',
  ),
  BAD_DESIRED_COUNT: usage(
    'A desired task count is not a whole number of tasks.',
    'Pass 0 or more.',
  ),
  BAD_HEALTH_CHECK_PATH: usage(
    'A health-check path is not a path.',
    'Pass a path that starts with "/" (at most 1024 characters), e.g. /broken.',
  ),
  BAD_VAR: usage('--var is not of the form name=value.', 'Pass e.g. --var target=us-east-1.'),
  VAR_FILE_NOT_FOUND: usage(
    '--var-file cannot be read.',
    'Pass a path to a YAML or JSON file of name: value pairs.',
  ),
  VAR_FILE_INVALID: usage(
    '--var-file is not a mapping of names to strings, numbers or booleans.',
    'Write one "name: value" per line, each value a plain string, number or boolean.',
  ),
  DRILL_NOT_FOUND: usage(
    'The drill named is neither a file nor a bundled drill.',
    'Pass a path to a drill file, or a name from `mysfits-dr drill list`.',
  ),
  DRILL_INVALID: usage(
    'The drill file does not validate; nothing was run.',
    'Fix the problems listed (each names its path, the value and the fix); `mysfits-dr drill validate <drill>` checks again.',
  ),
  JOURNAL_NOT_FOUND: usage(
    'There is no drill journal at the path given.',
    'Pass the journal.json of a drill run folder.',
  ),
  JOURNAL_INVALID: usage(
    'The file given is not a drill journal written by `drill run`.',
    'Pass the journal.json written by drill run.',
  ),
  UNKNOWN_DOCUMENT: usage(
    '`schema` was given a document name it does not publish.',
    'List the published documents with `mysfits-dr schema`.',
  ),
  UNKNOWN_RUN: usage(
    'There is no journal of that run on this machine.',
    'List runs with `mysfits-dr history`.',
  ),
  RUN_REQUEST_INVALID: usage(
    'The journaled request of the run to resume does not fit its operation any more (the journal was edited, or written by another version).',
    'Start a new run instead of --resume, or check the journal with `mysfits-dr history <run>`.',
  ),
  NO_RUN_TO_RESUME: usage(
    '--resume found no unfinished run to continue.',
    'List runs with `mysfits-dr history`.',
  ),
  RUN_KIND_MISMATCH: usage(
    '--resume names a run that another command started.',
    'Resume it with the command the message names.',
  ),
  UNKNOWN_CHECK: usage(
    '--force names a check that is not a preflight check of this plan.',
    'Pass the names of checks the plan lists (a refused run prints them).',
  ),
  APP_URL_UNKNOWN: usage(
    "The accelerator's address could not be read from its API, so new connections cannot be watched.",
    'Pass --app-url http://<accelerator DNS name> or set MYSFITS_DR_APP_URL.',
  ),
  PROBE_ADDRESS_INVALID: usage(
    'MYSFITS_DR_PROBE_ADDRESS is not an IP address; nothing was called.',
    'Set it to an address of this machine (on the lab, 127.0.1.1 for a client nearest us-east-1), or unset it.',
  ),
  INVALID_ENDPOINT_URL: usage(
    '--endpoint-url is not an http or https URL; nothing was called.',
    "Pass a full URL such as http://127.0.0.1:4580 (`mysfits-dr lab env` prints the lab's).",
  ),
  CONFIG_NOT_FOUND: usage(
    'The config file cannot be read.',
    'Pass --config <path>, set MYSFITS_DR_CONFIG, or create one with `mysfits-dr init`.',
  ),
  CONFIG_NOT_JSON: usage(
    'The config file is not valid JSON.',
    'Fix the JSON syntax at the position given.',
  ),
  CONFIG_INVALID: usage(
    'The config file does not validate; every problem names its JSON path, the value and what is expected.',
    'Fix the fields listed; `mysfits-dr config validate` checks the file again.',
  ),
  CONFIG_MISMATCH: usage(
    '`config validate --live` found the deployment different from the config: an endpoint group in another region, or without the configured load balancer.',
    'Fix the fields listed (or regenerate the config with `mysfits-dr init --from-stacks`).',
  ),
  CONFIG_EXISTS: {
    exit: 'refused',
    source: 'user',
    summary: 'init would overwrite an existing config file; nothing was written.',
    fix: 'Pass --force to overwrite it, or --output <path> to write elsewhere.',
  },
  STACK_NOT_FOUND: usage(
    'init --from-stacks found no stack of that name in the region.',
    'Deploy infra/ first (`cd infra && npx cdk deploy --all`) or pass the --stack-prefix and regions used at deploy time.',
  ),
  STACK_OUTPUT_MISSING: usage(
    'A deployed stack lacks an output init --from-stacks needs (deployed by another version).',
    'Redeploy infra/ from this version of mysfits-dr (`cd infra && npx cdk deploy --all`).',
  ),
} satisfies Record<string, CatalogueEntry>;
