// The lab's ELBv2 through the official AWS CLI v2 (/usr/bin/aws) and boto3: both speak the
// Query protocol and parse the lab's XML answers and errors as they parse AWS's.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { labLoadBalancerArn } from '../../src/lab/topology.js';
import { hasBoto3 } from '../helpers/aws-tools.js';
import { REGIONS, labEnv } from '../helpers/lab.js';
import { type TestTarget, tgArn, useElbTestBed } from './elbv2-harness.js';

const run = promisify(execFile);
const [west, east] = REGIONS;
const file = useElbTestBed();
const bed = file.bed;
let target: TestTarget;

const awsCli = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : undefined;
const boto3 = await hasBoto3();

beforeAll(async () => {
  target = await file.target('cli-target');
  bed.elb.registry(west).register(tgArn(west, 'core'), target.address);
});

describe.skipIf(!awsCli)('the AWS CLI v2 (/usr/bin/aws)', () => {
  const aws = async (region: string, ...args: string[]) => {
    const { stdout } = await run(
      awsCli!,
      ['--endpoint-url', bed.lab.url, '--region', region, '--output', 'json', 'elbv2', ...args],
      { env: labEnv() },
    );
    return JSON.parse(stdout || '{}');
  };

  it('describes load balancers, target groups, listeners, rules and target health', async () => {
    const listenerArn = bed.elb.region(west).listenersOf(labLoadBalancerArn(west))[0]!.arn;
    // Independent calls run side by side: each CLI start costs a Python start-up.
    const [lbs, groups, listeners, rules, health] = await Promise.all([
      aws(west, 'describe-load-balancers'),
      aws(east, 'describe-target-groups', '--names', 'mysfits-core', 'mysfits-like'),
      aws(west, 'describe-listeners', '--load-balancer-arn', labLoadBalancerArn(west)),
      aws(west, 'describe-rules', '--listener-arn', listenerArn),
      aws(west, 'describe-target-health', '--target-group-arn', tgArn(west, 'core')),
    ]);
    expect(lbs.LoadBalancers.map((l: { LoadBalancerArn: string }) => l.LoadBalancerArn)).toEqual([
      labLoadBalancerArn(west),
    ]);
    expect(groups.TargetGroups).toHaveLength(2);
    expect(groups.TargetGroups[0].Matcher).toEqual({ HttpCode: '200' });
    expect(listeners.Listeners[0].ListenerArn).toBe(listenerArn);
    expect(listeners.Listeners[0].DefaultActions[0].TargetGroupArn).toBe(tgArn(west, 'core'));
    expect(rules.Rules.map((r: { Priority: string }) => r.Priority)).toEqual(['1', 'default']);
    expect(health.TargetHealthDescriptions).toEqual([
      expect.objectContaining({ Target: { Id: '127.0.0.1', Port: target.port } }),
    ]);
    expect(['initial', 'healthy']).toContain(health.TargetHealthDescriptions[0].TargetHealth.State);
  });

  it('reports AWS error codes', async () => {
    const [failure, invalid] = (await Promise.all([
      aws(
        west,
        'describe-target-health',
        '--target-group-arn',
        tgArn(west, 'core').replace(/[0-9a-f]{16}$/, 'ffffffffffffffff'),
      ).catch((e: { stderr: string }) => e),
      aws(
        west,
        'modify-target-group',
        '--target-group-arn',
        tgArn(west, 'core'),
        '--health-check-timeout-seconds',
        '10',
      ).catch((e: { stderr: string }) => e),
    ])) as { stderr: string }[];
    expect(failure!.stderr).toContain('TargetGroupNotFound');
    expect(invalid!.stderr).toContain('(ValidationError)');
    expect(invalid!.stderr).toContain('Health check interval must be greater than the timeout.');
  });
});

describe.skipIf(!boto3)(
  boto3 ? 'boto3' : 'boto3 (skipped: `import boto3` fails in python3)',
  () => {
    it('describes the same resources and reads the errors', async () => {
      const script = `
import json, sys, boto3
url, west, east, lb, tg = sys.argv[1:6]
c = {r: boto3.client("elbv2", endpoint_url=url, region_name=r) for r in (west, east)}
out = {}
out["lbs"] = [l["LoadBalancerArn"] for l in c[west].describe_load_balancers()["LoadBalancers"]]
out["groups"] = sorted(g["TargetGroupName"] for g in c[east].describe_target_groups()["TargetGroups"])
listener = c[west].describe_listeners(LoadBalancerArn=lb)["Listeners"][0]
out["port"] = listener["Port"]
out["rules"] = [r["Priority"] for r in c[west].describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]]
out["health"] = c[west].describe_target_health(TargetGroupArn=tg)["TargetHealthDescriptions"]
try:
    c[west].describe_target_groups(Names=["no-such-group"])
except c[west].exceptions.TargetGroupNotFoundException as e:
    out["error"] = e.response["Error"]["Code"]
pages = c[west].get_paginator("describe_target_groups").paginate(PaginationConfig={"PageSize": 1})
out["paged"] = sum(len(p["TargetGroups"]) for p in pages)
print(json.dumps(out, default=str))
`;
      const { stdout } = await run(
        'python3',
        ['-c', script, bed.lab.url, west, east, labLoadBalancerArn(west), tgArn(west, 'core')],
        { env: labEnv() },
      );
      const out = JSON.parse(stdout);
      expect(out.lbs).toEqual([labLoadBalancerArn(west)]);
      expect(out.groups).toEqual(['mysfits-core', 'mysfits-like']);
      expect(`http://127.0.0.1:${out.port}`).toBe(bed.albUrl(west));
      expect(out.rules).toEqual(['1', 'default']);
      expect(out.health[0].Target).toEqual({ Id: '127.0.0.1', Port: target.port });
      expect(out.error).toBe('TargetGroupNotFound');
      expect(out.paged).toBe(2);
    });
  },
);
