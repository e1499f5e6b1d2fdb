/**
 * The lab supervisor: starts DynamoDB Local, the lab endpoint, the workshop's data tier,
 * and the emulated ELB, ECS (task processes) and Global Accelerator, and stops every one of
 * them on shutdown. Used by the background lab process and by `lab up --foreground`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { LAB_PROFILES, labClock, type LabProfileName } from './profiles.js';
import { freePort, isRunning, stopProcess } from './processes.js';
import { seedControlTable } from './seed-control.js';
import { seedWorkshopData } from './seed.js';
import { startLabServer } from './server.js';
import { writeState, type LabState } from './state.js';
import {
  LAB_CONTROL_TABLE_NAME,
  LAB_LIKES_TABLE_NAME,
  LAB_REGIONS,
  LAB_TABLE_NAME,
  LAB_WITNESS_REGIONS,
} from './topology.js';
import { startLabWorld } from './world.js';

/** How to run the lab. */
export interface LabRunOptions {
  /** Folder for lab.json and logs/. */
  dir: string;
  /** Port of the lab endpoint on 127.0.0.1. */
  port: number;
  /** Port of the accelerator's data plane on 127.0.0.1 (default: port + 1). */
  acceleratorPort?: number;
  profile: LabProfileName;
  /** True when this process leads its own process group (background lab). */
  groupLeader: boolean;
  /** Progress lines (start-up steps and the lab's log). */
  log?: (line: string) => void;
}

/** A running lab. */
export interface RunningLab {
  endpoint: string;
  acceleratorUrl: string;
  /** Stops every process the lab started; resolves when all have exited. */
  stop(): Promise<void>;
}

/** Starts the whole lab and returns once every component is healthy. */
export async function runLab(options: LabRunOptions): Promise<RunningLab> {
  const log = options.log ?? (() => undefined);
  const timings = LAB_PROFILES[options.profile];
  const clock = labClock(timings);
  const logs = join(options.dir, 'logs');
  await mkdir(logs, { recursive: true });
  const state: LabState = {
    version: 1,
    pid: process.pid,
    groupLeader: options.groupLeader,
    port: options.port,
    endpoint: `http://127.0.0.1:${options.port}`,
    profile: options.profile,
    startedAt: new Date().toISOString(),
    status: 'starting',
    processes: [],
  };
  await writeState(options.dir, state);

  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    state.status = 'stopping';
    await writeState(options.dir, state).catch(() => undefined);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };

  try {
    log('starting DynamoDB Local');
    const ddb = await startDynamoDbLocal({
      port: await freePort(),
      logFile: join(logs, 'dynamodb-local.log'),
    });
    cleanups.push(() => stopProcess(ddb, 5_000));
    state.processes.push({ name: ddb.name, pid: ddb.child.pid ?? 0, url: ddb.endpoint });

    log(`starting the lab endpoint on ${state.endpoint}`);
    const server = await startLabServer({
      port: options.port,
      dynamoDbLocalEndpoint: ddb.endpoint,
      regions: LAB_REGIONS,
      replicationLagMs: timings.replicationLagMs,
      components: () => ({ 'dynamodb-local': { healthy: isRunning(ddb), url: ddb.endpoint } }),
      log,
    });
    cleanups.push(() => server.close());

    log('creating the workshop table, the likes table and their replicas');
    await seedWorkshopData(state.endpoint, {
      primaryRegion: LAB_REGIONS[0],
      secondaryRegion: LAB_REGIONS[1],
      tableName: LAB_TABLE_NAME,
      likesTableName: LAB_LIKES_TABLE_NAME,
    });

    log('creating the control table (multi-Region strong consistency)');
    await seedControlTable(state.endpoint, {
      tableName: LAB_CONTROL_TABLE_NAME,
      primaryRegion: LAB_REGIONS[0],
      secondaryRegion: LAB_REGIONS[1],
      witnessRegion: LAB_WITNESS_REGIONS[0],
    });

    log('starting the load balancers, ECS services and the accelerator');
    const world = await startLabWorld({
      server,
      regions: LAB_REGIONS,
      timings,
      clock,
      acceleratorPort: options.acceleratorPort ?? options.port + 1,
      logDir: logs,
      log,
    });
    cleanups.push(async () => world.stop());
    state.acceleratorUrl = world.acceleratorUrl;
    state.status = 'ready';
    await writeState(options.dir, state);
    log(`lab ready at ${state.endpoint}; the accelerator listens at ${world.acceleratorUrl}`);
    return { endpoint: state.endpoint, acceleratorUrl: world.acceleratorUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
