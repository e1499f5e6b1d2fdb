// The lab's Global Accelerator API over HTTP with the real SDK: shapes after seeding,
// UpdateEndpointGroup and its propagation, AWS's validation and not-found errors.
import {
  CreateAcceleratorCommand,
  DescribeAcceleratorCommand,
  DescribeEndpointGroupCommand,
  DescribeListenerCommand,
  ListAcceleratorsCommand,
  ListEndpointGroupsCommand,
  ListListenersCommand,
  ListTagsForResourceCommand,
  UpdateEndpointGroupCommand,
  type UpdateEndpointGroupCommandInput,
} from '@aws-sdk/client-global-accelerator';
import { describe, expect, it } from 'vitest';
import { LAB_ACCELERATOR } from '../../src/lab/topology.js';
import { albOf, failure, groupOf, startAcceleratorLab } from './accelerator-harness.js';
import { useTestBed } from '../helpers/test-bed.js';

const [west, east] = ['us-west-2', 'us-east-1'] as const;
const t = useTestBed(() => startAcceleratorLab(0.01)); // propagation 30 s → 300 ms, health interval 30 s → 300 ms

const update = (input: Partial<UpdateEndpointGroupCommandInput>) =>
  t.client.send(new UpdateEndpointGroupCommand({ EndpointGroupArn: groupOf(west), ...input }));

describe('after seeding (the workshop after Lab 4)', () => {
  it('lists the accelerator, deployed, with static IPs and a DNS name that reach the proxy', async () => {
    const { Accelerators } = await t.client.send(new ListAcceleratorsCommand({}));
    expect(Accelerators).toHaveLength(1);
    const [accelerator] = Accelerators!;
    expect(accelerator).toMatchObject({
      AcceleratorArn: LAB_ACCELERATOR.arn,
      Name: 'mm-global-accelerator',
      IpAddressType: 'IPV4',
      Enabled: true,
      Status: 'DEPLOYED',
      DnsName: 'localhost',
    });
    expect(accelerator!.IpSets?.[0]?.IpFamily).toBe('IPv4');
    expect(accelerator!.IpSets?.[0]?.IpAddresses?.[0]).toBe('127.0.0.1');
    expect(accelerator!.CreatedTime).toBeInstanceOf(Date);
    const { Tags } = await t.client.send(
      new ListTagsForResourceCommand({ ResourceArn: LAB_ACCELERATOR.arn }),
    );
    expect(Tags).toEqual([]);
  });

  it('shows the TCP listener on the proxy port, client affinity NONE', async () => {
    const port = t.ga.proxy.port;
    const expected = {
      ListenerArn: LAB_ACCELERATOR.listenerArn,
      PortRanges: [{ FromPort: port, ToPort: port }],
      Protocol: 'TCP',
      ClientAffinity: 'NONE',
    };
    const listed = await t.client.send(
      new ListListenersCommand({ AcceleratorArn: LAB_ACCELERATOR.arn }),
    );
    expect(listed.Listeners).toEqual([expected]);
    const described = await t.client.send(
      new DescribeListenerCommand({ ListenerArn: LAB_ACCELERATOR.listenerArn }),
    );
    expect(described.Listener).toEqual(expected);
  });

  it('shows one endpoint group per region holding its ALB, healthy, weight 128, dial 100', async () => {
    const { EndpointGroups } = await t.client.send(
      new ListEndpointGroupsCommand({ ListenerArn: LAB_ACCELERATOR.listenerArn }),
    );
    expect(EndpointGroups?.map((g) => g.EndpointGroupRegion)).toEqual([west, east]);
    for (const region of [west, east]) {
      const group = EndpointGroups!.find((g) => g.EndpointGroupRegion === region)!;
      expect(group).toMatchObject({
        EndpointGroupArn: groupOf(region),
        TrafficDialPercentage: 100,
        HealthCheckPort: t.ga.proxy.port,
        HealthCheckProtocol: 'TCP',
        HealthCheckIntervalSeconds: 30,
        ThresholdCount: 3,
        EndpointDescriptions: [
          {
            EndpointId: albOf(region),
            Weight: 128,
            HealthState: 'HEALTHY',
            ClientIPPreservationEnabled: true,
          },
        ],
      });
    }
  });

  it('pages with MaxResults and NextToken, and refuses a token it did not issue', async () => {
    const first = await t.client.send(
      new ListEndpointGroupsCommand({ ListenerArn: LAB_ACCELERATOR.listenerArn, MaxResults: 1 }),
    );
    expect(first.EndpointGroups).toHaveLength(1);
    expect(first.NextToken).toBeTruthy();
    const second = await t.client.send(
      new ListEndpointGroupsCommand({
        ListenerArn: LAB_ACCELERATOR.listenerArn,
        MaxResults: 1,
        NextToken: first.NextToken,
      }),
    );
    expect(second.EndpointGroups?.[0]?.EndpointGroupRegion).toBe(east);
    expect(second.NextToken).toBeUndefined();
    const error = await failure(
      t.client.send(
        new ListEndpointGroupsCommand({ ListenerArn: LAB_ACCELERATOR.listenerArn, NextToken: 'x' }),
      ),
    );
    expect(error.name).toBe('InvalidNextTokenException');
  });
});

describe('UpdateEndpointGroup', () => {
  it('shows the change at once, IN_PROGRESS until it has propagated, then DEPLOYED', async () => {
    const { EndpointGroup } = await update({ TrafficDialPercentage: 37.5, ThresholdCount: 2 });
    expect(EndpointGroup).toMatchObject({ TrafficDialPercentage: 37.5, ThresholdCount: 2 });
    const { Accelerator } = await t.client.send(
      new DescribeAcceleratorCommand({ AcceleratorArn: LAB_ACCELERATOR.arn }),
    );
    expect(Accelerator?.Status).toBe('IN_PROGRESS');
    expect(Accelerator!.LastModifiedTime!.getTime()).toBeGreaterThanOrEqual(
      Accelerator!.CreatedTime!.getTime(),
    );
    await t.waitDeployed();
    await update({ TrafficDialPercentage: 100, ThresholdCount: 3 });
    await t.waitDeployed();
  });

  it.each([
    ['a dial above 100', { TrafficDialPercentage: 101 }],
    ['a negative dial', { TrafficDialPercentage: -1 }],
    ['a weight above 255', { EndpointConfigurations: [{ EndpointId: albOf(west), Weight: 256 }] }],
    ['a negative weight', { EndpointConfigurations: [{ EndpointId: albOf(west), Weight: -1 }] }],
    ['an interval other than 10 or 30', { HealthCheckIntervalSeconds: 20 }],
    ['a threshold above 10', { ThresholdCount: 11 }],
    ['a threshold of 0', { ThresholdCount: 0 }],
    ['a path without a leading slash', { HealthCheckPath: 'health' }],
    ['a health-check port of 0', { HealthCheckPort: 0 }],
    ['an endpoint of another region', { EndpointConfigurations: [{ EndpointId: albOf(east) }] }],
    [
      'an unknown load balancer',
      {
        EndpointConfigurations: [
          { EndpointId: albOf(west).replace(/[0-9a-f]{4}$/, 'beef') as string },
        ],
      },
    ],
    [
      'an EC2 instance endpoint',
      { EndpointConfigurations: [{ EndpointId: 'i-0123456789abcdef0' }] },
    ],
    [
      'the same endpoint twice',
      { EndpointConfigurations: [{ EndpointId: albOf(west) }, { EndpointId: albOf(west) }] },
    ],
  ] as [string, Partial<UpdateEndpointGroupCommandInput>][])(
    'refuses %s with InvalidArgumentException and changes nothing',
    async (_what, input) => {
      const error = await failure(update(input));
      expect(error.name).toBe('InvalidArgumentException');
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect(error.message).toBeTruthy();
      const { EndpointGroup } = await t.client.send(
        new DescribeEndpointGroupCommand({ EndpointGroupArn: groupOf(west) }),
      );
      expect(EndpointGroup).toMatchObject({
        TrafficDialPercentage: 100,
        ThresholdCount: 3,
        HealthCheckIntervalSeconds: 30,
      });
      expect(EndpointGroup?.EndpointDescriptions?.map((e) => [e.EndpointId, e.Weight])).toEqual([
        [albOf(west), 128],
      ]);
    },
  );

  it('refuses a missing EndpointGroupArn with ValidationException', async () => {
    const error = await failure(
      t.client.send(new UpdateEndpointGroupCommand({} as UpdateEndpointGroupCommandInput)),
    );
    expect(error.name).toBe('ValidationException');
  });
});

describe('errors', () => {
  const unknown = `${LAB_ACCELERATOR.arn.slice(0, -4)}ffff`;
  it.each([
    [
      'DescribeAccelerator',
      () => new DescribeAcceleratorCommand({ AcceleratorArn: unknown }),
      'AcceleratorNotFoundException',
    ],
    [
      'ListListeners',
      () => new ListListenersCommand({ AcceleratorArn: unknown }),
      'AcceleratorNotFoundException',
    ],
    [
      'ListTagsForResource',
      () => new ListTagsForResourceCommand({ ResourceArn: unknown }),
      'AcceleratorNotFoundException',
    ],
    [
      'DescribeListener',
      () => new DescribeListenerCommand({ ListenerArn: `${unknown}/listener/00000000` }),
      'ListenerNotFoundException',
    ],
    [
      'ListEndpointGroups',
      () => new ListEndpointGroupsCommand({ ListenerArn: `${unknown}/listener/00000000` }),
      'ListenerNotFoundException',
    ],
    [
      'DescribeEndpointGroup',
      () => new DescribeEndpointGroupCommand({ EndpointGroupArn: `${groupOf(west)}0` }),
      'EndpointGroupNotFoundException',
    ],
    [
      'UpdateEndpointGroup',
      () =>
        new UpdateEndpointGroupCommand({
          EndpointGroupArn: `${groupOf(west)}0`,
          TrafficDialPercentage: 0,
        }),
      'EndpointGroupNotFoundException',
    ],
    [
      'CreateAccelerator',
      () => new CreateAcceleratorCommand({ Name: 'x', IdempotencyToken: 'x' }),
      'UnknownOperationException',
    ],
  ] as const)('%s of something that does not exist → %s', async (_op, command, code) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one table for many commands
    const error = await failure(t.client.send(command() as any));
    expect(error.name).toBe(code);
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('answers a member of the wrong JSON type with SerializationException', async () => {
    const response = await fetch(t.lab.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'GlobalAccelerator_V20180706.UpdateEndpointGroup',
        authorization: `AWS4-HMAC-SHA256 Credential=mysfitslab/20250101/${west}/globalaccelerator/aws4_request, SignedHeaders=host, Signature=00`,
      },
      body: JSON.stringify({ EndpointGroupArn: groupOf(west), TrafficDialPercentage: 'fifty' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toMatch(
      /#SerializationException$/,
    );
  });
});
