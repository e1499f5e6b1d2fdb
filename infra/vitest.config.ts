import { defineConfig } from 'vitest/config';

// Infra tests synthesize whole CDK apps (a few seconds each): forks, two at a time.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
