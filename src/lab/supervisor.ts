/**
 * The lab supervisor: starts DynamoDB Local, the lab endpoint, the workshop's data tier and
 * one instance of each companion service per region, keeps them running, and stops every
 * one of them on shutdown. Used by the background lab process and by `lab up --foreground`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { LAB_ACCESS_KEY_ID, LAB_SECRET_ACCESS_KEY } from './env.js';
import { serviceEntry } from './paths.js';
import { LAB_PROFILES, labClock, type LabProfileName } from './profiles.js';
import {
  freePort,
  httpOk,
  isRunning,
  startProcess,
  stopProcess,
  waitUntilReady,
  type ManagedProcess,
} from './processes.js';
import { seedWorkshopData } from './seed.js';
import { startLabServer } from './server.js';
import { writeState, type LabState } from './state.js';
import { LAB_REGIONS, LAB_TABLE_NAME } from './topology.js';

/** How to run the lab. */
export interface LabRunOptions {
  /** Folder for lab.json and logs/. */
  dir: string;
  /** Port of the lab endpoint on 127.0.0.1. */
  port: number;
  profile: LabProfileName;
  /** True when this process leads its own process group (background lab). */
  groupLeader: boolean;
  /** Progress lines (start-up steps). */
  log?: (line: string) => void;
}

/** A running lab. */
export interface RunningLab {
  endpoint: string;
  /** Stops every process the lab started; resolves when all have exited. */
  stop(): Promise<void>;
}

interface ServiceTask {
  name: string;
  region: string;
  service: 'mysfits' | 'like';
  port: number;
  process?: ManagedProcess;
  restarts: number;
}

/** Starts the whole lab and returns once every component is healthy. */
export async function runLab(options: LabRunOptions): Promise<RunningLab> {
  const log = options.log ?? (() => undefined);
  const timings = LAB_PROFILES[options.profile];
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

  let stopping = false;
  const tasks: ServiceTask[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    stopping = true;
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
      components: () => ({
        'dynamodb-local': { healthy: isRunning(ddb), url: ddb.endpoint },
        ...Object.fromEntries(
          tasks.map((t) => [
            t.name,
            {
              healthy: t.process !== undefined && isRunning(t.process),
              url: `http://127.0.0.1:${t.port}`,
              detail: `${t.service} service in ${t.region}; restarts: ${t.restarts}`,
            },
          ]),
        ),
      }),
    });
    cleanups.push(() => server.close());

    log('creating the workshop table and its replica');
    await seedWorkshopData(state.endpoint, {
      primaryRegion: LAB_REGIONS[0],
      secondaryRegion: LAB_REGIONS[1],
      tableName: LAB_TABLE_NAME,
    });

    for (const region of LAB_REGIONS) {
      for (const service of ['mysfits', 'like'] as const) {
        tasks.push({
          name: `${service}-${region}`,
          region,
          service,
          port: await freePort(),
          restarts: 0,
        });
      }
    }
    const startTask = async (task: ServiceTask) => {
      const p = startProcess(task.name, process.execPath, [serviceEntry(task.service)], {
        logFile: join(logs, `${task.name}.log`),
        env: {
          PATH: process.env.PATH ?? '',
          AWS_REGION: task.region,
          DDB_TABLE_NAME: LAB_TABLE_NAME,
          PORT: String(task.port),
          HOST: '127.0.0.1',
          AWS_ENDPOINT_URL: state.endpoint,
          AWS_ACCESS_KEY_ID: LAB_ACCESS_KEY_ID,
          AWS_SECRET_ACCESS_KEY: LAB_SECRET_ACCESS_KEY,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      });
      task.process = p;
      void p.exited.then(() => {
        if (stopping) return;
        task.restarts += 1;
        log(`${task.name} exited; restarting (restart ${task.restarts})`);
        setTimeout(() => void startTask(task).catch(() => undefined), 500);
      });
      await waitUntilReady(p, () => httpOk(`http://127.0.0.1:${task.port}/`), 30_000);
      const info = state.processes.find((x) => x.name === task.name);
      if (info) info.pid = p.child.pid ?? 0;
      else
        state.processes.push({
          name: task.name,
          pid: p.child.pid ?? 0,
          url: `http://127.0.0.1:${task.port}`,
        });
      await writeState(options.dir, state);
    };
    cleanups.push(async () => {
      await Promise.all(
        tasks.map((t) => t.process && stopProcess(t.process, labClock(timings).scaled(30_000))),
      );
    });
    log('starting the Mysfits and Like services in both regions');
    await Promise.all(tasks.map(startTask));

    state.status = 'ready';
    await writeState(options.dir, state);
    log(`lab ready at ${state.endpoint}`);
    return { endpoint: state.endpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
