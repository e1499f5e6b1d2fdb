/**
 * The landing watch: new connections through the accelerator, one after another, until a run
 * of them lands where the change sends this machine's clients. The tool does not know which
 * region this machine is nearest, so every client origin's expectation (expected-landing.ts)
 * is tracked at once and the first that a run of landings satisfies is the probe's: a failback
 * to 100/100 run from near us-east-1 ends as soon as its connections keep landing in us-east-1
 * (the move is not visible from there, and the result says so), instead of waiting for
 * connections that the accelerator will never send to us-west-2.
 */
import { waitUntil } from '../ops/wait.js';
import type { Step, StepContext } from '../ops/step.js';
import type { AppProbe } from '../ports.js';
import type { OriginLanding } from './expected-landing.js';
import type { LandingOptions, SwitchMarks } from './steps.js';

/** One origin's run of landings so far. */
export interface Run {
  expected: OriginLanding;
  streak: number;
  /** When the run's first landing in `mustSee` came (the moment the change was seen). */
  sawMoveAt: number | null;
  elsewhere: number;
}

/** Follows runs of landings against each origin's expectation. */
export class LandingJudge {
  private readonly runs: Run[];

  /** `consecutive`: how many new connections in a row must land as expected. */
  constructor(
    expected: readonly OriginLanding[],
    private readonly consecutive: number,
  ) {
    this.runs = expected.map((e) => ({ expected: e, streak: 0, sawMoveAt: null, elsewhere: 0 }));
  }

  /** Counts one answer (`region` null: failed); returns the runs complete after it. */
  record(at: number, region: string | null): Run[] {
    for (const run of this.runs) {
      if (region !== null && run.expected.allowed.includes(region)) {
        if (run.streak === 0) run.sawMoveAt = null;
        run.streak++;
        if (region === run.expected.mustSee) run.sawMoveAt ??= at;
      } else {
        if (region !== null) run.elsewhere++;
        run.streak = 0;
      }
    }
    return this.runs.filter(
      (r) => r.streak >= this.consecutive && (r.expected.mustSee === null || r.sawMoveAt !== null),
    );
  }

  /** The longest run so far, for messages. */
  longest(): number {
    return Math.max(0, ...this.runs.map((r) => r.streak));
  }
}

/** `clients nearest us-east-1 → us-east-1`, for each expectation. */
function describeExpected(expected: readonly OriginLanding[]): string {
  return expected
    .map((e) =>
      e.clientsNearest === '*'
        ? `every client → ${e.allowed.join(', ')}`
        : `clients nearest ${e.clientsNearest} → ${e.allowed.join(', ') || 'nowhere'}`,
    )
    .join('; ');
}

/**
 * True when origins differ in where they may land: then a run that saw no move (clients near
 * us-east-1 staying in us-east-1) looks like another origin's run before the change took
 * effect, and counts only once the accelerator holds the plan's end state.
 */
function ambiguous(expected: readonly OriginLanding[]): boolean {
  return new Set(expected.map((e) => [...e.allowed].sort().join())).size > 1;
}

/** How often the accelerator is read to learn whether it holds the end state. */
const SETTLED_READ_EVERY_MS = 1_000;

/**
 * Watches new connections until `consecutive` in a row land where one client origin's
 * expectation allows (with one in the region the change raised, when it raised one); reports
 * which origin that was, whether the probe could see the move, and how long after the traffic
 * change it was seen. A run that saw no move ends the watch only when `settled` says the
 * accelerator holds the end state, if origins differ in where they land (see `ambiguous`).
 */
export function landingStep(
  probe: AppProbe,
  expected: readonly OriginLanding[],
  options: LandingOptions,
  marks: SwitchMarks,
  id: string,
  settled: () => Promise<boolean> = async () => false,
): Step {
  const mustSettle = ambiguous(expected);
  return {
    id,
    title: `watch new connections through the accelerator (${probe.url}) until ${options.consecutive} in a row land where the change sends them (${describeExpected(expected)})`,
    async done() {
      return false;
    },
    async apply(ctx: StepContext) {
      const judge = new LandingJudge(expected, options.consecutive);
      let requests = 0;
      let failures = 0;
      let settledReadAt = -Infinity;
      let isSettled = !mustSettle;
      const started = ctx.timer.now();
      const run = await waitUntil(
        ctx,
        `new connections landing where the change sends them (${describeExpected(expected)})`,
        async () => {
          const at = ctx.timer.now();
          const answer = await probe.request(options.path, options.requestTimeoutMs);
          requests++;
          if (!answer.ok) failures++;
          const complete = judge.record(at, answer.ok ? (answer.region ?? '(unknown)') : null);
          const seen = complete.find((r) => r.sawMoveAt !== null);
          if (seen) return seen;
          const unseen = complete.find((r) => r.expected.mustSee === null);
          if (unseen && !isSettled && at - settledReadAt >= SETTLED_READ_EVERY_MS) {
            settledReadAt = at;
            isSettled = await settled().catch(() => false);
          }
          return unseen && isSettled ? unseen : undefined;
        },
        {
          timeoutMs: options.timeoutMs,
          pollMs: options.intervalMs,
          describe: () =>
            `${judge.longest()} in a row so far; ${failures} of ${requests} failed${mustSettle && !isSettled ? '; the accelerator does not yet hold the end state' : ''}`,
        },
      );
      const from = marks.trafficChangedAt ?? started;
      const seen = run.sawMoveAt !== null;
      if (!seen)
        ctx.note(
          `new connections from here keep landing in ${run.expected.allowed.join(', ')}, as they did before the change: this machine's clients (nearest ${run.expected.clientsNearest}) do not see this move`,
        );
      return {
        landedAfterMs: seen ? Math.max(0, run.sawMoveAt! - from) : null,
        probeClientsNearest: run.expected.clientsNearest,
        probeSawMove: seen,
        requests,
        failed: failures,
        landedElsewhere: run.elsewhere,
      };
    },
  };
}
