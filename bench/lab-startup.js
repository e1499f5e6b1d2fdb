// Lab start-up: wall time of `mysfits-dr lab up --timing fast` until healthy, and of
// `lab down`, over a few rounds, against the time the JVM alone takes to print its version
// (the floor set by DynamoDB Local's runtime). Run: npm run build && node bench/lab-startup.js [rounds]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, ms, timeOnce } from './lib.js';

const rounds = Number(process.argv[2] ?? 3);
const bin = fileURLToPath(new URL('../bin/mysfits-dr.js', import.meta.url));
const port = String(4700 + Math.floor(Math.random() * 200));
const up = [];
const down = [];
const jvm = [];
for (let i = 0; i < rounds; i += 1) {
  const dir = mkdtempSync(join(tmpdir(), 'mysfits-bench-lab-'));
  jvm.push(timeOnce('java', ['-version']));
  up.push(
    timeOnce(process.execPath, [
      bin,
      'lab',
      'up',
      '--timing',
      'fast',
      '--port',
      port,
      '--dir',
      dir,
    ]),
  );
  down.push(timeOnce(process.execPath, [bin, 'lab', 'down', '--dir', dir]));
}
console.log(`lab start-up (${rounds} rounds, medians)`);
console.log(`  java -version (JVM floor)    ${ms(median(jvm))}`);
console.log(
  `  lab up → healthy             ${ms(median(up))}   ratio ${(median(up) / median(jvm)).toFixed(1)}x the JVM floor`,
);
console.log(`  lab down                     ${ms(median(down))}`);
