// CLI start-up against bare `node -e 0`, interleaved in the same run, medians and their ratios:
// `mysfits-dr --version` (answered by the launcher alone), `mysfits-dr config validate`, and a
// command that loads the AWS SDK
// (`lock show` against a closed port: the SDK loads, the call is refused, exit 6), the last
// with its wall clock and CPU time (children's user + system from /proc, Linux only). Every
// figure is taken with the CLI's caches warm (a fresh cache folder, filled by one run of each
// command first): the launcher's compile cache (Node 22.1+) and the cache of validated configs;
// `--cold` also times `lock show` with both off (NODE_DISABLE_COMPILE_CACHE=1,
// MYSFITS_DR_NO_CONFIG_CACHE=1), as on a first run.
// Run: npm run build && node bench/startup.js [rounds] [--cold]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAverage, machineLine, median, ms, timeAndCpuOnce } from './lib.js';

const args = process.argv.slice(2);
const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 30);
const cold = args.includes('--cold');
const bin = fileURLToPath(new URL('../bin/mysfits-dr.js', import.meta.url));
const node = process.execPath;
const cache = mkdtempSync(join(tmpdir(), 'mysfits-dr-bench-cache-'));
const env = { ...process.env, XDG_CACHE_HOME: cache };
delete env.NODE_COMPILE_CACHE;
delete env.NODE_DISABLE_COMPILE_CACHE;
delete env.MYSFITS_DR_NO_CONFIG_CACHE;
// The SDK is loaded, the first call refused at once: exit 6 (unreachable) is the expected end.
const refused = {
  okStatus: [6],
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  env: {
    ...env,
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_REGION: 'us-west-2',
  },
};
const subjects = {
  '--version': () => timeAndCpuOnce(node, [bin, '--version'], { env }),
  'config validate': () => timeAndCpuOnce(node, [bin, 'config', 'validate'], { env }),
  'lock show': () => timeAndCpuOnce(node, [bin, 'lock', 'show'], refused),
  ...(cold && {
    'lock show, no cache': () =>
      timeAndCpuOnce(node, [bin, 'lock', 'show'], {
        ...refused,
        env: { ...refused.env, NODE_DISABLE_COMPILE_CACHE: '1', MYSFITS_DR_NO_CONFIG_CACHE: '1' },
      }),
  }),
};

const load = loadAverage();
for (const run of Object.values(subjects)) run(); // fills the caches
const bare = [];
const runs = Object.fromEntries(Object.keys(subjects).map((name) => [name, []]));
for (let i = 0; i < rounds; i += 1) {
  for (const [name, run] of Object.entries(subjects)) {
    bare.push(timeAndCpuOnce(node, ['-e', '0']));
    runs[name].push(run());
  }
}
rmSync(cache, { recursive: true, force: true });

const bareMs = median(bare.map((r) => r.ms));
const bareCpu = median(bare.map((r) => r.cpuMs));
console.log(`startup on Node ${process.version} (${rounds} interleaved rounds, medians)`);
console.log(`  node -e 0                 ${ms(bareMs)} wall, ${ms(bareCpu)} CPU`);
for (const [name, list] of Object.entries(runs)) {
  const wall = median(list.map((r) => r.ms));
  const cpu = median(list.map((r) => r.cpuMs));
  console.log(
    `  mysfits-dr ${name.padEnd(20)} ${ms(wall)} wall, ${ms(cpu)} CPU   ratio ${(wall / bareMs).toFixed(2)}x wall, ${(cpu / bareCpu).toFixed(2)}x CPU`,
  );
}
console.log(machineLine(load));
