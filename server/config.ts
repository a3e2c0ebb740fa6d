import path from 'node:path';

/** Runtime configuration, read once from the environment. Every knob has a working default. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://… selects PostgreSQL; empty means the embedded SQLite database under dataDir. */
  databaseUrl: string | undefined;
  /** FULL survives power loss after an acknowledged commit; NORMAL is faster but may lose the last commits. */
  sqliteSynchronous: 'FULL' | 'NORMAL';
  seedDemo: boolean;
  /** Set when the app is served over HTTPS (directly or behind a TLS-terminating proxy). */
  secureCookies: boolean;
  /** Trust X-Forwarded-* headers from a reverse proxy. */
  trustProxy: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** How long a resolved session may be reused without reading it again (other processes' revocations wait this long). */
  sessionCacheMs: number;
  /** How long a board or monthly answer may be served again to readers of the same scope (0: never). */
  reportCacheMs: number;
  passwordMinLength: number;
  /** Failed logins per account per hour before the account is locked out for the rest of the hour. */
  maxFailuresPerAccountHour: number;
  maxFailuresPerIpHour: number;
  /** First step of the growing delay after repeated failed logins (0 turns the delay off). */
  loginDelayBaseMs: number;
  logLevel: string;
  webDir: string;
  runJobs: boolean;
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Expected a non-negative integer, got "${value}"`);
  return n;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const sync = (env.SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (sync !== 'FULL' && sync !== 'NORMAL') throw new Error('SQLITE_SYNCHRONOUS must be FULL or NORMAL');
  return {
    port: int(env.PORT, 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    sqliteSynchronous: sync,
    seedDemo: bool(env.SEED_DEMO, true),
    secureCookies: bool(env.SECURE_COOKIES, false),
    trustProxy: bool(env.TRUST_PROXY, false),
    sessionIdleMinutes: int(env.SESSION_IDLE_MINUTES, 120),
    sessionAbsoluteHours: int(env.SESSION_ABSOLUTE_HOURS, 24 * 7),
    sessionCacheMs: int(env.SESSION_CACHE_MS, 2000),
    reportCacheMs: int(env.REPORT_CACHE_MS, 1000),
    passwordMinLength: int(env.PASSWORD_MIN_LENGTH, 12),
    maxFailuresPerAccountHour: int(env.LOGIN_MAX_FAILURES_ACCOUNT, 100),
    maxFailuresPerIpHour: int(env.LOGIN_MAX_FAILURES_IP, 300),
    loginDelayBaseMs: int(env.LOGIN_DELAY_BASE_MS, 1000),
    logLevel: env.LOG_LEVEL ?? 'info',
    webDir: path.resolve(env.WEB_DIR ?? 'dist/web'),
    runJobs: bool(env.RUN_JOBS, true),
  };
}
