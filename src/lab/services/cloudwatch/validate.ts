/**
 * Checks shared by CloudWatch operations: units, dimensions, namespaces, periods, and the
 * rounding of query start times (API reference, GetMetricData StartTime / GetMetricStatistics
 * Period). Parameter names in messages are the Query protocol's (`Dimensions.member.1.Name`),
 * as AWS words them for every protocol of this query-compatible service.
 */
import type { MetricDimension } from './engine/store.js';
import {
  invalidParameterValue,
  invalidValue,
  missingParameter,
  validationError,
} from './errors.js';

/** The StandardUnit enum. */
export const STANDARD_UNITS: readonly string[] = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A required member: MissingParameter when absent or empty. */
export function required<T>(value: T | undefined, parameter: string): T {
  if (value === undefined || value === '') throw missingParameter(parameter);
  return value;
}

/** A unit of the StandardUnit enum, or undefined. */
export function checkUnit(unit: string | undefined, parameter: string): string | undefined {
  if (unit !== undefined && !STANDARD_UNITS.includes(unit)) {
    throw validationError(
      `1 validation error detected: Value '${unit}' at '${parameter}' failed to satisfy constraint: Member must satisfy enum value set: [${STANDARD_UNITS.join(', ')}]`,
    );
  }
  return unit;
}

/** Checks a namespace (1–255 characters, not starting with ':'); `forPut` also refuses AWS/. */
export function checkNamespace(
  namespace: string | undefined,
  parameter: string,
  forPut = false,
): string {
  const value = required(namespace, parameter);
  if (value.length > 255 || value.startsWith(':')) throw invalidValue(value, parameter);
  if (forPut && value.startsWith('AWS/'))
    throw invalidParameterValue(`The value ${value} for parameter ${parameter} is invalid.`);
  return value;
}

/** Checks a dimension list (≤ 30, names unique, names ≤ 255 and values ≤ 1024 characters). */
export function checkDimensions(
  dimensions: { Name?: string; Value?: string }[] | undefined,
  parameter: string,
): MetricDimension[] {
  const list = dimensions ?? [];
  if (list.length > 30)
    throw invalidParameterValue(
      `The collection ${parameter} must not have a size greater than 30.`,
    );
  const names = new Set<string>();
  return list.map((dimension, i) => {
    const at = `${parameter}.member.${i + 1}`;
    const name = required(dimension.Name, `${at}.Name`);
    const value = required(dimension.Value, `${at}.Value`);
    if (name.length > 255) throw invalidValue(name, `${at}.Name`);
    if (value.length > 1024) throw invalidValue(value, `${at}.Value`);
    if (names.has(name))
      throw invalidParameterValue(
        `No metric may have duplicate dimension names: ${parameter} has ${name} twice.`,
      );
    names.add(name);
    return { Name: name, Value: value };
  });
}

/**
 * A metric period: 1, 5, 10, 20, 30 or a multiple of 60 seconds (MetricStat.Period and
 * GetMetricStatistics' Period in the CloudWatch API Reference).
 */
export function checkPeriod(period: number | undefined, parameter: string): number {
  const value = required(period, parameter);
  if (!(value >= 1) || !([1, 5, 10, 20, 30].includes(value) || value % 60 === 0))
    throw invalidParameterValue(
      `The parameter ${parameter} must be 1, 5, 10, 20, 30, or a multiple of 60 (got ${value}).`,
    );
  return value;
}

/**
 * Where a query's first period starts: periods under a minute round the start down to the
 * period; longer ones to the minute (start < 15 days ago), 5 minutes (< 63 days) or hour.
 */
export function roundStart(startMs: number, periodSeconds: number, nowMs: number): number {
  const age = nowMs - startMs;
  const unit =
    periodSeconds < 60
      ? periodSeconds * 1000
      : age < 15 * DAY
        ? 60_000
        : age < 63 * DAY
          ? 300_000
          : HOUR;
  return Math.floor(startMs / unit) * unit;
}

/** Checks StartTime < EndTime. */
export function checkTimeRange(startMs: number, endMs: number): void {
  if (startMs === endMs)
    throw validationError('The parameter StartTime must not equal parameter EndTime.');
  if (startMs > endMs)
    throw validationError('The parameter EndTime must be greater than StartTime.');
}
