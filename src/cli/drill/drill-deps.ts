/**
 * Builds a drill run's outside world from the CLI context: in-process commands, the lab's
 * fault API, AWS fault actions, the background load through the accelerator, the monitor's
 * reads (alarms, accelerator endpoint health, CloudWatch replication lag), the journal file
 * and the progress view.
 */
import { writeFile, rename, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Config } from '../../config/schema.js';
import type { DrillDeps, DrillProgress, MonitorSignals } from '../../drill/deps.js';
import type { DrillJournal } from '../../drill/journal.js';
import type { Context } from '../context.js';
import { runInProcess } from './in-process.js';

/** What the CLI needs to release when the run is over. */
export interface DrillEnvironment {
  deps: DrillDeps;
  close(): void;
}

/** Where the lab's endpoint is, resolved once, lazily (drills on AWS never need it). */
function labEndpoint(ctx: Context): () => Promise<string> {
  let endpoint: Promise<string> | undefined;
  return () =>
    (endpoint ??= (async () => {
      const [{ resolveLabEndpoint }, { defaultLabDir }] = await Promise.all([
        import('../lab/client.js'),
        import('../../lab/paths.js'),
      ]);
      return resolveLabEndpoint(ctx.env, defaultLabDir(ctx.env));
    })());
}

/** Writes the journal atomically (temp file, then rename). */
async function writeJournal(path: string, journal: DrillJournal): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp`;
  await writeFile(temp, `${JSON.stringify(journal, null, 2)}\n`);
  await rename(temp, path);
}

/** Builds the deps; `journalPath` is where the journal is kept up to date. */
export async function drillEnvironment(
  ctx: Context,
  config: Config,
  journalPath: string,
  progress: (event: DrillProgress) => void,
): Promise<DrillEnvironment> {
  const [
    { awsPortFactory },
    { awsFaultActions },
    { labRequest },
    { sendAppRequest, listMysfitIds },
    { startLoad },
    { labLoadOrigins, ipv4LoopbackUrl },
    { readVisibleLikeCounters },
    { readReplicationLag },
    { resolveAppUrl },
  ] = await Promise.all([
    import('../../aws/ports.js'),
    import('../../aws/fault-actions.js'),
    import('../lab/client.js'),
    import('../../aws/app-load.js'),
    import('../../drill/load.js'),
    import('../../drill/load-origins.js'),
    import('../../drill/rpo.js'),
    import('../../core/replication/lag.js'),
    import('../ops/app-url.js'),
  ]);
  const ports = awsPortFactory(ctx.aws(), {
    acceleratorRegion: config.accelerator.apiRegion,
    requestTimeoutMs: 3_000,
    maxAttempts: 2,
  });
  // Probes and monitors are time-boxed: the clients' code is loaded before any clock starts.
  await ports.load();
  const faults = awsFaultActions(ctx.aws(), config);
  const lab = labEndpoint(ctx);
  let appUrl: Promise<string> | undefined;
  const regions = config.regions.map((r) => r.name);

  const readSignals = async (watched: readonly string[]): Promise<MonitorSignals> => {
    const [alarms, endpoints, lag] = await Promise.all([
      Promise.all(
        config.regions.map(async (r) => {
          const names = [...new Set([...r.alarms, ...watched])];
          const found = await ports
            .region(r.name)
            .cloudwatch.describeAlarms(names)
            .catch(() => []);
          return found.filter((a) => a.state === 'ALARM').map((a) => `${a.name}@${r.name}`);
        }),
      ),
      Promise.all(
        config.regions.map(async (r) => {
          const group = await ports
            .accelerator()
            .describeEndpointGroup(r.endpointGroupArn)
            .catch(() => undefined);
          return group && group.endpoints.some((e) => e.healthState === 'UNHEALTHY')
            ? [r.name]
            : [];
        }),
      ),
      readReplicationLag({ ports }, config, ctx.now(), { windowMs: 5 * 60_000 }).catch(
        () => undefined,
      ),
    ]);
    const replicationLagMs: Record<string, number | null> = {};
    for (const d of lag?.directions ?? [])
      replicationLagMs[`${d.from}→${d.to}`] = d.latency?.latestAverageMs ?? null;
    return { alarmsInAlarm: alarms.flat(), unhealthyRegions: endpoints.flat(), replicationLagMs };
  };

  const deps: DrillDeps = {
    now: () => ctx.now(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
      }),
    interrupt: ctx.signal,
    runCommand: (args, signal) => runInProcess(ctx, args, signal),
    lab: {
      addFault: async (fault) => {
        const added = await labRequest<{ fault: { id: string } }>(
          await lab(),
          'POST',
          '/_lab/faults',
          fault,
        );
        return { ...added.fault, id: added.fault.id };
      },
      clearFaults: async (id) => {
        await labRequest(
          await lab(),
          'DELETE',
          id ? `/_lab/faults/${encodeURIComponent(id)}` : '/_lab/faults',
        );
      },
      setReplicationLag: async (ms) => {
        await labRequest(await lab(), 'PUT', '/_lab/replication', { lagMs: ms });
      },
    },
    aws: faults,
    http: async ({ url, path, method, timeoutMs }) =>
      sendAppRequest(url, { method, path, timeoutMs }),
    appUrl: () => (appUrl ??= resolveAppUrl(ctx, config, ports)),
    startLoad: async (options) => {
      const mysfitIds = await listMysfitIds(options.url, options.timeoutMs).catch(() => []);
      return startLoad({
        url: options.origins ? ipv4LoopbackUrl(options.url) : options.url,
        mysfitIds,
        ratePerSecond: options.ratePerSecond,
        likeShare: options.likeShare,
        maxInFlight: options.maxInFlight,
        requestTimeoutMs: options.timeoutMs,
        t0: options.t0,
        now: () => ctx.now(),
        ...(options.origins ? { origins: labLoadOrigins(options.origins) } : {}),
      });
    },
    readLikeCounters: (region, mysfitIds) =>
      readVisibleLikeCounters(
        ports.region(region).dynamodb,
        { name: config.likesTable.name, hashKey: config.likesTable.partitionKey },
        regions,
        mysfitIds,
      ),
    regions,
    readSignals,
    saveJournal: (journal) => writeJournal(journalPath, journal),
    progress,
    platform: `${process.platform} ${process.arch}`,
    nodeVersion: process.version,
  };
  return {
    deps,
    close: () => {
      ports.destroy();
      faults.destroy();
    },
  };
}
