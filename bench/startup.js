// CLI start-up: `mysfits-dr --version` as a whole process against bare `node -e 0`,
// interleaved, medians and their ratio; then a command that loads the AWS SDK (`lock show`
// against a closed port: the SDK loads, the call is refused, exit 6) from the bundle
// (bin/mysfits-dr.js → dist/cli/) against the same command from tsc's unbundled output
// (dist/src/cli/main.js). Run: npm run build && node bench/startup.js [rounds]
import { fileURLToPath } from 'node:url';
import { compare, median, ms, timeAndCpuOnce, timeOnce } from './lib.js';

const rounds = Number(process.argv[2] ?? 30);
const bin = fileURLToPath(new URL('../bin/mysfits-dr.js', import.meta.url));
const node = process.execPath;
const version = compare(
  () => timeOnce(node, [bin, '--version']),
  () => timeOnce(node, ['-e', '0']),
  rounds,
);
const help = compare(
  () => timeOnce(node, [bin, 'config', 'validate']),
  () => timeOnce(node, ['-e', '0']),
  rounds,
);
// The SDK is loaded, the first call refused at once: exit 6 (unreachable) is the expected end.
const refused = {
  okStatus: [6],
  env: {
    ...process.env,
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_REGION: 'us-west-2',
  },
  cwd: fileURLToPath(new URL('..', import.meta.url)),
};
const unbundled = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
// One run gives both figures: wall clock and CPU time, interleaved as `compare` does.
const bundledRuns = [];
const unbundledRuns = [];
for (let i = 0; i < rounds; i += 1) {
  unbundledRuns.push(timeAndCpuOnce(node, [unbundled, 'lock', 'show'], refused));
  bundledRuns.push(timeAndCpuOnce(node, [bin, 'lock', 'show'], refused));
}
/** Medians of one figure (`ms` or `cpuMs`) and their ratio, bundled over unbundled. */
const medians = (key) => {
  const subjectMs = median(bundledRuns.map((r) => r[key]));
  const baselineMs = median(unbundledRuns.map((r) => r[key]));
  return { subjectMs, baselineMs, ratio: subjectMs / baselineMs };
};
const sdk = medians('ms');
const sdkCpu = medians('cpuMs');
console.log(`startup (${rounds} interleaved rounds, medians)`);
console.log(`  node -e 0                    ${ms(version.baselineMs)}`);
console.log(
  `  mysfits-dr --version         ${ms(version.subjectMs)}   ratio ${version.ratio.toFixed(2)}x`,
);
console.log(
  `  mysfits-dr config validate   ${ms(help.subjectMs)}   ratio ${help.ratio.toFixed(2)}x (baseline ${ms(help.baselineMs)})`,
);
console.log(
  `  lock show, unbundled (tsc)   ${ms(sdk.baselineMs)} wall, ${ms(sdkCpu.baselineMs)} CPU`,
);
console.log(
  `  lock show, bundled           ${ms(sdk.subjectMs)} wall, ${ms(sdkCpu.subjectMs)} CPU   ratio ${sdk.ratio.toFixed(2)}x wall, ${sdkCpu.ratio.toFixed(2)}x CPU`,
);
