/**
 * The lab's CloudWatch: the API handler, the per-region state it serves (metric store,
 * alarms, history) and the account-wide dashboards, the alarm scheduler that evaluates
 * alarms on the lab clock, and the collectors that turn the other services' traffic into
 * AWS's metrics. Register it with `server.registerService('monitoring', cw.handler)`.
 */
import { AlarmScheduler, cadenceMs, SETTLE_MS, windowMs } from './engine/evaluator.js';
import { CloudWatchCollectors, type CollectorSources } from './engine/collectors.js';
import type { MetricStore, StoredDatum } from './engine/store.js';
import type { LabClock, LabLog } from '../../dataplane/contracts.js';
import type { ComponentHealth } from '../../protocol/lab-request.js';
import type { ServiceHandler } from '../../protocol/registry.js';
import { LAB_ACCOUNT_ID } from '../../topology.js';
import { alarmPeriod, evaluateRegionAlarm } from './alarm-evaluation.js';
import { createCloudWatchHandler } from './handler.js';
import { transitionAlarm } from './ops-alarms.js';
import { type CloudWatchContext, CloudWatchRegion, type Dashboard } from './state.js';

/** What the CloudWatch service needs. */
export interface CloudWatchServiceOptions {
  regions: readonly string[];
  clock: LabClock;
  log?: LabLog;
  /** Account id in ARNs (default the lab's). */
  accountId?: string;
  /** Sources of the periodic samplers (can also be set later on `collectors`). */
  sources?: CollectorSources;
  /** Start the evaluation, collection and pruning timers (default true; tests drive them by hand). */
  timers?: boolean;
}

/** The running CloudWatch service. */
export interface CloudWatchService {
  /** The API handler (signing name `monitoring`). */
  readonly handler: ServiceHandler;
  /** The collectors the other services feed. */
  readonly collectors: CloudWatchCollectors;
  /** The alarm scheduler (`runDue(now)` evaluates due alarms at once). */
  readonly scheduler: AlarmScheduler;
  /** The metric store of a region. */
  store(region: string): MetricStore;
  /** The CloudWatch state of a region (throws for a region the lab does not serve). */
  region(name: string): CloudWatchRegion;
  /** What an operation gets in a region (for seeding through the operations). */
  context(region: string): CloudWatchContext;
  /** Stores a datum as a service publishes it (AWS/ namespaces allowed). */
  publish(region: string, datum: StoredDatum): void;
  /**
   * Puts a seeded alarm in the OK state of the workshop's steady state and holds its first
   * evaluation until the lab has gathered as many periods of data as it evaluates: the lab
   * has no history from before it started, which a long-running deployment would have.
   */
  holdSteady(region: string, alarmName: string): void;
  /** Stops timers and flushes the collectors. */
  close(): Promise<void>;
}

/** Creates the CloudWatch service for the lab's regions. */
export function createCloudWatchService(options: CloudWatchServiceOptions): CloudWatchService {
  const { clock, log } = options;
  const accountId = options.accountId ?? LAB_ACCOUNT_ID;
  const regions = new Map(options.regions.map((name) => [name, new CloudWatchRegion(name, clock)]));
  const dashboards = new Map<string, Dashboard>();
  const region = (name: string): CloudWatchRegion => {
    const state = regions.get(name);
    if (!state) throw new Error(`CloudWatch: the lab does not serve region '${name}'.`);
    return state;
  };
  const scheduler = new AlarmScheduler({
    clock,
    *alarms() {
      for (const [name, state] of regions)
        for (const alarm of state.alarms.values())
          yield { key: `${name}/${alarm.name}`, periodSeconds: alarmPeriod(alarm) };
    },
    evaluate(key, nowMs) {
      const slash = key.indexOf('/');
      const state = region(key.slice(0, slash));
      const alarm = state.alarms.get(key.slice(slash + 1));
      if (alarm) evaluateRegionAlarm(state, alarm, clock, nowMs);
    },
    onError: (key, error) =>
      log?.(`cloudwatch: evaluating alarm ${key} failed: ${(error as Error).stack ?? error}`),
  });
  const publish = (name: string, datum: StoredDatum) => region(name).store.put(datum);
  const collectors = new CloudWatchCollectors({ clock, publish, log, sources: options.sources });
  const contexts = new Map<string, CloudWatchContext>();
  const context = (name: string): CloudWatchContext => {
    let found = contexts.get(name);
    if (!found) {
      found = {
        region: region(name),
        dashboards,
        clock,
        accountId,
        alarmChanged: (alarm) => scheduler.touch(`${name}/${alarm.name}`),
        alarmStateSet: (alarm) => {
          const cadence = cadenceMs(clock, alarmPeriod(alarm));
          const next = (Math.floor(clock.now() / cadence) + 1) * cadence + SETTLE_MS;
          scheduler.defer(`${name}/${alarm.name}`, next);
        },
      };
      contexts.set(name, found);
    }
    return found;
  };
  let pruner: NodeJS.Timeout | undefined;
  if (options.timers ?? true) {
    scheduler.start();
    collectors.start();
    pruner = setInterval(() => {
      for (const state of regions.values()) state.store.prune();
    }, 60_000);
    pruner.unref();
  }
  const health = async (): Promise<Record<string, ComponentHealth>> => {
    const components: Record<string, ComponentHealth> = {};
    for (const [name, state] of regions) {
      const { metrics, pages } = state.store.size();
      const counts = state.alarmCounts();
      components[`cloudwatch:${name}`] = {
        healthy: true,
        detail: `${metrics} metrics (${pages} pages); alarms: ${counts.OK} OK, ${counts.ALARM} ALARM, ${counts.INSUFFICIENT_DATA} INSUFFICIENT_DATA`,
      };
    }
    return components;
  };
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    scheduler.stop();
    collectors.stop();
    if (pruner) clearInterval(pruner);
  };
  const handler: ServiceHandler = createCloudWatchHandler({ context, health, close });
  return {
    handler,
    collectors,
    scheduler,
    store: (name) => region(name).store,
    region,
    context,
    publish,
    holdSteady(regionName, alarmName) {
      const state = region(regionName);
      const alarm = state.alarms.get(alarmName);
      if (!alarm) throw new Error(`CloudWatch: no alarm '${alarmName}' in ${regionName}.`);
      const now = clock.now();
      if (alarm.state.value !== 'OK') {
        transitionAlarm(
          state,
          alarm,
          'OK',
          'Seeded in the workshop steady state; first evaluated once the lab has data for its evaluation periods.',
          undefined,
          now,
        );
      }
      const periods = alarm.evaluationPeriods * windowMs(clock, alarmPeriod(alarm));
      scheduler.defer(`${regionName}/${alarmName}`, now + periods + SETTLE_MS);
    },
    close,
  };
}
