/**
 * Test helpers: build the app as `cdk synth` does (cdk.json's context and feature flags),
 * but with a fixture Docker context so tests do not depend on services/, and an outdir in
 * the OS temp dir.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildMysfitsApp, type BuildOptions, type MysfitsStacks } from '../lib/app.js';
import type { PermissionStatement } from '../lib/operator-permissions.js';
import { readSettings } from '../lib/settings.js';

/** The infra package directory. */
export const INFRA_DIR = fileURLToPath(new URL('..', import.meta.url));

/** A stand-in repository root holding services/{mysfits,like}/Dockerfile. */
export const FIXTURE_REPO = join(INFRA_DIR, 'test', 'fixtures', 'repo');

/** cdk.json's context (feature flags), as the CLI passes it to the app. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(INFRA_DIR, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

/** A synthesized test deployment: the app, its stacks and their templates. */
export interface TestDeployment {
  app: App;
  stacks: MysfitsStacks;
  primary: Template;
  secondary: Template;
  global: Template;
}

/** Builds and synthesizes the app with extra context and build options. */
export function synthDeployment(
  context: Record<string, unknown> = {},
  options: BuildOptions = {},
): TestDeployment {
  const app = new App({
    context: { ...cdkJsonContext(), ...context },
    outdir: mkdtempSync(join(tmpdir(), 'mysfits-infra-')),
  });
  const stacks = buildMysfitsApp(app, readSettings(app.node, {}), {
    serviceSourceDir: FIXTURE_REPO,
    ...options,
  });
  return {
    app,
    stacks,
    primary: Template.fromStack(stacks.primary),
    secondary: Template.fromStack(stacks.secondary),
    global: Template.fromStack(stacks.global),
  };
}

/** Every `Action` string in every IAM policy document of a template. */
export function allPolicyActions(template: Template): string[] {
  const actions: string[] = [];
  const policies = {
    ...template.findResources('AWS::IAM::Policy'),
    ...template.findResources('AWS::IAM::ManagedPolicy'),
  };
  for (const policy of Object.values(policies)) {
    const statements = (policy.Properties.PolicyDocument.Statement ?? []) as { Action: unknown }[];
    for (const s of statements) actions.push(...([] as string[]).concat(s.Action as string[]));
  }
  return actions;
}

/** A list shaped like the lead's future src/aws/permissions.json, touching every kind. */
export const SAMPLE_PERMISSIONS: PermissionStatement[] = [
  {
    service: 'dynamodb',
    actions: ['dynamodb:DescribeTable', 'dynamodb:GetRecords'],
    resource: 'table',
  },
  { service: 'dynamodb', actions: ['dynamodb:ListStreams'], resource: '*' },
  {
    service: 'globalaccelerator',
    actions: ['globalaccelerator:UpdateEndpointGroup'],
    resource: 'accelerator',
  },
  { service: 'globalaccelerator', actions: ['globalaccelerator:ListAccelerators'], resource: '*' },
  { service: 'ecs', actions: ['ecs:DescribeClusters'], resource: 'cluster' },
  { service: 'ecs', actions: ['ecs:UpdateService', 'ecs:DescribeServices'], resource: 'service' },
  { service: 'ecs', actions: ['ecs:DescribeTasks'], resource: 'task' },
  {
    service: 'elasticloadbalancing',
    actions: ['elasticloadbalancing:DescribeTargetHealth'],
    resource: '*',
  },
  {
    service: 'elasticloadbalancing',
    actions: ['elasticloadbalancing:AddTags'],
    resource: 'loadbalancer',
  },
  {
    service: 'elasticloadbalancing',
    actions: ['elasticloadbalancing:ModifyTargetGroup'],
    resource: 'targetgroup',
  },
  { service: 'cloudwatch', actions: ['cloudwatch:DescribeAlarms'], resource: 'alarm' },
  { service: 'cloudwatch', actions: ['cloudwatch:GetMetricData'], resource: '*' },
  { service: 'cloudformation', actions: ['cloudformation:DescribeStacks'], resource: 'stack' },
  { service: 'xray', actions: ['xray:GetGroup'], resource: 'xraygroup' },
];
