import { Duration } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { CLUSTER_NAME, DASHBOARD_NAME, SERVICES, XRAY_GROUPS } from './names.js';

/** What the dashboard needs to know about one region. */
export interface DashboardRegion {
  readonly region: string;
  /** The ALB's `app/<name>/<id>` (its CloudWatch LoadBalancer dimension). */
  readonly loadBalancerFullName: string;
}

const MINUTE = Duration.minutes(1);

function albMetric(r: DashboardRegion, metricName: string): cw.Metric {
  return new cw.Metric({
    namespace: 'AWS/ApplicationELB',
    metricName,
    dimensionsMap: { LoadBalancer: r.loadBalancerFullName },
    statistic: cw.Stats.SUM,
    period: MINUTE,
    region: r.region,
    label: `${metricName} ${r.region}`,
  });
}

function ecsMetric(region: string, metricName: string, serviceName: string): cw.Metric {
  return new cw.Metric({
    namespace: 'AWS/ECS',
    metricName,
    dimensionsMap: { ClusterName: CLUSTER_NAME, ServiceName: serviceName },
    statistic: cw.Stats.AVERAGE,
    period: MINUTE,
    region,
    label: `${serviceName} ${region}`,
  });
}

/**
 * The workshop's dashboard for both regions (every metric names its region): ALB
 * RequestCount and target 2XX/4XX/5XX (Sum, 60 s), ECS CPU and memory per service, and the
 * X-Ray group `like-service-errors-faults` trace count.
 */
export class MysfitsDashboard extends Construct {
  /** The CloudWatch dashboard. */
  readonly dashboard: cw.Dashboard;

  constructor(scope: Construct, id: string, props: { regions: readonly DashboardRegion[] }) {
    super(scope, id);
    this.dashboard = new cw.Dashboard(this, 'Dashboard', {
      dashboardName: DASHBOARD_NAME,
      defaultInterval: Duration.hours(1),
    });
    const services = Object.values(SERVICES).map((s) => s.name);
    const errorsGroup = XRAY_GROUPS[1].name;
    for (const r of props.regions) {
      this.dashboard.addWidgets(
        new cw.GraphWidget({
          title: `ALB requests and target responses (${r.region})`,
          width: 12,
          left: ['RequestCount', 'HTTPCode_Target_2XX_Count'].map((m) => albMetric(r, m)),
          right: ['HTTPCode_Target_4XX_Count', 'HTTPCode_Target_5XX_Count'].map((m) =>
            albMetric(r, m),
          ),
        }),
        new cw.GraphWidget({
          title: `ECS CPU / memory % (${r.region})`,
          width: 6,
          left: services.map((s) => ecsMetric(r.region, 'CPUUtilization', s)),
          right: services.map((s) => ecsMetric(r.region, 'MemoryUtilization', s)),
        }),
        new cw.GraphWidget({
          title: `X-Ray ${errorsGroup} (${r.region})`,
          width: 6,
          left: [
            new cw.Metric({
              namespace: 'AWS/X-Ray',
              metricName: 'ApproximateTraceCount',
              dimensionsMap: { GroupName: errorsGroup },
              statistic: cw.Stats.SUM,
              period: MINUTE,
              region: r.region,
              label: `${errorsGroup} ${r.region}`,
            }),
          ],
        }),
      );
    }
  }
}
