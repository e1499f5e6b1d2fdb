// The lab's input layer (src/lab/protocol/shapes.ts, paginate.ts) through each service's
// rules: the error code and message AWS answers a bad member with, and the page tokens.
import { describe, expect, it } from 'vitest';
import type { AwsError } from '../../src/lab/protocol/aws-error.js';
import { paginate, prefixTokens } from '../../src/lab/protocol/paginate.js';
import { decodeInput } from '../../src/lab/services/cloudwatch/shapes.js';
import { page } from '../../src/lab/services/cloudwatch/pagination.js';
import * as ecs from '../../src/lab/services/ecs/input.js';
import * as ga from '../../src/lab/services/globalaccelerator/input.js';
import * as xray from '../../src/lab/services/xray/input.js';

const update = (members: Record<string, unknown>) =>
  ga.decodeAcceleratorInput('UpdateEndpointGroup', { EndpointGroupArn: 'arn', ...members });
const window = { StartTime: 1, EndTime: 2 };

function failure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    const { code, message } = error as AwsError;
    return { code, message };
  }
  throw new Error('expected a failure');
}

describe.each([
  [
    'accelerator string',
    () => ga.decodeAcceleratorInput('ListAccelerators', { NextToken: 1 }),
    'SerializationException',
    'NextToken: expected a string.',
  ],
  [
    'accelerator missing',
    () => ga.decodeAcceleratorInput('DescribeAccelerator', {}),
    'ValidationException',
    "1 validation error detected: Value null at 'acceleratorArn' failed to satisfy constraint: Member must not be null",
  ],
  [
    'accelerator length',
    () => ga.decodeAcceleratorInput('DescribeAccelerator', { AcceleratorArn: 'a'.repeat(256) }),
    'InvalidArgumentException',
    'AcceleratorArn must be at most 255 characters long.',
  ],
  [
    'accelerator number',
    () => update({ ThresholdCount: 'x' }),
    'SerializationException',
    'ThresholdCount: expected a number.',
  ],
  [
    'accelerator fraction',
    () => update({ ThresholdCount: 1.5 }),
    'SerializationException',
    'ThresholdCount: expected an integer.',
  ],
  [
    'accelerator range',
    () => update({ ThresholdCount: 11 }),
    'InvalidArgumentException',
    'ThresholdCount 11 is not valid: it must be between 1 and 10.',
  ],
  [
    'accelerator enum',
    () => update({ HealthCheckProtocol: 'UDP' }),
    'InvalidArgumentException',
    "HealthCheckProtocol 'UDP' is not valid: expected one of TCP, HTTP, HTTPS.",
  ],
  [
    'accelerator list item',
    () => update({ PortOverrides: [{}, 3] }),
    'SerializationException',
    'PortOverrides[1]: expected a structure.',
  ],
  [
    'accelerator list item member',
    () => update({ EndpointConfigurations: [{ Weight: 256 }] }),
    'InvalidArgumentException',
    'EndpointConfigurations[0].Weight 256 is not valid: it must be between 0 and 255.',
  ],
  [
    'accelerator list count',
    () => update({ PortOverrides: Array.from({ length: 11 }, () => ({})) }),
    'InvalidArgumentException',
    'PortOverrides can hold at most 10 items.',
  ],
  [
    'ECS integer',
    () => ecs.readInteger({ n: 'x' }, 'n'),
    'SerializationException',
    "Member 'n' must be an integer.",
  ],
  [
    'ECS string list',
    () => ecs.readStringList({ s: ['a', 1] }, 's'),
    'SerializationException',
    "Member 's' must be a list of strings.",
  ],
  [
    'ECS page size',
    () => ecs.paginate([], { maxResults: 101 }, 10),
    'InvalidParameterException',
    'maxResults must be between 1 and 100.',
  ],
  [
    'ECS token',
    () => ecs.paginate([], { nextToken: 'bad' }, 10),
    'InvalidParameterException',
    'Invalid nextToken.',
  ],
  [
    'X-Ray length',
    () => xray.decodeXRayInput('GetGroup', { GroupName: '' }),
    'InvalidRequestException',
    'GroupName must be between 1 and 32 characters long; it has 0.',
  ],
  [
    'X-Ray timestamp',
    () => xray.decodeXRayInput('GetServiceGraph', { StartTime: true, EndTime: 1 }),
    'InvalidRequestException',
    'StartTime must be a timestamp (epoch seconds).',
  ],
  [
    'X-Ray missing',
    () => xray.decodeXRayInput('GetServiceGraph', { StartTime: 1 }),
    'InvalidRequestException',
    'EndTime is required.',
  ],
  [
    'X-Ray enum',
    () => xray.decodeXRayInput('GetTraceSummaries', { ...window, TimeRangeType: 'Trace' }),
    'InvalidRequestException',
    'TimeRangeType must be one of TraceId, Event, Service.',
  ],
  [
    'X-Ray string list',
    () => xray.decodeXRayInput('BatchGetTraces', { TraceIds: ['a', 1] }),
    'InvalidRequestException',
    'TraceIds must be a list of strings.',
  ],
  [
    'X-Ray window',
    () => xray.timeWindow({ StartTime: 2000, EndTime: 1000 }),
    'InvalidRequestException',
    'EndTime must not be before StartTime.',
  ],
  [
    'CloudWatch JSON type',
    () => decodeInput('GetDashboard', { DashboardName: 3 }, 'json'),
    'SerializationException',
    'Member DashboardName must be a string, got "3".',
  ],
  [
    'CloudWatch Query value',
    () => decodeInput('DescribeAlarms', { MaxRecords: 'x' }, 'query'),
    'InvalidParameterValue',
    'The value x for parameter MaxRecords is invalid.',
  ],
])('%s', (_name, run, code, message) => {
  it('is refused as the service refuses it', () => {
    expect(failure(run)).toEqual({ code, message });
  });
});

describe('reading good input', () => {
  it('decodes timestamps, lists and structures', () => {
    expect(xray.decodeXRayInput('GetServiceGraph', { StartTime: 1, EndTime: '2' })).toEqual({
      StartTime: 1000,
      EndTime: 2000,
    });
    expect(ecs.readStructure({ c: { a: 1 } }, 'c')).toEqual({ a: 1 });
    const query = { AlarmNames: { member: { 2: 'b', 1: 'a' } }, MaxRecords: '5' };
    expect(decodeInput('DescribeAlarms', query, 'query')).toEqual({
      AlarmNames: ['a', 'b'],
      MaxRecords: 5,
    });
  });
});

describe('pagination', () => {
  const items = [1, 2, 3, 4, 5];
  it('walks a list page by page with opaque tokens', () => {
    const codec = prefixTokens('t:');
    const request = { size: 2, codec, invalidToken: () => new Error('bad') as AwsError };
    const first = paginate(items, { ...request, token: undefined });
    const second = paginate(items, { ...request, token: first.nextToken });
    const last = paginate(items, { ...request, token: second.nextToken });
    expect([first.items, second.items, last.items]).toEqual([[1, 2], [3, 4], [5]]);
    expect(last.nextToken).toBeUndefined();
  });
  it('refuses an accelerator token past the end and a CloudWatch token of another request', () => {
    const one = ga.acceleratorPage(items, { MaxResults: 4 });
    expect(ga.acceleratorPage(items, { NextToken: one.nextToken! }).items).toEqual([5]);
    expect(failure(() => ga.acceleratorPage([1], { NextToken: one.nextToken! })).code).toBe(
      'InvalidNextTokenException',
    );
    const cw = page(items, undefined, 2, 'print-a');
    expect(failure(() => page(items, cw.nextToken, 2, 'print-b')).code).toBe('InvalidNextToken');
    expect(page(items, cw.nextToken, 2, 'print-a').items).toEqual([3, 4]);
  });
});
