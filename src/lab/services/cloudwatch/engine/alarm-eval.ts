/**
 * One evaluation of a metric alarm, as the CloudWatch user guide describes it
 * ("Configuring how CloudWatch alarms treat missing data", its two tables and "Avoiding
 * premature transitions to alarm state"). Input: the datapoints of the evaluation range,
 * oldest first, a missing period having no value. Pure: no clock, no store.
 *
 * - No datapoint in the range: `missing` → INSUFFICIENT_DATA, `ignore` → current state,
 *   `breaching` → ALARM, `notBreaching` → OK.
 * - At least N (EvaluationPeriods) real datapoints: the N most recent real ones decide; ALARM
 *   when at least M (DatapointsToAlarm) breach, else OK; missing data is not consulted.
 * - Fewer than N: every real datapoint counts, and only the N − real most recent missing
 *   periods are filled (`breaching` counts them as breaching; the others as not). Premature
 *   ALARM: with `missing`, when every real datapoint breaches and the oldest lies at least M
 *   periods back within the last N, the alarm goes to ALARM anyway (`ignore` keeps its state).
 */

/** An alarm state. */
export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** How missing datapoints are treated. */
export type TreatMissingData = 'missing' | 'ignore' | 'breaching' | 'notBreaching';

/** The comparison operators with a static threshold. */
export type ThresholdComparison =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

/** One period of the evaluation range. */
export interface EvaluationPoint {
  /** Start of the period. */
  timestampMs: number;
  /** The statistic's value; undefined when the period had no data. */
  value?: number;
  sampleCount?: number;
}

/** What an evaluation needs. */
export interface EvaluationInput {
  /** The evaluation range, oldest first (usually N + 2 periods). */
  points: readonly EvaluationPoint[];
  evaluationPeriods: number;
  datapointsToAlarm: number;
  comparison: ThresholdComparison;
  threshold: number;
  treatMissingData: TreatMissingData;
  current: AlarmStateValue;
}

/** How the new state was reached (for the state reason). */
export type EvaluationKind = 'real' | 'filled' | 'all-missing' | 'premature' | 'retained';

/** The result of an evaluation. */
export interface EvaluationOutcome {
  state: AlarmStateValue;
  kind: EvaluationKind;
  /** The N datapoints evaluated (real ones and filled missing ones), newest first. */
  evaluated: EvaluationPoint[];
  /** Evaluated datapoints that breach (filled ones included when treated as breaching). */
  breaching: number;
  /** Missing periods filled in with the TreatMissingData rule. */
  filled: number;
}

/** True when a value breaches the threshold. */
export function breaches(
  comparison: ThresholdComparison,
  value: number,
  threshold: number,
): boolean {
  switch (comparison) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
  }
}

/** The evaluation range CloudWatch retrieves for N evaluation periods (the guide's tables: 5 for 3). */
export function evaluationRange(evaluationPeriods: number): number {
  return evaluationPeriods + 2;
}

/** Evaluates an alarm once. */
export function evaluateAlarm(input: EvaluationInput): EvaluationOutcome {
  const { points, comparison, threshold, treatMissingData, current } = input;
  const n = input.evaluationPeriods;
  const m = input.datapointsToAlarm;
  const isBreach = (p: EvaluationPoint) =>
    p.value !== undefined && breaches(comparison, p.value, threshold);
  const real = points.filter((p) => p.value !== undefined);

  if (real.length === 0) {
    const evaluated = points.slice(-n).reverse();
    const filled = evaluated.length;
    if (treatMissingData === 'ignore')
      return { state: current, kind: 'retained', evaluated, breaching: 0, filled: 0 };
    if (treatMissingData === 'missing')
      return { state: 'INSUFFICIENT_DATA', kind: 'all-missing', evaluated, breaching: 0, filled };
    const breaching = treatMissingData === 'breaching' ? filled : 0;
    const state = treatMissingData === 'breaching' ? 'ALARM' : 'OK';
    return { state, kind: 'all-missing', evaluated, breaching, filled };
  }

  if (real.length >= n) {
    const evaluated = real.slice(-n).reverse();
    const breaching = evaluated.filter(isBreach).length;
    return {
      state: breaching >= m ? 'ALARM' : 'OK',
      kind: 'real',
      evaluated,
      breaching,
      filled: 0,
    };
  }

  const shortfall = n - real.length;
  const missing = points.filter((p) => p.value === undefined).slice(-shortfall);
  const evaluated = [...real, ...missing].sort((a, b) => b.timestampMs - a.timestampMs);
  const realBreaching = real.filter(isBreach).length;
  if (treatMissingData === 'breaching' || treatMissingData === 'notBreaching') {
    const breaching = realBreaching + (treatMissingData === 'breaching' ? missing.length : 0);
    return {
      state: breaching >= m ? 'ALARM' : 'OK',
      kind: 'filled',
      evaluated,
      breaching,
      filled: missing.length,
    };
  }
  const oldestAge = points.length - points.indexOf(real[0]!);
  const premature = realBreaching === real.length && oldestAge >= m && oldestAge <= n;
  if (premature) {
    const state = treatMissingData === 'ignore' ? current : 'ALARM';
    const kind = treatMissingData === 'ignore' ? 'retained' : 'premature';
    return { state, kind, evaluated, breaching: realBreaching, filled: 0 };
  }
  return {
    state: realBreaching >= m ? 'ALARM' : 'OK',
    kind: 'filled',
    evaluated,
    breaching: realBreaching,
    filled: missing.length,
  };
}
