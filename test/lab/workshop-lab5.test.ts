import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { startOwnLab, type OwnLab } from '../helpers/own-lab.js';

let lab: OwnLab;
beforeAll(async () => {
  lab = await startOwnLab({ timeoutMs: 240_000 });
});
afterAll(() => lab?.stop());

describe("the workshop's Lab 5 with the official AWS CLI and ApacheBench", () => {
  it('moves traffic with the dials and fails over when the primary is broken, as the workshop describes', async () => {
    const output = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const child = spawn('bash', ['scripts/workshop-lab5.sh'], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...lab.env },
      });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.stderr.on('data', (d: Buffer) => (text += d.toString()));
      child.on('close', (code) => resolve({ code, text }));
    });
    expect(output.text).not.toContain('FAIL:');
    expect(output.code, output.text).toBe(0);
    const oks = output.text.split('\n').filter((l) => l.startsWith('ok: '));
    expect(oks.map((l) => l.slice(4, l.indexOf(':', 4)))).toEqual([
      '100/0',
      '0/100',
      '50/50',
      '90/10',
      'us-west-2 scaled to 0',
      'us-west-2 back',
      'us-west-2 health checks failing',
      'us-west-2 healthy again',
      'us-west-2 health checks timing out',
      'us-west-2 healthy again',
    ]);
    expect(output.text).toMatch(/Target\.ResponseCodeMismatch/);
    expect(output.text).toMatch(/Target\.Timeout/);
    expect(output.text).toMatch(/Complete requests:\s+\d+/);
  }, 480_000);
});
