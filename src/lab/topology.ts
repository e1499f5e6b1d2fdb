/**
 * The lab's built-in topology: the names and ARNs of everything `lab up` creates in each
 * region. The repository's `mysfits-dr.config.json` describes exactly this topology, so
 * every command works against the lab out of the box (a test keeps the two in step).
 */

/** The account id every lab ARN carries. */
export const LAB_ACCOUNT_ID = '000000000000';

/** The regions the lab emulates, primary first. */
export const LAB_REGIONS = ['us-west-2', 'us-east-1'] as const;

/**
 * Regions where the lab holds the witness of a multi-Region strongly consistent (MRSC)
 * table: the third Region of the US Region set (us-east-1, us-east-2, us-west-2). The lab
 * serves no API there (a witness has none); it only counts toward the table's quorum.
 */
export const LAB_WITNESS_REGIONS = ['us-east-2'] as const;

/** One of the lab's regions. */
export type LabRegion = (typeof LAB_REGIONS)[number];

/** The DynamoDB global table of the workshop (after its Lab 3). */
export const LAB_TABLE_NAME = 'MysfitsTable';

/**
 * The control table (the operations lock, the audit trail, the routing switches): MRSC,
 * replicas in both lab regions, its witness in LAB_WITNESS_REGIONS[0].
 */
export const LAB_CONTROL_TABLE_NAME = 'MysfitsDrControl';
/** The global table of the per-region like counters (services/shared/like-counters.ts). */
export const LAB_LIKES_TABLE_NAME = 'MysfitsLikesTable';

/** The accelerator, its listener, and one endpoint group per region. */
export const LAB_ACCELERATOR = {
  name: 'mm-global-accelerator',
  arn: `arn:aws:globalaccelerator::${LAB_ACCOUNT_ID}:accelerator/5e1ab000-0000-4000-8000-00000000a001`,
  listenerArn: `arn:aws:globalaccelerator::${LAB_ACCOUNT_ID}:accelerator/5e1ab000-0000-4000-8000-00000000a001/listener/1ab0001a`,
  endpointGroupArn: (region: LabRegion): string =>
    `arn:aws:globalaccelerator::${LAB_ACCOUNT_ID}:accelerator/5e1ab000-0000-4000-8000-00000000a001/listener/1ab0001a/endpoint-group/${region === 'us-west-2' ? '1ab0a0000001' : '1ab0b0000002'}`,
} as const;

/** The accelerator's address as its API answers it: `DnsName` and the IPv4 address always in `IpSets`. */
export const LAB_ACCELERATOR_ADDRESS = {
  dnsName: 'localhost',
  staticIps: ['127.0.0.1'],
  /** The listener's port under `lab up`'s defaults (endpoint port 4580, accelerator port + 1). */
  defaultPort: 4581,
} as const;

/** The ECS cluster name in every region. */
export const LAB_CLUSTER = 'mysfits-cluster';

/** The two ECS services: the Mysfits ("core") service and the Like service. */
export const LAB_SERVICES = [
  { name: 'mysfits-core', role: 'core', serviceName: 'Mysfits Service' },
  { name: 'mysfits-like', role: 'like', serviceName: 'Like Service' },
] as const;

function regionHex(region: LabRegion): string {
  return region === 'us-west-2' ? '1' : '2';
}

/** ARN of the region's Application Load Balancer. */
export function labLoadBalancerArn(region: LabRegion): string {
  return `arn:aws:elasticloadbalancing:${region}:${LAB_ACCOUNT_ID}:loadbalancer/app/mysfits-alb/1ab000000000000${regionHex(region)}`;
}

/** ARN of a target group in a region: a service's (`core`, `like`) or the routing gate's. */
export function labTargetGroupArn(region: LabRegion, role: 'core' | 'like' | 'gate'): string {
  const suffix = { core: '1', like: '2', gate: '3' }[role];
  return `arn:aws:elasticloadbalancing:${region}:${LAB_ACCOUNT_ID}:targetgroup/mysfits-${role}/1ab00000000000${regionHex(region)}${suffix}`;
}

/** The ARN of a region's routing gate function (services/gate), the gate target group's target. */
export function labGateFunctionArn(region: LabRegion): string {
  return `arn:aws:lambda:${region}:${LAB_ACCOUNT_ID}:function:mysfits-routing-gate`;
}

/** CloudWatch alarms that gate a failover, in every region. */
export const LAB_GATING_ALARMS = [
  'mysfits-like-target-5xx',
  'mysfits-like-unhealthy-hosts',
] as const;

/** The workshop's X-Ray groups, in every region. */
export const LAB_XRAY_GROUPS = ['like-service', 'like-service-errors-faults'] as const;

/**
 * Where the lab's clients sit. Global Accelerator orders endpoint groups by the client's
 * location; on loopback a connection's source address stands for it: 127.0.0.x is a client
 * near us-west-2, 127.0.1.x one near us-east-1 (`curl --interface 127.0.1.1`, Node's
 * `localAddress`). Every other source address is a client near us-west-2, as 127.0.0.x.
 */
export const LAB_CLIENT_ORIGINS = [
  {
    origin: 'us-west-2',
    /** A source address of this origin, for clients that choose one. */
    sourceAddress: '127.0.0.1',
    /** Source addresses `127.0.0.<n>` belong to this origin. */
    sourcePrefix: '127.0.0.',
    /** Regions closest first. */
    nearest: ['us-west-2', 'us-east-1'],
  },
  {
    origin: 'us-east-1',
    sourceAddress: '127.0.1.1',
    sourcePrefix: '127.0.1.',
    nearest: ['us-east-1', 'us-west-2'],
  },
] as const;

/** One of the lab's client origins. */
export type LabClientOrigin = (typeof LAB_CLIENT_ORIGINS)[number];

/** The names of the lab's client origins (`load.origins` keys), default first. */
export const LAB_ORIGIN_NAMES: readonly string[] = LAB_CLIENT_ORIGINS.map((o) => o.origin);

/** A socket address with an IPv4-mapped IPv6 address (`::ffff:127.0.1.1`) read as its IPv4. */
export function unmappedAddress(address: string | undefined): string | undefined {
  return address?.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

/** The origin of a connection from `address` (IPv4, IPv4-mapped IPv6 or ::1); default us-west-2. */
export function labClientOrigin(address: string | undefined): LabClientOrigin {
  const ipv4 = unmappedAddress(address);
  return LAB_CLIENT_ORIGINS.find((o) => ipv4?.startsWith(o.sourcePrefix)) ?? LAB_CLIENT_ORIGINS[0];
}
