/**
 * A test bed for the lab's CloudWatch: a test lab (DynamoDB Local + lab endpoint) with the
 * CloudWatch service registered as `monitoring` and the workshop's alarms and dashboard
 * seeded, on a fast clock, plus SDK clients and the environment the AWS CLI and boto3 need.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { seedWorkshopCloudWatch } from '../../src/lab/services/cloudwatch/seed.js';
import {
  type CloudWatchService,
  createCloudWatchService,
} from '../../src/lab/services/cloudwatch/service.js';
import { REGIONS, type TestLab, labEnv } from '../helpers/lab.js';
import { startServiceBed, useTestBed } from '../helpers/test-bed.js';

/** Time scale of the bed: a 60 s alarm period lasts 3 s (the `fast` profile's 0.05). */
export const CW_TIME_SCALE = 0.05;

/** The start of the minute `k` minutes before the current one. */
export const minute = (k: number) =>
  new Date(Math.floor(Date.now() / 60_000) * 60_000 - k * 60_000);

/** The CloudWatch test bed. */
export interface CloudWatchBed {
  lab: TestLab;
  cw: CloudWatchService;
  client(region: string): CloudWatchClient;
  stop(): Promise<void>;
}

/** Starts a test lab with CloudWatch seeded and registered. */
export async function startCloudWatchBed(): Promise<CloudWatchBed> {
  const clock = { now: Date.now, scaled: (ms: number) => Math.round(ms * CW_TIME_SCALE) };
  const bed = await startServiceBed(
    'monitoring',
    async () => {
      const cw = createCloudWatchService({ regions: REGIONS, clock });
      seedWorkshopCloudWatch(cw, { regions: REGIONS });
      return cw;
    },
    CloudWatchClient,
  );
  return { ...bed, cw: bed.service };
}

/** A CloudWatch test bed started before a file's tests and stopped after them. */
export function useCloudWatchBed(): CloudWatchBed {
  return useTestBed(startCloudWatchBed);
}

/** Runs a command; resolves with stdout, stderr and the exit code (never rejects on exit code). */
export async function runCommand(
  command: string,
  args: string[],
): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      env: labEnv(),
      maxBuffer: 16 * 1024 * 1024,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; code?: number };
    return { stdout: failure.stdout ?? '', stderr: failure.stderr ?? '', code: failure.code ?? 1 };
  }
}

/** The error a promise rejects with (fails if it resolves). */
export { sdkError } from '../helpers/test-bed.js';
