import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  COLLECTOR_CONFIG_ENV,
  COLLECTOR_IMAGE,
  COLLECTOR_XRAY_ACTIONS,
  collectorConfig,
} from '../lib/trace-collector.js';
import { allPolicyActions, synthDeployment, type TestDeployment } from './helpers.js';

interface Container {
  Name: string;
  Image: string;
  Essential: boolean;
  Command?: string[];
  Environment?: { Name: string; Value: string }[];
  PortMappings?: unknown[];
  DependsOn?: { ContainerName: string; Condition: string }[];
}

let d: TestDeployment;
beforeAll(() => {
  d = synthDeployment();
});

/** The task definitions of a template, by their app container's name. */
function tasks(t: Template): Map<string, Container[]> {
  const byApp = new Map<string, Container[]>();
  for (const def of Object.values(t.findResources('AWS::ECS::TaskDefinition'))) {
    const containers = def.Properties.ContainerDefinitions as Container[];
    byApp.set(containers[0]!.Name, containers);
  }
  return byApp;
}

/** The task role statements of one service's task definition. */
function taskRoleActions(t: Template, service: string): string[] {
  const defs = t.findResources('AWS::ECS::TaskDefinition');
  const [def] = Object.values(defs).filter(
    (x) => (x.Properties.ContainerDefinitions as Container[])[0]!.Name === service,
  );
  const roleId = (def!.Properties.TaskRoleArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  const policies = t.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: roleId }] },
  });
  const withRole = { findResources: () => policies } as unknown as Template;
  return allPolicyActions(withRole);
}

describe.each([
  ['primary', 'us-west-2'],
  ['secondary', 'us-east-1'],
] as const)('the trace sidecar in the %s region', (which, region) => {
  const t = () => d[which];

  it('is the ADOT collector pinned to an exact release, in every task, never the X-Ray daemon', () => {
    expect(COLLECTOR_IMAGE).toMatch(
      /^public\.ecr\.aws\/aws-observability\/aws-otel-collector:v\d+\.\d+\.\d+$/,
    );
    const byApp = tasks(t());
    expect([...byApp.keys()].sort()).toEqual(['mysfits-core', 'mysfits-like']);
    for (const [app, containers] of byApp) {
      expect(containers.map((c) => c.Name)).toEqual([app, 'otel-collector']);
      const [main, collector] = containers;
      expect(collector).toMatchObject({ Image: COLLECTOR_IMAGE, Essential: false });
      expect(collector!.PortMappings ?? []).toEqual([]);
      expect(JSON.stringify(containers)).not.toContain('xray-daemon');
      expect(main!.DependsOn).toEqual([{ ContainerName: 'otel-collector', Condition: 'START' }]);
      expect(main!.Environment).toContainEqual({
        Name: 'AWS_XRAY_DAEMON_ADDRESS',
        Value: '127.0.0.1:2000',
      });
    }
  });

  it('reads its configuration from the environment: awsxray on UDP 2000 and OTLP in, X-Ray out', () => {
    for (const containers of tasks(t()).values()) {
      const collector = containers[1]!;
      expect(collector.Command).toEqual([`--config=env:${COLLECTOR_CONFIG_ENV}`]);
      const raw = collector.Environment!.find((e) => e.Name === COLLECTOR_CONFIG_ENV)!.Value;
      const config = JSON.parse(raw) as ReturnType<typeof collectorConfig> & {
        receivers: { awsxray: { endpoint: string; transport: string } };
        exporters: { awsxray: { region: string } };
        service: { pipelines: { traces: Record<string, string[]> } };
      };
      expect(config).toEqual(collectorConfig(region));
      expect(config.receivers.awsxray).toMatchObject({
        endpoint: '127.0.0.1:2000',
        transport: 'udp',
      });
      expect(Object.keys(config.receivers).sort()).toEqual(['awsxray', 'otlp']);
      expect(config.exporters).toEqual({
        awsxray: { region, telemetry: { enabled: true } },
      });
      expect(config.service.pipelines).toEqual({
        traces: { receivers: ['awsxray', 'otlp'], processors: ['batch'], exporters: ['awsxray'] },
      });
      // Every listener stays on the task's loopback.
      for (const endpoint of raw.match(/"endpoint":"[^"]+"/g) ?? []) {
        expect(endpoint).toContain('"127.0.0.1:');
      }
    }
  });

  it('lets each task role make exactly the X-Ray calls the collector makes', () => {
    expect([...COLLECTOR_XRAY_ACTIONS].sort()).toEqual([
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    for (const service of ['mysfits-core', 'mysfits-like']) {
      const xray = taskRoleActions(t(), service).filter((a) => a.startsWith('xray:'));
      expect(xray.sort()).toEqual([...COLLECTOR_XRAY_ACTIONS].sort());
    }
    const everywhere = [d.primary, d.secondary].flatMap(allPolicyActions);
    expect(everywhere).not.toContain('xray:GetSamplingStatisticSummaries');
  });
});
