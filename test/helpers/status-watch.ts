/**
 * Waits for a status condition with one `mysfits-dr --json status --watch 1` process (one JSON
 * document per line) instead of starting a new CLI process for every poll: a start-up costs
 * more CPU than the read itself, and the suite runs on a busy 2-core host.
 */
import { spawn } from 'node:child_process';
import { statusDocumentSchema, type StatusDocument } from '../../src/core/status/schema.js';
import { REPO_ROOT } from './cli.js';

/** How a wait ends: the first document that satisfied `ready`, and how many were read. */
export interface StatusWatchResult {
  doc: StatusDocument;
  reads: number;
}

/**
 * Resolves with the first status document for which `ready` holds; rejects after `timeoutMs`
 * naming `what` and the last verdict seen. `args` go after `status` (e.g. `--no-probe`).
 */
export function watchStatusUntil(
  what: string,
  ready: (doc: StatusDocument) => boolean,
  options: { env: NodeJS.ProcessEnv; timeoutMs?: number; args?: readonly string[] },
): Promise<StatusWatchResult> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        `${REPO_ROOT}/bin/mysfits-dr.js`,
        '--json',
        'status',
        '--watch',
        '1',
        ...(options.args ?? []),
      ],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let buffered = '';
    let stderr = '';
    let reads = 0;
    let last: StatusDocument | undefined;
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGTERM');
      outcome();
    };
    const timer = setTimeout(() => {
      const why = last
        ? `${last.verdict.summary} ${JSON.stringify({
            overall: last.overall,
            regions: last.regions.map((r) => ({
              name: r.name,
              state: r.state,
              reasons: r.reasons,
            })),
            replication: last.replication.map((r) => `${r.from}→${r.to} ${r.source} ${r.verdict}`),
          })}`
        : `no status document in ${timeoutMs} ms (stderr: ${stderr.slice(-500)})`;
      finish(() => reject(new Error(`timed out waiting for ${what}: ${why}`)));
    }, timeoutMs);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (!line) continue;
        const doc = statusDocumentSchema.parse(JSON.parse(line));
        reads += 1;
        last = doc;
        if (ready(doc)) finish(() => resolve({ doc, reads }));
      }
    });
    child.once('error', (error) => finish(() => reject(error)));
    child.once('close', (code) => {
      finish(() =>
        reject(
          new Error(
            `status --watch ended (exit ${code}) before ${what}: ${stderr.slice(-500) || 'no output'}`,
          ),
        ),
      );
    });
  });
}
