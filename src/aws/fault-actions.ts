/**
 * The faults a game-day drill injects on AWS through the AWS APIs (the lab answers the same
 * calls): scale an ECS service, point a target group's health check at another path, start
 * and stop an AWS FIS experiment. Each change answers what it replaced, so a rollback can put
 * it back. Regions and services are the configured ones; anything else is a usage error.
 */
import { randomUUID } from 'node:crypto';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Config } from '../config/schema.js';
import { drError, unknownRegion, usageError } from '../core/errors.js';
import type { FaultActions } from '../drill/deps.js';
import { clientConfig, type AwsSettings } from './clients.js';
import { ecsReader, ecsWriter } from './ecs.js';
import { elbv2HealthCheckPaths } from './elbv2.js';
import { toDrError } from './errors.js';
import { fisAdapter, fisCaller, type FisPort } from './fis.js';

/** The drill fault actions of `awsFaultActions` (the port the drill runner declares), and closing. */
export interface AwsFaultActions extends FaultActions {
  /** Closes every client. */
  destroy(): void;
}

type RegionConfig = Config['regions'][number];

/** Drill fault actions over the AWS APIs (they work against the lab too). */
export function awsFaultActions(settings: AwsSettings, config: Config): AwsFaultActions {
  const ecsClients = new Map<string, ECSClient>();
  const elbClients = new Map<string, ElasticLoadBalancingV2Client>();
  const fisPorts = new Map<string, { client: { destroy(): void }; port: FisPort }>();

  function regionOf(name: string): RegionConfig {
    const found = config.regions.find((r) => r.name === name);
    if (found) return found;
    throw unknownRegion(
      name,
      config.regions.map((r) => r.name),
    );
  }

  function serviceOf(region: RegionConfig, name: string) {
    const found = region.ecs.services.find((s) => s.name === name);
    if (found) return found;
    throw usageError(
      'UNKNOWN_SERVICE',
      `service "${name}" is not a configured ECS service of ${region.name}`,
      `Use one of ${region.ecs.services.map((s) => s.name).join(', ')}.`,
    );
  }

  function ecs(region: string): ECSClient {
    let client = ecsClients.get(region);
    if (!client) {
      client = new ECSClient(clientConfig('ECS', region, settings));
      ecsClients.set(region, client);
    }
    return client;
  }

  function elbv2(region: string): ElasticLoadBalancingV2Client {
    let client = elbClients.get(region);
    if (!client) {
      client = new ElasticLoadBalancingV2Client(
        clientConfig('ELASTIC_LOAD_BALANCING_V2', region, settings),
      );
      elbClients.set(region, client);
    }
    return client;
  }

  function fis(region: string): FisPort {
    let found = fisPorts.get(region);
    if (!found) {
      const client = fisCaller(region, settings);
      found = { client, port: fisAdapter(client) };
      fisPorts.set(region, found);
    }
    return found.port;
  }

  /**
   * Runs an AWS call; AWS's errors become DrErrors that say what was being done, with
   * `notFoundHint` when AWS answers that the thing named does not exist.
   */
  async function call<T>(doing: string, run: () => Promise<T>, notFoundHint?: string): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const e = toDrError(error, doing);
      const name = (error as { name?: unknown } | undefined)?.name;
      if (!notFoundHint || e.hint || name !== 'ResourceNotFoundException') throw e;
      throw drError(e.code, e.message, {
        exit: e.exit,
        source: e.source,
        cause: error,
        hint: notFoundHint,
      });
    }
  }

  return {
    async scaleService(regionName, serviceName, desiredCount) {
      const region = regionOf(regionName);
      const service = serviceOf(region, serviceName);
      if (!Number.isInteger(desiredCount) || desiredCount < 0) {
        throw usageError(
          'BAD_DESIRED_COUNT',
          `desired count ${desiredCount} is not a whole number of tasks`,
          'Pass 0 or more.',
        );
      }
      const cluster = region.ecs.cluster;
      const where = `ECS service ${service.name} of cluster ${cluster} in ${region.name}`;
      const [before] = await call(`Describing ${where}`, () =>
        ecsReader(ecs(region.name)).describeServices(cluster, [service.name]),
      );
      if (!before || before.status !== 'ACTIVE') {
        throw drError(
          'ECS_SERVICE_NOT_ACTIVE',
          `${where} cannot be scaled: it is ${before?.status ?? 'MISSING'}`,
          {
            hint: 'Check the config (`mysfits-dr config validate`) against the deployed stacks.',
          },
        );
      }
      await call(`Setting the desired count of ${where} to ${desiredCount}`, () =>
        ecsWriter(ecs(region.name)).setDesiredCount(cluster, service.name, desiredCount),
      );
      return { previousDesiredCount: before.desired };
    },

    async setHealthCheckPath(regionName, serviceName, path) {
      const region = regionOf(regionName);
      const { targetGroupArn } = serviceOf(region, serviceName);
      if (!path.startsWith('/') || path.length > 1024) {
        throw usageError(
          'BAD_HEALTH_CHECK_PATH',
          `health-check path "${path}" is not a path`,
          'Pass a path that starts with "/" (at most 1024 characters), e.g. /broken.',
        );
      }
      const paths = elbv2HealthCheckPaths(elbv2(region.name));
      const where = `target group ${targetGroupArn} of ${serviceName}`;
      const previousPath = await call(`Describing ${where}`, () =>
        paths.healthCheckPath(targetGroupArn),
      );
      await call(`Setting the health-check path of ${where} to ${path}`, () =>
        paths.setHealthCheckPath(targetGroupArn, path),
      );
      return { targetGroupArn, previousPath };
    },

    async startFisExperiment(regionName, templateId) {
      const region = regionOf(regionName);
      const experiment = await call(
        `Starting an AWS FIS experiment from template ${templateId} in ${region.name}`,
        () => fis(region.name).startExperiment(templateId, randomUUID()),
        `Check the template id: \`aws fis list-experiment-templates --region ${region.name}\`.`,
      );
      return { experimentId: experiment.id, state: experiment.status };
    },

    async stopFisExperiment(regionName, experimentId) {
      const region = regionOf(regionName);
      const experiment = await call(
        `Stopping AWS FIS experiment ${experimentId} in ${region.name}`,
        () => fis(region.name).stopExperiment(experimentId),
        `Check the experiment id: \`aws fis list-experiments --region ${region.name}\`.`,
      );
      return { state: experiment.status };
    },

    destroy() {
      for (const c of [...ecsClients.values(), ...elbClients.values()]) c.destroy();
      for (const { client } of fisPorts.values()) client.destroy();
      ecsClients.clear();
      elbClients.clear();
      fisPorts.clear();
    },
  };
}
