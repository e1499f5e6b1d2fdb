/**
 * ELBv2 adapter: DescribeTargetHealth of one target group (one page: the API does not page it);
 * a target group's health-check path (DescribeTargetGroups) and changing it alone
 * (ModifyTargetGroup), for drills that break and heal health checks.
 */
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyTargetGroupCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Elbv2Reader, TargetHealthInfo } from '../core/ports.js';

/** The SDK client this adapter runs over: ports.ts imports both together, on first use. */
export { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';

/** An Elbv2Reader over an ELBv2 client. */
export function elbv2Reader(client: ElasticLoadBalancingV2Client): Elbv2Reader {
  return {
    async describeTargetHealth(targetGroupArn) {
      const out = await client.send(
        new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }),
      );
      return (out.TargetHealthDescriptions ?? []).map(
        (d): TargetHealthInfo => ({
          targetId: d.Target?.Id ?? '',
          ...(d.Target?.Port !== undefined ? { port: d.Target.Port } : {}),
          state: d.TargetHealth?.State ?? 'unavailable',
          ...(d.TargetHealth?.Reason ? { reason: d.TargetHealth.Reason } : {}),
          ...(d.TargetHealth?.Description ? { description: d.TargetHealth.Description } : {}),
        }),
      );
    },
  };
}

/** Reads and changes the health-check path of a target group; nothing else is sent. */
export interface Elbv2HealthCheckPaths {
  /** HealthCheckPath of the target group ('' when it has none, as with TCP health checks). */
  healthCheckPath(targetGroupArn: string): Promise<string>;
  /** ModifyTargetGroup with only HealthCheckPath; resolves to the path AWS now reports. */
  setHealthCheckPath(targetGroupArn: string, path: string): Promise<string>;
}

/** Elbv2HealthCheckPaths over an ELBv2 client. */
export function elbv2HealthCheckPaths(client: ElasticLoadBalancingV2Client): Elbv2HealthCheckPaths {
  return {
    async healthCheckPath(targetGroupArn) {
      const out = await client.send(
        new DescribeTargetGroupsCommand({ TargetGroupArns: [targetGroupArn] }),
      );
      return out.TargetGroups?.[0]?.HealthCheckPath ?? '';
    },
    async setHealthCheckPath(targetGroupArn, path) {
      const out = await client.send(
        new ModifyTargetGroupCommand({ TargetGroupArn: targetGroupArn, HealthCheckPath: path }),
      );
      return out.TargetGroups?.[0]?.HealthCheckPath ?? path;
    },
  };
}
