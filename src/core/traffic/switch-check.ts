/**
 * The routing switch works only where the regions' routing gates read it: the gates deployed
 * by infra/ read the control table (docs/routing-switch.md). Without a control table in the
 * config the switch items would go to the app's table, where no gate reads them, so a plan
 * that moves traffic with the switch is refused by this check (a region marked `in` is
 * already what a gate that reads nothing answers). Pure.
 */
import type { CheckResult } from '../ops/step.js';

/** The check `control-table`: a control table is configured, so the gates see the switch. */
export function switchReadableCheck(hasControlTable: boolean): CheckResult {
  return {
    name: 'control-table',
    ok: hasControlTable,
    detail: hasControlTable
      ? 'the routing switches are in the control table, which every region’s routing gate reads'
      : 'the config names no control table (controlTable): the routing gates read their switch there, so a switch written to the app’s table would move no traffic; add controlTable (`mysfits-dr init --from-stacks` writes it) or move traffic with the dials',
  };
}
