import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs without a lab; `lab` gets one shared running lab from the
// global setup (or the one named by MYSFITS_DR_TEST_LAB_ENDPOINT).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // The pinned SDK supports Node 20; its notice about future releases is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
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
