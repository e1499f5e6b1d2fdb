/**
 * Confirms a traffic move with the accelerator's own metrics, as well as the probe: the probe
 * sees only this machine's connections, while `NewFlowCount` per endpoint group (namespace
 * AWS/GlobalAccelerator, always published in us-west-2; dimensions Accelerator, Listener,
 * EndpointGroup) counts every client's. The step waits for a complete period after the landing
 * in which the accelerator counted new flows, and holds the move confirmed when no region the
 * change closed to every client (expected-landing.ts) received any. A closed region that keeps
 * receiving new flows until the wait ends is FLOWS_NOT_MOVED (exit 8); no period with flows,
 * or CloudWatch not answering, leaves the move unconfirmed by the metrics and says so.
 */
import { drError, interrupted } from '../errors.js';
import type { Step, StepContext, StepResult } from '../ops/step.js';
import type { CloudWatchReader, MetricQuery, MetricSeries } from '../ports.js';
import { closedToEveryone, type OriginLanding } from './expected-landing.js';

/** Where the accelerator's metrics are read and how long the step waits for them. */
export interface FlowMetricsSource {
  /** CloudWatch in the region Global Accelerator publishes to (us-west-2). */
  cloudwatch: CloudWatchReader;
  /** The last parts of the accelerator's and the listener's ARNs (the metric dimensions). */
  acceleratorId: string;
  listenerId: string;
  /** The endpoint groups' regions. */
  regions: readonly string[];
  /** The query's period: 60 on AWS (standard resolution), shorter where data is finer. */
  periodSeconds: number;
  /** Longest wait for a complete period with flows; 0 turns the confirmation off. */
  waitMs: number;
}

/** New flows per region in one period. */
export interface PeriodFlows {
  startMs: number;
  byRegion: Record<string, number>;
}

/** The NewFlowCount query of one endpoint group. */
function flowQuery(source: FlowMetricsSource, region: string, index: number): MetricQuery {
  return {
    id: `flows${index}`,
    label: region,
    namespace: 'AWS/GlobalAccelerator',
    metricName: 'NewFlowCount',
    dimensions: {
      Accelerator: source.acceleratorId,
      Listener: source.listenerId,
      EndpointGroup: region,
    },
    stat: 'Sum',
    periodSeconds: source.periodSeconds,
  };
}

/** The series as periods (oldest first), each with every region's count (0 when absent). */
export function periodsOf(
  regions: readonly string[],
  series: readonly MetricSeries[],
): PeriodFlows[] {
  const periods = new Map<number, Record<string, number>>();
  series.forEach((s, i) => {
    const region = regions[i]!;
    s.timestamps.forEach((t, j) => {
      const row = periods.get(t) ?? Object.fromEntries(regions.map((r) => [r, 0]));
      row[region] = (row[region] ?? 0) + (s.values[j] ?? 0);
      periods.set(t, row);
    });
  });
  return [...periods.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([startMs, byRegion]) => ({ startMs, byRegion }));
}

/** The newest period with new flows, and whether a closed region had any in it. */
export function judgeFlows(
  periods: readonly PeriodFlows[],
  closed: readonly string[],
): { period: PeriodFlows; leaked: string[] } | undefined {
  const withFlows = periods.filter((p) => Object.values(p.byRegion).some((n) => n > 0));
  const period = withFlows.at(-1);
  if (!period) return undefined;
  return { period, leaked: closed.filter((r) => (period.byRegion[r] ?? 0) > 0) };
}

/** `flows:<region>` figures of a period, for the journal. */
function flowFigures(period: PeriodFlows | undefined): StepResult {
  return Object.fromEntries(
    Object.entries(period?.byRegion ?? {}).map(([r, n]) => [`flows:${r}`, n]),
  );
}

/** The step confirming a move with NewFlowCount per endpoint group. */
export function flowConfirmationStep(
  source: FlowMetricsSource,
  expected: readonly OriginLanding[],
): Step {
  const closed = closedToEveryone(expected);
  const periodMs = source.periodSeconds * 1000;
  return {
    id: 'confirm:flows',
    title: `confirm with the accelerator's NewFlowCount per endpoint group (CloudWatch, ${source.periodSeconds} s periods) that ${closed.length ? `no new flow reaches ${closed.join(', ')}` : 'new flows are counted where the dials send them'}`,
    done: async () => false,
    async apply(ctx: StepContext) {
      const started = ctx.timer.now();
      // Only periods wholly after the landing count; one more period passes for publishing.
      const from = Math.ceil(started / periodMs) * periodMs;
      let last: ReturnType<typeof judgeFlows>;
      let failure: string | undefined;
      for (;;) {
        const now = ctx.timer.now();
        const to = Math.floor(now / periodMs) * periodMs - periodMs;
        if (to > from) {
          try {
            const series = await source.cloudwatch.getMetricData(
              source.regions.map((r, i) => flowQuery(source, r, i)),
              from,
              to,
            );
            last = judgeFlows(periodsOf(source.regions, series), closed);
            failure = undefined;
            if (last && last.leaked.length === 0) {
              return {
                confirmed: true,
                periodStart: new Date(last.period.startMs).toISOString(),
                ...flowFigures(last.period),
              };
            }
          } catch (error) {
            failure = error instanceof Error ? error.message : String(error);
          }
        }
        if (ctx.signal.aborted)
          throw interrupted("interrupted while reading the accelerator's metrics");
        if (now - started >= source.waitMs) break;
        await ctx.timer.sleep(Math.min(Math.max(periodMs / 4, 250), 10_000), ctx.signal);
      }
      if (last?.leaked.length) {
        const counts = last.leaked.map((r) => `${r} ${last!.period.byRegion[r]}`).join(', ');
        throw drError(
          'FLOWS_NOT_MOVED',
          `NewFlowCount still counts new flows in ${counts} in the period from ${new Date(last.period.startMs).toISOString()}, after the change closed ${last.leaked.join(', ')} to every client`,
        );
      }
      const reason = failure
        ? `CloudWatch did not answer (${failure})`
        : 'no new flow was counted in a complete period after the change';
      ctx.note(
        `the move is not confirmed by the accelerator's metrics: ${reason}; the probe's landing stands alone`,
      );
      return { confirmed: false, reason, ...flowFigures(last?.period) };
    },
  };
}
