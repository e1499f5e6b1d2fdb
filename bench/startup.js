// CLI start-up: `mysfits-dr --version` as a whole process against bare `node -e 0`,
// interleaved, medians and their ratio. Run: npm run build && node bench/startup.js [rounds]
import { fileURLToPath } from 'node:url';
import { compare, ms, timeOnce } from './lib.js';

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
console.log(`startup (${rounds} interleaved rounds, medians)`);
console.log(`  node -e 0                    ${ms(version.baselineMs)}`);
console.log(
  `  mysfits-dr --version         ${ms(version.subjectMs)}   ratio ${version.ratio.toFixed(2)}x`,
);
console.log(
  `  mysfits-dr config validate   ${ms(help.subjectMs)}   ratio ${help.ratio.toFixed(2)}x (baseline ${ms(help.baselineMs)})`,
);
