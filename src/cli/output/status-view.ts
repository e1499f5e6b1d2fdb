/**
 * Renders the status document for a terminal: a header with the overall state, one column
 * per region (traffic, endpoint health, ECS, targets, replica, replication, alarms, error
 * rate), the verdict with its reasons, and warnings. UNKNOWN cells say why they are unknown.
 */
import type { ChalkInstance } from 'chalk';
import { describeOrigin } from '../../core/status/origin-shares.js';
import type { FailureReport, RegionReport, StatusDocument } from '../../core/status/schema.js';
import { renderColumns } from './columns.js';

type Style = ChalkInstance;

function unknownCell(style: Style, failure: FailureReport | undefined): string {
  return style.magenta(`UNKNOWN (${failure?.kind ?? 'not read'})`);
}

function stateWord(style: Style, state: string): string {
  if (state === 'healthy') return style.green('HEALTHY');
  if (state === 'degraded') return style.red('DEGRADED');
  return style.magenta('UNKNOWN');
}

function triWord(style: Style, value: string, yes: string, no: string): string {
  if (value === 'yes') return style.green(yes);
  if (value === 'no') return style.red(no);
  return style.magenta('unknown');
}

function endpointCell(style: Style, r: RegionReport): string {
  if (!r.traffic.endpoints) return unknownCell(style, r.traffic.failure);
  if (r.traffic.endpoints.length === 0) return style.red('no endpoints');
  return r.traffic.endpoints
    .map((e) => {
      const colour =
        e.healthState === 'HEALTHY'
          ? style.green
          : e.healthState === 'INITIAL'
            ? style.yellow
            : style.red;
      return `${colour(e.healthState)} w${e.weight}`;
    })
    .join(', ');
}

function rowsFor(doc: StatusDocument, style: Style): string[][] {
  const regions = doc.regions;
  const row = (label: string, cell: (r: RegionReport) => string) => [label, ...regions.map(cell)];
  const rows: string[][] = [
    ['', ...regions.map((r) => style.bold(`${r.name}${r.primary ? ' (primary)' : ''}`))],
    row('state', (r) => stateWord(style, r.state)),
    row('traffic dial', (r) =>
      r.traffic.dial === null ? unknownCell(style, r.traffic.failure) : `${r.traffic.dial}%`,
    ),
    row('share of new connections', (r) =>
      r.traffic.sharePercent === null
        ? unknownCell(style, r.traffic.failure)
        : style.bold(`${r.traffic.sharePercent}%`),
    ),
    row('accelerator endpoint', (r) => endpointCell(style, r)),
  ];
  const serviceNames = [...new Set(regions.flatMap((r) => r.targetGroups.map((t) => t.service)))];
  for (const name of serviceNames) {
    rows.push(
      row(`ECS ${name}`, (r) => {
        if (!r.ecs.services) return unknownCell(style, r.ecs.failure);
        const s = r.ecs.services.find((x) => x.name === name);
        if (!s) return '–';
        const counts = `${s.running}/${s.desired} running${s.pending ? `, ${s.pending} pending` : ''}`;
        const text =
          s.status !== 'ACTIVE'
            ? style.red(`${s.status}`)
            : s.running < s.desired
              ? style.yellow(counts)
              : counts;
        return s.deploymentsInProgress
          ? `${text} ${style.cyan(`(${s.deploymentsInProgress} deploying)`)}`
          : text;
      }),
    );
    rows.push(
      row(`targets ${name}`, (r) => {
        const t = r.targetGroups.find((x) => x.service === name);
        if (!t) return '–';
        if (t.healthy === null) return unknownCell(style, t.failure);
        const text = `${t.healthy}/${t.total} healthy`;
        return t.healthy === 0
          ? style.red(text)
          : t.healthy < (t.total ?? 0)
            ? style.yellow(text)
            : text;
      }),
    );
  }
  rows.push(
    row('table replica', (r) =>
      r.replica.status === null
        ? unknownCell(style, r.replica.failure)
        : r.replica.status === 'ACTIVE'
          ? r.replica.status
          : style.red(r.replica.status),
    ),
    row('routing switch', (r) =>
      r.routingSwitch.state === null
        ? unknownCell(style, r.routingSwitch.failure)
        : r.routingSwitch.state === 'out'
          ? style.red('OUT')
          : 'in',
    ),
    row('replication in', (r) => replicationCell(doc, r.name, style)),
  );
  const alarmNames = [
    ...new Set(regions.flatMap((r) => (r.alarms.alarms ?? []).map((a) => a.name))),
  ];
  for (const name of alarmNames) {
    rows.push(
      row(`alarm ${name}`, (r) => {
        if (!r.alarms.alarms) return unknownCell(style, r.alarms.failure);
        const a = r.alarms.alarms.find((x) => x.name === name);
        if (!a) return '–';
        return a.state === 'OK'
          ? style.green('OK')
          : a.state === 'ALARM'
            ? style.red('ALARM')
            : style.yellow(a.state);
      }),
    );
  }
  rows.push(
    row('5xx rate (5 min)', (r) => {
      const e = r.errorRate;
      if (e.requests === null) return unknownCell(style, e.failure);
      if (e.percent === null) return style.dim('no requests');
      return `${e.percent}% of ${e.requests}`;
    }),
    row('could take all traffic', (r) => triWord(style, r.canTakeAllTraffic, 'yes', 'NO')),
  );
  return rows;
}

function replicationCell(doc: StatusDocument, region: string, style: Style): string {
  const into = doc.replication.filter((x) => x.to === region);
  if (into.length === 0) return style.dim('not measured');
  const best =
    into.find((x) => x.source === 'probe' && x.lagSeconds !== null) ??
    into.find((x) => x.lagSeconds !== null) ??
    into[0]!;
  const lag =
    best.lagSeconds === null ? best.verdict.toUpperCase() : `${best.lagSeconds.toFixed(2)} s`;
  const text = `← ${best.from} ${lag} (${best.source})`;
  return best.verdict === 'ok'
    ? text
    : ['lagging', 'stalled'].includes(best.verdict)
      ? style.red(text)
      : style.magenta(text);
}

/**
 * `new connections: clients nearest us-west-2 → us-west-2 100%`, one line per client location
 * (the accelerator serves each from its closest region and applies the dials there).
 */
export function originLines(doc: StatusDocument): string[] {
  const origins = doc.accelerator.byOrigin;
  if (!origins) return [];
  return origins.map(
    (o, i) => `${i === 0 ? 'new connections: ' : '                 '}${describeOrigin(o)}`,
  );
}

/** The whole status screen. */
export function renderStatus(doc: StatusDocument, style: Style): string {
  const acc = doc.accelerator;
  const head = `${style.bold(doc.application)}  status at ${doc.generatedAt} (${doc.durationMs} ms)  ${stateWord(style, doc.overall)}`;
  const accLine = `accelerator: ${acc.status === null ? unknownCell(style, acc.failure) : acc.status === 'DEPLOYED' ? style.green('DEPLOYED') : style.yellow(acc.status)}  (API in ${acc.apiRegion}; shares for clients nearest ${acc.clientsNearest})`;
  const verdict = [`${style.bold('verdict:')} ${doc.verdict.summary}`];
  for (const f of doc.verdict.failover) {
    verdict.push(`  failover to ${f.to}: ${triWord(style, f.safe, 'safe', 'NOT safe')}`);
    for (const reason of f.reasons) verdict.push(`    - ${reason}`);
  }
  for (const r of doc.regions) {
    if (r.state !== 'healthy' && r.name === doc.verdict.activeRegion) {
      verdict.push(`  ${r.name} (active) is ${r.state}:`);
      for (const reason of r.reasons) verdict.push(`    - ${reason}`);
    }
  }
  const warnings = doc.warnings.map((w) => `${style.yellow('warning:')} ${w}`);
  return [
    head,
    accLine,
    ...originLines(doc),
    '',
    renderColumns(rowsFor(doc, style)),
    '',
    ...verdict,
    ...(warnings.length ? ['', ...warnings] : []),
  ].join('\n');
}
