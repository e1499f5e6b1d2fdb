/**
 * Flag parsing of every command, in process through the real commander program: a bad or
 * conflicting value exits 2 before any AWS call, and the message names the flag and the
 * value (and, for our own checks, the fix); with --json the error is one JSON document.
 */
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli.js';
import { runInProcess } from '../../helpers/program.js';

const CONFIG = `${REPO_ROOT}/mysfits-dr.config.json`;
// Nothing listens there: a case that reached AWS would fail with another exit code.
const CLOSED = 'http://127.0.0.1:9';
const base = ['--config', CONFIG, '--endpoint-url', CLOSED, '--yes'];

/** [command line, what stderr must contain (each)]. */
const BAD: [string[], string[]][] = [
  [
    ['status', '--timeout', 'soon'],
    ['--timeout', 'soon'],
  ],
  [
    ['status', '--timeout', '5s', '--budget', '1s'],
    ['--budget 1s', '--timeout 5s', 'hint:'],
  ],
  [
    ['status', '--concurrency', '0'],
    ['--concurrency', '"0"', 'hint:'],
  ],
  [
    ['status', '--watch', '0.5'],
    ['--watch', '"0.5"', 'hint:'],
  ],
  [
    ['metrics', '--since', 'yesterday'],
    ['--since', 'yesterday'],
  ],
  [
    ['metrics', '--period', '7'],
    ['--period', '7'],
  ],
  [
    ['metrics', '--region', 'mars-1'],
    ['--region', 'mars-1', 'hint:'],
  ],
  [
    ['replication', 'lag', '--period', '7s'],
    ['--period', '7s', 'hint:'],
  ],
  [
    ['replication', 'lag', '--since', 'x'],
    ['--since', 'x'],
  ],
  [
    ['replication', 'lag', '--from', 'mars-1'],
    ['--from', 'mars-1', 'hint:'],
  ],
  [
    ['replication', 'probe', '--samples', '0'],
    ['--samples', '"0"', 'hint:'],
  ],
  [
    ['replication', 'probe', '--samples', '101'],
    ['--samples', '"101"'],
  ],
  [
    ['replication', 'probe', '--interval', 'often'],
    ['--interval', 'often'],
  ],
  [
    ['replication', 'probe', '--from', 'us-east-1', '--to', 'us-east-1'],
    ['--from', '--to', 'us-east-1', 'hint:'],
  ],
  [['lock', 'break'], ["required option '--run <id>'"]],
  [['init'], ['--lab', '--from-stacks', 'hint:']],
  [
    ['init', '--lab', '--from-stacks'],
    ['--lab', '--from-stacks', 'hint:'],
  ],
  [
    ['lab', 'up', '--port', '99999'],
    ['--port', '99999', 'hint:'],
  ],
  [
    ['lab', 'up', '--port', 'abc'],
    ['--port', 'abc'],
  ],
  [
    ['lab', 'up', '--accelerator-port', '0'],
    ['--port', '"0"'],
  ],
  [
    ['lab', 'up', '--timing', 'slow'],
    ['--timing', 'slow', 'realistic', 'fast'],
  ],
  [
    ['lab', 'up', '--timeout', 'forever'],
    ['--timeout', 'forever'],
  ],
  [['lab', 'fault', 'latency', '--region', 'us-east-1'], ["required option '--ms <ms>'"]],
  [
    ['lab', 'fault', 'latency', '--region', 'us-east-1', '--ms', 'fast'],
    ['--ms', 'fast', 'hint:'],
  ],
  [
    ['lab', 'fault', 'throttling', '--region', 'us-east-1', '--share', 'half'],
    ['--share', 'half'],
  ],
  [['lab', 'fault', 'region-outage'], ["required option '--region <region>'"]],
  [
    ['lab', 'fault', 'region-outage', '--region', 'us-east-1', '--mode', 'explode'],
    ['--mode', 'explode', 'refuse', 'timeout'],
  ],
  [
    ['lab', 'fault', 'kill-tasks', '--region', 'us-east-1', '--count', '1.5'],
    ['--count', '1.5'],
  ],
  [
    ['lab', 'fault', 'kill-tasks', '--region', 'us-east-1', '--every', 'now'],
    ['--every', 'now'],
  ],
  [
    ['lab', 'fault', 'replication-pause', '--from', 'us-east-1'],
    ["required option '--to <region>'"],
  ],
  [['lab', 'fault', 'witness-outage'], ["required option '--region <region>'"]],
  [['failover'], ['--to']],
  [
    ['failover', '--to', 'us-west-2', '--mode', 'sideways'],
    ['--mode', 'sideways'],
  ],
  [
    ['failover', '--to', 'us-west-2', '--via', 'carrier-pigeon'],
    ['--via', 'carrier-pigeon'],
  ],
  [
    ['failover', '--to', 'us-west-2', '--timeout', 'later'],
    ['--timeout', 'later'],
  ],
  [['traffic', 'set', 'us-west-2'], ["missing required argument 'percent'"]],
  [['traffic', 'set', 'us-west-2', '150'], ['150']],
  [
    ['traffic', 'shift', '--to', 'us-west-2', '--on-degrade', 'panic'],
    ['--on-degrade', 'panic'],
  ],
  [
    ['traffic', 'shift', '--to', 'us-west-2', '--interval', 'soon'],
    ['--interval', 'soon'],
  ],
  [['traffic', 'switch', 'us-west-2', 'maybe'], ['maybe']],
  [['drill', 'run'], ["missing required argument 'drill'"]],
  [['drill', 'run', 'no-such-drill-anywhere'], ['no-such-drill-anywhere']],
  [['history', 'a', 'b'], ['too many arguments']],
  [['no-such-command'], ["unknown command 'no-such-command'"]],
  [['status', '--no-such-flag'], ["unknown option '--no-such-flag'"]],
];

describe('bad and conflicting flags exit 2 and say which flag, which value', () => {
  it.each(BAD)('%j', async (args, expected) => {
    const run = await runInProcess([...base, ...args]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    for (const text of expected) expect(run.stderr).toContain(text);
  });
});

describe('with --json the usage error is one JSON document on stdout', () => {
  it.each(BAD.filter(([args]) => args[0] !== 'no-such-command'))('%j', async (args) => {
    const run = await runInProcess([...base, '--json', ...args]);
    expect(run.code).toBe(2);
    const doc = JSON.parse(run.stdout) as { error: { code: string; exitCode: number } };
    expect(doc.error.exitCode).toBe(2);
    expect(doc.error.code).toMatch(/^[A-Z_]+$/);
  });
});
