// Alarm evaluation against the CloudWatch user guide: both tables of "How alarm state is
// evaluated when data is missing" (every row, every TreatMissingData), M of N, the
// comparison operators, and the premature-alarm rule.
import { describe, expect, it } from 'vitest';
import {
  type AlarmStateValue,
  evaluateAlarm,
  type EvaluationPoint,
  evaluationRange,
  type ThresholdComparison,
  type TreatMissingData,
} from '../../src/lab/services/cloudwatch/engine/alarm-eval.js';

// "0 - X - X": oldest first; 0 = not breaching, X = breaching, - = missing (threshold 5, >).
function points(pattern: string): EvaluationPoint[] {
  return pattern.split(' ').map((c, i) => ({
    timestampMs: i * 60_000,
    value: c === '-' ? undefined : c === 'X' ? 10 : 0,
  }));
}

function run(
  pattern: string,
  n: number,
  m: number,
  treat: TreatMissingData,
  current: AlarmStateValue = 'OK',
) {
  return evaluateAlarm({
    points: points(pattern),
    evaluationPeriods: n,
    datapointsToAlarm: m,
    comparison: 'GreaterThanThreshold',
    threshold: 5,
    treatMissingData: treat,
    current,
  });
}

const TREATMENTS: TreatMissingData[] = ['missing', 'ignore', 'breaching', 'notBreaching'];
const RETAIN = 'retain';

// [data points, MISSING, IGNORE, BREACHING, NOT BREACHING]
const THREE_OF_THREE: [string, ...string[]][] = [
  ['0 - X - X', 'OK', 'OK', 'OK', 'OK'],
  ['0 - - - -', 'OK', 'OK', 'OK', 'OK'],
  ['- - - - -', 'INSUFFICIENT_DATA', RETAIN, 'ALARM', 'OK'],
  ['0 X X - X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
  ['- - X - -', 'ALARM', RETAIN, 'ALARM', 'OK'],
];
const TWO_OF_THREE: [string, ...string[]][] = [
  ['0 - X - X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
  ['0 0 X 0 X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
  ['0 - X - -', 'OK', 'OK', 'ALARM', 'OK'],
  ['- - - - 0', 'OK', 'OK', 'ALARM', 'OK'],
  ['- - - X -', 'ALARM', RETAIN, 'ALARM', 'OK'],
];

describe('the user guide tables (evaluation range 5)', () => {
  it('uses N + 2 periods as the evaluation range', () => expect(evaluationRange(3)).toBe(5));
  for (const [title, table, m] of [
    ['3 of 3', THREE_OF_THREE, 3],
    ['2 of 3', TWO_OF_THREE, 2],
  ] as const) {
    describe(title, () => {
      for (const [pattern, ...expected] of table) {
        TREATMENTS.forEach((treat, i) => {
          for (const current of ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as AlarmStateValue[]) {
            const want = expected[i] === RETAIN ? current : expected[i];
            it(`${pattern} with ${treat} from ${current} → ${want}`, () =>
              expect(run(pattern, 3, m, treat, current).state).toBe(want));
          }
        });
      }
    });
  }
});

describe('details of an evaluation', () => {
  it('evaluates the N most recent real datapoints, newest first, when there are enough', () => {
    const outcome = run('X 0 - X X', 3, 3, 'breaching');
    expect(outcome.evaluated.map((p) => p.timestampMs / 60_000)).toEqual([4, 3, 1]);
    expect(outcome).toMatchObject({ state: 'OK', kind: 'real', breaching: 2, filled: 0 });
  });

  it('fills only the shortfall, with the most recent missing periods', () => {
    const outcome = run('0 - X - -', 3, 3, 'breaching');
    expect(outcome).toMatchObject({ state: 'OK', kind: 'filled', breaching: 2, filled: 1 });
    expect(outcome.evaluated.map((p) => p.timestampMs / 60_000)).toEqual([4, 2, 0]);
  });

  it('does not alarm early on a breach that is too recent (premature rule)', () => {
    expect(run('- - - - X', 3, 3, 'missing').state).toBe('OK');
    expect(run('- - - X -', 3, 3, 'missing').state).toBe('OK');
    expect(run('- - - X -', 3, 2, 'missing')).toMatchObject({ state: 'ALARM', kind: 'premature' });
    expect(run('X - - - -', 3, 3, 'missing').state).toBe('OK');
  });

  it('with M of N, alarms on any M breaching of the last N real datapoints', () => {
    expect(run('X 0 X 0 0', 5, 2, 'missing').state).toBe('ALARM');
    expect(run('0 X 0 X 0', 4, 2, 'missing').state).toBe('ALARM');
    expect(run('X 0 X 0 0', 3, 2, 'missing').state).toBe('OK');
  });

  it('honours every comparison operator at the threshold', () => {
    const at = (comparison: ThresholdComparison, value: number) =>
      evaluateAlarm({
        points: [{ timestampMs: 0, value }],
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        comparison,
        threshold: 5,
        treatMissingData: 'missing',
        current: 'INSUFFICIENT_DATA',
      }).state;
    expect([at('GreaterThanThreshold', 5), at('GreaterThanThreshold', 5.1)]).toEqual([
      'OK',
      'ALARM',
    ]);
    expect([
      at('GreaterThanOrEqualToThreshold', 5),
      at('GreaterThanOrEqualToThreshold', 4.9),
    ]).toEqual(['ALARM', 'OK']);
    expect([at('LessThanThreshold', 5), at('LessThanThreshold', 4.9)]).toEqual(['OK', 'ALARM']);
    expect([at('LessThanOrEqualToThreshold', 5), at('LessThanOrEqualToThreshold', 5.1)]).toEqual([
      'ALARM',
      'OK',
    ]);
  });
});
