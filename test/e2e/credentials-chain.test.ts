// The built CLI's credentials, as the endpoint sees them (the access key of each SigV4
// Authorization header): the bundle loads the SDK's credential providers lazily, so each source
// of the default chain is exercised through the bundle here. The chain's order is the SDK's
// (@aws-sdk/credential-provider-node): environment keys, unless a profile is named (`--profile`
// or AWS_PROFILE), which then wins; a profile's static keys, its `credential_process`, and its
// `role_arn` + `source_profile` (AssumeRole through the nested STS client).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { runInProcess } from '../helpers/program.js';

interface Seen {
  accessKey: string;
  /** `sts` for an AssumeRole call, else the target service of the signature (dynamodb). */
  service: string;
}

let server: Server;
let endpoint: string;
const seen: Seen[] = [];
/** The body of every request, in order. */
const bodies: string[] = [];

const ROLE_KEY = 'ASIAASSUMEDROLEKEY';
const ASSUME_ROLE_RESPONSE = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${ROLE_KEY}</AccessKeyId>
      <SecretAccessKey>role-secret</SecretAccessKey>
      <SessionToken>role-session-token</SessionToken>
      <Expiration>2099-01-01T00:00:00Z</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROATEST:mysfits-dr</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/operator/mysfits-dr</Arn>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>test</RequestId></ResponseMetadata>
</AssumeRoleResponse>`;

beforeAll(async () => {
  // Records who signed each call; answers AssumeRole, and every DynamoDB call with an error
  // the SDK does not retry (the lock's table does not exist), so each run ends at once.
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const auth = req.headers.authorization ?? '';
      const [, accessKey = '', service = ''] =
        /Credential=([^/]+)\/\d{8}\/[^/]+\/([^/]+)\//.exec(auth) ?? [];
      seen.push({ accessKey, service });
      bodies.push(body);
      if (body.includes('Action=AssumeRole')) {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(ASSUME_ROLE_RESPONSE);
        return;
      }
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
          message: 'Requested resource not found',
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

/** AWS files of their own for one run; nothing of the user's ~/.aws is read. */
function awsFiles(config: string, credentials = ''): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'mysfits-dr-credentials-'));
  writeFileSync(join(dir, 'config'), config);
  writeFileSync(join(dir, 'credentials'), credentials);
  return {
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
  };
}

/** No credentials from the machine running the tests: only what a test gives. */
const CLEAN_ENV: NodeJS.ProcessEnv = {
  AWS_REGION: 'us-west-2',
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
  AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
  AWS_EC2_METADATA_DISABLED: 'true',
};

/** Runs the built CLI against the recording endpoint; `seen` is emptied first. */
function cliAgainstRecorder(args: string[], env: NodeJS.ProcessEnv) {
  seen.length = 0;
  return runCli(args, { env: { AWS_ENDPOINT_URL: endpoint, ...CLEAN_ENV, ...env } });
}

/** Runs `lock show` against the recording endpoint; returns the access keys that signed. */
async function keysOf(args: string[], env: NodeJS.ProcessEnv): Promise<Seen[]> {
  const run = await cliAgainstRecorder([...args, 'lock', 'show'], env);
  // The lock's table is missing at this endpoint: the lock cannot be read (exit 6).
  expect(run.stderr).toContain('Requested resource not found');
  expect(run.code).toBe(6);
  // The SDK's own warnings (two sources of credentials, say) never reach stderr.
  expect(run.stderr).not.toMatch(/WARNING|credential-provider/);
  return [...seen];
}

const ENV_KEYS = { AWS_ACCESS_KEY_ID: 'AKIDFROMENVIRONMENT', AWS_SECRET_ACCESS_KEY: 'env' };
const PROFILE_KEYS = `[operator]
aws_access_key_id = AKIDFROMPROFILE
aws_secret_access_key = profile
`;

describe('the credentials the built CLI signs with', () => {
  it('takes the keys in the environment when no profile is named', async () => {
    const calls = await keysOf([], { ...ENV_KEYS, ...awsFiles('', PROFILE_KEYS) });
    expect(calls.length).toBeGreaterThan(0);
    expect(new Set(calls.map((c) => c.accessKey))).toEqual(new Set(['AKIDFROMENVIRONMENT']));
  });

  it('--profile wins over keys in the environment', async () => {
    const calls = await keysOf(['--profile', 'operator'], {
      ...ENV_KEYS,
      ...awsFiles('', PROFILE_KEYS),
    });
    expect(calls.length).toBeGreaterThan(0);
    expect(new Set(calls.map((c) => c.accessKey))).toEqual(new Set(['AKIDFROMPROFILE']));
  });

  it("AWS_PROFILE's credential_process", async () => {
    const script = join(mkdtempSync(join(tmpdir(), 'mysfits-dr-process-')), 'creds.sh');
    writeFileSync(
      script,
      `#!/bin/sh\necho '{"Version": 1, "AccessKeyId": "AKIDFROMPROCESS", "SecretAccessKey": "p"}'\n`,
      { mode: 0o755 },
    );
    const calls = await keysOf([], {
      AWS_PROFILE: 'tool',
      ...awsFiles(`[profile tool]\ncredential_process = ${script}\n`),
    });
    expect(new Set(calls.map((c) => c.accessKey))).toEqual(new Set(['AKIDFROMPROCESS']));
  });

  it("--profile with role_arn assumes the role with the source profile's keys", async () => {
    const calls = await keysOf(['--profile', 'role'], {
      ...awsFiles(
        `[profile role]\nrole_arn = arn:aws:iam::123456789012:role/operator\nsource_profile = operator\n`,
        PROFILE_KEYS,
      ),
    });
    const assume = calls.filter((c) => c.service === 'sts');
    expect(assume.length).toBeGreaterThan(0);
    expect(new Set(assume.map((c) => c.accessKey))).toEqual(new Set(['AKIDFROMPROFILE']));
    const dynamodb = calls.filter((c) => c.service === 'dynamodb');
    expect(dynamodb.length).toBeGreaterThan(0);
    expect(new Set(dynamodb.map((c) => c.accessKey))).toEqual(new Set([ROLE_KEY]));
  });

  it('assumes the role once per process, however many clients the command builds', async () => {
    // `metrics` reads CloudWatch and X-Ray in both regions: four clients, one credential chain.
    const run = await cliAgainstRecorder(
      ['--profile', 'role', '--json', 'metrics', '--since', '1m'],
      {
        ...awsFiles(
          `[profile role]\nrole_arn = arn:aws:iam::123456789012:role/operator\nsource_profile = operator\n`,
          PROFILE_KEYS,
        ),
      },
    );
    const signed = seen.filter((c) => c.service !== 'sts');
    expect(new Set(signed.map((c) => c.service)), run.stderr).toEqual(
      new Set(['monitoring', 'xray']),
    );
    expect(new Set(signed.map((c) => c.accessKey))).toEqual(new Set([ROLE_KEY]));
    expect(seen.filter((c) => c.service === 'sts')).toHaveLength(1);
  });
});

describe('credentials refused before any call', () => {
  it('--profile naming no profile: exit 4, the profile and the files named, nothing called', async () => {
    const run = await cliAgainstRecorder(['--profile', 'operatr', 'lock', 'show'], {
      ...awsFiles('[profile tool]\nregion = us-west-2\n', PROFILE_KEYS),
    });
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain(
      'the AWS profile "operatr" (from --profile) is defined in neither',
    );
    expect(run.stderr).toMatch(/hint: Pass one of the profiles defined there \(operator, tool\)/);
    expect(seen).toEqual([]);
    const json = await cliAgainstRecorder(['--json', '--profile', 'operatr', 'lock', 'show'], {
      ...awsFiles('', ''),
    });
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: { code: 'PROFILE_NOT_FOUND', exitCode: 4 },
    });
  });

  it('--endpoint-url that is not a URL: exit 2 naming it, nothing called', async () => {
    for (const bad of ['127.0.0.1:4580', 'ftp://lab', 'lab']) {
      const run = await cliAgainstRecorder(['--json', '--endpoint-url', bad, 'lock', 'show'], {
        ...ENV_KEYS,
      });
      expect(run.code, run.stderr).toBe(2);
      expect(JSON.parse(run.stdout)).toMatchObject({
        error: {
          code: 'INVALID_ENDPOINT_URL',
          message: `--endpoint-url "${bad}" is not an http or https URL`,
        },
      });
    }
    expect(seen).toEqual([]);
  });
});

describe('a change without usable credentials', () => {
  it('no credentials at all: exit 4 (AWS_CREDENTIALS), not a lock outage, nothing sent', async () => {
    const run = await cliAgainstRecorder(['--json', 'failover', '--to', 'us-east-1', '--yes'], {
      ...awsFiles('', ''),
    });
    expect(run.code, run.stdout).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: { code: 'AWS_CREDENTIALS', exitCode: 4 },
    });
    expect(seen).toEqual([]);
  });
});

describe('a profile with mfa_serial', () => {
  const MFA = 'arn:aws:iam::123456789012:mfa/alice';
  const files = () =>
    awsFiles(
      `[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/operator\nsource_profile = operator\nmfa_serial = ${MFA}\n`,
      PROFILE_KEYS,
    );

  it('asks for the code once for the whole process, and sends it with AssumeRole', async () => {
    // In process: the SDK reads the AWS files from the process's environment.
    const env = { ...CLEAN_ENV, ...files(), AWS_ENDPOINT_URL: endpoint };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
    const asked: string[] = [];
    seen.length = 0;
    bodies.length = 0;
    try {
      await runInProcess(['--profile', 'mfa', '--json', 'metrics', '--since', '1m'], {
        env: process.env,
        context: { mfaCode: async (serial) => (asked.push(serial), '123456') },
      });
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
    expect(asked).toEqual([MFA]);
    const assume = bodies.filter((b) => b.includes('Action=AssumeRole'));
    expect(assume).toHaveLength(1);
    expect(assume[0]).toContain('TokenCode=123456');
    expect(assume[0]).toContain(`SerialNumber=${encodeURIComponent(MFA)}`);
    expect(seen.filter((c) => c.service === 'xray').map((c) => c.accessKey)).toContain(ROLE_KEY);
  });

  it('without a terminal to ask on: every read fails as a credentials failure naming the device', async () => {
    // A read command reports what it could not read (exit 7, `unknown`), each read's failure
    // of kind `credentials`; no AssumeRole is sent without the code.
    const run = await cliAgainstRecorder(
      ['--profile', 'mfa', '--json', 'metrics', '--since', '1m'],
      files(),
    );
    expect(run.code, run.stdout).toBe(7);
    const doc = JSON.parse(run.stdout) as {
      regions: { failure?: { kind: string; message: string } }[];
    };
    expect(doc.regions).toHaveLength(2);
    for (const region of doc.regions) {
      expect(region.failure?.kind).toBe('credentials');
      expect(region.failure?.message).toContain(`needs a code from the MFA device ${MFA}`);
    }
    expect(seen).toEqual([]);
  });

  it('a change without a terminal to ask on: exit 4, MFA_CODE_NEEDED, nothing sent', async () => {
    const run = await cliAgainstRecorder(
      ['--profile', 'mfa', '--json', 'traffic', 'set', 'us-east-1', '50', '--yes'],
      files(),
    );
    expect(run.code, run.stdout).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: { code: 'MFA_CODE_NEEDED', exitCode: 4 },
    });
    expect(seen).toEqual([]);
  });
});
