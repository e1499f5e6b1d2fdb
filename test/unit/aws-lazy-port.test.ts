// Ports whose adapter and SDK client are imported on the first call (src/aws/lazy-port.ts), and
// the PortFactory built on them: a command imports only the clients it calls. Which SDK client
// modules were imported is seen through vi.mock, whose factory runs when a module is imported.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyPort, type MethodNames } from '../../src/aws/lazy-port.js';
import { awsPortFactory, type AwsPortFactory } from '../../src/aws/ports.js';

const { imported, recordImport } = vi.hoisted(() => {
  const imported: string[] = [];
  /** A vi.mock factory that notes the import of `name` and gives the real module. */
  const recordImport = (name: string) => async (original: () => Promise<unknown>) => {
    imported.push(name);
    return original();
  };
  return { imported, recordImport };
});
vi.mock('@aws-sdk/client-dynamodb', recordImport('dynamodb'));
vi.mock('@aws-sdk/client-ecs', recordImport('ecs'));
vi.mock('@aws-sdk/client-elastic-load-balancing-v2', recordImport('elbv2'));
vi.mock('@aws-sdk/client-cloudwatch', recordImport('cloudwatch'));
vi.mock('@aws-sdk/client-xray', recordImport('xray'));
vi.mock('@aws-sdk/client-global-accelerator', recordImport('accelerator'));

interface Greeter {
  greet(name: string): Promise<string>;
  count(): Promise<number>;
}
const GREETER: MethodNames<Greeter> = { greet: true, count: true };

/** A Greeter loader that counts its loads and can be told to fail. */
function greeterLoader() {
  const state = { loads: 0, fail: false, calls: 0 };
  const load = async (): Promise<Greeter> => {
    state.loads += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (state.fail) throw new Error('cannot load the adapter');
    return {
      greet: async (name) => `hello ${name}`,
      count: async () => (state.calls += 1),
    };
  };
  return { state, load };
}

describe('lazyPort', () => {
  it('loads nothing until the first call, then forwards arguments and answers', async () => {
    const { state, load } = greeterLoader();
    const port = lazyPort(GREETER, load);
    expect(Object.keys(port).sort()).toEqual(['count', 'greet']);
    expect(state.loads).toBe(0);
    expect(await port.greet('mysfit')).toBe('hello mysfit');
    expect(await port.count()).toBe(1);
    expect(await port.count()).toBe(2);
    expect(state.loads).toBe(1);
  });

  it('loads once for calls that start together', async () => {
    const { state, load } = greeterLoader();
    const port = lazyPort(GREETER, load);
    const answers = await Promise.all([port.greet('a'), port.greet('b'), port.count()]);
    expect(answers).toEqual(['hello a', 'hello b', 1]);
    expect(state.loads).toBe(1);
  });

  it('fails the call whose load failed, and loads again on the next call', async () => {
    const { state, load } = greeterLoader();
    const port = lazyPort(GREETER, load);
    state.fail = true;
    await expect(port.greet('a')).rejects.toThrow('cannot load the adapter');
    state.fail = false;
    expect(await port.greet('b')).toBe('hello b');
    expect(state.loads).toBe(2);
  });
});

describe('awsPortFactory', () => {
  let ports: AwsPortFactory | undefined;
  afterEach(() => ports?.destroy());
  // A module is imported once per file: `imported` holds every client imported so far.

  it("imports a service's SDK client on its port's first call, and no other client", async () => {
    // A closed port: the call is refused at once, after the client was built and signed.
    ports = awsPortFactory(
      {
        env: {},
        endpointUrl: 'http://127.0.0.1:9',
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
      },
      { maxAttempts: 1, requestTimeoutMs: 2_000 },
    );
    const west = ports.region('us-west-2');
    const { ecs, elbv2, cloudwatch, xray } = west;
    ports.accelerator();
    expect([ecs, elbv2, cloudwatch, xray].every((p) => typeof p === 'object')).toBe(true);
    expect(imported).toEqual([]);

    await expect(west.dynamodb.getItem('MysfitsTable', { MysfitId: 'x' })).rejects.toThrow(
      /ECONNREFUSED/,
    );
    expect(imported).toEqual(['dynamodb']);

    await expect(ports.region('us-east-1').dynamodb.describeTable('MysfitsTable')).rejects.toThrow(
      /ECONNREFUSED/,
    );
    await expect(west.ecs.describeServices('cluster', ['svc'])).rejects.toThrow(/ECONNREFUSED/);
    expect(imported).toEqual(['dynamodb', 'ecs']);
  });

  it('load() imports the services named (default: all) before any call', async () => {
    ports = awsPortFactory({ env: {} });
    await ports.load(['cloudwatch', 'xray']);
    expect(imported).toEqual(expect.arrayContaining(['cloudwatch', 'xray']));
    expect(imported).not.toContain('elbv2');
    expect(imported).not.toContain('accelerator');
    await ports.load();
    expect([...imported].sort()).toEqual([
      'accelerator',
      'cloudwatch',
      'dynamodb',
      'ecs',
      'elbv2',
      'xray',
    ]);
  });
});
