/** Colours of replication verdicts: green ok, red lagging/stalled, yellow when not measured. */
import type { ChalkInstance } from 'chalk';
import type { LagVerdict, ProbeVerdict } from '../../core/replication/schema.js';

/** The verdict word in its colour. */
export function colourVerdict(verdict: LagVerdict | ProbeVerdict, style: ChalkInstance): string {
  if (verdict === 'ok') return style.green(verdict);
  if (verdict === 'lagging' || verdict === 'stalled') return style.red(verdict);
  return style.yellow(verdict);
}
