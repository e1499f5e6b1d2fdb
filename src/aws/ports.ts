/**
 * The AWS implementation of the domain's PortFactory: one SDK client per (service, region),
 * built from `clientConfig` and kept for the factory's life; `destroy()` closes them all.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GlobalAcceleratorClient } from '@aws-sdk/client-global-accelerator';
import { XRayClient } from '@aws-sdk/client-xray';
import type {
  AcceleratorReader,
  AcceleratorWriter,
  PortFactory,
  RegionPorts,
} from '../core/ports.js';
import { acceleratorReader, acceleratorWriter } from './accelerator.js';
import { clientConfig, type AwsSettings, type ServiceEnvId } from './clients.js';
import { cloudWatchReader } from './cloudwatch.js';
import { dynamoDbPort } from './dynamodb.js';
import { ecsReader, ecsWriter } from './ecs.js';
import { elbv2Reader } from './elbv2.js';
import { xrayReader } from './xray.js';

/** The region where Global Accelerator's API answers (config `accelerator.apiRegion`). */
export const DEFAULT_ACCELERATOR_REGION = 'us-west-2';

/** Options of `awsPortFactory`; each overrides the same setting of AwsSettings. */
export interface AwsPortOptions {
  /** Region of the Global Accelerator API; default us-west-2. */
  acceleratorRegion?: string;
  /** Per-attempt timeout in milliseconds. */
  requestTimeoutMs?: number;
  /** Attempts per call, including the first. */
  maxAttempts?: number;
}

/** A PortFactory that owns SDK clients; call `destroy()` when done with every port. */
export type AwsPortFactory = PortFactory & { destroy(): void };

interface Destroyable {
  destroy(): void;
}

/** Builds ports over SDK v3 clients for `settings` (endpoint, profile, credentials…). */
export function awsPortFactory(
  settings: AwsSettings,
  options: AwsPortOptions = {},
): AwsPortFactory {
  const effective: AwsSettings = {
    ...settings,
    ...(options.requestTimeoutMs !== undefined
      ? { requestTimeoutMs: options.requestTimeoutMs }
      : {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
  };
  const acceleratorRegion = options.acceleratorRegion ?? DEFAULT_ACCELERATOR_REGION;
  const clients = new Map<string, Destroyable>();
  const regions = new Map<string, RegionPorts>();
  let accelerator: (AcceleratorReader & AcceleratorWriter) | undefined;

  /** The cached client of a service in a region, built on first use. */
  function client<C extends Destroyable>(
    service: ServiceEnvId,
    region: string,
    make: (config: ReturnType<typeof clientConfig>) => C,
  ): C {
    const key = `${service}\u0000${region}`;
    let found = clients.get(key) as C | undefined;
    if (!found) {
      found = make(clientConfig(service, region, effective));
      clients.set(key, found);
    }
    return found;
  }

  return {
    accelerator() {
      if (!accelerator) {
        const ga = client(
          'GLOBAL_ACCELERATOR',
          acceleratorRegion,
          (c) => new GlobalAcceleratorClient(c),
        );
        accelerator = { ...acceleratorReader(ga), ...acceleratorWriter(ga) };
      }
      return accelerator;
    },
    region(name) {
      let ports = regions.get(name);
      if (!ports) {
        // Each service's client is built on first use: a command that reads one service
        // (`lock show`: DynamoDB) does not pay for constructing the others.
        const once = <T>(make: () => T): (() => T) => {
          let made: T | undefined;
          return () => (made ??= make());
        };
        const ecs = once(() => {
          const c = client('ECS', name, (config) => new ECSClient(config));
          return { ...ecsReader(c), ...ecsWriter(c) };
        });
        const elbv2 = once(() =>
          elbv2Reader(
            client('ELASTIC_LOAD_BALANCING_V2', name, (c) => new ElasticLoadBalancingV2Client(c)),
          ),
        );
        const cloudwatch = once(() =>
          cloudWatchReader(client('CLOUDWATCH', name, (c) => new CloudWatchClient(c))),
        );
        const dynamodb = once(() =>
          dynamoDbPort(
            client('DYNAMODB', name, (c) => new DynamoDBClient(c)),
            name,
          ),
        );
        const xray = once(() => xrayReader(client('XRAY', name, (c) => new XRayClient(c))));
        ports = {
          get ecs() {
            return ecs();
          },
          get elbv2() {
            return elbv2();
          },
          get cloudwatch() {
            return cloudwatch();
          },
          get dynamodb() {
            return dynamodb();
          },
          get xray() {
            return xray();
          },
        };
        regions.set(name, ports);
      }
      return ports;
    },
    destroy() {
      for (const c of clients.values()) c.destroy();
      clients.clear();
      regions.clear();
      accelerator = undefined;
    },
  };
}
