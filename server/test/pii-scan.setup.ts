import { afterAll } from 'vitest';
import { scanStats, violationReport, watchConsole } from './pii-scan.ts';

/**
 * Registered for every test file (vitest.config.ts setupFiles): after the file's tests, fail it if
 * any API response or log line it produced held an unmasked mobile or ID number, or if it built a
 * test app whose responses the scan never saw (the scan must not pass by seeing nothing).
 */
watchConsole();

afterAll(() => {
  const report = violationReport();
  if (report) throw new Error(report);
  const stats = scanStats();
  if (stats.apps > 0 && stats.responses === 0) {
    throw new Error('The personal-number scan saw no response of the test app: is makeTestApp still watched?');
  }
});
