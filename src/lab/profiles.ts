/**
 * Timing profiles of the lab. `realistic` follows AWS's typical figures; `fast` shortens
 * them for tests and demos while keeping every behaviour. Documented in docs/lab.md.
 */

/** The knobs a profile sets. */
export interface LabTimings {
  /** Delay before a write in one region is applied in the other (global tables: typically ~1 s). */
  replicationLagMs: number;
  /** Time a task gets between SIGTERM and SIGKILL (ECS's default stopTimeout is 30 s). */
  stopTimeoutMs: number;
}

/** The named profiles. */
export const LAB_PROFILES = {
  realistic: { replicationLagMs: 1000, stopTimeoutMs: 30_000 },
  fast: { replicationLagMs: 250, stopTimeoutMs: 3_000 },
} as const satisfies Record<string, LabTimings>;

/** Name of a timing profile. */
export type LabProfileName = keyof typeof LAB_PROFILES;

/** True when `name` names a profile. */
export function isProfileName(name: string): name is LabProfileName {
  return Object.hasOwn(LAB_PROFILES, name);
}
