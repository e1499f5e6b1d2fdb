// The accelerator's routing decision as a pure function, table-driven with a scripted random
// source: proximity, dials, weights, failover (dials ignored, three closest groups), fail-open.
import { describe, expect, it } from 'vitest';
import {
  orderByProximity,
  type RoutingGroup,
  routeConnection,
} from '../../src/lab/dataplane/accelerator-routing.js';

function group(
  region: string,
  dial: number,
  endpoints: [id: string, weight: number, healthy: boolean][],
): RoutingGroup {
  return {
    endpointGroupArn: `eg-${region}`,
    region,
    dial,
    endpoints: endpoints.map(([endpointId, weight, healthy]) => ({ endpointId, weight, healthy })),
  };
}

/** A random source that returns the given values in turn (then 0). */
const script =
  (...values: number[]) =>
  () =>
    values.shift() ?? 0;

const CLIENT = ['us-west-2', 'us-east-1', 'eu-west-1', 'ap-south-1', 'sa-east-1'];

describe('routeConnection', () => {
  const cases: {
    name: string;
    groups: RoutingGroup[];
    random: number[];
    expected: { endpoint: string; failOpen: boolean; failover: boolean } | undefined;
  }[] = [
    {
      name: 'dial 100 keeps the closest group',
      groups: [
        group('us-east-1', 100, [['e', 128, true]]),
        group('us-west-2', 100, [['w', 128, true]]),
      ],
      random: [0.99, 0],
      expected: { endpoint: 'w', failOpen: false, failover: false },
    },
    {
      name: 'a draw above the dial passes to the next group',
      groups: [
        group('us-west-2', 30, [['w', 128, true]]),
        group('us-east-1', 100, [['e', 128, true]]),
      ],
      random: [0.31, 0],
      expected: { endpoint: 'e', failOpen: false, failover: false },
    },
    {
      name: 'the last dialled group keeps what reaches it, whatever its own dial',
      groups: [
        group('us-west-2', 30, [['w', 128, true]]),
        group('us-east-1', 10, [['e', 128, true]]),
      ],
      random: [0.5, 0.99],
      expected: { endpoint: 'e', failOpen: false, failover: false },
    },
    {
      name: 'dial 0 takes nothing, even as the last group',
      groups: [
        group('us-west-2', 40, [['w', 128, true]]),
        group('us-east-1', 0, [['e', 128, true]]),
      ],
      random: [0.99, 0],
      expected: { endpoint: 'w', failOpen: false, failover: false },
    },
    {
      name: 'every dial 0: the closest healthy group (failover ignores dials)',
      groups: [
        group('us-west-2', 0, [['w', 128, false]]),
        group('us-east-1', 0, [['e', 128, true]]),
      ],
      random: [0],
      expected: { endpoint: 'e', failOpen: false, failover: true },
    },
    {
      name: 'weights split a group (draw 0.3 of 64+192 lands on the second)',
      groups: [
        group('us-west-2', 100, [
          ['a', 64, true],
          ['b', 192, true],
        ]),
      ],
      random: [0.3], // a lone group uses no draw for its dial
      expected: { endpoint: 'b', failOpen: false, failover: false },
    },
    {
      name: 'weight 0 gets nothing while another endpoint is healthy',
      groups: [
        group('us-west-2', 100, [
          ['a', 0, true],
          ['b', 1, true],
        ]),
      ],
      random: [0, 0],
      expected: { endpoint: 'b', failOpen: false, failover: false },
    },
    {
      name: 'unhealthy endpoints are skipped inside the group',
      groups: [
        group('us-west-2', 100, [
          ['a', 255, false],
          ['b', 1, true],
        ]),
      ],
      random: [0, 0],
      expected: { endpoint: 'b', failOpen: false, failover: false },
    },
    {
      name: 'a group whose only healthy endpoint has weight 0 fails over',
      groups: [group('us-west-2', 100, [['w', 0, true]]), group('us-east-1', 0, [['e', 5, true]])],
      random: [0, 0],
      expected: { endpoint: 'e', failOpen: false, failover: true },
    },
    {
      name: 'failover tries only the three closest other groups, then fails open to the closest',
      groups: [
        group('us-west-2', 100, [['w', 128, false]]),
        group('us-east-1', 100, [['e', 128, false]]),
        group('eu-west-1', 100, [['eu', 128, false]]),
        group('ap-south-1', 100, [['ap', 128, false]]),
        group('sa-east-1', 100, [['sa', 128, true]]),
      ],
      random: [0, 0],
      expected: { endpoint: 'w', failOpen: true, failover: false },
    },
    {
      name: 'fail-open goes to the closest group even when the dials sent the connection elsewhere',
      groups: [
        group('us-west-2', 0, [['w', 128, false]]),
        group('us-east-1', 100, [['e', 128, false]]),
      ],
      random: [0, 0],
      expected: { endpoint: 'w', failOpen: true, failover: true },
    },
    {
      name: 'fail-open picks among weight-0 endpoints when no weight is above 0',
      groups: [
        group('us-west-2', 100, [
          ['a', 0, false],
          ['b', 0, false],
        ]),
      ],
      random: [0.75],
      expected: { endpoint: 'b', failOpen: true, failover: false },
    },
    {
      name: 'no endpoint at all: nowhere to route',
      groups: [group('us-west-2', 100, [])],
      random: [],
      expected: undefined,
    },
  ];

  it.each(cases)('$name', ({ groups, random, expected }) => {
    const decision = routeConnection(groups, CLIENT, script(...random));
    expect(
      decision && {
        endpoint: decision.endpoint.endpointId,
        failOpen: decision.failOpen,
        failover: decision.failover,
      },
    ).toEqual(expected);
  });
});

describe('orderByProximity', () => {
  it('orders by the client list and puts unlisted regions last, in their order', () => {
    const groups = ['eu-west-1', 'us-east-1', 'ap-south-1', 'us-west-2'].map((r) =>
      group(r, 100, []),
    );
    expect(orderByProximity(groups, ['us-west-2', 'us-east-1']).map((g) => g.region)).toEqual([
      'us-west-2',
      'us-east-1',
      'eu-west-1',
      'ap-south-1',
    ]);
  });
});
