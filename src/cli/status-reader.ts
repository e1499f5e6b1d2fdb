/**
 * One status read with ports the caller owns: gather every fact under the budget, measure
 * replication (CloudWatch and, unless switched off, a canary per direction), assess. Used by
 * `status` and by every operation that plans from live state.
 */
import { randomUUID } from 'node:crypto';
import { classifyAwsError } from '../aws/errors.js';
import type { Config } from '../config/schema.js';
import type { PortFactory } from '../core/ports.js';
import { assessStatus } from '../core/status/assess.js';
import { gatherStatus } from '../core/status/gather.js';
import { statusReplication } from '../core/status/replication.js';
import type { StatusDocument } from '../core/status/schema.js';
import { timeBoxedPorts } from '../core/time-box.js';
import { systemTimer } from './timer.js';

/** Limits and switches of one read. */
export interface StatusReadOptions {
  perCallMs: number;
  totalMs: number;
  probe: boolean;
  concurrency: number;
}

/** The defaults of `status`. */
export const DEFAULT_STATUS_READ: StatusReadOptions = {
  perCallMs: 3_000,
  totalMs: 10_000,
  probe: true,
  concurrency: 32,
};

/** Reads and assesses the status of every configured region. */
export async function readStatusWith(
  config: Config,
  ports: PortFactory,
  options: StatusReadOptions,
  signal?: AbortSignal,
): Promise<StatusDocument> {
  const facts = await gatherStatus(
    config,
    {
      ports,
      timer: systemTimer,
      classify: classifyAwsError,
      replication: (budgetMs) =>
        statusReplication(
          config,
          timeBoxedPorts(ports, options.perCallMs, systemTimer),
          systemTimer,
          {
            probe: options.probe,
            budgetMs,
            ...(signal ? { signal } : {}),
            classify: classifyAwsError,
            runId: randomUUID().slice(0, 8),
          },
        ),
    },
    { perCallMs: options.perCallMs, totalMs: options.totalMs, concurrency: options.concurrency },
  );
  return assessStatus(config, facts);
}
