#!/usr/bin/env node
// The quick-start demo, a full game day on the built-in lab: brings the lab up (fast timing),
// shows its status and the app through the accelerator, runs `status`, then two bundled
// drills with live progress (a regional outage under load, recovered by the accelerator's
// health checks; a planned failover and failback under load), each writing a journal and an
// evidence report (Markdown and HTML), lists the runs, and stops the lab (--keep leaves it
// running). Exits 0 when both drills pass, else the first failing drill's exit code.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const keep = process.argv.includes('--keep');
let labEnv = {};
const cli = (args, options = {}) => {
  const result = spawnSync(process.execPath, [`${root}bin/mysfits-dr.js`, ...args], {
    stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, ...labEnv },
  });
  if (result.status !== 0 && !options.allowFailure) {
    console.error(`mysfits-dr ${args.join(' ')} exited ${result.status}`);
    process.exit(result.status ?? 1);
  }
  return options.allowFailure ? result : result.stdout;
};
const step = (text) => console.log(`\n== ${text}`);
const drillsDir = process.env.MYSFITS_DR_DRILLS_DIR ?? `${root}drill-runs`;
let exitCode = 0;

step('starting the two-region lab');
cli(['lab', 'up', '--timing', 'fast']);
try {
  step('lab status');
  cli(['lab', 'status']);
  const status = JSON.parse(cli(['--json', 'lab', 'status'], { capture: true }));
  const accelerator = status.state.acceleratorUrl;

  step(`the app through the accelerator at ${accelerator}`);
  const page = await fetch(`${accelerator}/`);
  console.log(
    `"${/Current region: [\w-]+/.exec(await page.text())?.[0]}" (served by ${page.headers.get('x-mysfits-region')})`,
  );

  labEnv = JSON.parse(cli(['--json', 'lab', 'env'], { capture: true }));
  step('mysfits-dr status: both regions at a glance, and whether failing over is safe');
  cli(['status']);

  step(
    'game day 1: a regional outage under load, recovered by the accelerator (drill run regional-outage)',
  );
  const outage = cli(['drill', 'run', 'regional-outage', '--yes', '--out', drillsDir], {
    allowFailure: true,
  });

  step(
    'game day 2: a planned failover to us-east-1 and failback under load (drill run planned-failover)',
  );
  const planned = cli(['drill', 'run', 'planned-failover', '--yes', '--out', drillsDir], {
    allowFailure: true,
  });

  step(
    'mysfits-dr history: the failover and failback, from the journals and the shared audit trail',
  );
  cli(['history']);

  step(`evidence reports (Markdown and HTML) are in ${drillsDir}`);
  exitCode = outage.status || planned.status;
} finally {
  if (!keep) {
    step('stopping the lab');
    cli(['lab', 'down']);
  }
}
process.exit(exitCode);
