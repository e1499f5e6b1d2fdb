import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as xray from 'aws-cdk-lib/aws-xray';
import { Construct } from 'constructs';
import { GATING_ALARMS, XRAY_GROUPS } from './names.js';

/** Properties of {@link GatingAlarms}. */
export interface GatingAlarmsProps {
  /** The Like service's target group (the alarms watch likes, the write path). */
  readonly likeTargetGroup: elbv2.IApplicationTargetGroup;
}

/**
 * The two alarms that gate failover in a region (`mysfits-dr` requires them to be OK before
 * sending traffic there): like-target 5xx (Sum >= 5 in each of 2 consecutive minutes) and
 * like unhealthy hosts (Maximum >= 1 in each of 2 consecutive minutes). Missing data counts
 * as OK: a region with no traffic has no 5xx datapoints.
 */
export class GatingAlarms extends Construct {
  /** The alarms, in a stable order. */
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: GatingAlarmsProps) {
    super(scope, id);
    const tg = props.likeTargetGroup;
    const fiveXx = new cloudwatch.Alarm(this, 'LikeTarget5xx', {
      alarmName: GATING_ALARMS.likeTarget5xx,
      alarmDescription: 'Like service targets answered 5xx (HTTPCode_Target_5XX_Count, Sum/60 s)',
      metric: tg.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(1),
      }),
      threshold: 5,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const unhealthy = new cloudwatch.Alarm(this, 'LikeUnhealthyHosts', {
      alarmName: GATING_ALARMS.likeUnhealthyHosts,
      alarmDescription: 'Like service has unhealthy targets (UnHealthyHostCount, Max/60 s)',
      metric: tg.metrics.unhealthyHostCount({
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.minutes(1),
      }),
      threshold: 1,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarms = [fiveXx, unhealthy];
  }
}

/** The workshop's X-Ray groups (`like-service`, `like-service-errors-faults`) in a region. */
export class XRayGroups extends Construct {
  /** Group names, in a stable order. */
  readonly groupNames: string[];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.groupNames = XRAY_GROUPS.map((group) => {
      new xray.CfnGroup(this, group.name, {
        groupName: group.name,
        filterExpression: group.filter,
        insightsConfiguration: { insightsEnabled: false, notificationsEnabled: false },
      });
      return group.name;
    });
  }
}
