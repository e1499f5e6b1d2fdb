import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { NotRunReporter } from './test/setup/not-run-reporter.js';

/** The major version of the Node running the suite. */
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

/**
 * The lab files that run longest (each with a lab of its own, seconds to minutes of real
 * traffic and faults), longest first. They start first so that two workers finish together,
 * instead of a long file starting last and running alone (on a clean clone vitest has no
 * timings cached and would order by file size).
 */
const LONGEST_FIRST = [
  'failover-faults',
  'drills-bundled',
  'failover-cli',
  'ecs-health-replacement',
  'workshop-lab5',
  'app-url-outage',
  'observability',
  'status-cli',
  'accelerator-origins',
  'drills-measure',
  'lab-lifecycle',
  'routing-switch',
  'replication-cli',
  'traffic-property',
  'lab-faults',
];

/** Vitest's order, with LONGEST_FIRST moved to the front. */
class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((name) => f.moduleId.endsWith(`/${name}.test.ts`));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    return sorted
      .map((file, index) => ({ file, index }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.index - b.index)
      .map(({ file }) => file);
  }
}

// Two projects: `unit` runs without a lab; `lab` gets one shared running lab from the
// global setup (or the one named by MYSFITS_DR_TEST_LAB_ENDPOINT).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Three files at once on 2 cores: the lab files spend most of their time waiting on the
    // lab's clocks (health checks, propagation, replication), so a third worker fills the idle
    // time. Measured on a clean clone (docs/benchmarks.md): 651 s of wall time with 2, 493 s
    // with 3, every test passing.
    maxWorkers: 3,
    sequence: { sequencer: LongestFirstSequencer },
    // Node 24 (what CI runs the suite on) gets no SDK notice. On Node 20 the CLI prints the
    // SDK's notice that its 2027 releases need Node 22 (true: Node 20 is past its end of life);
    // tests that compare a process's stderr would see it, so the suite alone hides it there.
    env: NODE_MAJOR < 22 ? { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } : {},
    reporters: ['default', new NotRunReporter()],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'test/unit/**/*.test.ts',
            'test/services/**/*.test.ts',
            'test/e2e/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'lab',
          include: ['test/lab/**/*.test.ts'],
          globalSetup: ['test/setup/lab.ts'],
        },
      },
    ],
  },
});
