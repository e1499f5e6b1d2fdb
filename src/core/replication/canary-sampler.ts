/**
 * One direction's canaries for `probeReplication`: write a canary in the source region, poll
 * the receiving region with strongly consistent GetItem until it appears (or the timeout,
 * an error or an abort), and delete it in both regions at once in a `finally`, whatever
 * happened: a canary lives in the app's table only from its PutItem to those deletes.
 */
import type { DynamoDbPort } from '../ports.js';
import { canaryId, canaryItem, canaryKey, type CanaryKeyPlan } from './canary.js';
import { type Direction, type ProbeDeps, describeErrorPlainly } from './deps.js';
import type { ProbeOptions } from './probe.js';
import type { ProbeDirection, ProbeSample, ReadFailure } from './schema.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** A port error as a ReadFailure of `call`, described by the deps' describeError. */
export function fail(deps: ProbeDeps, call: string, error: unknown): ReadFailure {
  return { ...(deps.describeError ?? describeErrorPlainly)(error), call };
}

/** Writes, watches and removes the canaries of one direction, one sample at a time. */
export class CanarySampler {
  private readonly source: DynamoDbPort;
  private readonly receiving: DynamoDbPort;

  constructor(
    private readonly deps: ProbeDeps,
    private readonly options: ProbeOptions,
    private readonly d: Direction,
    private readonly plan: Extract<CanaryKeyPlan, { ok: true }>,
    private readonly ttlAttribute: string | undefined,
    private readonly cleanup: ProbeDirection['cleanup'],
  ) {
    this.source = deps.ports.region(d.from).dynamodb;
    this.receiving = deps.ports.region(d.to).dynamodb;
  }

  /** One sample: put, poll until seen / timeout / error / abort, then delete in both regions. */
  async run(n: number): Promise<{ sample: ProbeSample; failure: ReadFailure | null }> {
    const { clock, signal } = this.deps;
    const { table, timeoutMs, pollIntervalMs } = this.options;
    const id = canaryId(this.options.runId, this.d.from, this.d.to, n);
    const key = canaryKey(this.plan, id, n);
    const sample: ProbeSample = {
      n,
      key: id,
      writtenAt: null,
      seenAt: null,
      lagMs: null,
      polls: 0,
      outcome: 'error',
    };
    let failure: ReadFailure | null = null;
    try {
      try {
        const item = canaryItem(this.plan, id, n, clock.now(), this.ttlAttribute);
        await this.source.putItem(table, item);
      } catch (error) {
        failure = fail(this.deps, `dynamodb:PutItem ${this.d.from}`, error);
        return { sample, failure };
      }
      const ack = clock.now();
      sample.writtenAt = iso(ack);
      const deadline = ack + timeoutMs;
      for (;;) {
        if (signal?.aborted) {
          sample.outcome = 'interrupted';
          break;
        }
        const pollStart = clock.now();
        let found: boolean;
        try {
          found = (await this.receiving.getItem(table, key)) !== undefined;
          sample.polls++;
        } catch (error) {
          failure = fail(this.deps, `dynamodb:GetItem ${this.d.to}`, error);
          break;
        }
        const t = clock.now();
        if (found) {
          sample.seenAt = iso(t);
          sample.lagMs = Math.max(0, t - ack);
          sample.outcome = 'seen';
          break;
        }
        if (t >= deadline) {
          sample.outcome = 'timeout';
          break;
        }
        const wait = Math.min(Math.max(0, pollStart + pollIntervalMs - t), deadline - t);
        await clock.sleep(wait, signal);
      }
      return { sample, failure };
    } finally {
      await this.remove(key, id);
    }
  }

  /**
   * Deletes the canary in both regions at once (the app's table must show it as briefly as
   * possible: docs/replication.md, "Canaries"); failures are recorded, source region first.
   */
  private async remove(key: Record<string, string | number>, id: string): Promise<void> {
    const regions = [
      [this.d.from, this.source],
      [this.d.to, this.receiving],
    ] as const;
    const outcomes = await Promise.allSettled(
      regions.map(([, port]) => port.deleteItem(this.options.table, key)),
    );
    outcomes.forEach((outcome, i) => {
      const region = regions[i]![0];
      if (outcome.status === 'fulfilled') {
        this.cleanup.deleted++;
        return;
      }
      const { message } = fail(this.deps, `dynamodb:DeleteItem ${region}`, outcome.reason);
      this.cleanup.failures.push({ region, key: id, message });
    });
  }
}
