#!/usr/bin/env node
// The quick-start demo: brings the lab up (fast timing), shows its status, sends requests
// through the accelerator (the app's address) and straight to each region's load balancer,
// likes a mysfit in us-west-2 and watches the like replicate to us-east-1 through the global
// table, shows `status`, fails over to us-east-1 and back with the tool, lists the runs, then
// stops the lab (pass --keep to leave it running).
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
  return result.stdout;
};
const step = (text) => console.log(`\n== ${text}`);

step('starting the two-region lab');
cli(['lab', 'up', '--timing', 'fast']);
try {
  step('lab status');
  cli(['lab', 'status']);
  const status = JSON.parse(cli(['--json', 'lab', 'status'], { capture: true }));
  const alb = (region) => status.health.components[`alb:${region}:mysfits-alb`].url;
  const accelerator = status.state.acceleratorUrl;

  step(`the app through the accelerator at ${accelerator}`);
  const page = await fetch(`${accelerator}/`);
  console.log(
    `"${/Current region: [\w-]+/.exec(await page.text())?.[0]}" (served by ${page.headers.get('x-mysfits-region')})`,
  );

  step("each region's load balancer serves the 12 mysfits");
  for (const region of ['us-west-2', 'us-east-1']) {
    const list = await (await fetch(`${alb(region)}/mysfits`)).json();
    console.log(`${region}: ${list.mysfits.length} mysfits`);
  }

  step('a like written in us-west-2 replicates to us-east-1');
  const id = 'da5303ae-5aba-495c-b5d6-eb5c4a66b941';
  const likesIn = async (region) =>
    (await (await fetch(`${alb(region)}/mysfits/${id}`)).json()).likes;
  const before = await likesIn('us-east-1');
  const liked = await (
    await fetch(`${alb('us-west-2')}/mysfits/${id}/like`, { method: 'POST' })
  ).json();
  console.log(`us-west-2 answered ${JSON.stringify(liked)}`);
  const started = Date.now();
  let after = before;
  while (after === before && Date.now() - started < 10_000) {
    await new Promise((r) => setTimeout(r, 50));
    after = await likesIn('us-east-1');
  }
  console.log(`us-east-1 likes: ${before} -> ${after} after ${Date.now() - started} ms`);
  if (after === before) throw new Error('the like did not replicate within 10 s');

  labEnv = JSON.parse(cli(['--json', 'lab', 'env'], { capture: true }));
  step('mysfits-dr status: both regions at a glance, and whether failing over is safe');
  cli(['status']);

  step('mysfits-dr failover --to us-east-1: preflight, plan, journal, measured');
  cli(['failover', '--to', 'us-east-1', '--yes']);

  step('mysfits-dr failback: back to us-west-2 with the stricter replication check');
  cli(['failback', '--yes']);

  step('mysfits-dr history: the operations, from the journals and the shared audit trail');
  cli(['history']);
} finally {
  if (!keep) {
    step('stopping the lab');
    cli(['lab', 'down']);
  }
}
