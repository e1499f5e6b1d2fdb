/**
 * Runs one provider and returns its output. Operations and reads run mysfits-dr's own
 * commands in process (`--json --yes`), so a drill's failover is exactly the operator's
 * failover (plan, preflight, lock, journal); their output is the command's JSON document
 * plus `exitCode`. Faults go to the lab's API or to AWS; probes of the load and the RPO
 * read what the run recorded.
 */
import type { DrillDeps } from './deps.js';
import type { LoadStats } from './load.js';
import type { Provider, ProviderOf } from './providers.js';

/** What the executor needs besides the deps: the run's load and where RPO results go. */
export interface ExecutionScope {
  deps: DrillDeps;
  signal: AbortSignal;
  loadStats(windowMs: number): LoadStats | null;
  /** Measures lost acknowledged writes as seen in `region` now (see measure.ts). */
  checkRpo(region: string): Promise<{ lostWrites: number; windowMs: number; checked: number }>;
}

/** A failure of the tool or the environment (not a verdict): the run is aborted. */
export class DrillToolError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DrillToolError';
  }
}

const ms = (value: number) => `${value}ms`;

function forceArgs(force: readonly string[] | undefined): string[] {
  return force?.length ? ['--force', force.join(',')] : [];
}

/** The mysfits-dr command line of a command-backed provider; undefined for the others. */
export function commandArgs(provider: Provider): string[] | undefined {
  switch (provider.type) {
    case 'traffic':
      return trafficArgs(provider);
    case 'failover':
    case 'failback':
      return [
        provider.type,
        ...(provider.type === 'failover' ? ['--to', provider.to] : []),
        ...(provider.via ? ['--via', provider.via] : []),
        ...(provider.type === 'failover' && provider.mode ? ['--mode', provider.mode] : []),
        ...(provider.type === 'failover' && provider.step !== undefined
          ? ['--step', String(provider.step)]
          : []),
        ...(provider.type === 'failover' && provider.interval !== undefined
          ? ['--interval', ms(provider.interval)]
          : []),
        ...(provider.type === 'failover' && provider.scaleSourceDown
          ? ['--scale-source-down']
          : []),
        ...(provider.timeout !== undefined ? ['--timeout', ms(provider.timeout)] : []),
        ...forceArgs(provider.force),
      ];
    case 'command':
      return provider.args;
    case 'status':
      return [
        'status',
        ...(provider.probe ? [] : ['--no-probe']),
        ...(provider.budget !== undefined ? ['--budget', ms(provider.budget)] : []),
      ];
    case 'metrics':
      return [
        'metrics',
        ...(provider.since ? ['--since', provider.since] : []),
        ...(provider.period !== undefined ? ['--period', String(provider.period)] : []),
      ];
    case 'replication-lag':
      return ['replication', 'lag'];
    case 'replication-probe':
      return [
        'replication',
        'probe',
        ...(provider.samples !== undefined ? ['--samples', String(provider.samples)] : []),
      ];
    default:
      return undefined;
  }
}

function trafficArgs(p: ProviderOf<'traffic'>): string[] {
  const need = <T>(value: T | undefined, field: string): T => {
    if (value === undefined) throw new DrillToolError(`traffic ${p.command} needs ${field}`);
    return value;
  };
  const tail = forceArgs(p.force);
  switch (p.command) {
    case 'set':
      return [
        'traffic',
        'set',
        need(p.region, 'region'),
        String(need(p.percent, 'percent')),
        ...tail,
      ];
    case 'drain':
      return ['traffic', 'drain', need(p.region, 'region'), ...tail];
    case 'switch':
      return ['traffic', 'switch', need(p.region, 'region'), need(p.state, 'state'), ...tail];
    case 'shift':
      return [
        'traffic',
        'shift',
        '--to',
        need(p.to, 'to'),
        ...(p.step !== undefined ? ['--step', String(p.step)] : []),
        ...(p.interval !== undefined ? ['--interval', ms(p.interval)] : []),
        ...tail,
      ];
  }
}

/** The lab fault body of a `lab-fault` provider (POST /_lab/faults). */
export function labFaultBody(p: ProviderOf<'lab-fault'>): Record<string, unknown> {
  const { type: _type, every, duration, ...fields } = p;
  return {
    ...fields,
    ...(every !== undefined ? { everyMs: every } : {}),
    ...(duration !== undefined ? { durationMs: duration } : {}),
  };
}

/** Runs `provider`; resolves to its output, throws DrillToolError when it could not run. */
export async function executeProvider(provider: Provider, scope: ExecutionScope): Promise<unknown> {
  const { deps } = scope;
  const args = commandArgs(provider);
  if (args) {
    const result = await deps.runCommand(args, scope.signal);
    const document = result.document && typeof result.document === 'object' ? result.document : {};
    return {
      exitCode: result.exitCode,
      ...(document as object),
      ...(result.stderr ? { stderr: result.stderr } : {}),
    };
  }
  switch (provider.type) {
    case 'lab-fault':
      return deps.lab.addFault(labFaultBody(provider));
    case 'lab-clear':
      await deps.lab.clearFaults(provider.id);
      return { cleared: provider.id ?? 'all' };
    case 'lab-replication-lag':
      await deps.lab.setReplicationLag(provider.lag);
      return { lagMs: provider.lag };
    case 'ecs-scale': {
      const count = Number(provider.desiredCount);
      if (!Number.isInteger(count) || count < 0)
        throw new DrillToolError(
          `desiredCount resolved to ${String(provider.desiredCount)}, not a whole number >= 0`,
        );
      return deps.aws.scaleService(provider.region, provider.service, count);
    }
    case 'break-health-check':
    case 'restore-health-check':
      return deps.aws.setHealthCheckPath(provider.region, provider.service, provider.path);
    case 'fis-experiment':
      return deps.aws.startFisExperiment(provider.region, provider.templateId);
    case 'fis-stop':
      return deps.aws.stopFisExperiment(provider.region, provider.experimentId);
    case 'wait':
      await deps.sleep(provider.duration, scope.signal);
      return { waitedMs: provider.duration };
    case 'http':
      return deps.http({
        url: provider.url ?? (await deps.appUrl()),
        path: provider.path,
        method: provider.method,
        timeoutMs: provider.timeout,
      });
    case 'load': {
      const stats = scope.loadStats(provider.window);
      if (!stats)
        throw new DrillToolError('a load probe needs the drill to run a load (add load:)');
      return stats;
    }
    case 'rpo':
      return scope.checkRpo(provider.region);
    default:
      throw new DrillToolError(`provider ${provider.type} cannot run here`);
  }
}
