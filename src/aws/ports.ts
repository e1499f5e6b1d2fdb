/**
 * The AWS implementation of the domain's PortFactory: one SDK client per (service, region),
 * built from `clientConfig` and kept for the factory's life; `destroy()` closes them all.
 *
 * Each service's adapter and SDK client is imported on the port's first call (`lazyPort`), not
 * when the factory is built: loading a client's code costs tens of milliseconds of start-up,
 * and a command pays only for the services it calls (`lock show`: DynamoDB alone).
 */
import type {
  AcceleratorReader,
  AcceleratorWriter,
  CloudWatchReader,
  DynamoDbPort,
  EcsReader,
  EcsWriter,
  Elbv2Reader,
  PortFactory,
  RegionPorts,
  XRayReader,
} from '../core/ports.js';
import { clientConfig, type AwsSettings, type ServiceEnvId } from './clients.js';
import { lazyPort, type MethodNames } from './lazy-port.js';

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

/** The services behind the ports: each region's five and the accelerator. */
export type PortService = keyof RegionPorts | 'accelerator';

/** Imports each service's adapter (with its SDK client class); the module system keeps them. */
const ADAPTERS = {
  ecs: () => import('./ecs.js'),
  elbv2: () => import('./elbv2.js'),
  cloudwatch: () => import('./cloudwatch.js'),
  dynamodb: () => import('./dynamodb.js'),
  xray: () => import('./xray.js'),
  accelerator: () => import('./accelerator.js'),
} satisfies Record<PortService, () => Promise<unknown>>;

/** Every service, for `load()`. */
export const ALL_PORT_SERVICES = Object.keys(ADAPTERS) as PortService[];

/** A PortFactory that owns SDK clients; call `destroy()` when done with every port. */
export type AwsPortFactory = PortFactory & {
  /**
   * Imports the code of `services` now (default: all) instead of on each port's first call.
   * A caller whose calls run against time budgets (status reads, a failover's checks) loads
   * first, so that a budget measures the AWS call and not the loading of the client's code.
   */
  load(services?: readonly PortService[]): Promise<void>;
  destroy(): void;
};

interface Destroyable {
  destroy(): void;
}

type ClientConfig = ReturnType<typeof clientConfig>;

const ACCELERATOR_METHODS: MethodNames<AcceleratorReader & AcceleratorWriter> = {
  describeAccelerator: true,
  describeEndpointGroup: true,
  describeListener: true,
  setTrafficDial: true,
};
const ECS_METHODS: MethodNames<EcsReader & EcsWriter> = {
  describeServices: true,
  setDesiredCount: true,
};
const ELBV2_METHODS: MethodNames<Elbv2Reader> = { describeTargetHealth: true };
const CLOUDWATCH_METHODS: MethodNames<CloudWatchReader> = {
  getMetricData: true,
  describeAlarms: true,
};
const DYNAMODB_METHODS: MethodNames<DynamoDbPort> = {
  describeTable: true,
  putItem: true,
  getItem: true,
  deleteItem: true,
  putItemIf: true,
  deleteItemIf: true,
};
const XRAY_METHODS: MethodNames<XRayReader> = { groupStats: true };

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
    make: (config: ClientConfig) => C,
  ): C {
    const key = `${service}\u0000${region}`;
    let found = clients.get(key) as C | undefined;
    if (!found) {
      found = make(clientConfig(service, region, effective));
      clients.set(key, found);
    }
    return found;
  }

  /** The ports of one region; each service's code is imported on its port's first call. */
  function regionPorts(name: string): RegionPorts {
    return {
      ecs: lazyPort(ECS_METHODS, async () => {
        const { ECSClient, ecsReader, ecsWriter } = await ADAPTERS.ecs();
        const c = client('ECS', name, (config) => new ECSClient(config));
        return { ...ecsReader(c), ...ecsWriter(c) };
      }),
      elbv2: lazyPort(ELBV2_METHODS, async () => {
        const { ElasticLoadBalancingV2Client, elbv2Reader } = await ADAPTERS.elbv2();
        return elbv2Reader(
          client('ELASTIC_LOAD_BALANCING_V2', name, (c) => new ElasticLoadBalancingV2Client(c)),
        );
      }),
      cloudwatch: lazyPort(CLOUDWATCH_METHODS, async () => {
        const { CloudWatchClient, cloudWatchReader } = await ADAPTERS.cloudwatch();
        return cloudWatchReader(client('CLOUDWATCH', name, (c) => new CloudWatchClient(c)));
      }),
      dynamodb: lazyPort(DYNAMODB_METHODS, async () => {
        const { DynamoDBClient, dynamoDbPort } = await ADAPTERS.dynamodb();
        return dynamoDbPort(
          client('DYNAMODB', name, (c) => new DynamoDBClient(c)),
          name,
        );
      }),
      xray: lazyPort(XRAY_METHODS, async () => {
        const { XRayClient, xrayReader } = await ADAPTERS.xray();
        return xrayReader(client('XRAY', name, (c) => new XRayClient(c)));
      }),
    };
  }

  return {
    accelerator() {
      accelerator ??= lazyPort(ACCELERATOR_METHODS, async () => {
        const { GlobalAcceleratorClient, acceleratorReader, acceleratorWriter } =
          await ADAPTERS.accelerator();
        const ga = client(
          'GLOBAL_ACCELERATOR',
          acceleratorRegion,
          (c) => new GlobalAcceleratorClient(c),
        );
        return { ...acceleratorReader(ga), ...acceleratorWriter(ga) };
      });
      return accelerator;
    },
    async load(services = ALL_PORT_SERVICES) {
      await Promise.all(services.map((service) => ADAPTERS[service]()));
    },
    region(name) {
      let ports = regions.get(name);
      if (!ports) {
        ports = regionPorts(name);
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
