/**
 * Where a run reads the accelerator's NewFlowCount: CloudWatch in us-west-2, where Global
 * Accelerator publishes its metrics whatever the endpoint groups' regions (its API region is
 * the same one), with the config's `accelerator.flowMetrics` period and wait.
 */
import type { Config } from '../../config/schema.js';
import type { PortFactory } from '../../core/ports.js';
import type { FlowMetricsSource } from '../../core/traffic/flow-confirmation.js';

/** The last part of an ARN: the metric dimension's value (`…/accelerator/<id>` → id). */
function lastPart(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** The run's source of NewFlowCount per endpoint group. */
export function flowMetricsSource(config: Config, ports: PortFactory): FlowMetricsSource {
  const { apiRegion, arn, listenerArn, flowMetrics } = config.accelerator;
  return {
    cloudwatch: ports.region(apiRegion).cloudwatch,
    acceleratorId: lastPart(arn),
    listenerId: lastPart(listenerArn),
    regions: config.regions.map((r) => r.name),
    periodSeconds: flowMetrics.periodSeconds,
    waitMs: flowMetrics.waitSeconds * 1000,
  };
}
