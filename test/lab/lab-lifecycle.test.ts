import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labDown } from '../../src/cli/lab/control.js';
import { freePort } from '../../src/lab/processes.js';
import { isAlive, type LabState } from '../../src/lab/state.js';
import { runCli } from '../helpers/cli.js';

async function newLab(): Promise<{
  dir: string;
  port: number;
  up: () => ReturnType<typeof runCli>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'mysfits-lifecycle-'));
  created.push(dir);
  const port = await freePort();
  const acceleratorPort = await freePort();
  return {
    dir,
    port,
    up: () =>
      runCli(
        [
          '--json',
          'lab',
          'up',
          '--timing',
          'fast',
          '--port',
          String(port),
          '--accelerator-port',
          String(acceleratorPort),
          '--dir',
          dir,
        ],
        { timeoutMs: 120_000 },
      ),
  };
}

// Labs this file started; stopped even when a test fails half-way.
const created: string[] = [];
afterAll(async () => {
  for (const dir of created) await labDown(dir, 30_000);
});

const readLabState = async (dir: string) =>
  JSON.parse(await readFile(join(dir, 'lab.json'), 'utf8')) as LabState;

/** Pids of every process in a process group (from /proc). */
function groupMembers(pgid: number): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid='], { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter(([, g]) => g === pgid)
    .map(([p]) => p!);
}

/** Local addresses on which the given pids listen (TCP), from `ss`. */
function listeningAddresses(pids: number[]): string[] {
  const out = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => pids.some((pid) => line.includes(`pid=${pid},`)))
    .map((line) => line.trim().split(/\s+/)[3]!);
}

async function waitGone(pids: number[], ms = 10_000): Promise<number[]> {
  const deadline = Date.now() + ms;
  let alive = pids.filter(isAlive);
  while (alive.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    alive = pids.filter(isAlive);
  }
  return alive;
}

describe('lab up / status / env / down', () => {
  it('starts healthy, listens on loopback only, is idempotent, and stops every process', async () => {
    const lab = await newLab();
    const up = await lab.up();
    expect(up.code, up.stderr).toBe(0);
    const doc = JSON.parse(up.stdout) as { endpoint: string; alreadyRunning: boolean };
    expect(doc).toMatchObject({ endpoint: `http://127.0.0.1:${lab.port}`, alreadyRunning: false });

    const state = await readLabState(lab.dir);
    const members = groupMembers(state.pid);
    // supervisor + DynamoDB Local + 2 service tasks x 2 regions
    expect(members.length).toBeGreaterThanOrEqual(6);
    const addresses = listeningAddresses(members);
    expect(addresses.length).toBeGreaterThanOrEqual(6);
    for (const address of addresses)
      expect(address).toMatch(/^(127\.\d+\.\d+\.\d+|\[::ffff:127\.\d+\.\d+\.\d+\]|\[::1\]):\d+$/);

    const status = await runCli(['--json', 'lab', 'status', '--dir', lab.dir]);
    expect(status.code).toBe(0);
    const health = JSON.parse(status.stdout) as {
      health: { healthy: boolean; components: Record<string, { healthy: boolean }> };
    };
    expect(health.health.healthy).toBe(true);
    for (const name of [
      'dynamodb-local',
      'ecs:us-west-2/mysfits-core',
      'ecs:us-west-2/mysfits-like',
      'ecs:us-east-1/mysfits-core',
      'ecs:us-east-1/mysfits-like',
      'alb:us-west-2:mysfits-alb',
      'alb:us-east-1:mysfits-alb',
      'accelerator',
    ]) {
      expect(health.health.components[name]?.healthy, name).toBe(true);
    }

    const env = await runCli(['lab', 'env', '--dir', lab.dir, '--region', 'us-east-1']);
    expect(env.code).toBe(0);
    expect(env.stdout).toContain(`export AWS_ENDPOINT_URL='http://127.0.0.1:${lab.port}'`);
    expect(env.stdout).toContain("export AWS_REGION='us-east-1'");
    expect(env.stdout).toMatch(/^unset AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_PROFILE$/m);

    const again = await lab.up();
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ alreadyRunning: true });
    expect((await readLabState(lab.dir)).pid).toBe(state.pid);

    const down = await runCli(['lab', 'down', '--dir', lab.dir]);
    expect(down.code).toBe(0);
    expect(await waitGone(members)).toEqual([]);
    const after = await runCli(['lab', 'status', '--dir', lab.dir]);
    expect(after.code).toBe(1);
    expect(after.stdout).toContain('the lab is not running');
  });

  it('leaves no orphans when the supervisor is killed with SIGKILL', async () => {
    const lab = await newLab();
    expect((await lab.up()).code).toBe(0);
    const state = await readLabState(lab.dir);
    const members = groupMembers(state.pid).filter((p) => p !== state.pid);
    expect(members.length).toBeGreaterThanOrEqual(5);
    process.kill(state.pid, 'SIGKILL');
    expect(await waitGone([state.pid])).toEqual([]);

    const status = await runCli(['lab', 'status', '--dir', lab.dir]);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain(`the lab supervisor (pid ${state.pid}) is gone`);

    const down = await runCli(['lab', 'down', '--dir', lab.dir]);
    expect(down.code).toBe(0);
    expect(await waitGone(members)).toEqual([]);
  });

  it('stays attached with --foreground and stops everything on a signal (exit 130, interrupted)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mysfits-foreground-'));
    const port = await freePort();
    let pid = 0;
    const run = runCli(
      [
        'lab',
        'up',
        '--foreground',
        '--timing',
        'fast',
        '--port',
        String(port),
        '--accelerator-port',
        String(await freePort()),
        '--dir',
        dir,
      ],
      {
        timeoutMs: 120_000,
        onSpawn: (p) => (pid = p),
      },
    );
    const deadline = Date.now() + 90_000;
    let healthy = false;
    while (!healthy && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      healthy = (await readLabState(dir).catch(() => undefined))?.status === 'ready';
    }
    expect(healthy).toBe(true);
    const members = (await readLabState(dir)).processes.map((p) => p.pid);
    // SIGTERM: the test runner's children may inherit an ignored SIGINT; both stop the lab alike.
    process.kill(pid, 'SIGTERM');
    const done = await run;
    expect(done.code, done.stderr).toBe(130);
    expect(done.stdout).toContain(`lab endpoint http://127.0.0.1:${port}`);
    expect(await waitGone([pid, ...members])).toEqual([]);
    await expect(readFile(join(dir, 'lab.json'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('refuses a port that is taken, with exit 2 and the flag to use', async () => {
    const lab = await newLab();
    const blocker = createServer().listen(lab.port, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const up = await runCli([
        'lab',
        'up',
        '--timing',
        'fast',
        '--port',
        String(lab.port),
        '--dir',
        lab.dir,
      ]);
      expect(up.code).toBe(2);
      expect(up.stderr).toContain(`port ${lab.port} on 127.0.0.1 is already in use`);
      expect(up.stderr).toContain('--port');
    } finally {
      blocker.close();
    }
  });
});
