/** Which of the official AWS clients this machine has, for tests that run them against the lab. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { labEnv } from './lab.js';

/** Whether python3 can import boto3. */
export async function hasBoto3(): Promise<boolean> {
  try {
    await promisify(execFile)('python3', ['-c', 'import boto3'], { env: labEnv() });
    return true;
  } catch {
    return false;
  }
}
