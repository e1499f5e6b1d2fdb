/**
 * Talking to a running lab's own endpoints (`/_lab/*`) over HTTP: where the lab is
 * (MYSFITS_DR_LAB_ENDPOINT, else the lab folder's state), and JSON requests whose errors
 * become DrErrors that list every problem the lab named.
 */
import { drError, isErrorCode } from '../../core/errors.js';
import { readState } from '../../lab/state.js';

/** The lab state folder: `flag` (resolved against `cwd`) when given, else the default for `env`. */
export async function labFolder(
  env: NodeJS.ProcessEnv,
  flag: string | undefined,
  cwd: string,
): Promise<string> {
  const [{ defaultLabDir }, { resolve }] = await Promise.all([
    import('../../lab/paths.js'),
    import('node:path'),
  ]);
  return flag ? resolve(cwd, flag) : defaultLabDir(env);
}

/** The lab endpoint: MYSFITS_DR_LAB_ENDPOINT when set, else the running lab in `dir`. */
export async function resolveLabEndpoint(env: NodeJS.ProcessEnv, dir: string): Promise<string> {
  if (env.MYSFITS_DR_LAB_ENDPOINT) return env.MYSFITS_DR_LAB_ENDPOINT.replace(/\/$/, '');
  const state = await readState(dir);
  if (!state) {
    throw drError('LAB_NOT_RUNNING', `no lab is running (no state in ${dir})`, {
      hint: 'Start it with `mysfits-dr lab up`, or set MYSFITS_DR_LAB_ENDPOINT.',
    });
  }
  return state.endpoint;
}

interface LabErrorBody {
  error?: {
    code?: string;
    message?: string;
    issues?: { path: string; value?: unknown; message: string }[];
  };
}

/** Sends a JSON request to the lab; returns the parsed answer or throws (4xx → exit 2, else 1/6). */
export async function labRequest<T>(
  endpoint: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${endpoint}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (cause) {
    throw drError('LAB_UNREACHABLE', `the lab at ${endpoint} did not answer ${method} ${path}`, {
      cause,
    });
  }
  const document = (await response.json().catch(() => ({}))) as T & LabErrorBody;
  if (response.ok) return document;
  const error = document.error ?? {};
  const issues = (error.issues ?? []).map(
    (i) =>
      `  - ${i.path}: ${i.value === undefined ? '' : `found ${JSON.stringify(i.value)}; `}${i.message}`,
  );
  // The lab's codes are in the catalogue; one it does not know (an older or newer lab) is LAB_ERROR.
  const code = isErrorCode(error.code) ? error.code : 'LAB_ERROR';
  throw drError(
    code,
    [error.message ?? `the lab answered ${response.status}`, ...issues].join('\n'),
    {
      exit: response.status < 500 ? 'usage' : 'failed',
      source: response.status < 500 ? 'user' : 'internal',
      details: error,
    },
  );
}
