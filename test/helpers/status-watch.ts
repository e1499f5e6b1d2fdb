/**
 * Waits for a status condition with one `mysfits-dr --json status --watch 1` process (one JSON
 * document per line) instead of starting a new CLI process for every poll: a start-up costs
 * more CPU than the read itself, and the suite runs on a busy 2-core host.
 */
import { statusDocumentSchema, type StatusDocument } from '../../src/core/status/schema.js';
import { runCli } from './cli.js';

/** How a wait ends: the first document that satisfied `ready`, and how many were read. */
export interface StatusWatchResult {
  doc: StatusDocument;
  reads: number;
}

/**
 * Resolves with the first status document for which `ready` holds; rejects after `timeoutMs`
 * naming `what` and the last verdict seen. `args` go after `status` (e.g. `--no-probe`).
 */
export async function watchStatusUntil(
  what: string,
  ready: (doc: StatusDocument) => boolean,
  options: { env: NodeJS.ProcessEnv; timeoutMs?: number; args?: readonly string[] },
): Promise<StatusWatchResult> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  let pid = 0;
  let consumed = 0; // complete lines already parsed
  let reads = 0;
  let timedOut = false;
  let found: StatusDocument | undefined;
  let last: StatusDocument | undefined;
  const stop = () => {
    try {
      if (pid) process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, timeoutMs);
  const run = await runCli(['--json', 'status', '--watch', '1', ...(options.args ?? [])], {
    env: options.env,
    timeoutMs: timeoutMs + 10_000,
    onSpawn: (p) => (pid = p),
    onStdout: (stdout) => {
      const lines = stdout.split('\n').slice(0, -1); // complete lines only
      for (const line of lines.slice(consumed)) {
        consumed += 1;
        if (!line.trim()) continue;
        last = statusDocumentSchema.parse(JSON.parse(line));
        reads += 1;
        if (!found && ready(last)) {
          found = last;
          stop();
        }
      }
    },
  }).finally(() => clearTimeout(timer));
  if (found) return { doc: found, reads };
  const why = last
    ? `${last.verdict.summary} ${JSON.stringify({
        overall: last.overall,
        regions: last.regions.map((r) => ({ name: r.name, state: r.state, reasons: r.reasons })),
        replication: last.replication.map((r) => `${r.from}→${r.to} ${r.source} ${r.verdict}`),
      })}`
    : `no status document (exit ${run.code}; stderr: ${run.stderr.slice(-500)})`;
  throw new Error(
    timedOut
      ? `timed out waiting for ${what} (${timeoutMs} ms): ${why}`
      : `status --watch ended (exit ${run.code}) before ${what}: ${why}`,
  );
}
