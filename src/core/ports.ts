/**
 * The ports through which the domain reads (and, later, changes) AWS: small interfaces
 * declared here, implemented in src/aws over SDK v3 (and so, through the endpoint
 * override, against the lab too). Every method throws on failure; the callers decide
 * what an error means (an UNKNOWN fact, a refusal). Times are milliseconds since the epoch.
 */

/** An accelerator as DescribeAccelerator reports it. */
export interface AcceleratorInfo {
  arn: string;
  name: string;
  /** `DEPLOYED` or `IN_PROGRESS` (a change is still propagating). */
  status: string;
  enabled: boolean;
  dnsName: string;
  ipAddresses: string[];
}

/** One endpoint of an endpoint group. */
export interface EndpointInfo {
  endpointId: string;
  weight: number;
  /** `INITIAL`, `HEALTHY` or `UNHEALTHY`. */
  healthState: string;
  healthReason?: string;
}

/** An endpoint group as DescribeEndpointGroup reports it. */
export interface EndpointGroupInfo {
  arn: string;
  region: string;
  trafficDialPercentage: number;
  endpoints: EndpointInfo[];
}

/** A listener as DescribeListener reports it. */
export interface ListenerInfo {
  arn: string;
  /** `TCP` or `UDP`. */
  protocol: string;
  portRanges: { fromPort: number; toPort: number }[];
}

/** Reads Global Accelerator (its API answers only in us-west-2). */
export interface AcceleratorReader {
  describeAccelerator(arn: string): Promise<AcceleratorInfo>;
  describeEndpointGroup(arn: string): Promise<EndpointGroupInfo>;
  describeListener(arn: string): Promise<ListenerInfo>;
}

/** Changes Global Accelerator (UpdateEndpointGroup; API in us-west-2 only). */
export interface AcceleratorWriter {
  /** Sets a group's traffic dial (0–100), leaving everything else as it is; answers the new group. */
  setTrafficDial(endpointGroupArn: string, percent: number): Promise<EndpointGroupInfo>;
}

/** One deployment of an ECS service. */
export interface EcsDeploymentInfo {
  id: string;
  /** `PRIMARY`, `ACTIVE` or `INACTIVE`. */
  status: string;
  /** `IN_PROGRESS`, `COMPLETED` or `FAILED` where ECS reports it. */
  rolloutState?: string;
  desired: number;
  running: number;
  pending: number;
}

/** An ECS service as DescribeServices reports it. */
export interface EcsServiceInfo {
  name: string;
  /** `ACTIVE`, `DRAINING`, `INACTIVE`, or `MISSING` when ECS does not know it. */
  status: string;
  desired: number;
  running: number;
  pending: number;
  deployments: EcsDeploymentInfo[];
}

/** Reads ECS in one region. */
export interface EcsReader {
  /** Describes the named services of a cluster (any number; batched by the adapter). */
  describeServices(cluster: string, names: readonly string[]): Promise<EcsServiceInfo[]>;
}

/** Changes ECS in one region. */
export interface EcsWriter {
  /** UpdateService with only `desiredCount`; answers the service as ECS reports it after. */
  setDesiredCount(cluster: string, service: string, count: number): Promise<EcsServiceInfo>;
}

/** One registered target and its health. */
export interface TargetHealthInfo {
  targetId: string;
  port?: number;
  /** `initial`, `healthy`, `unhealthy`, `unused`, `draining` or `unavailable`. */
  state: string;
  reason?: string;
  description?: string;
}

/** Reads ELBv2 in one region. */
export interface Elbv2Reader {
  describeTargetHealth(targetGroupArn: string): Promise<TargetHealthInfo[]>;
}

/** One metric to fetch with GetMetricData (a plain metric, or an expression over others). */
export type MetricQuery =
  | {
      id: string;
      label?: string;
      namespace: string;
      metricName: string;
      dimensions: Readonly<Record<string, string>>;
      /** `Sum`, `Average`, `Minimum`, `Maximum`, `SampleCount` or a percentile such as `p99`. */
      stat: string;
      periodSeconds: number;
      /** False for inputs of an expression that need not be returned. */
      returnData?: boolean;
    }
  | { id: string; label?: string; expression: string; periodSeconds: number };

/** The datapoints of one query, oldest first. */
export interface MetricSeries {
  id: string;
  label: string;
  timestamps: number[];
  values: number[];
  /** `Complete`, `PartialData`, `InternalError` or `Forbidden`. */
  statusCode: string;
  messages: string[];
}

/** A CloudWatch alarm's state. */
export interface AlarmInfo {
  name: string;
  /** `OK`, `ALARM` or `INSUFFICIENT_DATA`. */
  state: string;
  reason: string;
  updatedAt: number;
}

/** Reads CloudWatch in one region. */
export interface CloudWatchReader {
  /** Runs every query in as few GetMetricData calls as the API allows (500 queries per call). */
  getMetricData(
    queries: readonly MetricQuery[],
    startMs: number,
    endMs: number,
  ): Promise<MetricSeries[]>;
  /** The named metric alarms; names CloudWatch does not know are simply absent. */
  describeAlarms(names: readonly string[]): Promise<AlarmInfo[]>;
}

/** A key attribute of a table. */
export interface KeyAttribute {
  name: string;
  /** `S`, `N` or `B`. */
  type: string;
  keyType: 'HASH' | 'RANGE';
}

/** One replica of a global table. */
export interface ReplicaInfo {
  region: string;
  /** `ACTIVE`, `CREATING`, `UPDATING`, `DELETING`, `INACCESSIBLE_ENCRYPTION_CREDENTIALS`… */
  status: string;
}

/** A table as DescribeTable reports it. */
export interface TableInfo {
  name: string;
  status: string;
  key: KeyAttribute[];
  /** Every replica, including the one in the region asked; empty for a plain table. */
  replicas: ReplicaInfo[];
  /** The TTL attribute, when TTL is known to be enabled (not read by describeTable). */
  ttlAttribute?: string;
}

/** A flat item: attribute name → string or number value (only what canaries and locks need). */
export type SimpleItem = Record<string, string | number>;

/**
 * A DynamoDB condition expression with its placeholders: `#name` → attribute name,
 * `:value` → a string or number (e.g. `attribute_not_exists(#k) OR #exp < :now`).
 */
export interface ItemCondition {
  expression: string;
  names?: Readonly<Record<string, string>>;
  values?: Readonly<SimpleItem>;
}

/** Reads and writes a DynamoDB table in one region (only what the CLI needs). */
export interface DynamoDbPort {
  describeTable(name: string): Promise<TableInfo>;
  putItem(table: string, item: SimpleItem): Promise<void>;
  /** Strongly consistent read; undefined when the item does not exist. */
  getItem(table: string, key: SimpleItem): Promise<SimpleItem | undefined>;
  deleteItem(table: string, key: SimpleItem): Promise<void>;
  /** PutItem with a condition; false (not an error) when the condition does not hold. */
  putItemIf(table: string, item: SimpleItem, condition: ItemCondition): Promise<boolean>;
  /** DeleteItem with a condition; false (not an error) when the condition does not hold. */
  deleteItemIf(table: string, key: SimpleItem, condition: ItemCondition): Promise<boolean>;
}

/** Request counts of an X-Ray group over a window (from its service graph). */
export interface XRayGroupStats {
  group: string;
  /** Requests seen by the group's entry services. */
  total: number;
  ok: number;
  /** 4xx. */
  errors: number;
  /** 5xx. */
  faults: number;
  /** 429. */
  throttles: number;
}

/** Reads X-Ray in one region. */
export interface XRayReader {
  groupStats(group: string, startMs: number, endMs: number): Promise<XRayGroupStats>;
}

/** Every port for one region. */
export interface RegionPorts {
  ecs: EcsReader & EcsWriter;
  elbv2: Elbv2Reader;
  cloudwatch: CloudWatchReader;
  dynamodb: DynamoDbPort;
  xray: XRayReader;
}

/** Builds ports; the accelerator's lives in its API region. */
export interface PortFactory {
  accelerator(): AcceleratorReader & AcceleratorWriter;
  region(name: string): RegionPorts;
}

/** What one request through the accelerator found. */
export interface AppProbeResult {
  /** True for a 2xx answer. */
  ok: boolean;
  /** HTTP status; null when there was no answer. */
  status: number | null;
  /** The region that answered (the services' `X-Mysfits-Region` header); null when unknown. */
  region: string | null;
  ms: number;
  error?: string;
}

/** Sends requests to the application through the accelerator, each on a new connection. */
export interface AppProbe {
  /** The address requests go to (for messages). */
  readonly url: string;
  request(path: string, timeoutMs: number): Promise<AppProbeResult>;
}
