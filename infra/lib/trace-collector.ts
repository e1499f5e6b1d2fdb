/**
 * The trace sidecar of every task: the AWS Distro for OpenTelemetry (ADOT) collector in place
 * of the X-Ray daemon (maintenance since 2026-02-25, end of support 2027-02-25). It receives
 * the services' X-Ray segments on UDP 2000 exactly as the daemon did (awsxray receiver), and
 * OTLP on loopback for anything instrumented with OpenTelemetry, and exports to X-Ray.
 * Why the services keep sending segments: services/README.md, "Tracing".
 */
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';

/**
 * The collector image (AWS's public ECR gallery), pinned to an exact release: a new release
 * is a deliberate change of this line (and of the tests), never a surprise at task start.
 */
export const COLLECTOR_IMAGE = 'public.ecr.aws/aws-observability/aws-otel-collector:v0.50.0';

/** The sidecar's container name. */
export const COLLECTOR_CONTAINER_NAME = 'otel-collector';

/** Environment variable holding the collector's configuration (read with `--config=env:…`). */
export const COLLECTOR_CONFIG_ENV = 'MYSFITS_OTEL_CONFIG';

/**
 * Where the services send segments (`AWS_XRAY_DAEMON_ADDRESS`): the collector's awsxray
 * receiver on the task's loopback (the containers of a Fargate task share one network
 * namespace), so nothing outside the task can send to it.
 */
export const XRAY_UDP_ADDRESS = '127.0.0.1:2000';

/**
 * What the collector calls, and nothing else: `PutTraceSegments` (awsxray exporter),
 * `PutTelemetryRecords` (the exporter's own telemetry, turned on in the config as the daemon
 * sent it),
 * `GetSamplingRules` / `GetSamplingTargets` (the receiver's sampling proxy on TCP 2000,
 * which X-Ray and OpenTelemetry SDKs with remote sampling query). No action of these
 * supports resource-level permissions, hence `*`.
 */
export const COLLECTOR_XRAY_ACTIONS = [
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
] as const;

/**
 * The collector configuration for a task in `region`: receivers awsxray (UDP 2000, with the
 * sampling proxy on TCP 2000) and OTLP (gRPC 4317, HTTP 4318), all on loopback; a batch
 * processor; the awsxray exporter to `region`. A plain object: its JSON is valid YAML, which
 * is what the collector reads.
 */
export function collectorConfig(region: string): Record<string, unknown> {
  return {
    receivers: {
      awsxray: {
        endpoint: XRAY_UDP_ADDRESS,
        transport: 'udp',
        proxy_server: { endpoint: XRAY_UDP_ADDRESS, region },
      },
      otlp: {
        protocols: {
          grpc: { endpoint: '127.0.0.1:4317' },
          http: { endpoint: '127.0.0.1:4318' },
        },
      },
    },
    processors: { batch: { timeout: '1s' } },
    // telemetry: the exporter reports its own health with PutTelemetryRecords, as the daemon did.
    exporters: { awsxray: { region, telemetry: { enabled: true } } },
    service: {
      pipelines: {
        traces: { receivers: ['awsxray', 'otlp'], processors: ['batch'], exporters: ['awsxray'] },
      },
    },
  };
}

/** Properties of {@link addTraceCollector}. */
export interface TraceCollectorProps {
  /** The region the traces go to (the task's own). */
  readonly region: string;
  /** Where the collector's own log lines go. */
  readonly logGroup: logs.ILogGroup;
}

/**
 * Adds the collector sidecar to `taskDefinition` (not essential: a dead collector loses
 * traces, never requests; no port mapping: it listens on the task's loopback only) and
 * grants the task role {@link COLLECTOR_XRAY_ACTIONS}.
 */
export function addTraceCollector(
  taskDefinition: ecs.TaskDefinition,
  props: TraceCollectorProps,
): ecs.ContainerDefinition {
  taskDefinition.addToTaskRolePolicy(
    new iam.PolicyStatement({ actions: [...COLLECTOR_XRAY_ACTIONS], resources: ['*'] }),
  );
  return taskDefinition.addContainer('TraceCollector', {
    containerName: COLLECTOR_CONTAINER_NAME,
    image: ecs.ContainerImage.fromRegistry(COLLECTOR_IMAGE),
    essential: false,
    cpu: 64,
    memoryReservationMiB: 128,
    command: [`--config=env:${COLLECTOR_CONFIG_ENV}`],
    environment: { [COLLECTOR_CONFIG_ENV]: JSON.stringify(collectorConfig(props.region)) },
    logging: ecs.LogDrivers.awsLogs({ logGroup: props.logGroup, streamPrefix: 'otel' }),
  });
}
