/**
 * How a drill run ends: its status, exit code and reason, from how it stopped, whether it
 * deviated, and which objectives it missed.
 */
import { EXIT_CODES } from '../core/errors.js';
import type { ActivityRun, DrillJournal, DrillStatus } from './journal.js';

/** Why a run stopped early: a stop condition or tool error (aborted), or Ctrl-C. */
export interface Stop {
  status: Extract<DrillStatus, 'aborted' | 'interrupted'>;
  reason: string;
}

/** The run's status, exit code and reason; an early stop wins over deviation, which wins over objectives. */
export function verdict(
  stop: Stop | undefined,
  deviated: boolean,
  missed: string[],
  run: ActivityRun[],
  steady: DrillJournal['steady_states'],
  objectivesSet: boolean,
): [DrillStatus, number, string] {
  if (stop?.status === 'interrupted') return ['interrupted', EXIT_CODES.interrupted, stop.reason];
  if (stop) return ['aborted', EXIT_CODES.aborted, stop.reason];
  if (deviated) {
    if (steady.before && !steady.before.steady_state_met)
      return [
        'failed',
        EXIT_CODES.failed,
        'the steady-state hypothesis did not hold before the method',
      ];
    const failed = run.find((r) => r.status === 'failed');
    if (failed)
      return [
        'failed',
        EXIT_CODES.failed,
        `step ${failed.activity.name} failed: ${failed.exception ?? ''}`,
      ];
    return [
      'failed',
      EXIT_CODES.failed,
      'the steady-state hypothesis did not hold after the method',
    ];
  }
  if (missed.length)
    return ['failed', EXIT_CODES.failed, `objectives missed: ${missed.join(', ')}`];
  const held = steady.before ? ', the steady state held' : '';
  const objectives = objectivesSet ? ' and every objective was met' : '';
  return ['completed', EXIT_CODES.ok, `every step ran${held}${objectives}`];
}
