/** ELBv2 adapter: DescribeTargetHealth of one target group (one page: the API does not page it). */
import {
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Elbv2Reader, TargetHealthInfo } from '../core/ports.js';

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
