/**
 * ELB health checks of one target group's targets, as an ALB runs them: every
 * HealthCheckIntervalSeconds (scaled by the lab clock) an HTTP GET of HealthCheckPath on the
 * health-check port, a new connection each time (`User-Agent: ELB-HealthChecker/2.0`), failed
 * after HealthCheckTimeoutSeconds. A response whose status the matcher accepts passes; another
 * status fails with Target.ResponseCodeMismatch, no answer in time with Target.Timeout, a
 * refused or broken connection with Target.FailedHealthChecks. While the fault view says the
 * group's checks fail (a narrowed security group), checks time out. Settings are read at each
 * check, so ModifyTargetGroup applies from the next one. A group whose targets are not HTTP
 * endpoints (Lambda functions, alb-lambda.ts) is given its own `probe`.
 */
import http from 'node:http';
import https from 'node:https';
import type { FaultView, LabClock, LabLog } from './contracts.js';
import type {
  AlbTargetGroup,
  CheckResult,
  HealthCheckSettings,
  RegisteredTarget,
} from './alb-target-group.js';

/** True when `status` is one of the codes of a Matcher.HttpCode (`200`, `200,202`, `200-299`). */
export function matchesHttpCode(spec: string, status: number): boolean {
  return spec.split(',').some((part) => {
    const [low, high] = part.trim().split('-');
    const from = Number(low);
    const to = high === undefined ? from : Number(high);
    return status >= from && status <= to;
  });
}

/** Sends one health check to a target and classifies the outcome. */
export function probeTarget(
  target: { id: string; port: number },
  settings: HealthCheckSettings,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<CheckResult> {
  const port = settings.port === 'traffic-port' ? target.port : Number(settings.port);
  const client = settings.protocol === 'HTTPS' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: CheckResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const request = client.request({
      host: '127.0.0.1',
      port,
      method: 'GET',
      path: settings.path,
      agent: false,
      rejectUnauthorized: false,
      signal,
      headers: {
        host: `${target.id}:${port}`,
        'user-agent': 'ELB-HealthChecker/2.0',
        connection: 'close',
      },
    });
    // The verdict waits for one turn of the event loop: an answer that arrived while the lab's
    // own loop was busy (a loaded host) is read first, so only the target's slowness times out.
    const timer = setTimeout(
      () => setImmediate(() => finish({ ok: false, reason: 'Target.Timeout' })),
      timeoutMs,
    );
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      response.resume();
      finish(
        matchesHttpCode(settings.httpCode, status)
          ? { ok: true }
          : { ok: false, reason: 'Target.ResponseCodeMismatch', status },
      );
    });
    request.on('error', () => finish({ ok: false, reason: 'Target.FailedHealthChecks' }));
    request.end();
  });
}

interface Loop {
  timer: NodeJS.Timeout | undefined;
  stopped: boolean;
  /** Cancels the checks under way (their results are dropped). */
  controller: AbortController;
}

/** Sends one health check to a target (probeTarget for `ip` targets). */
export type TargetProbe = (
  target: RegisteredTarget,
  settings: HealthCheckSettings,
  timeoutMs: number,
  signal: AbortSignal,
) => Promise<CheckResult>;

/** Runs the health checks of one target group for as long as its targets are registered. */
export class AlbHealthChecker {
  readonly #group: AlbTargetGroup;
  readonly #clock: LabClock;
  readonly #faults: FaultView;
  readonly #log: LabLog;
  readonly #probe: TargetProbe;
  readonly #loops = new Map<string, Loop>();

  constructor(
    group: AlbTargetGroup,
    options: { clock: LabClock; faults: FaultView; log: LabLog; probe?: TargetProbe },
  ) {
    this.#group = group;
    this.#clock = options.clock;
    this.#faults = options.faults;
    this.#log = options.log;
    this.#probe = options.probe ?? probeTarget;
    group.setEvents({
      onRegistered: (target) => this.#start(target),
      onRemoved: (target) => this.#stop(target.key),
    });
    for (const target of group.targets()) if (target.state !== 'draining') this.#start(target);
  }

  #intervalMs(): number {
    return Math.max(1, this.#clock.scaled(this.#group.config.healthCheck.intervalSeconds * 1000));
  }

  #start(target: RegisteredTarget): void {
    this.#stop(target.key);
    const loop: Loop = { timer: undefined, stopped: false, controller: new AbortController() };
    this.#loops.set(target.key, loop);
    const tick = () => {
      if (loop.stopped) return;
      void this.#check(target, loop);
      loop.timer = setTimeout(tick, this.#intervalMs());
      loop.timer.unref();
    };
    // The first check goes out one interval after registration (registration in progress).
    loop.timer = setTimeout(tick, this.#intervalMs());
    loop.timer.unref();
  }

  async #check(target: RegisteredTarget, loop: Loop): Promise<void> {
    const settings = { ...this.#group.config.healthCheck };
    if (!settings.enabled) return;
    const { region, arn, name } = this.#group.config;
    const timeoutMs = Math.max(1, this.#clock.scaled(settings.timeoutSeconds * 1000));
    let result: CheckResult;
    const { signal } = loop.controller;
    if (this.#faults.healthChecksFailing(region, arn)) {
      // Packets dropped by a security group: the check waits for its timeout and fails.
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        signal.addEventListener('abort', done, { once: true });
      });
      result = { ok: false, reason: 'Target.Timeout' };
    } else {
      result = await this.#probe(target, settings, timeoutMs, signal);
    }
    if (loop.stopped) return;
    const before = target.state;
    this.#group.recordCheck(target, result);
    if (target.state !== before) {
      this.#log(
        `elbv2 ${region}: target ${target.key} of ${name} is now ${target.state}` +
          (target.reason ? ` (${target.reason}: ${target.description})` : ''),
      );
    }
  }

  #stop(key: string): void {
    const loop = this.#loops.get(key);
    if (!loop) return;
    loop.stopped = true;
    clearTimeout(loop.timer);
    loop.controller.abort();
    this.#loops.delete(key);
  }

  /** Stops every check loop. */
  close(): void {
    for (const key of [...this.#loops.keys()]) this.#stop(key);
  }
}
