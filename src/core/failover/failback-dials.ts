/**
 * The dials a failback restores: those the last failover found before it changed them (its
 * journal), else the config's `baseline.dials`, else every region at 100% (the workshop's
 * setup, where the accelerator sends each client to its closest region). The target always
 * gets a dial above 0, since the failback moves traffic to it. Pure.
 */
import type { Config } from '../../config/schema.js';

/** Where the restored dials come from, as the plan's summary says it. */
export interface FailbackDials {
  dials: Record<string, number>;
  /** `the failover <runId>`, `the config's baseline` or `the default baseline`. */
  source: string;
}

/** The dials to restore, for every configured region. */
export function failbackDials(
  config: Config,
  to: string,
  recorded: { runId: string; dials: Readonly<Record<string, number>> } | undefined,
): FailbackDials {
  const fromRun = recorded && Object.keys(recorded.dials).length > 0;
  const base = fromRun ? recorded.dials : (config.baseline?.dials ?? {});
  const dials = Object.fromEntries(config.regions.map((r) => [r.name, base[r.name] ?? 100]));
  if (!(dials[to]! > 0)) dials[to] = 100;
  return {
    dials,
    source: fromRun
      ? `the failover ${recorded.runId}`
      : config.baseline
        ? "the config's baseline"
        : 'the default baseline',
  };
}
