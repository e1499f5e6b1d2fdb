// What the built CLI loads to start a command (issue 17, part 3): the launcher answers
// `--version` alone, and a command loads the SDK client it calls and no other: `lock show`
// loads DynamoDB's client, none of the other five, and with keys in the environment none of the
// credential chain's other providers or their nested STS/SSO clients, and once the config has
// been validated by this build (config/validated-cache.ts) no zod either. Read from the files Node
// loads (a `--import` hook) and the package each bundled module came from (the bundle keeps a
// `// node_modules/<package>/…` line before each module).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const HOOK = fileURLToPath(new URL('../fixtures/startup/log-loads.mjs', import.meta.url));
// The file's own cache folder (compile cache, validated configs), so the first run is a first run.
const CACHE = mkdtempSync(join(tmpdir(), 'mysfits-dr-startup-cache-'));
afterAll(() => rmSync(CACHE, { recursive: true, force: true }));
const BUNDLE = `${pathToFileURL(join(REPO_ROOT, 'dist', 'cli')).href}/`;

/** Runs the CLI and returns the files it loaded and the packages bundled into those files. */
async function loadsOf(args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = await runCli(args, {
    env: { NODE_OPTIONS: `--import=${HOOK}`, XDG_CACHE_HOME: CACHE, ...env },
  });
  const files = [...run.stderr.matchAll(/^loaded: (\S+)$/gm)].map((m) => m[1]!);
  const chunks = files.filter((f) => f.startsWith(BUNDLE));
  const packages = new Set(
    chunks.flatMap((url) =>
      [
        ...readFileSync(fileURLToPath(url), 'utf8').matchAll(
          /^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm,
        ),
      ].map((m) => m[1]!),
    ),
  );
  return { run, files, chunks, packages };
}

/** A closed port: the SDK loads and signs, the call is refused at once. */
const CLOSED = {
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_ACCESS_KEY_ID: 'AKIDSTARTUPTEST',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_REGION: 'us-west-2',
  AWS_PROFILE: undefined,
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
};

const OTHER_CLIENTS = [
  '@aws-sdk/client-ecs',
  '@aws-sdk/client-elastic-load-balancing-v2',
  '@aws-sdk/client-cloudwatch',
  '@aws-sdk/client-xray',
  '@aws-sdk/client-global-accelerator',
  '@aws-sdk/client-cloudformation',
  '@aws-sdk/client-fis',
];

const OTHER_CREDENTIAL_PROVIDERS = [
  '@aws-sdk/nested-clients',
  '@aws-sdk/client-sts',
  '@aws-sdk/client-sso',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
];

describe('start-up of the built CLI', () => {
  it('answers --version and -V from the launcher, without loading the bundle', async () => {
    for (const flag of ['--version', '-V']) {
      const { run, files } = await loadsOf([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
      expect(files.filter((f) => f.startsWith(BUNDLE))).toEqual([]);
    }
    // With other flags the program answers: the same version, from the bundle.
    const { run: full, chunks } = await loadsOf(['--no-color', '--version']);
    expect(full.code).toBe(0);
    expect(chunks.length).toBeGreaterThan(0);
    expect(full.stdout).toBe((await runCli(['--version'])).stdout);
  });

  it('config validate loads no AWS SDK code, and zod only while the file is not cached', async () => {
    const first = await loadsOf(['config', 'validate']);
    expect(first.run.code).toBe(0);
    expect(first.packages).toContain('zod');
    expect([...first.packages].filter((p) => /^@(aws-sdk|smithy)\//.test(p))).toEqual([]);
    // The same file, the same build: the validated config comes from the cache.
    const again = await loadsOf(['config', 'validate']);
    expect(again.run.code).toBe(0);
    expect(again.run.stdout).toBe(first.run.stdout);
    expect(again.packages).not.toContain('zod');
    // With the cache turned off the file is validated on every run.
    const off = await loadsOf(['config', 'validate'], { MYSFITS_DR_NO_CONFIG_CACHE: '1' });
    expect(off.run.stdout).toBe(first.run.stdout);
    expect(off.packages).toContain('zod');
  });

  it('lock show loads the DynamoDB client alone, and only the environment credentials', async () => {
    await loadsOf(['config', 'validate']); // the config's entry in the cache
    const { run, packages } = await loadsOf(['lock', 'show'], CLOSED);
    expect(run.stderr).toContain('ECONNREFUSED');
    expect(run.code).toBe(6);
    expect(packages).toContain('@aws-sdk/client-dynamodb');
    expect(packages).toContain('@aws-sdk/credential-provider-env');
    for (const other of [...OTHER_CLIENTS, ...OTHER_CREDENTIAL_PROVIDERS, 'zod']) {
      expect(packages, other).not.toContain(other);
    }
  });
});
