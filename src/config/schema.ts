/**
 * The schema of `mysfits-dr.config.json`: the topology mysfits-dr operates (regions, the
 * accelerator, per-region ECS/ALB/alarms/X-Ray, the global table) and the thresholds
 * that gate a failover. Validated with zod; every rule carries a message that says what
 * is expected, so `config validate` can name the path, the value and the fix.
 */
import { z } from 'zod';
import { crossCheckConfig, REGION_PATTERN } from './cross-checks.js';
import { DEFAULT_THRESHOLDS } from './thresholds.js';

// The config is parsed once per process: zod's JIT (an object parser compiled with
// `new Function` on construction) costs more than it saves there, ~10 ms of a command's
// start-up (docs/benchmarks.md). Validation is the same without it. Read when a schema is
// constructed, so it is set before the schemas below.
z.config({ jitless: true });

/** An AWS region name such as `us-west-2`. */
export const regionName = z
  .string()
  .regex(REGION_PATTERN, { message: 'expected an AWS region name such as "us-west-2"' });

/** An ARN of the given service (`arn:aws:<service>:…`). */
function arnOf(service: string, example: string) {
  return z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]*:\\d{12}:.+`), {
    message: `expected an ${service} ARN such as "${example}"`,
  });
}

const acceleratorArn = arnOf(
  'globalaccelerator',
  'arn:aws:globalaccelerator::123456789012:accelerator/1234abcd-abcd-1234-abcd-1234abcdefgh',
);
const elbArn = arnOf(
  'elasticloadbalancing',
  'arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/name/0123456789abcdef',
);

/** A DynamoDB table name. */
const tableName = z.string().regex(/^[a-zA-Z0-9_.-]{3,255}$/, {
  message: 'expected a DynamoDB table name (3-255 of a-z A-Z 0-9 _ . -)',
});

/** A DNS host name such as `a1234567890abcdef.awsglobalaccelerator.com` (no scheme, no port). */
const dnsName = z
  .string()
  .max(253, { message: 'expected a DNS name of at most 253 characters' })
  .regex(
    /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/,
    {
      message:
        'expected a DNS name such as "a1234567890abcdef.awsglobalaccelerator.com" (no scheme, port or path)',
    },
  );

const positiveSeconds = z.number().positive({ message: 'expected a number of seconds > 0' });
const percent = z
  .number()
  .min(0, { message: 'expected a percentage between 0 and 100' })
  .max(100, { message: 'expected a percentage between 0 and 100' });

/** One ECS service and the ALB target group its tasks register with. */
export const serviceSchema = z.strictObject({
  /** ECS service name. */
  name: z.string().min(1, { message: 'expected a non-empty ECS service name' }),
  /** What the service does in the application: `core` (Mysfits service) or `like`. */
  role: z.enum(['core', 'like'], { message: 'expected "core" or "like"' }),
  /** The target group its tasks register with. */
  targetGroupArn: elbArn,
});

/** Everything mysfits-dr needs to know about one region. */
export const regionSchema = z.strictObject({
  /** AWS region name. */
  name: regionName,
  /** The accelerator endpoint group that sends traffic to this region. */
  endpointGroupArn: acceleratorArn,
  /** The ECS cluster and services that run the application here. */
  ecs: z.strictObject({
    cluster: z.string().min(1, { message: 'expected an ECS cluster name or ARN' }),
    services: z.array(serviceSchema).min(1, { message: 'expected at least one ECS service' }),
  }),
  /** The Application Load Balancer that is the endpoint of this region's endpoint group. */
  loadBalancerArn: elbArn,
  /** CloudWatch alarm names that must be OK before traffic is sent to this region. */
  alarms: z.array(z.string().min(1)).default([]),
  /** X-Ray group names read by `metrics`. */
  xrayGroups: z.array(z.string().min(1)).default([]),
});

/** Thresholds that gate failover and tell fresh data from stale. */
export const thresholdsSchema = z.strictObject({
  /** Highest replication lag (seconds) at which a failover is still safe. */
  maxReplicationLagSeconds: positiveSeconds.default(DEFAULT_THRESHOLDS.maxReplicationLagSeconds),
  /** Stricter limit applied on failback, when the old primary must have caught up. */
  maxFailbackReplicationLagSeconds: positiveSeconds.default(
    DEFAULT_THRESHOLDS.maxFailbackReplicationLagSeconds,
  ),
  /** Fewest running, healthy tasks per service a region needs to take traffic. */
  minHealthyTasks: z
    .number()
    .int()
    .min(1, { message: 'expected an integer >= 1' })
    .default(DEFAULT_THRESHOLDS.minHealthyTasks),
  /** Highest 5xx rate (percent of requests) that still counts as healthy. */
  maxErrorRatePercent: percent.default(DEFAULT_THRESHOLDS.maxErrorRatePercent),
  /** Metric datapoints older than this are stale: reported as a warning, never as zero. */
  staleAfterSeconds: positiveSeconds.default(DEFAULT_THRESHOLDS.staleAfterSeconds),
});

/** The whole config file. */
const configFields = z.strictObject({
  /** Optional JSON-schema pointer for editors. */
  $schema: z.string().optional(),
  /** Config format version; only 1 exists. */
  version: z.literal(1, { message: 'expected 1 (the only config format version)' }),
  /** A name for the application, shown in output and reports. */
  application: z.string().min(1).default('mythical-mysfits'),
  /** The region that normally serves traffic. Must be one of `regions[].name`. */
  primaryRegion: regionName,
  /** The Global Accelerator in front of both regions. */
  accelerator: z.strictObject({
    arn: acceleratorArn,
    listenerArn: acceleratorArn,
    /** The only region whose endpoint answers the Global Accelerator API. */
    apiRegion: z
      .literal('us-west-2', {
        message: 'expected "us-west-2": Global Accelerator is only served there',
      })
      .default('us-west-2'),
    /**
     * The accelerator's DNS name (`DnsName`; CloudFormation's `Fn::GetAtt DnsName`). With it,
     * commands reach the application without the accelerator API, which is served only in
     * us-west-2 and so is gone in a us-west-2 outage.
     */
    dnsName: dnsName.optional(),
    /** Its static IP addresses (`IpSets`; `Fn::GetAtt Ipv4Addresses`): used when no dnsName. */
    staticIps: z
      .array(z.union([z.ipv4(), z.ipv6()], { message: 'expected an IPv4 or IPv6 address' }))
      .min(1, { message: 'expected at least one address, or leave staticIps out' })
      .max(4, { message: 'expected at most 4 addresses (2 IPv4 + 2 IPv6 when dual-stack)' })
      .optional(),
    /** The listener's port (the workshop's listener: TCP 80). */
    listenerPort: z
      .number()
      .int({ message: 'expected a TCP port from 1 to 65535' })
      .min(1, { message: 'expected a TCP port from 1 to 65535' })
      .max(65535, { message: 'expected a TCP port from 1 to 65535' })
      .default(80),
    /**
     * How a move is confirmed with the accelerator's NewFlowCount per endpoint group: the
     * query's period (60 on AWS, where Global Accelerator publishes per minute) and the longest
     * wait after the landing for a complete period with new flows (0 turns it off).
     */
    flowMetrics: z
      .strictObject({
        periodSeconds: z
          .number()
          .refine((n) => [1, 5, 10, 20, 30].includes(n) || (n > 0 && n % 60 === 0), {
            message: 'expected 1, 5, 10, 20, 30 or a multiple of 60 (a GetMetricData period)',
          })
          .default(60),
        waitSeconds: z
          .number()
          .int({ message: 'expected whole seconds from 0 to 3600' })
          .min(0, { message: 'expected whole seconds from 0 to 3600' })
          .max(3600, { message: 'expected whole seconds from 0 to 3600' })
          .default(300),
      })
      .prefault({}),
  }),
  /** The DynamoDB global table shared by both regions. */
  globalTable: z.strictObject({
    name: tableName,
    /**
     * The table's partition key attribute. Optional: read with DescribeTable when absent.
     * Given, operations reach the lock, the switches and the audit trail with item calls
     * alone, which keep working when every region's DynamoDB control plane is down.
     */
    partitionKey: z
      .string()
      .min(1, { message: 'expected an attribute name (1-255 characters)' })
      .max(255, { message: 'expected an attribute name (1-255 characters)' })
      .optional(),
  }),
  /**
   * The control table (optional): a multi-Region strongly consistent (MRSC) DynamoDB table,
   * hash key `Pk` (S), holding the operations lock, the audit trail and the routing
   * switches. Without it they live in the global table and the lock fails closed to the
   * primary region (docs/operations.md).
   */
  controlTable: z
    .strictObject({
      name: tableName,
      /** The replica regions, tried in this order (the primary's first is best). */
      replicaRegions: z.array(regionName).length(2, {
        message: 'expected two replica regions (MRSC: two replicas and a witness)',
      }),
      /** The witness region (a third region of the same MRSC region set). */
      witnessRegion: regionName.default('us-east-2'),
    })
    .optional(),
  /**
   * The global table of the Like service's per-region counters (services/shared/like-counters.ts),
   * read by drills to measure lost likes. Default: `MysfitsLikesTable`, key `MysfitId`.
   */
  likesTable: z
    .strictObject({
      name: tableName.default('MysfitsLikesTable'),
      partitionKey: z
        .string()
        .min(1, { message: 'expected an attribute name (1-255 characters)' })
        .max(255, { message: 'expected an attribute name (1-255 characters)' })
        .default('MysfitId'),
    })
    .prefault({}),
  /** The regions, at least two. */
  regions: z.array(regionSchema).min(2, { message: 'expected at least two regions' }),
  thresholds: thresholdsSchema.prefault({}),
  /**
   * Normal operation: the traffic dials `failback` restores when no failover's journal says
   * what they were. Absent: every region at 100 (each client served by its closest region).
   */
  baseline: z
    .strictObject({
      dials: z.record(regionName, percent.int({ message: 'expected a whole percentage' })),
    })
    .optional(),
});

/** The config's fields as parsed, before the checks across fields. */
export type ConfigFields = z.infer<typeof configFields>;

/** The whole config file: its fields, then the checks across them (cross-checks.ts). */
export const configSchema = configFields.superRefine(crossCheckConfig);

/** A validated config, with defaults applied. */
export type Config = z.infer<typeof configSchema>;
/** One region of a validated config. */
export type RegionConfig = z.infer<typeof regionSchema>;
