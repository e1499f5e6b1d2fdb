/**
 * The lab's own endpoints, beside the AWS APIs on the same port:
 *   GET    /_lab/health          {healthy, components: {name: {healthy, detail?, url?}}}
 *   GET    /_lab/faults          {faults: Fault[]}
 *   POST   /_lab/faults          Fault input → 201 {fault} (200 if the same fault is active)
 *   DELETE /_lab/faults[/<id>]   clears all faults, or one → {cleared: Fault[]}
 *   GET    /_lab/replication     per-direction replication statistics
 *   PUT    /_lab/replication     {lagMs} → the same document with the new lag
 * Errors: `{error: {code, message, issues?: [{path, value, message}]}}` with 400/404/405.
 */
import { z } from 'zod';
import type { Replicator } from './dataplane/replicator.js';
import { FaultValidationError, type FaultStore } from './faults/store.js';
import { jsonResponse, labError, parseLabJson } from './http-json.js';
import type { ComponentHealth, LabRequest, LabResponse } from './protocol/lab-request.js';

/** What the lab endpoints read and change. */
export interface LabRoutesContext {
  faults: FaultStore;
  replicator: Replicator;
  /** The global tables and their replicas, for the replication report. */
  globalTables: () => unknown[];
  health: () => Promise<Record<string, ComponentHealth>>;
}

const MAX_LAG_MS = 600_000;

const lagSchema = z.strictObject({
  lagMs: z
    .number({ message: 'expected a number of milliseconds, e.g. {"lagMs": 1000}' })
    .int({ message: 'expected a whole number of milliseconds' })
    .min(0, { message: 'expected a lag >= 0 ms' })
    .max(MAX_LAG_MS, { message: `expected a lag <= ${MAX_LAG_MS} ms` }),
});

const methodNotAllowed = (path: string, allowed: string) =>
  labError(405, 'METHOD_NOT_ALLOWED', `${path} accepts ${allowed}.`);

function replicationDocument(context: LabRoutesContext): unknown {
  return { ...context.replicator.report(), globalTables: context.globalTables() };
}

async function faultsRoute(
  request: LabRequest,
  id: string | undefined,
  context: LabRoutesContext,
): Promise<LabResponse> {
  const { faults } = context;
  if (request.method === 'GET' && id === undefined)
    return jsonResponse(200, { faults: faults.list() });
  if (request.method === 'DELETE') {
    const cleared = faults.clear(id);
    if (id !== undefined && cleared.length === 0) {
      return labError(
        404,
        'FAULT_NOT_FOUND',
        `No active fault has id '${id}'. GET /_lab/faults lists the active ones.`,
      );
    }
    return jsonResponse(200, { cleared });
  }
  if (request.method === 'POST' && id === undefined) {
    const body = parseLabJson(request.body);
    if (!body.ok) return body.response;
    try {
      const { fault, created } = faults.add(body.value);
      return jsonResponse(created ? 201 : 200, { fault });
    } catch (error) {
      if (!(error instanceof FaultValidationError)) throw error;
      return labError(
        400,
        'INVALID_FAULT',
        `The fault request is not valid: ${error.message}`,
        error.issues,
      );
    }
  }
  return methodNotAllowed(request.url.pathname, id === undefined ? 'GET, POST, DELETE' : 'DELETE');
}

function replicationRoute(request: LabRequest, context: LabRoutesContext): LabResponse {
  if (request.method === 'GET') return jsonResponse(200, replicationDocument(context));
  if (request.method !== 'PUT') return methodNotAllowed('/_lab/replication', 'GET, PUT');
  const body = parseLabJson(request.body);
  if (!body.ok) return body.response;
  const parsed = lagSchema.safeParse(body.value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.join('.') || '(body)',
      value: issue.path.length
        ? (body.value as Record<string, unknown>)?.[String(issue.path[0])]
        : body.value,
      message:
        issue.code === 'unrecognized_keys'
          ? `unknown field(s) ${issue.keys.join(', ')}; expected only lagMs`
          : issue.message,
    }));
    return labError(
      400,
      'INVALID_REPLICATION_SETTINGS',
      'The replication settings are not valid.',
      issues,
    );
  }
  context.replicator.setLagMs(parsed.data.lagMs);
  return jsonResponse(200, replicationDocument(context));
}

/** Answers a request under `/_lab/`. */
export async function routeLabRequest(
  request: LabRequest,
  context: LabRoutesContext,
): Promise<LabResponse> {
  const path = request.url.pathname.replace(/\/+$/, '');
  if (path === '/_lab/health') {
    if (request.method !== 'GET') return methodNotAllowed(path, 'GET');
    const components = await context.health();
    const healthy = Object.values(components).every((c) => c.healthy);
    return jsonResponse(healthy ? 200 : 503, { healthy, components });
  }
  const faultMatch = /^\/_lab\/faults(?:\/([^/]+))?$/.exec(path);
  if (faultMatch)
    return faultsRoute(request, faultMatch[1] && decodeURIComponent(faultMatch[1]), context);
  if (path === '/_lab/replication') return replicationRoute(request, context);
  return labError(
    404,
    'NOT_FOUND',
    `No lab endpoint ${request.method} ${request.url.pathname}. Endpoints: GET /_lab/health, GET|POST|DELETE /_lab/faults, DELETE /_lab/faults/<id>, GET|PUT /_lab/replication.`,
  );
}
