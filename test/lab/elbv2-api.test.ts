// The lab's ELBv2 API over HTTP with the real SDK (Query protocol: form in, XML out): the
// seeded workshop resources in the shapes of the API reference, paging, per-region state,
// AWS's error codes and messages. The same describe calls through the official AWS CLI v2
// and boto3 are in elbv2-clients.test.ts.
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyTargetGroupCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { labLoadBalancerArn } from '../../src/lab/topology.js';
import { REGIONS } from '../helpers/lab.js';
import { startElbTestBed, tgArn } from './elbv2-harness.js';
import { sdkError, useTestBed } from '../helpers/test-bed.js';

const [west, east] = REGIONS;
const bed = useTestBed(startElbTestBed);

describe('describe calls', () => {
  it('DescribeLoadBalancers shows the workshop ALB of the region only', async () => {
    const out = await bed.client(west).send(new DescribeLoadBalancersCommand({}));
    expect(out.LoadBalancers).toHaveLength(1);
    const lb = out.LoadBalancers![0]!;
    expect(lb).toMatchObject({
      LoadBalancerArn: labLoadBalancerArn(west),
      LoadBalancerName: 'mysfits-alb',
      DNSName: 'localhost',
      Scheme: 'internet-facing',
      Type: 'application',
      State: { Code: 'active' },
      IpAddressType: 'ipv4',
      CanonicalHostedZoneId: 'Z1H1FL5HABSF5',
    });
    expect(lb.CreatedTime).toBeInstanceOf(Date);
    expect(lb.AvailabilityZones!.map((z) => z.ZoneName)).toEqual(['us-west-2a', 'us-west-2b']);
    expect(lb.VpcId).toMatch(/^vpc-[0-9a-f]{16}$/);
    const eastOut = await bed
      .client(east)
      .send(new DescribeLoadBalancersCommand({ Names: ['mysfits-alb'] }));
    expect(eastOut.LoadBalancers!.map((l) => l.LoadBalancerArn)).toEqual([
      labLoadBalancerArn(east),
    ]);
  });

  it('DescribeTargetGroups by load balancer, ARNs and names, with paging', async () => {
    const byLb = await bed
      .client(west)
      .send(new DescribeTargetGroupsCommand({ LoadBalancerArn: labLoadBalancerArn(west) }));
    expect(byLb.TargetGroups!.map((g) => g.TargetGroupName).sort()).toEqual([
      'mysfits-core',
      'mysfits-like',
    ]);
    const core = byLb.TargetGroups!.find((g) => g.TargetGroupName === 'mysfits-core')!;
    expect(core).toMatchObject({
      TargetGroupArn: tgArn(west, 'core'),
      Protocol: 'HTTP',
      Port: 8080,
      TargetType: 'ip',
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: 'traffic-port',
      HealthCheckEnabled: true,
      HealthCheckPath: '/',
      HealthCheckIntervalSeconds: 10,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 3,
      UnhealthyThresholdCount: 3,
      Matcher: { HttpCode: '200' },
      LoadBalancerArns: [labLoadBalancerArn(west)],
    });
    const byName = await bed
      .client(west)
      .send(new DescribeTargetGroupsCommand({ Names: ['mysfits-like'] }));
    expect(byName.TargetGroups!.map((g) => g.TargetGroupArn)).toEqual([tgArn(west, 'like')]);
    const page1 = await bed.client(west).send(new DescribeTargetGroupsCommand({ PageSize: 1 }));
    expect(page1.TargetGroups).toHaveLength(1);
    expect(page1.NextMarker).toBeTruthy();
    const page2 = await bed
      .client(west)
      .send(new DescribeTargetGroupsCommand({ PageSize: 1, Marker: page1.NextMarker }));
    expect(page2.TargetGroups).toHaveLength(1);
    expect(page2.NextMarker).toBeUndefined();
    expect(page2.TargetGroups![0]!.TargetGroupArn).not.toBe(page1.TargetGroups![0]!.TargetGroupArn);
    const attributes = await bed
      .client(west)
      .send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: tgArn(west, 'core') }));
    expect(attributes.Attributes).toContainEqual({
      Key: 'deregistration_delay.timeout_seconds',
      Value: '30',
    });
  });

  it('DescribeListeners and DescribeRules show the workshop routing', async () => {
    const { Listeners } = await bed
      .client(west)
      .send(new DescribeListenersCommand({ LoadBalancerArn: labLoadBalancerArn(west) }));
    expect(Listeners).toHaveLength(1);
    const listener = Listeners![0]!;
    expect(`http://127.0.0.1:${listener.Port}`).toBe(bed.albUrl(west));
    expect(listener.Protocol).toBe('HTTP');
    expect(listener.DefaultActions).toEqual([
      expect.objectContaining({ Type: 'forward', TargetGroupArn: tgArn(west, 'core') }),
    ]);
    const { Rules } = await bed
      .client(west)
      .send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }));
    expect(Rules!.map((r) => [r.Priority, r.IsDefault])).toEqual([
      ['1', false],
      ['default', true],
    ]);
    expect(Rules![0]!.Conditions).toEqual([
      expect.objectContaining({ Field: 'path-pattern', Values: ['/mysfits/*/like'] }),
    ]);
    expect(Rules![0]!.Actions![0]!.TargetGroupArn).toBe(tgArn(west, 'like'));
    expect(Rules![0]!.Actions![0]!.ForwardConfig!.TargetGroups).toEqual([
      { TargetGroupArn: tgArn(west, 'like'), Weight: 1 },
    ]);
    expect(Rules![1]!.Conditions).toEqual([]);
  });

  it('DescribeTargetHealth: registered targets start initial; others are unused', async () => {
    const client = bed.client(east);
    const arn = tgArn(east, 'like');
    const empty = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
    expect(empty.TargetHealthDescriptions).toEqual([]);
    await client.send(
      new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: '127.0.0.1', Port: 9 }] }),
    );
    const out = await client.send(
      new DescribeTargetHealthCommand({
        TargetGroupArn: arn,
        Targets: [
          { Id: '127.0.0.1', Port: 9 },
          { Id: '127.0.0.1', Port: 10 },
        ],
      }),
    );
    expect(out.TargetHealthDescriptions).toEqual([
      {
        Target: { Id: '127.0.0.1', Port: 9 },
        HealthCheckPort: '9',
        TargetHealth: {
          State: 'initial',
          Reason: 'Elb.RegistrationInProgress',
          Description: 'Target registration is in progress',
        },
      },
      {
        Target: { Id: '127.0.0.1', Port: 10 },
        HealthCheckPort: '10',
        TargetHealth: {
          State: 'unused',
          Reason: 'Target.NotRegistered',
          Description: 'Target is not registered to the target group',
        },
      },
    ]);
  });
});

describe('errors', () => {
  const modify = (
    input: Omit<ConstructorParameters<typeof ModifyTargetGroupCommand>[0], 'TargetGroupArn'>,
  ) =>
    bed
      .client(west)
      .send(new ModifyTargetGroupCommand({ TargetGroupArn: tgArn(west, 'core'), ...input }));

  it.each([
    [
      { HealthCheckIntervalSeconds: 1 },
      "1 validation error detected: Value '1' at 'healthCheckIntervalSeconds' failed to satisfy constraint: Member must have value greater than or equal to 5",
    ],
    [
      { HealthCheckIntervalSeconds: 301 },
      "1 validation error detected: Value '301' at 'healthCheckIntervalSeconds' failed to satisfy constraint: Member must have value less than or equal to 300",
    ],
    [
      { HealthCheckTimeoutSeconds: 1 },
      "1 validation error detected: Value '1' at 'healthCheckTimeoutSeconds' failed to satisfy constraint: Member must have value greater than or equal to 2",
    ],
    [
      { HealthyThresholdCount: 11 },
      "1 validation error detected: Value '11' at 'healthyThresholdCount' failed to satisfy constraint: Member must have value less than or equal to 10",
    ],
    [
      { UnhealthyThresholdCount: 1 },
      "1 validation error detected: Value '1' at 'unhealthyThresholdCount' failed to satisfy constraint: Member must have value greater than or equal to 2",
    ],
    [{ HealthCheckTimeoutSeconds: 10 }, 'Health check interval must be greater than the timeout.'],
    [{ Matcher: { HttpCode: '' } }, 'Health check matcher HTTP code cannot be empty'],
    [{ Matcher: { HttpCode: '600' } }, /HTTP code '600' is not valid/],
    [{ HealthCheckPath: 'health' }, /must begin with a '\/'/],
    [{ HealthCheckPort: 'x' }, /Health check port 'x' is not valid/],
  ])('ModifyTargetGroup %j → ValidationError', async (input, message) => {
    const error = await sdkError(modify(input));
    expect(error.name).toBe('ValidationError');
    expect(error.$metadata.httpStatusCode).toBe(400);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });

  it('reads every operation through the service model: page sizes, list items, required members', async () => {
    const client = bed.client(west);
    const cases: [Promise<unknown>, string][] = [
      [
        client.send(new DescribeTargetGroupsCommand({ PageSize: 0 })),
        "1 validation error detected: Value '0' at 'pageSize' failed to satisfy constraint: Member must have value greater than or equal to 1",
      ],
      [
        client.send(new DescribeLoadBalancersCommand({ PageSize: 401 })),
        "1 validation error detected: Value '401' at 'pageSize' failed to satisfy constraint: Member must have value less than or equal to 400",
      ],
      [
        client.send(
          new RegisterTargetsCommand({
            TargetGroupArn: tgArn(west, 'core'),
            Targets: [
              { Id: '127.0.0.1', Port: 8080 },
              { Id: '127.0.0.1', Port: 70000 },
            ],
          }),
        ),
        "1 validation error detected: Value '70000' at 'targets.2.member.port' failed to satisfy constraint: Member must have value less than or equal to 65535",
      ],
      [
        client.send(new DescribeTargetHealthCommand({} as { TargetGroupArn: string })),
        "1 validation error detected: Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null",
      ],
    ];
    for (const [call, message] of cases) {
      const error = await sdkError(call);
      expect(error.name).toBe('ValidationError');
      expect(error.message).toBe(message);
    }
  });

  it('keeps the group unchanged after a refused change, and applies a valid one', async () => {
    await sdkError(modify({ HealthCheckPath: '/ok', HealthCheckTimeoutSeconds: 20 }));
    const valid = await modify({ HealthCheckIntervalSeconds: 30, HealthCheckTimeoutSeconds: 20 });
    expect(valid.TargetGroups![0]).toMatchObject({
      HealthCheckPath: '/',
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 20,
    });
    await modify({ HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 5 });
  });

  it('refuses to disable health checks of an ip target group', async () => {
    const error = await sdkError(modify({ HealthCheckEnabled: false }));
    expect(error.name).toBe('InvalidConfigurationRequestException');
    expect(error.message).toBe(
      'Health check enabled must be true with groups with target type "ip"',
    );
  });

  it('answers TargetGroupNotFound, LoadBalancerNotFound and ValidationError for bad ARNs', async () => {
    const unknown = tgArn(west, 'core').replace(/[0-9a-f]{16}$/, 'ffffffffffffffff');
    const notFound = await sdkError(
      bed
        .client(west)
        .send(new ModifyTargetGroupCommand({ TargetGroupArn: unknown, HealthCheckPath: '/' })),
    );
    expect(notFound.name).toBe('TargetGroupNotFoundException');
    expect(notFound.message).toBe(`Target groups '${unknown}' not found`);
    // The ARN of the other region's group is not found here: state is per region.
    const other = await sdkError(
      bed
        .client(west)
        .send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tgArn(east, 'core')] })),
    );
    expect(other.name).toBe('TargetGroupNotFoundException');
    expect(other.message).toBe('One or more target groups not found');
    const lb = await sdkError(
      bed
        .client(east)
        .send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [labLoadBalancerArn(west)] })),
    );
    expect(lb.name).toBe('LoadBalancerNotFoundException');
    const malformed = await sdkError(
      bed.client(west).send(new DescribeTargetHealthCommand({ TargetGroupArn: 'mysfits-core' })),
    );
    expect(malformed.name).toBe('ValidationError');
    expect(malformed.message).toBe("'mysfits-core' is not a valid target group ARN");
    const invalid = await sdkError(
      bed.client(west).send(
        new RegisterTargetsCommand({
          TargetGroupArn: tgArn(west, 'core'),
          Targets: [{ Id: '10.0.0.1' }],
        }),
      ),
    );
    expect(invalid.name).toBe('InvalidTargetException');
  });

  it('answers unknown actions with InvalidAction in ELB XML', async () => {
    const response = await fetch(bed.lab.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        authorization:
          'AWS4-HMAC-SHA256 Credential=mysfitslab/20250101/us-west-2/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=00',
      },
      body: 'Action=FlyToTheMoon&Version=2015-12-01',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain(
      '<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">',
    );
    expect(text).toContain('<Type>Sender</Type><Code>InvalidAction</Code>');
    expect(text).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId>/);
  });
});
