/**
 * The live view of `drill run`: on a terminal, one status line redrawn every second (step,
 * elapsed time, request rate and success rate per region) above the step log; otherwise
 * plain lines, with the load's figures every five seconds.
 */
import type { DrillProgress } from '../../drill/deps.js';
import type { LoadStats } from '../../drill/load.js';
import type { Io } from './io.js';

/** mm:ss of an elapsed time. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** `us-west-2 19.8/s 100% · us-east-1 0.0/s —`: the load over the last window, by region. */
export function describeLoad(stats: LoadStats | null): string {
  if (!stats) return 'no load';
  const regions = Object.entries(stats.regions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([region, r]) => {
      const rate = `${r.ratePerSecond.toFixed(1)}/s`;
      const ok = r.successRate === null ? '—' : `${(r.successRate * 100).toFixed(1)}%`;
      return `${region} ${rate} ${ok}`;
    });
  const t = stats.totals;
  const total = t.done
    ? `${((t.ok / t.done) * 100).toFixed(1)}% ok of ${t.done}`
    : 'no answers yet';
  return `${regions.length ? regions.join(' · ') : 'no answers in the last 5 s'} | ${total}`;
}

/** A progress handler writing to `io` (stderr); `stop()` clears the live line. */
export function drillProgressView(
  io: Io,
  interactive: boolean,
): {
  handle(event: DrillProgress): void;
  stop(): void;
} {
  const live = interactive ? io.progress('starting') : undefined;
  let lastPlainTick = -Infinity;
  // A log line goes above the live line (the Io clears and redraws the spinner around it).
  const line = (text: string) => io.info(text);
  return {
    handle(event) {
      switch (event.kind) {
        case 'phase':
          line(`${clock(event.elapsedMs)} ${io.style.bold(event.phase)}`);
          break;
        case 'step-start':
          line(
            `${clock(event.elapsedMs)}   ${event.phase} ${event.index + 1}/${event.total}: ${event.name} (${event.provider})`,
          );
          break;
        case 'step-end': {
          const mark =
            event.status === 'succeeded' ? io.style.green('ok') : io.style.red(event.status);
          line(
            `${clock(event.elapsedMs)}     ${mark} ${event.name}${event.detail ? `: ${event.detail}` : ''}`,
          );
          break;
        }
        case 'note':
          line(`${clock(event.elapsedMs)}   ${io.style.yellow(event.message)}`);
          break;
        case 'tick': {
          const text = `${clock(event.elapsedMs)} [${event.step}] ${describeLoad(event.stats)}`;
          if (live) live.update(text);
          else if (event.elapsedMs - lastPlainTick >= 5000) {
            lastPlainTick = event.elapsedMs;
            io.info(text);
          }
          break;
        }
      }
    },
    stop: () => live?.stop(),
  };
}
