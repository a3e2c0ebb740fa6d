import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'contracts/**/*.test.ts', 'web/src/**/*.test.ts'],
    environment: 'node',
    // Every response of the test app and every server log line is searched for personal numbers.
    setupFiles: ['server/test/pii-scan.setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: argon2 and migrations are CPU-bound, more workers only add contention.
    maxWorkers: 2,
  },
});
