/**
 * ECS adapter: DescribeServices, 10 services a call as the API allows; services ECS does not
 * know (failure reason MISSING) come back with status `MISSING` and zero counts (a failure
 * with another reason likewise, its reason as the status). UpdateService changes only the
 * desired count.
 */
import {
  DescribeServicesCommand,
  UpdateServiceCommand,
  type ECSClient,
  type Service,
  type Deployment,
} from '@aws-sdk/client-ecs';
import type { EcsDeploymentInfo, EcsReader, EcsServiceInfo, EcsWriter } from '../core/ports.js';

/** The SDK client this adapter runs over: ports.ts imports both together, on first use. */
export { ECSClient } from '@aws-sdk/client-ecs';

/** Most services one DescribeServices call takes. */
export const ECS_DESCRIBE_BATCH = 10;

/** The last path segment of an ARN (`…:service/cluster/name` → `name`), or the value itself. */
function lastSegment(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? (nameOrArn.split('/').pop() ?? nameOrArn) : nameOrArn;
}

function deploymentInfo(d: Deployment): EcsDeploymentInfo {
  return {
    id: d.id ?? '',
    status: d.status ?? '',
    ...(d.rolloutState ? { rolloutState: d.rolloutState } : {}),
    desired: d.desiredCount ?? 0,
    running: d.runningCount ?? 0,
    pending: d.pendingCount ?? 0,
  };
}

function serviceInfo(name: string, s: Service): EcsServiceInfo {
  return {
    name: s.serviceName ?? name,
    status: s.status ?? '',
    desired: s.desiredCount ?? 0,
    running: s.runningCount ?? 0,
    pending: s.pendingCount ?? 0,
    deployments: (s.deployments ?? []).map(deploymentInfo),
  };
}

function failed(name: string, reason: string): EcsServiceInfo {
  return { name, status: reason, desired: 0, running: 0, pending: 0, deployments: [] };
}

/** An EcsReader over an ECS client; results keep the order of the names asked. */
export function ecsReader(client: ECSClient): EcsReader {
  return {
    async describeServices(cluster, names) {
      const found = new Map<string, Service>();
      const failures = new Map<string, string>();
      for (let i = 0; i < names.length; i += ECS_DESCRIBE_BATCH) {
        const batch = names.slice(i, i + ECS_DESCRIBE_BATCH);
        const out = await client.send(
          new DescribeServicesCommand({ cluster, services: [...batch] }),
        );
        for (const s of out.services ?? []) {
          if (s.serviceName) found.set(s.serviceName, s);
          if (s.serviceArn) found.set(s.serviceArn, s);
        }
        for (const f of out.failures ?? []) {
          if (!f.arn) continue;
          failures.set(f.arn, f.reason ?? 'MISSING');
          failures.set(lastSegment(f.arn), f.reason ?? 'MISSING');
        }
      }
      return names.flatMap((name): EcsServiceInfo[] => {
        const service = found.get(name) ?? found.get(lastSegment(name));
        if (service) return [serviceInfo(lastSegment(name), service)];
        const reason = failures.get(name) ?? failures.get(lastSegment(name));
        return reason ? [failed(lastSegment(name), reason)] : [];
      });
    },
  };
}

/** An EcsWriter over an ECS client; UpdateService is sent with only `desiredCount`. */
export function ecsWriter(client: ECSClient): EcsWriter {
  return {
    async setDesiredCount(cluster, service, count) {
      const out = await client.send(
        new UpdateServiceCommand({ cluster, service, desiredCount: count }),
      );
      return serviceInfo(lastSegment(service), out.service ?? {});
    },
  };
}
