/**
 * Reads everything `status` shows, all calls in parallel under one ReadBudget: the
 * accelerator and each region's endpoint group (through the accelerator's API region), and
 * per region the ECS services, target health, gating alarms, recent error rate and the
 * global-table replica. Replication lag is read by a function the caller hands in (the
 * replication use cases), raced against the same budget. Never throws for a failed read.
 */
import { controlLayout } from '../ops/control-store.js';
import type { Config } from '../../config/schema.js';
import { regionMetricQueries } from '../metrics/queries.js';
import type { MetricQuery, MetricSeries, PortFactory, TableInfo } from '../ports.js';
import { ReadBudget, type ErrorClassifier, type ReadLimits, type Timer } from '../read-budget.js';
import type {
  ErrorRateReading,
  Fact,
  RegionFacts,
  ReplicationReading,
  RoutingSwitchReading,
  StatusFacts,
} from './facts.js';

/** What gatherStatus needs. */
export interface GatherDeps {
  ports: PortFactory;
  timer: Timer;
  classify: ErrorClassifier;
  /** Reads replication lag (probe and/or CloudWatch) within `budgetMs`; omitted: not measured. */
  replication?: (budgetMs: number) => Promise<ReplicationReading[]>;
}

/** How far back the error rate looks. */
export const ERROR_RATE_WINDOW_SECONDS = 300;

function sum(series: MetricSeries | undefined): number {
  return (series?.values ?? []).reduce((a, b) => a + b, 0);
}

/** The error rate over the window from the ALB's request and 5xx counts. */
export function errorRateFrom(
  series: readonly MetricSeries[],
  nowMs: number,
  windowSeconds: number,
): ErrorRateReading {
  const byId = (id: string) => series.find((s) => s.id === id);
  // ELB 503s (no healthy target) never reach RequestCount, yet they are requests that failed.
  const requests = sum(byId('requests')) + sum(byId('elb503'));
  const errors5xx = sum(byId('target5xx')) + sum(byId('elb5xx'));
  const newest = Math.max(-Infinity, ...(byId('requests')?.timestamps ?? []));
  return {
    requests,
    errors5xx,
    percent: requests > 0 ? Math.round((errors5xx / requests) * 1000) / 10 : null,
    windowSeconds,
    newestAgeSeconds: Number.isFinite(newest)
      ? Math.max(0, Math.round((nowMs - newest) / 1000))
      : null,
  };
}

const ERROR_RATE_IDS = ['requests', 'target5xx', 'elb5xx', 'elb503'];

/** The metrics' request and 5xx queries of a region, each returning its data. */
function errorRateQueries(config: Config, region: string): MetricQuery[] {
  return regionMetricQueries(config, region, 60)
    .filter((q) => ERROR_RATE_IDS.includes(q.id))
    .map((q) => ('expression' in q ? q : { ...q, returnData: true }));
}

function readRegion(
  config: Config,
  name: string,
  budget: ReadBudget,
  deps: GatherDeps,
  now: number,
  replica: Promise<Fact<TableInfo>>,
  hashKey: Promise<string | undefined>,
): Promise<Omit<RegionFacts, 'endpointGroup'>> {
  const region = config.regions.find((r) => r.name === name)!;
  const ports = deps.ports.region(name);
  const window = ERROR_RATE_WINDOW_SECONDS;
  const services = budget.read(`ecs:DescribeServices ${name}`, () =>
    ports.ecs.describeServices(
      region.ecs.cluster,
      region.ecs.services.map((s) => s.name),
    ),
  );
  const targetGroups = Promise.all(
    region.ecs.services.map(async (s) => ({
      service: s.name,
      targetGroupArn: s.targetGroupArn,
      targets: await budget.read(
        `elasticloadbalancing:DescribeTargetHealth ${name} ${s.name}`,
        () => ports.elbv2.describeTargetHealth(s.targetGroupArn),
      ),
    })),
  );
  const alarms = budget.read(`cloudwatch:DescribeAlarms ${name}`, () =>
    ports.cloudwatch.describeAlarms(region.alarms),
  );
  const errorRate = budget.read(`cloudwatch:GetMetricData ${name}`, async () =>
    errorRateFrom(
      await ports.cloudwatch.getMetricData(
        errorRateQueries(config, name),
        now - window * 1000,
        now,
      ),
      now,
      window,
    ),
  );
  // The routing switch is an item read (data plane): in the control table (key `Pk`), or in
  // the app's table with its key from any region's DescribeTable, even when this region's
  // control plane is down.
  const layout = controlLayout(config);
  const reader = layout.regions.includes(name) ? ports : deps.ports.region(layout.regions[0]!);
  const switchKey = layout.hashKey ? Promise.resolve(layout.hashKey) : hashKey;
  const routingSwitch = switchKey.then((key) =>
    key === undefined
      ? unknownFact<RoutingSwitchReading>(`dynamodb:GetItem ${name} (routing switch)`)
      : budget.read(`dynamodb:GetItem ${name} (routing switch)`, async () => {
          const item = await reader.dynamodb.getItem(layout.table, {
            [key]: layout.ids.routing(name),
          });
          return {
            state: item?.RoutingState === 'out' ? ('out' as const) : ('in' as const),
            ...(item?.ChangedBy === undefined ? {} : { changedBy: String(item.ChangedBy) }),
            ...(item?.ChangedAt === undefined ? {} : { changedAt: Number(item.ChangedAt) }),
          };
        }),
  );
  return Promise.all([services, targetGroups, alarms, errorRate, replica, routingSwitch]).then(
    ([s, t, a, e, r, w]) => ({
      region: name,
      services: s,
      targetGroups: t,
      alarms: a,
      errorRate: e,
      replica: r,
      routingSwitch: w,
    }),
  );
}

function unknownFact<T>(call: string): Fact<T> {
  return {
    known: false,
    failure: {
      kind: 'unreachable',
      call,
      message: 'the table could not be described in any region',
    },
    ms: 0,
  };
}

/** The table's hash key from the first region whose DescribeTable answered. */
async function firstHashKey(
  replicas: readonly Promise<Fact<TableInfo>>[],
): Promise<string | undefined> {
  const facts = await Promise.all(replicas);
  for (const fact of facts) {
    const key = fact.known ? fact.value.key.find((k) => k.keyType === 'HASH') : undefined;
    if (key) return key.name;
  }
  return undefined;
}

/** Reads every fact `status` needs; unknown facts carry why. */
export async function gatherStatus(
  config: Config,
  deps: GatherDeps,
  limits: ReadLimits,
): Promise<StatusFacts> {
  const started = deps.timer.now();
  const budget = new ReadBudget(deps.timer, limits, deps.classify);
  const accelerator = deps.ports.accelerator();
  const acceleratorFact = budget.read(
    `globalaccelerator:DescribeAccelerator ${config.accelerator.apiRegion}`,
    () => accelerator.describeAccelerator(config.accelerator.arn),
  );
  const groups = Promise.all(
    config.regions.map((r) =>
      budget.read(
        `globalaccelerator:DescribeEndpointGroup ${config.accelerator.apiRegion} (${r.name})`,
        () => accelerator.describeEndpointGroup(r.endpointGroupArn),
      ),
    ),
  );
  const replicas = config.regions.map((r) =>
    budget.read(`dynamodb:DescribeTable ${r.name}`, () =>
      deps.ports.region(r.name).dynamodb.describeTable(config.globalTable.name),
    ),
  );
  // A configured partition key spares waiting on DescribeTable (a control-plane call).
  const configuredKey = config.globalTable.partitionKey;
  const hashKey = configuredKey ? Promise.resolve(configuredKey) : firstHashKey(replicas);
  const regions = Promise.all(
    config.regions.map((r, i) =>
      readRegion(config, r.name, budget, deps, started, replicas[i]!, hashKey),
    ),
  );
  const replication = readReplication(deps, budget);
  const [acc, groupFacts, regionFacts, readings] = await Promise.all([
    acceleratorFact,
    groups,
    regions,
    replication,
  ]);
  return {
    readAt: started,
    accelerator: acc,
    regions: regionFacts.map((r, i) => ({ ...r, endpointGroup: groupFacts[i]! })),
    replication: readings,
    durationMs: deps.timer.now() - started,
  };
}

async function readReplication(
  deps: GatherDeps,
  budget: ReadBudget,
): Promise<ReplicationReading[]> {
  if (!deps.replication) return [];
  const fact: Fact<ReplicationReading[]> = await budget.read(
    'replication',
    () => deps.replication!(budget.remainingMs()),
    budget.remainingMs(),
  );
  return fact.known ? fact.value : [];
}
