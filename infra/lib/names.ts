/**
 * Fixed names of the deployed topology. They mirror `src/lab/topology.ts` (a test keeps the
 * two in step) so that the repository's `mysfits-dr.config.json` shape fits both the lab
 * and a real deployment; and output keys, which `mysfits-dr init --from-stacks` reads.
 */

/** The ECS cluster name, the same in every region. */
export const CLUSTER_NAME = 'mysfits-cluster';

/** The port both services listen on. */
export const CONTAINER_PORT = 8080;

/** What a service is in the application. */
export type ServiceRole = 'core' | 'like';

/** One of the workshop's two services. */
export interface ServiceSpec {
  /** Role in the application and in the CLI config. */
  readonly role: ServiceRole;
  /** ECS service name (and container name). */
  readonly name: string;
  /** Dockerfile path relative to the repository root (the Docker build context). */
  readonly dockerfile: string;
  /** X-Ray service name the service reports as. */
  readonly xrayServiceName: string;
}

/** The Mysfits ("core") service and the Like service. */
export const SERVICES: Readonly<Record<ServiceRole, ServiceSpec>> = {
  core: {
    role: 'core',
    name: 'mysfits-core',
    dockerfile: 'services/mysfits/Dockerfile',
    xrayServiceName: 'Mysfits Service',
  },
  like: {
    role: 'like',
    name: 'mysfits-like',
    dockerfile: 'services/like/Dockerfile',
    xrayServiceName: 'Like Service',
  },
};

/** The listener rule that sends likes to the Like service. */
export const LIKE_PATH_PATTERN = '/mysfits/*/like';

/** CloudWatch alarms that gate failover (must be OK before a region takes traffic). */
export const GATING_ALARMS = {
  likeTarget5xx: 'mysfits-like-target-5xx',
  likeUnhealthyHosts: 'mysfits-like-unhealthy-hosts',
} as const;

/** The workshop's X-Ray groups and their filter expressions. */
export const XRAY_GROUPS = [
  { name: 'like-service', filter: 'service("Like Service") AND http.method = "POST"' },
  {
    name: 'like-service-errors-faults',
    filter: 'service("Like Service") { error = true OR fault = true }',
  },
] as const;

/** The accelerator's name. */
export const ACCELERATOR_NAME = 'mm-global-accelerator';

/** The dashboard's name (in the global stack's region). */
export const DASHBOARD_NAME = 'mythical-mysfits-dr';

/**
 * The application's name: the config's `application` (its default), the stacks' `application`
 * tag, and the value of the tag FIS templates carry for the operator to start them.
 */
export const APPLICATION_NAME = 'mythical-mysfits';

/**
 * Host of the routing gate's listener rule (lib/routing-gate.ts). `.invalid` is reserved
 * (RFC 6761, section 6.4): it never resolves, so no client that reaches the app through the
 * accelerator or the ALB's DNS name sends it; one that sends it on purpose reads in/out only.
 */
export const ROUTING_GATE_HOST = 'routing-gate.invalid';

/** Name of the gate's target group (its invoke permission names it: lib/routing-gate.ts). */
export const ROUTING_GATE_TARGET_GROUP = 'mysfits-routing-gate';

/** Priority of the gate's rule: after every application rule. */
export const ROUTING_GATE_RULE_PRIORITY = 50000;

/** Output keys of each regional stack. */
export const REGIONAL_OUTPUTS = {
  region: 'Region',
  role: 'Role',
  tableName: 'TableName',
  likesTableName: 'LikesTableName',
  clusterName: 'ClusterName',
  coreServiceName: 'CoreServiceName',
  likeServiceName: 'LikeServiceName',
  coreTargetGroupArn: 'CoreTargetGroupArn',
  likeTargetGroupArn: 'LikeTargetGroupArn',
  gateTargetGroupArn: 'GateTargetGroupArn',
  gateFunctionName: 'GateFunctionName',
  loadBalancerArn: 'LoadBalancerArn',
  loadBalancerDnsName: 'LoadBalancerDnsName',
  gatingAlarmNames: 'GatingAlarmNames',
  xrayGroupNames: 'XRayGroupNames',
} as const;

/** Output keys of the global stack. */
export const GLOBAL_OUTPUTS = {
  acceleratorArn: 'AcceleratorArn',
  listenerArn: 'ListenerArn',
  acceleratorDnsName: 'AcceleratorDnsName',
  acceleratorIpv4Addresses: 'AcceleratorIpv4Addresses',
  primaryRegion: 'PrimaryRegion',
  secondaryRegion: 'SecondaryRegion',
  primaryStackName: 'PrimaryStackName',
  secondaryStackName: 'SecondaryStackName',
  primaryEndpointGroupArn: 'PrimaryEndpointGroupArn',
  secondaryEndpointGroupArn: 'SecondaryEndpointGroupArn',
  tableName: 'TableName',
  controlTableName: 'ControlTableName',
  controlTableWitnessRegion: 'ControlTableWitnessRegion',
  likesTableName: 'LikesTableName',
  operatorRoleArn: 'OperatorRoleArn',
  dashboardName: 'DashboardName',
} as const;
