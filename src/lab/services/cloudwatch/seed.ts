/**
 * The workshop's CloudWatch in the lab: in every region the two alarms a failover is gated
 * on (LAB_GATING_ALARMS), and the `mysfits-dr` dashboard of Labs 2 and 3 (ALB requests and
 * target status codes, ECS CPU and memory per service, the X-Ray group metric, for both
 * regions). Created through the API operations, so they are validated and in the history.
 *
 * - `mysfits-like-target-5xx`: Sum of HTTPCode_Target_5XX_Count of the Like target group
 *   > 5 in 3 of 3 periods of 60 s. ALB publishes a count only for periods that had such
 *   responses, so missing data means "no errors": notBreaching.
 * - `mysfits-like-unhealthy-hosts`: Minimum of HealthyHostCount of the Like target group
 *   < 1 in 2 of 2 periods of 60 s. HealthyHostCount rather than UnHealthyHostCount ≥ 1: a
 *   service scaled to 0 (the workshop's first way to break a region) leaves no targets at
 *   all, so no unhealthy ones either, and one unhealthy task beside a healthy one is not an
 *   outage. The gauge is published every minute while the target group is in use, so
 *   missing data means no evidence the region can serve: breaching.
 */
import {
  LAB_CLUSTER,
  LAB_GATING_ALARMS,
  LAB_SERVICES,
  labLoadBalancerArn,
  labTargetGroupArn,
  type LabRegion,
} from '../../topology.js';
import { arnDimension } from './engine/collectors.js';
import { putMetricAlarm } from './ops-alarms.js';
import { putDashboard } from './ops-dashboards.js';
import type { CloudWatchService } from './service.js';

/** Name of the workshop's dashboard. */
export const WORKSHOP_DASHBOARD = 'mysfits-dr';

/** Options of seedWorkshopCloudWatch. */
export interface SeedCloudWatchOptions {
  regions: readonly LabRegion[];
}

function likeDimensions(region: LabRegion) {
  return [
    { Name: 'TargetGroup', Value: arnDimension(labTargetGroupArn(region, 'like')) },
    { Name: 'LoadBalancer', Value: arnDimension(labLoadBalancerArn(region)) },
  ];
}

/** The body of the workshop dashboard for these regions. */
export function workshopDashboardBody(regions: readonly LabRegion[]): string {
  const lb = (r: LabRegion) => arnDimension(labLoadBalancerArn(r));
  const widget = (y: number, x: number, title: string, stat: string, metrics: unknown[]) => ({
    type: 'metric',
    x,
    y,
    width: 12,
    height: 6,
    properties: {
      title,
      view: 'timeSeries',
      stacked: false,
      region: regions[0],
      period: 60,
      stat,
      metrics,
    },
  });
  const statusCodes = ['2XX', '4XX', '5XX'].flatMap((code) =>
    regions.map((r) => [
      'AWS/ApplicationELB',
      `HTTPCode_Target_${code}_Count`,
      'LoadBalancer',
      lb(r),
      { region: r, stat: 'Sum', period: 60, label: `${code} ${r}` },
    ]),
  );
  const ecs = (metric: string) =>
    regions.flatMap((r) =>
      LAB_SERVICES.map((s) => [
        'AWS/ECS',
        metric,
        'ClusterName',
        LAB_CLUSTER,
        'ServiceName',
        s.name,
        { region: r, label: `${s.name} ${r}` },
      ]),
    );
  const widgets = [
    widget(
      0,
      0,
      'ALB requests',
      'Sum',
      regions.map((r) => [
        'AWS/ApplicationELB',
        'RequestCount',
        'LoadBalancer',
        lb(r),
        { region: r, stat: 'Sum', period: 60, label: r },
      ]),
    ),
    widget(0, 12, 'Target responses by status class', 'Sum', statusCodes),
    widget(6, 0, 'ECS CPU utilization', 'Average', ecs('CPUUtilization')),
    widget(6, 12, 'ECS memory utilization', 'Average', ecs('MemoryUtilization')),
    widget(
      12,
      0,
      'X-Ray: like-service-errors-faults traces',
      'Sum',
      regions.map((r) => [
        'AWS/X-Ray',
        'ApproximateTraceCount',
        'GroupName',
        'like-service-errors-faults',
        { region: r, stat: 'Sum', period: 60, label: r },
      ]),
    ),
  ];
  return JSON.stringify({ widgets });
}

/** The workshop's 5XX gate: more than 5 target 5XX responses a minute for 3 minutes. */
export const TARGET_5XX_GATE = {
  Namespace: 'AWS/ApplicationELB',
  MetricName: 'HTTPCode_Target_5XX_Count',
  Statistic: 'Sum',
  Period: 60,
  EvaluationPeriods: 3,
  DatapointsToAlarm: 3,
  Threshold: 5,
  ComparisonOperator: 'GreaterThanThreshold',
  TreatMissingData: 'notBreaching',
} as const;

/** The workshop's health gate: no healthy target for 2 minutes (missing data breaches). */
export const HEALTHY_HOSTS_GATE = {
  Namespace: 'AWS/ApplicationELB',
  MetricName: 'HealthyHostCount',
  Statistic: 'Minimum',
  Period: 60,
  EvaluationPeriods: 2,
  DatapointsToAlarm: 2,
  Threshold: 1,
  ComparisonOperator: 'LessThanThreshold',
  TreatMissingData: 'breaching',
} as const;

/** Creates the gating alarms in every region and the dashboard (account-wide, from the first region). */
export function seedWorkshopCloudWatch(
  cw: CloudWatchService,
  options: SeedCloudWatchOptions,
): void {
  const [fiveXx, unhealthy] = LAB_GATING_ALARMS;
  for (const region of options.regions) {
    const context = cw.context(region);
    putMetricAlarm(context, {
      AlarmName: fiveXx,
      AlarmDescription:
        'Like service: more than 5 target 5XX responses a minute for 3 minutes (failover gate).',
      Dimensions: likeDimensions(region),
      ...TARGET_5XX_GATE,
    });
    putMetricAlarm(context, {
      AlarmName: unhealthy,
      AlarmDescription: 'Like service: no healthy target for 2 minutes (failover gate).',
      Dimensions: likeDimensions(region),
      ...HEALTHY_HOSTS_GATE,
    });
  }
  const first = options.regions[0];
  if (first)
    putDashboard(cw.context(first), {
      DashboardName: WORKSHOP_DASHBOARD,
      DashboardBody: workshopDashboardBody(options.regions),
    });
}
