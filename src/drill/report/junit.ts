/**
 * A drill run's verdict as JUnit XML (the Ant/Jenkins format that Jenkins, GitLab and GitHub
 * test reporters read; our reading of it is test/fixtures/junit/junit.xsd, see
 * docs/drills.md). One testsuite per run; test cases: the run itself, each objective, each
 * steady-state probe before and after, each method step and each rollback. A missed objective,
 * an unmet tolerance or a failed step is a <failure>; an aborted or interrupted run, a step
 * that could not run, and the objectives of a run that did not finish are <error>s; a step
 * the run did not reach is <skipped>. Pure: the same journal renders to the same bytes.
 */
import type { ActivityRun, DrillJournal, SteadyStateRun } from '../journal.js';
import { objectiveRow, objectivesOf } from './summary.js';
import { formatDuration, truncate } from './format.js';
import { xmlElement } from './xml.js';

/** How one test case ended. */
export type JunitOutcome =
  | { kind: 'passed' }
  | { kind: 'failure' | 'error'; type: string; message: string; text: string }
  | { kind: 'skipped'; message: string };

/** One test case of the suite. */
export interface JunitCase {
  /** `<drill>.objectives`, `<drill>.steady-state-before`, `<drill>.method`… */
  classname: string;
  name: string;
  /** Seconds. */
  time: number;
  outcome: JunitOutcome;
}

/** What the journal does not say: the drill's name and the machine it ran on. */
export interface JunitOptions {
  /** The suite's name (default: the drill file's base name, else its title). */
  name?: string;
  /** Written as the suite's `hostname` (default `localhost`). */
  hostname?: string;
}

interface DeclaredActivity {
  name: string;
  tolerance?: unknown;
}

interface DeclaredDrill {
  'steady-state-hypothesis'?: { probes?: DeclaredActivity[] };
  method?: DeclaredActivity[];
  rollbacks?: DeclaredActivity[];
  'rollback-strategy'?: string;
}

const json = (value: unknown) => truncate(JSON.stringify(value) ?? 'undefined', 2000);
const finished = (j: DrillJournal) => j.status === 'completed' || j.status === 'failed';

/** The suite's name when none is given: `drills/regional-outage.yaml` → `regional-outage`. */
export function junitSuiteName(journal: DrillJournal): string {
  const file = journal.experiment.file;
  const base = file
    ?.split(/[\\/]/)
    .pop()
    ?.replace(/\.(ya?ml|json)$/i, '');
  return base || journal.experiment.title;
}

/** The run as a whole: an error when it was aborted or interrupted, else passed. */
function runCase(journal: DrillJournal, suite: string): JunitCase {
  const outcome: JunitOutcome = finished(journal)
    ? { kind: 'passed' }
    : {
        kind: 'error',
        type: journal.status,
        message: `run ${journal.status} (exit ${journal.exitCode}): ${journal.reason}`,
        text: `The run did not finish: ${journal.reason}\nExit code ${journal.exitCode}; see the journal for how far it got.`,
      };
  return { classname: suite, name: 'run', time: journal.duration, outcome };
}

/** One case per objective: the measured value against the objective. */
export function objectiveCases(journal: DrillJournal, suite: string): JunitCase[] {
  return objectivesOf(journal).map((o) => {
    const row = objectiveRow(o);
    const against = `measured ${row.measured}, objective ${row.target}`;
    const text = `${row.label}: ${against} (${o.name}: measured ${o.measured ?? 'null'} ${o.unit}, target ${o.target} ${o.unit})`;
    let outcome: JunitOutcome;
    if (!finished(journal))
      outcome = {
        kind: 'error',
        type: 'not-judged',
        message: `${o.name} not judged: the run was ${journal.status} (${against})`,
        text: `${text}\nThe run did not finish (${journal.reason}), so this measurement is partial.`,
      };
    else if (o.met) outcome = { kind: 'passed' };
    else
      outcome = {
        kind: 'failure',
        type: 'objective-missed',
        message: `${o.name} missed: ${against}`,
        text,
      };
    return { classname: `${suite}.objectives`, name: o.name, time: 0, outcome };
  });
}

/** How a step that ran ended: could not run (error), failed (failure) or passed. */
function ranOutcome(run: ActivityRun, declared: DeclaredActivity): JunitOutcome {
  if (run.status === 'skipped')
    return { kind: 'skipped', message: run.exception ?? 'skipped by the run' };
  if (run.status === 'succeeded') return { kind: 'passed' };
  const exception = run.exception ?? 'failed';
  // A provider that threw (the tool, not the system under test) leaves no output.
  if (run.output === undefined)
    return {
      kind: 'error',
      type: 'could-not-run',
      message: `${run.activity.name} could not run: ${exception}`,
      text: `${exception}\nprovider: ${json(run.activity.provider)}`,
    };
  const expected =
    declared.tolerance !== undefined ? `\ntolerance: ${json(declared.tolerance)}` : '';
  return {
    kind: 'failure',
    type: run.tolerance_met === false ? 'tolerance-not-met' : 'step-failed',
    message: `${run.activity.name}: ${exception}`,
    text: `${exception}${expected}\nmeasured output: ${json(run.output)}`,
  };
}

/** One case per declared step, matched with its run by name; a step without a run is skipped. */
function stepCases(
  declared: readonly DeclaredActivity[],
  runs: readonly ActivityRun[],
  classname: string,
  notReached: string,
): JunitCase[] {
  return declared.map((d) => {
    const run = runs.find((r) => r.activity.name === d.name);
    return {
      classname,
      name: d.name,
      time: run?.duration ?? 0,
      outcome: run ? ranOutcome(run, d) : { kind: 'skipped', message: notReached },
    };
  });
}

/** Every test case of the run, in the order the run went. */
export function junitCases(journal: DrillJournal, suite: string): JunitCase[] {
  const drill = journal.experiment as DeclaredDrill;
  const probes = drill['steady-state-hypothesis']?.probes ?? [];
  const notReached = `not reached: ${journal.reason}`;
  const hypothesis = (phase: 'before' | 'after', state: SteadyStateRun | null) =>
    stepCases(probes, state?.probes ?? [], `${suite}.steady-state-${phase}`, notReached);
  const rollbacksNotRun =
    journal.status === 'completed' && drill['rollback-strategy'] === 'on-failure'
      ? 'not run: the rollback strategy is on-failure and the run passed'
      : `not run: ${journal.reason}`;
  return [
    runCase(journal, suite),
    ...objectiveCases(journal, suite),
    ...hypothesis('before', journal.steady_states.before),
    ...stepCases(drill.method ?? [], journal.run, `${suite}.method`, notReached),
    ...hypothesis('after', journal.steady_states.after),
    ...stepCases(drill.rollbacks ?? [], journal.rollbacks, `${suite}.rollbacks`, rollbacksNotRun),
  ];
}

const seconds = (s: number) => (Number.isFinite(s) ? Math.max(0, s) : 0).toFixed(3);

function caseElement(c: JunitCase): string {
  const attrs = { name: c.name, classname: c.classname, time: seconds(c.time) };
  const o = c.outcome;
  if (o.kind === 'passed') return xmlElement('testcase', attrs, {}, 2);
  const child =
    o.kind === 'skipped'
      ? xmlElement('skipped', { message: o.message }, {}, 3)
      : xmlElement(o.kind, { message: o.message, type: o.type }, { text: o.text }, 3);
  return xmlElement('testcase', attrs, { children: [child] }, 2);
}

/** Counts of a suite's cases by outcome. */
export function junitCounts(cases: readonly JunitCase[]) {
  const count = (kind: JunitOutcome['kind']) => cases.filter((c) => c.outcome.kind === kind).length;
  return {
    tests: cases.length,
    failures: count('failure'),
    errors: count('error'),
    skipped: count('skipped'),
  };
}

/** The run's properties: status, exit code, reason, file and the headline measurements. */
function properties(journal: DrillJournal): [string, string][] {
  const m = journal.measurements;
  return [
    ['title', journal.experiment.title],
    ...(journal.experiment.file ? [['file', journal.experiment.file] as [string, string]] : []),
    ['status', journal.status],
    ['exitCode', String(journal.exitCode)],
    ['deviated', String(journal.deviated)],
    ['reason', journal.reason],
    ['start', journal.start],
    ['detection', formatDuration(m?.detectionMs ?? null)],
    ['rto', formatDuration(m?.rtoMs ?? null)],
    ['lostWrites', m?.rpo ? String(m.rpo.lostWrites) : 'not measured'],
  ];
}

/** The JUnit XML document of one drill run. */
export function renderJunit(journal: DrillJournal, options: JunitOptions = {}): string {
  const suite = options.name ?? junitSuiteName(journal);
  const cases = junitCases(journal, suite);
  const counts = junitCounts(cases);
  const time = seconds(journal.duration);
  const props = properties(journal).map(([name, value]) =>
    xmlElement('property', { name, value }, {}, 3),
  );
  const out = `${journal.experiment.title}: ${journal.status} (exit ${journal.exitCode}): ${journal.reason}`;
  const testsuite = xmlElement(
    'testsuite',
    {
      name: suite,
      timestamp: journal.start.slice(0, 19),
      hostname: options.hostname ?? 'localhost',
      ...counts,
      time,
      id: 0,
      package: `mysfits-dr.drill.${suite}`,
    },
    {
      children: [
        xmlElement('properties', {}, { children: props }, 2),
        ...cases.map(caseElement),
        xmlElement('system-out', {}, { text: out }, 2),
        xmlElement('system-err', {}, {}, 2),
      ],
    },
    1,
  );
  const root = xmlElement(
    'testsuites',
    { name: `mysfits-dr drill ${suite}`, ...counts, time },
    { children: [testsuite] },
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}
