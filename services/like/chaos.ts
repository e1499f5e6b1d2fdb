/**
 * The workshop's chaos mode for the Like service: with `CHAOSMODE=on`, about 30% of likes
 * answer 500 and about 30% answer 404 without touching DynamoDB, the rest work. With
 * `CHAOS_SEED` the sequence of outcomes is deterministic (same seed, same order of
 * requests → same answers), which drills and tests rely on.
 */
import { ConfigError } from '../shared/config.js';

/** Share of likes answered 500 in chaos mode. */
export const CHAOS_FAULT_RATE = 0.3;
/** Share of likes answered 404 in chaos mode. */
export const CHAOS_NOT_FOUND_RATE = 0.3;

/** Chaos settings read from the environment. */
export interface ChaosConfig {
  enabled: boolean;
  /** Seed of the deterministic generator; undefined means Math.random. */
  seed: string | undefined;
}

/** What chaos mode decides for one like. */
export type ChaosOutcome = 'fault' | 'not-found' | 'pass';

/** Reads CHAOSMODE (on|off, default off) and CHAOS_SEED; throws ConfigError otherwise. */
export function loadChaosConfig(env: NodeJS.ProcessEnv): ChaosConfig {
  const mode = (env.CHAOSMODE ?? '').trim().toLowerCase();
  if (mode !== '' && mode !== 'on' && mode !== 'off') {
    throw new ConfigError([`CHAOSMODE="${env.CHAOSMODE}" must be "on" or "off"`]);
  }
  const seed = env.CHAOS_SEED?.trim();
  return { enabled: mode === 'on', seed: seed === '' ? undefined : seed };
}

/** A seeded uniform generator in [0, 1): FNV-1a hash of the seed feeding mulberry32. */
export function seededRandom(seed: string): () => number {
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    state ^= seed.charCodeAt(i);
    state = Math.imul(state, 0x01000193);
  }
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns the per-request decision function for `config` ('pass' always when disabled). */
export function createChaos(config: ChaosConfig): () => ChaosOutcome {
  if (!config.enabled) return () => 'pass';
  const random = config.seed === undefined ? Math.random : seededRandom(config.seed);
  return () => {
    const draw = random();
    if (draw < CHAOS_FAULT_RATE) return 'fault';
    if (draw < CHAOS_FAULT_RATE + CHAOS_NOT_FOUND_RATE) return 'not-found';
    return 'pass';
  };
}
