// What the benchmarks share: the server under test as a child process, the load generator as a
// second child process (bench/load.ts), throwaway databases, clean-up on Ctrl-C, and the report file.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { LoadResult, LoadSpec } from './load.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Everything below this line of docs/benchmarks.md is kept by `npm run bench`. */
export const MARKER = '<!-- manual notes below -->';

export type DatabaseKind = 'sqlite' | 'postgres';

export function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (p from 0 to 100) of unsorted values. */
export function percentileOf(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length))) - 1]!;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What to undo if the run is interrupted: stop servers, drop the throwaway database. */
export const cleanups = new Set<() => Promise<void>>();
let interrupted = false;
export const wasInterrupted = () => interrupted;
// `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and relayed by tsx), and a
// second signal without a listener would kill it before the database is dropped.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log('\ninterrupted: cleaning up');
    void (async () => {
      for (const c of [...cleanups].reverse())
        await c().catch((e: unknown) => log(`cleanup failed: ${String(e)}`));
      process.exit(130);
    })();
  });
}

// USER_HZ is 100 on every mainstream Linux build.
const CLOCK_TICKS = 100;

/** CPU seconds (user + system) a process has used so far, from /proc; undefined elsewhere. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------
// Server under test

export interface RunningServer {
  origin: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts server/main.ts on a free port with `env` (database, data dir …) and waits for /health.
 * `nodeArgs` go to node before the script (e.g. `--cpu-prof`, which NODE_OPTIONS does not take).
 */
export async function startServer(
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<RunningServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      SEED_DEMO: 'true',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RUN_JOBS: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );

  const stop = async () => {
    cleanups.delete(stop);
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exitedPromise;
    clearTimeout(timer);
  };
  cleanups.add(stop);

  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exited) throw new Error(`server exited before it was ready:\n${out}`);
    try {
      const res = await fetch(`${origin}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server not ready after 180 s:\n${out}`);
    }
    await sleep(200);
  }
  return { origin, child, output: () => out, stop };
}

// ---------------------------------------------------------------------------------------------------
// Load generation (separate process)

/** Runs bench/load.ts with `spec` in a child process and returns its result. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts', JSON.stringify(spec)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}:\n${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as LoadResult);
      } catch (e) {
        reject(new Error(`load generator printed no JSON result: ${String(e)}\n${out}\n${err}`));
      }
    });
  });
}

/** Throws on anything but a clean all-2xx run: a benchmark of 401s or timeouts measures nothing. */
export function assertClean(name: string, r: LoadResult): void {
  const problems: string[] = [];
  if (r.non2xx > 0) {
    const codes = Object.entries(r.statusCodeStats ?? {})
      .map(([code, s]) => `${code}×${(s as { count: number }).count}`)
      .join(', ');
    problems.push(`${r.non2xx} non-2xx responses (${codes})`);
  }
  if (r.errors > 0) problems.push(`${r.errors} connection errors`);
  if (r.timeouts > 0) problems.push(`${r.timeouts} timeouts`);
  if (r.requests.total === 0) problems.push('no requests completed');
  if (problems.length) throw new Error(`benchmark of ${name} is invalid: ${problems.join('; ')}`);
}

/**
 * As assertClean, but requests autocannon gave up on after 10 s are counted, not fatal, even when no
 * request completed: a cached answer is recomputed when it is older than the cache's bound, and a
 * reader then waits for the whole computation, which for a large unit and period can take longer.
 */
export function assertAnswered(name: string, r: LoadResult): void {
  if (r.non2xx === 0 && r.errors === r.timeouts) {
    if (r.timeouts > 0)
      log(`  ${name}: ${r.timeouts} request(s) timed out after 10 s (counted in the report)`);
    if (r.exact.count === 0)
      log(`  ${name}: no request completed in the round (its length counted as the latency)`);
    return;
  }
  assertClean(name, r);
}

/** The session cookie of the server. */
export const COOKIE = 'sb_session';

/** A GET as the holder of the session `token`: the status and the body (parsed when it is JSON). */
export async function getJson<T>(
  origin: string,
  url: string,
  token: string,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${origin}${url}`, { headers: { cookie: `${COOKIE}=${token}` } });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: body as T };
}

// ---------------------------------------------------------------------------------------------------
// Databases

/** A fresh data directory in the OS temp dir, removed by `remove` (or on Ctrl-C). */
export function tempDataDir(): { dir: string; remove: () => Promise<void> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesbase-bench-'));
  const remove = () => {
    cleanups.delete(remove);
    fs.rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  };
  cleanups.add(remove);
  return { dir, remove };
}

/** Connects to the admin URL; returns null when PostgreSQL is not reachable. */
export async function pgAdmin(pgUrl: string): Promise<pg.Client | null> {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return client;
  } catch (e) {
    log(`PostgreSQL not reachable (${(e as Error).message}): skipped`);
    await client.end().catch(() => undefined);
    return null;
  }
}

/**
 * A throwaway PostgreSQL database `salesbase_bench_…` on the admin connection's server, dropped
 * after `fn` (or on Ctrl-C). `fn` receives its URL and the server version.
 */
export async function withPgDatabase<T>(
  admin: pg.Client,
  pgUrl: string,
  fn: (url: string, version: string) => Promise<T>,
): Promise<T> {
  const name = `salesbase_bench_${Date.now()}`;
  const { rows } = await admin.query<{ server_version: string }>('show server_version');
  const version = `PostgreSQL ${rows[0]?.server_version ?? '?'}`;
  await admin.query(`create database ${name}`);
  const drop = async () => {
    cleanups.delete(drop);
    await admin.query(`drop database if exists ${name} with (force)`);
  };
  cleanups.add(drop);
  try {
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    return await fn(url.toString(), version);
  } finally {
    await drop();
  }
}

// ---------------------------------------------------------------------------------------------------
// Report

export function machineFacts(): string[] {
  const cpus = os.cpus();
  return [
    `CPU: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores (os.cpus), ${os.availableParallelism()} available`,
    `Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `OS: ${os.type()} ${os.release()} ${os.arch()}`,
    `Node: ${process.version}`,
    loadLine('start'),
  ];
}

export function loadLine(when: string): string {
  return `Load average at ${when} (1/5/15 min): ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ')}`;
}

export const pct = (r: number) => `${(r * 100).toFixed(0)} %`;

/** Milliseconds as the reports print them: whole from 10 on, two decimals below. */
export const fmtMs = (v: number) => (v >= 10 ? v.toFixed(0) : v.toFixed(2));
export const fmtInt = (v: number) => v.toLocaleString('en-US');
/** The server's CPU per request, when it was measured. */
export const cpuText = (e: { cpuUs?: number | undefined }) => (e.cpuUs === undefined ? '—' : e.cpuUs.toFixed(0));

/** A line of a report's verdict table: a target judged (pass), or a figure reported beside them (pass null). */
export interface Verdict {
  what: string;
  measured: string;
  target: string;
  pass: boolean | null;
}

const verdictText = (v: Verdict) => (v.pass === null ? 'reported' : v.pass ? 'pass' : '**FAIL**');

/** The verdict table of a database's section, its header first. */
export function verdictTable(verdicts: readonly Verdict[]): string[] {
  return [
    '| target | measured | required | result |',
    '|---|---|---|---|',
    ...verdicts.map((v) => `| ${v.what} | ${v.measured} | ${v.target} | ${verdictText(v)} |`),
  ];
}

/** The report's closing lines: the machine, the load at the end, then the end marker. */
export function machineSection(facts: readonly string[], endMarker: string): string[] {
  return ['Machine:', '', ...facts.map((f) => `- ${f}`), `- ${loadLine('end')}`, '', endMarker];
}

/** The command that reproduces a run: the settings given in the environment, then the script. */
export function commandLine(script: string, settings: readonly string[]): string {
  const set = settings.filter((k) => process.env[k]).map((k) => `${k}=${process.env[k]}`);
  return [...set, `npm run ${script}`].join(' ');
}

/**
 * Runs a benchmark on each database asked for (BENCH_DATABASES): SQLite always, PostgreSQL when its
 * server answers; an unreachable PostgreSQL is reported as skipped rather than failing the run.
 */
export async function benchEachDatabase<R>(
  settings: { databases: readonly string[]; pgUrl: string },
  sqlite: () => Promise<R>,
  postgres: (admin: pg.Client) => Promise<R>,
): Promise<{ dbs: R[]; skipped: string[] }> {
  const dbs: R[] = [];
  const skipped: string[] = [];
  if (settings.databases.includes('sqlite')) dbs.push(await sqlite());
  if (settings.databases.includes('postgres')) {
    const admin = await pgAdmin(settings.pgUrl);
    if (!admin) {
      skipped.push('PostgreSQL: not reachable at run time (set BENCH_PG_URL); not measured.');
    } else {
      try {
        dbs.push(await postgres(admin));
      } finally {
        await admin.end();
      }
    }
  }
  return { dbs, skipped };
}

/**
 * Rewrites one benchmark's section of the report `out` (relative to the repository; "-" writes
 * nothing): the text from `begin` to `end` is replaced by `content`, or `content` is appended at the
 * end of the file the first time. Everything else in the file is kept.
 */
export function writeSection(out: string, begin: string, end: string, content: string): void {
  if (out === '-') return;
  const file = path.resolve(ROOT, out);
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const from = old.indexOf(begin);
  const to = old.indexOf(end);
  let next: string;
  if (from >= 0 && to > from) next = old.slice(0, from) + content + old.slice(to + end.length);
  else next = `${old.endsWith('\n') || old === '' ? old : `${old}\n`}\n${content}\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, next);
  log(`\nwrote ${path.relative(ROOT, file)}`);
}
