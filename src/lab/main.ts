/**
 * Entry point of the background lab process started by `mysfits-dr lab up`:
 * `node dist/src/lab/main.js --dir <dir> --port <port> --profile <name> [--group-leader]`.
 * Runs the lab until SIGTERM/SIGINT, then stops every child and removes lab.json.
 */
import { parseArgs } from 'node:util';
import { isProfileName } from './profiles.js';
import { removeState } from './state.js';
import { runLab } from './supervisor.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    port: { type: 'string' },
    'accelerator-port': { type: 'string' },
    profile: { type: 'string', default: 'fast' },
    'group-leader': { type: 'boolean', default: false },
  },
});
const stamp = () => new Date().toISOString();
const say = (line: string) => process.stdout.write(`${stamp()} ${line}\n`);

if (!values.dir || !values.port || !isProfileName(values.profile ?? '')) {
  say('usage: main.js --dir <dir> --port <port> --profile realistic|fast [--group-leader]');
  process.exit(2);
}
const dir = values.dir;
let lab: Awaited<ReturnType<typeof runLab>> | undefined;
let shuttingDown = false;
const shutdown = async (why: string) => {
  if (shuttingDown) return;
  shuttingDown = true;
  say(`stopping (${why})`);
  await lab?.stop();
  await removeState(dir);
  say('stopped');
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGHUP', () => void shutdown('SIGHUP'));

try {
  lab = await runLab({
    dir,
    port: Number(values.port),
    ...(values['accelerator-port'] ? { acceleratorPort: Number(values['accelerator-port']) } : {}),
    profile: values.profile as 'fast',
    groupLeader: values['group-leader'] === true,
    log: say,
  });
} catch (error) {
  say(`start-up failed: ${(error as Error).stack ?? String(error)}`);
  await removeState(dir);
  process.exit(1);
}
