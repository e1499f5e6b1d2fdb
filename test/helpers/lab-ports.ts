/**
 * The CLI's AWS ports (src/aws) pointed at the shared test lab with its dummy credentials,
 * destroyed after the file's tests.
 */
import { afterAll } from 'vitest';
import type { AwsSettings } from '../../src/aws/clients.js';
import { awsPortFactory } from '../../src/aws/ports.js';
import { LAB_ACCESS_KEY_ID, LAB_SECRET_ACCESS_KEY } from '../../src/lab/env.js';

/** The CLI's AWS settings for the lab at `endpoint`. */
export function labAwsSettings(endpoint: string): AwsSettings {
  return {
    endpointUrl: endpoint,
    env: {},
    credentials: { accessKeyId: LAB_ACCESS_KEY_ID, secretAccessKey: LAB_SECRET_ACCESS_KEY },
  };
}

/** Ports on the lab at `endpoint` (5 s per request, 2 attempts), destroyed after the file. */
export function useLabPorts(endpoint: string): ReturnType<typeof awsPortFactory> {
  const ports = awsPortFactory(labAwsSettings(endpoint), {
    requestTimeoutMs: 5_000,
    maxAttempts: 2,
  });
  afterAll(() => ports.destroy());
  return ports;
}
