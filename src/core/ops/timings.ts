/**
 * The timings every operation shares: how often its waiting steps poll, how the landing of
 * new connections is watched, and how the background probe samples the accelerator.
 */
import type { LandingOptions } from '../traffic/steps.js';

/** Poll intervals and probe settings of the operations (the longest waits come from `--timeout`). */
export const OPERATION_TIMINGS = {
  /** How often a dial step polls the accelerator until it is DEPLOYED. */
  dialPollMs: 250,
  /** How often a scale step polls the service and its targets. */
  scalePollMs: 500,
  /** `--wait`: how often the accelerator is read until an earlier change is deployed. */
  deployedPollMs: 1_000,
  /** The landing watch: consecutive new connections in the target, sampled this often. */
  landing: { consecutive: 20, intervalMs: 100, requestTimeoutMs: 2_000, path: '/mysfits' },
  /** The background probe through the accelerator while an operation runs. */
  probe: { path: '/mysfits', intervalMs: 200, requestTimeoutMs: 2_000 },
} as const;

/** The landing watch's options for a run whose steps may each wait `timeoutMs`. */
export function landingOptions(timeoutMs: number): LandingOptions {
  return { ...OPERATION_TIMINGS.landing, timeoutMs };
}
