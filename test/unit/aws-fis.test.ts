// The AWS FIS fault actions (StartExperiment, StopExperiment as signed REST-JSON calls made of
// the SDK's parts, src/aws/signed-rest-json.ts) against a local HTTP server standing in for
// FIS: it checks what is sent (method, path, JSON body, and the SigV4 signature, recomputed
// with the test secret, scoped to service `fis`) and answers with responses recorded from AWS
// (the AWS CLI's documented outputs of start-experiment and stop-experiment) or with AWS's
// REST-JSON error shapes (x-amzn-ErrorType header, or `__type` in the body).
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AwsSettings } from '../../src/aws/clients.js';
import { awsFaultActions } from '../../src/aws/fault-actions.js';
import { labConfig } from '../../src/config/lab-config.js';
import { parseConfig } from '../../src/config/loader.js';
import type { DrError } from '../../src/core/errors.js';
import { drErrorOf } from '../helpers/failures.js';

const config = parseConfig(labConfig(), 'lab');
const KEY = { accessKeyId: 'AKIDFISTEST', secretAccessKey: 'fis-test-secret' };
const TEMPLATE = 'ABCDE1fgHIJkLmNop';
const EXPERIMENT = 'ABC12DeFGhI3jKLMNOP';

/** The experiment of AWS's documented examples (awscli examples/fis) with its own state, actions and times. */
function documentedExperiment(
  state: { status: string; reason: string },
  actions: Record<string, unknown>,
  creationTime: number,
  startTime: number,
) {
  return {
    experiment: {
      id: EXPERIMENT,
      experimentTemplateId: TEMPLATE,
      roleArn: 'arn:aws:iam::123456789012:role/myRole',
      state,
      targets: {
        'Instances-Target-1': {
          resourceType: 'aws:ec2:instance',
          resourceArns: ['arn:aws:ec2:us-west-2:123456789012:instance/i-12a3b4c56d78e9012'],
          selectionMode: 'ALL',
        },
      },
      actions,
      stopConditions: [{ source: 'none' }],
      creationTime,
      startTime,
      tags: {},
    },
  };
}

/** The examples' pending reboot action, with the state's reason and any other fields. */
function rebootAction(reason: string, extra: Record<string, unknown> = {}) {
  return {
    actionId: 'aws:ec2:reboot-instances',
    parameters: {},
    targets: { Instances: 'Instances-Target-1' },
    ...extra,
    state: { status: 'pending', reason },
  };
}

/** `aws fis start-experiment` output as documented by AWS (awscli examples/fis). */
const START_RESPONSE = documentedExperiment(
  { status: 'initiating', reason: 'Experiment is initiating.' },
  {
    reboot: rebootAction('Initial state'),
  },
  1616432464.025,
  1616432464.374,
);

/** `aws fis stop-experiment` output as documented by AWS (awscli examples/fis). */
const STOP_RESPONSE = documentedExperiment(
  { status: 'stopping', reason: 'Stopping Experiment.' },
  {
    reboot: rebootAction('Initial state.', { startAfter: ['wait'] }),
    wait: {
      actionId: 'aws:fis:wait',
      parameters: { duration: 'PT5M' },
      state: { status: 'running', reason: '' },
    },
  },
  1616432680.927,
  1616432681.177,
);

interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface Answer {
  status: number;
  body: unknown;
  /** AWS REST-JSON error type header (x-amzn-ErrorType). */
  errorType?: string;
  /** Never answer (the client's request timeout must end the call). */
  hang?: boolean;
}

let server: Server;
let url: string;
const requests: Recorded[] = [];
const answers: Answer[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const parsed = new URL(req.url ?? '/', 'http://x');
      requests.push({
        method: req.method ?? '',
        path: parsed.pathname,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const answer = answers.shift() ?? { status: 500, body: { message: 'no answer queued' } };
      if (answer.hang) return;
      res.writeHead(answer.status, {
        'content-type': 'application/json',
        'x-amzn-requestid': 'e5f0f0b7-0000-4000-8000-000000000001',
        ...(answer.errorType
          ? {
              'x-amzn-errortype': `${answer.errorType}:http://internal.amazon.com/coral/com.amazonaws.fis/`,
            }
          : {}),
      });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  requests.length = 0;
  answers.length = 0;
});

function actions(settings: Partial<AwsSettings> = {}) {
  return awsFaultActions(
    { endpointUrl: url, env: {}, credentials: KEY, maxAttempts: 1, ...settings },
    config,
  );
}

/** Queues AWS's REST-JSON error answer: `status`, the x-amzn-ErrorType header and the message. */
function answerError(status: number, errorType: string, message: string): void {
  answers.push({ status, body: { message }, errorType });
}

/** The DrError a call on fresh fault actions fails with; their clients are destroyed after. */
async function fisFailure(
  call: (fis: ReturnType<typeof actions>) => Promise<unknown>,
  settings: Partial<AwsSettings> = {},
): Promise<DrError> {
  const fis = actions(settings);
  return drErrorOf(call(fis)).finally(() => fis.destroy());
}

const hex = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) =>
  createHmac('sha256', key).update(data).digest();

/**
 * Checks a request's SigV4 Authorization header by computing the signature again (SigV4 as
 * documented in the IAM user guide) with `secret`; answers the credential scope.
 */
function verifySigV4(request: Recorded, secret: string): string[] {
  const auth = String(request.headers.authorization ?? '');
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  expect(match, `Authorization header: ${auth}`).not.toBeNull();
  const [, credential, signedHeaders, signature] = match!;
  const [, date, region, service] = credential!.split('/');
  const amzDate = String(request.headers['x-amz-date']);
  const names = signedHeaders!.split(';');
  const canonicalHeaders = names
    .map((n) => `${n}:${String(request.headers[n]).trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonicalRequest = [
    request.method,
    request.path,
    '',
    canonicalHeaders,
    signedHeaders,
    hex(request.body),
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, hex(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${secret}`, date!);
  for (const part of [region!, service!, 'aws4_request']) key = hmac(key, part);
  expect(createHmac('sha256', key).update(toSign).digest('hex')).toBe(signature);
  return credential!.split('/');
}

describe('startFisExperiment', () => {
  it('POSTs /experiments, signed for fis in the region, and answers the id and state', async () => {
    answers.push({ status: 200, body: START_RESPONSE });
    const fis = actions();
    try {
      const out = await fis.startFisExperiment('us-east-1', TEMPLATE);
      expect(out).toEqual({ experimentId: EXPERIMENT, state: 'initiating' });
    } finally {
      fis.destroy();
    }
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/experiments');
    expect(request!.headers['content-type']).toBe('application/json');
    const [accessKeyId, , region, service, terminator] = verifySigV4(request!, KEY.secretAccessKey);
    expect({ accessKeyId, region, service, terminator }).toEqual({
      accessKeyId: KEY.accessKeyId,
      region: 'us-east-1',
      service: 'fis',
      terminator: 'aws4_request',
    });
    const body = JSON.parse(request!.body) as Record<string, unknown>;
    expect(body).toEqual({ experimentTemplateId: TEMPLATE, clientToken: expect.any(String) });
    expect(body.clientToken).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends the same client token again when the SDK retries a failed start', async () => {
    answers.push(
      { status: 500, body: { message: 'Internal error' }, errorType: 'InternalServerException' },
      { status: 200, body: START_RESPONSE },
    );
    const fis = actions({ maxAttempts: 2 });
    try {
      await fis.startFisExperiment('us-west-2', TEMPLATE);
    } finally {
      fis.destroy();
    }
    expect(requests).toHaveLength(2);
    const tokens = requests.map((r) => (JSON.parse(r.body) as { clientToken: string }).clientToken);
    expect(tokens[0]).toBe(tokens[1]);
    expect(verifySigV4(requests[1]!, KEY.secretAccessKey)[2]).toBe('us-west-2');
  });

  it('turns 404 ResourceNotFoundException into an error naming the template, region and fix', async () => {
    answerError(404, 'ResourceNotFoundException', 'Experiment template not found.');
    const error = await fisFailure((fis) => fis.startFisExperiment('us-east-1', 'EXTmissing'));
    expect(error.code).toBe('AWS_ERROR');
    expect(error.exitCode).toBe(1);
    expect(error.source).toBe('aws');
    expect(error.message).toContain('template EXTmissing in us-east-1');
    expect(error.message).toContain('ResourceNotFoundException: Experiment template not found.');
    expect(error.message).toContain('e5f0f0b7-0000-4000-8000-000000000001');
    expect(error.hint).toContain('aws fis list-experiment-templates --region us-east-1');
  });

  it('reports AccessDeniedException as a credentials error (exit 4)', async () => {
    answerError(
      403,
      'AccessDeniedException',
      'User: arn:aws:sts::123456789012:assumed-role/x/y is not authorized to perform: fis:StartExperiment',
    );
    const error = await fisFailure((fis) => fis.startFisExperiment('us-east-1', TEMPLATE));
    expect(error.code).toBe('AWS_CREDENTIALS');
    expect(error.exitCode).toBe(4);
    expect(error.message).toContain('fis:StartExperiment');
  });

  it('refuses a region that is not configured, naming the configured ones, before any call', async () => {
    const error = await fisFailure((fis) => fis.startFisExperiment('eu-west-1', TEMPLATE));
    expect(error.code).toBe('UNKNOWN_REGION');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('eu-west-1');
    expect(error.hint).toContain('us-west-2, us-east-1');
    expect(requests).toHaveLength(0);
  });

  it('signs with the --profile credentials from the shared files, at AWS_ENDPOINT_URL_FIS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fis-profile-'));
    writeFileSync(
      join(dir, 'credentials'),
      '[drill]\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = profile-secret\n',
    );
    writeFileSync(join(dir, 'config'), '[profile drill]\nregion = us-east-1\n');
    const saved = { ...process.env };
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'])
      delete process.env[name];
    Object.assign(process.env, {
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    answers.push({ status: 200, body: START_RESPONSE });
    const fis = awsFaultActions(
      { profile: 'drill', env: { AWS_ENDPOINT_URL_FIS: url }, maxAttempts: 1 },
      config,
    );
    try {
      await fis.startFisExperiment('us-east-1', TEMPLATE);
    } finally {
      fis.destroy();
      process.env = saved;
    }
    expect(verifySigV4(requests[0]!, 'profile-secret')[0]).toBe('AKIDFROMPROFILE');
  });
});

describe('retries and errors, as the SDK clients do them', () => {
  it.each([
    {
      what: 'does not retry a client error (ValidationException, 400): one request only',
      errors: [[400, 'ValidationException', 'Invalid template id.']] as const,
      maxAttempts: 3,
      stop: false,
    },
    {
      what: 'stops retrying throttling (429) after the attempts, naming ThrottlingException',
      errors: [
        [429, 'ThrottlingException', 'Rate exceeded'],
        [429, 'ThrottlingException', 'Rate exceeded'],
      ] as const,
      maxAttempts: 2,
      stop: true,
    },
  ])('$what', async ({ errors, maxAttempts, stop }) => {
    for (const [status, type, message] of errors) answerError(status, type, message);
    const error = await fisFailure(
      (fis) =>
        stop
          ? fis.stopFisExperiment('us-east-1', EXPERIMENT)
          : fis.startFisExperiment('us-east-1', TEMPLATE),
      { maxAttempts },
    );
    expect(requests).toHaveLength(errors.length);
    expect(error.code).toBe('AWS_ERROR');
    expect(error.message).toContain(`${errors[0][1]}: ${errors[0][2]}`);
  });

  it('retries throttling (429) with a fresh signature and says which attempt each request is', async () => {
    answerError(429, 'ThrottlingException', 'Rate exceeded');
    answers.push({ status: 200, body: START_RESPONSE });
    const fis = actions({ maxAttempts: 3 });
    try {
      await fis.startFisExperiment('us-east-1', TEMPLATE);
    } finally {
      fis.destroy();
    }
    expect(requests.map((r) => r.headers['amz-sdk-request'])).toEqual([
      'attempt=1; max=3',
      'attempt=2; max=3',
    ]);
    const ids = requests.map((r) => r.headers['amz-sdk-invocation-id']);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toBe(ids[0]);
    for (const request of requests) verifySigV4(request, KEY.secretAccessKey);
  });

  it('reads the error code from `__type` when there is no x-amzn-ErrorType header', async () => {
    answers.push({
      status: 409,
      body: { __type: 'com.amazonaws.fis#ConflictException', message: 'Experiment is running.' },
    });
    const error = await fisFailure((fis) => fis.startFisExperiment('us-east-1', TEMPLATE));
    expect(error.message).toContain('ConflictException: Experiment is running.');
  });

  it('reports an endpoint that refuses connections as unreachable (exit 6)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await fisFailure((fis) => fis.startFisExperiment('us-east-1', TEMPLATE), {
      endpointUrl: `http://127.0.0.1:${port}`,
    });
    expect(error.code).toBe('AWS_UNREACHABLE');
    expect(error.exitCode).toBe(6);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('ends a call FIS does not answer after the request timeout, as unreachable', async () => {
    answers.push({ status: 200, body: {}, hang: true });
    const error = await fisFailure((fis) => fis.startFisExperiment('us-east-1', TEMPLATE), {
      requestTimeoutMs: 300,
    });
    expect(requests).toHaveLength(1);
    expect(error.code).toBe('AWS_UNREACHABLE');
    expect(error.message).toContain('TimeoutError');
  });
});

describe('stopFisExperiment', () => {
  it('DELETEs /experiments/{id}, signed for fis, and answers the state', async () => {
    answers.push({ status: 200, body: STOP_RESPONSE });
    const fis = actions();
    try {
      expect(await fis.stopFisExperiment('us-east-1', EXPERIMENT)).toEqual({ state: 'stopping' });
    } finally {
      fis.destroy();
    }
    const [request] = requests;
    expect(request!.method).toBe('DELETE');
    expect(request!.path).toBe(`/experiments/${EXPERIMENT}`);
    expect(request!.body).toBe('');
    expect(verifySigV4(request!, KEY.secretAccessKey).slice(2, 4)).toEqual(['us-east-1', 'fis']);
  });

  it('turns 404 ResourceNotFoundException into an error naming the experiment and the fix', async () => {
    answerError(404, 'ResourceNotFoundException', 'Experiment not found.');
    const error = await fisFailure((fis) => fis.stopFisExperiment('us-west-2', 'EXPgone'));
    expect(error.message).toContain('Stopping AWS FIS experiment EXPgone in us-west-2 failed');
    expect(error.message).toContain('ResourceNotFoundException: Experiment not found.');
    expect(error.hint).toContain('aws fis list-experiments --region us-west-2');
  });
});
