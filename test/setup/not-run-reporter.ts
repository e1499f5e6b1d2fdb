/**
 * A vitest reporter that ends a run with the tests that did not run and why, so that no test
 * is skipped silently: the suites that need an optional tool (`describe.skipIf(!tool)`) are
 * named with the tool and the command that installs it. Tests left out by a name filter
 * (`-t`) or `.only` are not listed. `scripts/prerequisites.sh` (run before `npm test`)
 * installs or demands every tool, so a full run normally lists nothing.
 */
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node';

/** What a skipped suite's name says it needs, and how to install it. */
const TOOLS: ReadonlyArray<{ match: RegExp; why: string }> = [
  { match: /AWS CLI/, why: '/usr/bin/aws is absent (apt-get install awscli)' },
  { match: /boto3/, why: 'python3 cannot import boto3 (apt-get install python3-boto3)' },
  { match: /Chromium/, why: '/usr/bin/chromium is absent (apt-get install chromium)' },
];

/** Why `test` was skipped: its note, the tool its suite names, or its own skip flag. */
function reason(test: TestCase): string {
  const result = test.result();
  if (result.state === 'skipped' && result.note) return result.note;
  // A test whose own mode is `run` was skipped because its file's or suite's set-up failed.
  if (test.options.mode === 'run') return "its file's or suite's set-up failed (errors above)";
  const tool = TOOLS.find((t) => t.match.test(test.fullName));
  return tool?.why ?? `skipped by the test (${test.options.mode})`;
}

/** Lists every skipped test of the run (grouped by file and reason) after vitest's summary. */
export class NotRunReporter implements Reporter {
  private filtered = false;

  onInit(vitest: Vitest): void {
    this.filtered = Boolean(vitest.config.testNamePattern);
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    if (this.filtered) return;
    const groups = new Map<string, number>();
    for (const module of testModules) {
      for (const test of module.children.allTests('skipped')) {
        if (test.options.mode === 'todo') continue;
        const key = `${module.relativeModuleId}: ${reason(test)}`;
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
    }
    if (groups.size === 0) return;
    const total = [...groups.values()].reduce((a, b) => a + b, 0);
    const lines = [`\nNOT RUN: ${total} test(s) were skipped:`];
    for (const [key, count] of groups) lines.push(`  - ${key} (${count})`);
    lines.push('Run `bash scripts/prerequisites.sh` to install or list what is missing.\n');
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
