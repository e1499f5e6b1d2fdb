/**
 * The journal store on local disk: one JSON-lines file per run in the runs folder
 * (MYSFITS_DR_RUNS_DIR, else ~/.mysfits-dr/runs). Every append is written and fsynced before
 * it resolves, and appends are serialized, so a crash (even kill -9) loses at most the record
 * being written and never reorders them.
 */
import { mkdirSync } from 'node:fs';
import { open, readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  listingOf,
  summarizeRun,
  type JournalRecord,
  type JournalStore,
  type RunListing,
} from '../../core/ops/journal.js';

/** The runs folder for this environment. */
export function runsDir(env: NodeJS.ProcessEnv): string {
  return resolve(env.MYSFITS_DR_RUNS_DIR ?? join(homedir(), '.mysfits-dr', 'runs'));
}

const RUN_ID = /^[a-z0-9][a-z0-9-]{2,63}$/;

/** A JournalStore writing `<dir>/<runId>.jsonl`. */
export function fileJournal(dir: string): JournalStore {
  let queue: Promise<void> = Promise.resolve();
  const path = (runId: string) => {
    if (!RUN_ID.test(runId)) throw new Error(`not a run id: ${runId}`);
    return join(dir, `${runId}.jsonl`);
  };
  const read = async (runId: string): Promise<JournalRecord[]> => {
    let text: string;
    try {
      text = await readFile(path(runId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    // A crash can leave the last line half written: keep every complete record.
    return text.split('\n').flatMap((line) => {
      if (!line.trim()) return [];
      try {
        return [JSON.parse(line) as JournalRecord];
      } catch {
        return [];
      }
    });
  };
  return {
    append(runId, record) {
      const write = async () => {
        mkdirSync(dir, { recursive: true });
        const file = await open(path(runId), 'a');
        try {
          await file.write(`${JSON.stringify(record)}\n`);
          await file.sync();
        } finally {
          await file.close();
        }
      };
      const next = queue.then(write);
      queue = next.catch(() => undefined);
      return next;
    },
    read,
    async list() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const runs: RunListing[] = [];
      for (const name of names.filter((n) => n.endsWith('.jsonl'))) {
        const run = summarizeRun(await read(name.slice(0, -'.jsonl'.length)));
        if (!run) continue;
        runs.push(listingOf(run));
      }
      return runs.sort((a, b) => b.startedAt - a.startedAt);
    },
  };
}
