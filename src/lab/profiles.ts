/**
 * Timing profiles of the lab. `realistic` follows AWS's figures (health-check intervals,
 * deregistration delay, stop timeout, accelerator propagation all as configured on the
 * resources); `fast` keeps every behaviour and every API value but runs AWS durations
 * `timeScale` times as long on the wall clock, for tests and demos. Documented in docs/lab.md.
 */
import type { LabClock } from './dataplane/contracts.js';

/** The knobs a profile sets. */
export interface LabTimings {
  /** Delay before a write in one region is applied in the other (global tables: typically ~1 s). */
  replicationLagMs: number;
  /** Wall-clock factor applied to AWS durations (1 = real time). */
  timeScale: number;
  /** How long an accelerator configuration change takes to propagate (AWS duration, ms). */
  acceleratorPropagationMs: number;
  /** How long ECS takes to provision a task before its process starts (AWS duration, ms). */
  taskProvisioningMs: number;
}

/** The named profiles. */
export const LAB_PROFILES = {
  realistic: {
    replicationLagMs: 1000,
    timeScale: 1,
    acceleratorPropagationMs: 30_000,
    taskProvisioningMs: 10_000,
  },
  fast: {
    replicationLagMs: 250,
    timeScale: 0.05,
    acceleratorPropagationMs: 30_000,
    taskProvisioningMs: 10_000,
  },
} as const satisfies Record<string, LabTimings>;

/** Name of a timing profile. */
export type LabProfileName = keyof typeof LAB_PROFILES;

/** True when `name` names a profile. */
export function isProfileName(name: string): name is LabProfileName {
  return Object.hasOwn(LAB_PROFILES, name);
}

/** The lab clock of a profile: real time, with AWS durations scaled by the profile's time scale. */
export function labClock(timings: LabTimings, now: () => number = Date.now): LabClock {
  return { now, scaled: (awsMs) => Math.max(0, Math.round(awsMs * timings.timeScale)) };
}
