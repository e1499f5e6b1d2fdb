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
    () => ga.optionalString({ A: 1 }, 'A'),
    'SerializationException',
    'A: expected a string.',
  ],
  [
    'accelerator missing',
    () => ga.requiredString({}, 'AcceleratorArn'),
    'ValidationException',
    "1 validation error detected: Value null at 'acceleratorArn' failed to satisfy constraint: Member must not be null",
  ],
  [
    'accelerator length',
    () => ga.requiredString({ A: 'xx' }, 'A', 1),
    'InvalidArgumentException',
    'A must be at most 1 characters long.',
  ],
  [
    'accelerator number',
    () => ga.optionalNumber({ W: 'x' }, 'W', { min: 0, max: 9, integer: true }),
    'SerializationException',
    'W: expected a number.',
  ],
  [
    'accelerator fraction',
    () => ga.optionalNumber({ W: 1.5 }, 'W', { min: 0, max: 9, integer: true }),
    'SerializationException',
    'W: expected an integer.',
  ],
  [
    'accelerator range',
    () => ga.optionalNumber({ W: 10 }, 'W', { min: 0, max: 9, integer: true }),
    'InvalidArgumentException',
    'W 10 is not valid: it must be between 0 and 9.',
  ],
  [
    'accelerator enum',
    () => ga.optionalEnum({ P: 'UDP' }, 'P', ['TCP', 'HTTP']),
    'InvalidArgumentException',
    "P 'UDP' is not valid: expected one of TCP, HTTP.",
  ],
  [
    'accelerator list item',
    () => ga.optionalList({ L: [{}, 3] }, 'L', 10),
    'SerializationException',
    'L[1]: expected a structure.',
  ],
  [
    'accelerator list count',
    () => ga.optionalList({ L: [{}, {}] }, 'L', 1),
    'InvalidArgumentException',
    'L can hold at most 1 items.',
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
    () => xray.optionalString({ G: '' }, 'G', { min: 1, max: 32 }),
    'InvalidRequestException',
    'G must be between 1 and 32 characters long; it has 0.',
  ],
  [
    'X-Ray timestamp',
    () => xray.requiredTimestamp({ T: true }, 'T'),
    'InvalidRequestException',
    'T must be a timestamp (epoch seconds).',
  ],
  [
    'X-Ray missing',
    () => xray.requiredTimestamp({}, 'T'),
    'InvalidRequestException',
    'T is required.',
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
    expect(xray.timeWindow({ StartTime: 1, EndTime: '2' })).toEqual({ startMs: 1000, endMs: 2000 });
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
    const one = ga.paginate({ MaxResults: 4 }, items);
    expect(ga.paginate({ NextToken: one.nextToken }, items).items).toEqual([5]);
    expect(failure(() => ga.paginate({ NextToken: one.nextToken }, [1])).code).toBe(
      'InvalidNextTokenException',
    );
    const cw = page(items, undefined, 2, 'print-a');
    expect(failure(() => page(items, cw.nextToken, 2, 'print-b')).code).toBe('InvalidNextToken');
    expect(page(items, cw.nextToken, 2, 'print-a').items).toEqual([3, 4]);
  });
});
