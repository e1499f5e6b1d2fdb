/**
 * The flags every operation shares (src/cli/ops/operation-flags.ts): parsed into typed
 * options, and request flags checked against the limits of the request schemas.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  numberFlag,
  oneOf,
  operationFlags,
  operationOptions,
} from '../../src/cli/ops/operation-flags.js';
import { dialPercent, failoverRequestSchema, stepPercent } from '../../src/core/ops/requests.js';

describe('operationOptions', () => {
  it.each([
    { flags: { force: [], timeout: '10m' }, want: { dryRun: false, force: [], wait: false } },
    {
      flags: { force: ['a,b', ' c '], timeout: '1m', dryRun: true, wait: true, appUrl: 'http://x' },
      want: { dryRun: true, force: ['a', 'b', 'c'], wait: true, appUrl: 'http://x' },
    },
    { flags: { force: [], timeout: '1m', resume: true }, want: { resume: true } },
    { flags: { force: [], timeout: '1m', resume: 'run-1' }, want: { resume: 'run-1' } },
  ])('$flags', ({ flags, want }) => {
    expect(operationOptions(flags)).toMatchObject(want);
  });
});

describe('request flags', () => {
  const fail = () => new Error('bad');
  it.each([
    { value: '25', check: stepPercent, want: 25 },
    { value: '0', check: stepPercent, want: undefined },
    { value: '0', check: dialPercent, want: 0 },
    { value: '101', check: dialPercent, want: undefined },
    { value: '2.5', check: dialPercent, want: undefined },
    { value: 'abc', check: dialPercent, want: undefined },
  ])('$value', ({ value, check, want }) => {
    if (want === undefined) expect(() => numberFlag(value, check, fail)).toThrow('bad');
    else expect(numberFlag(value, check, fail)).toBe(want);
  });

  it('takes the allowed values from the schema', () => {
    const via = failoverRequestSchema.shape.via.options;
    expect(oneOf('--via', 'routing-switch', via)).toBe('routing-switch');
    expect(() => oneOf('--via', 'dial', via)).toThrow(
      '--via "dial" is not one of dials, routing-switch',
    );
  });
});

describe('operationFlags', () => {
  it.each([
    { family: 'failover' as const, order: ['--force', '--dry-run', '--resume', '--timeout'] },
    { family: 'traffic' as const, order: ['--dry-run', '--resume', '--force', '--timeout'] },
  ])('declares the $family flags in their help order', ({ family, order }) => {
    const command = operationFlags(new Command('x'), family);
    expect(command.options.map((o) => o.long).slice(0, 4)).toEqual(order);
    expect(command.options.map((o) => o.long).slice(4)).toEqual(['--app-url', '--wait']);
  });
});
