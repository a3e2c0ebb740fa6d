// HTTP benchmark: GET /health against an authenticated GET /api/auth/me and GET /api/users?pageSize=50
// (as the demo supervisor sup1), on SQLite and, when reachable, on PostgreSQL.
//
//   npm run bench
//
// For each database it starts the real server (server/main.ts) as a child process on a fresh database
// with the demo organisation, logs in, then drives load with autocannon from a second child process
// (bench/load.ts), so the load generator never shares the server's process. The endpoints are
// interleaved in rounds (with the order rotated each round) and the report gives, per endpoint, the
// median req/s over the rounds, the median p50 and p99 latency, and the ratio of its median req/s to
// /health's from the same run. The machines are shared and noisy: absolute numbers drift from run to
// run, the ratios measured side by side are what the targets are about.
// Where /proc exists (Linux) it also reports the server's CPU time per request, which is less
// sensitive to other load on the machine than req/s and shows where a ratio is lost.
// Results go to stdout and to docs/benchmarks.md (everything below `<!-- manual notes below -->`
// in that file is kept).
//
// Environment:
//   BENCH_SECONDS       seconds per endpoint per round (default 5)
//   BENCH_ROUNDS        rounds (default 5: fewer gives medians that swing with the machine's other load)
//   BENCH_CONNECTIONS   concurrent connections (default 10)
//   BENCH_WARMUP        seconds of unmeasured warm-up per endpoint before the rounds (default 2; 0 = none)
//   BENCH_PG_URL        PostgreSQL server to create a throwaway database on
//                       (default postgres://postgres@127.0.0.1:5432/test); skipped when unreachable
//   BENCH_DATABASES     comma-separated subset of "sqlite,postgres" (default both)
//   BENCH_OUT           report file (default docs/benchmarks.md; "-" writes none)
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Result } from 'autocannon';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MARKER = '<!-- manual notes below -->';
const SUPERVISOR = 'sup1';
const DEMO_PASSWORD = 'salesbase-demo';

type DatabaseKind = 'sqlite' | 'postgres';

interface Endpoint {
  name: string;
  path: string;
  auth: boolean;
  /** Minimum share of /health's req/s; undefined for /health itself. */
  target?: number;
}

const ENDPOINTS: Endpoint[] = [
  { name: '/health', path: '/health', auth: false },
  { name: '/api/auth/me', path: '/api/auth/me', auth: true, target: 0.4 },
  { name: '/api/users?pageSize=50', path: '/api/users?pageSize=50', auth: true, target: 0.2 },
];

function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

const settings = {
  seconds: envInt('BENCH_SECONDS', 5, 1),
  rounds: envInt('BENCH_ROUNDS', 5, 1),
  connections: envInt('BENCH_CONNECTIONS', 10, 1),
  warmup: envInt('BENCH_WARMUP', 2, 0),
  pgUrl: process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/test',
  databases: (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',').map((s) => s.trim()),
  out: process.env.BENCH_OUT || 'docs/benchmarks.md',
};

// ---------------------------------------------------------------------------------------------------
// Helpers

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function freePort(): Promise<number> {
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

/** What to undo if the run is interrupted: stop servers, drop the throwaway database. */
const cleanups = new Set<() => Promise<void>>();
let interrupted = false;
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds (user + system) a process has used so far, from /proc; undefined elsewhere. */
function cpuSeconds(pid: number | undefined): number | undefined {
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
// USER_HZ is 100 on every mainstream Linux build.
const CLOCK_TICKS = 100;

function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

// ---------------------------------------------------------------------------------------------------
// Server under test

interface RunningServer {
  origin: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_DEMO: 'true',
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

async function login(origin: string): Promise<string> {
  const res = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ username: SUPERVISOR, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login as ${SUPERVISOR} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('sb_session='));
  if (!cookie) throw new Error('login answered without an sb_session cookie');
  return cookie;
}

async function getJson<T>(origin: string, url: string, cookie: string): Promise<T> {
  const res = await fetch(`${origin}${url}`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

// ---------------------------------------------------------------------------------------------------
// Load generation (separate process)

function runLoad(
  url: string,
  headers: Record<string, string>,
  duration: number,
  connections: number,
): Promise<Result> {
  const spec = JSON.stringify({ url, headers, duration, connections });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts', spec], {
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
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as Result);
      } catch (e) {
        reject(new Error(`load generator printed no JSON result: ${String(e)}\n${out}\n${err}`));
      }
    });
  });
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Server CPU (user + system) per request in µs; undefined where /proc is not available. */
  cpuUs: number | undefined;
}

interface EndpointResult {
  endpoint: Endpoint;
  samples: Sample[];
  rps: number;
  p50: number;
  p99: number;
  cpuUs: number | undefined;
  ratio: number;
  /** Ratio to /health within each round (same order as samples). */
  roundRatios: number[];
  pass: boolean | undefined;
}

interface DatabaseResult {
  kind: DatabaseKind;
  version: string;
  peopleVisible: number;
  itemsReturned: number;
  results: EndpointResult[];
}

/** Throws on anything but a clean all-2xx run: a benchmark of 401s or timeouts measures nothing. */
function assertClean(name: string, r: Result): void {
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

async function measure(server: RunningServer, cookie: string): Promise<EndpointResult[]> {
  const headersFor = (e: Endpoint): Record<string, string> => (e.auth ? { cookie } : {});
  if (settings.warmup > 0) {
    for (const e of ENDPOINTS) {
      log(`  warm-up ${e.name} (${settings.warmup} s)`);
      assertClean(
        e.name,
        await runLoad(server.origin + e.path, headersFor(e), settings.warmup, settings.connections),
      );
    }
  }
  const samples = new Map<Endpoint, Sample[]>(ENDPOINTS.map((e) => [e, []]));
  for (let round = 0; round < settings.rounds; round++) {
    // Rotate the order so no endpoint always runs first (or right after a given other one).
    const order = ENDPOINTS.map((_, i) => ENDPOINTS[(i + round) % ENDPOINTS.length]!);
    for (const e of order) {
      const cpuBefore = cpuSeconds(server.child.pid);
      const r = await runLoad(server.origin + e.path, headersFor(e), settings.seconds, settings.connections);
      const cpuAfter = cpuSeconds(server.child.pid);
      assertClean(e.name, r);
      const sample: Sample = {
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        requests: r.requests.total,
        cpuUs:
          cpuBefore === undefined || cpuAfter === undefined
            ? undefined
            : ((cpuAfter - cpuBefore) / r.requests.total) * 1e6,
      };
      samples.get(e)!.push(sample);
      log(
        `  round ${round + 1}/${settings.rounds} ${e.name.padEnd(24)} ${sample.rps.toFixed(0).padStart(7)} req/s` +
          `  p50 ${sample.p50} ms  p99 ${sample.p99} ms` +
          (sample.cpuUs === undefined ? '' : `  server CPU ${sample.cpuUs.toFixed(0)} µs/req`),
      );
    }
  }
  const health = samples.get(ENDPOINTS[0]!)!;
  const healthRps = median(health.map((s) => s.rps));
  return ENDPOINTS.map((endpoint) => {
    const list = samples.get(endpoint)!;
    const rps = median(list.map((s) => s.rps));
    const ratio = rps / healthRps;
    const cpu = list.map((s) => s.cpuUs);
    return {
      endpoint,
      samples: list,
      rps,
      p50: median(list.map((s) => s.p50)),
      p99: median(list.map((s) => s.p99)),
      cpuUs: cpu.every((c) => c !== undefined) ? median(cpu) : undefined,
      ratio,
      roundRatios: list.map((s, i) => s.rps / health[i]!.rps),
      pass: endpoint.target === undefined ? undefined : ratio >= endpoint.target,
    };
  });
}

async function benchServer(
  kind: DatabaseKind,
  version: string,
  env: Record<string, string>,
): Promise<DatabaseResult> {
  log(`\n== ${kind} (${version}) ==`);
  const server = await startServer(env);
  try {
    const cookie = await login(server.origin);
    const me = await getJson<{ username: string; role: string; scope: string }>(
      server.origin,
      '/api/auth/me',
      cookie,
    );
    const page = await getJson<{ total: number; items: unknown[] }>(
      server.origin,
      '/api/users?pageSize=50',
      cookie,
    );
    log(
      `  logged in as ${me.username} (${me.role}, scope ${me.scope}); /api/users?pageSize=50 returns ` +
        `${page.items.length} of ${page.total} visible people`,
    );
    const results = await measure(server, cookie);
    return { kind, version, peopleVisible: page.total, itemsReturned: page.items.length, results };
  } catch (e) {
    const tail = server.output().split('\n').slice(-30).join('\n');
    if (tail.trim()) log(`  server output (last lines):\n${tail}`);
    throw e;
  } finally {
    await server.stop();
  }
}

/** A fresh data directory in the OS temp dir, removed by `remove` (or on Ctrl-C). */
function tempDataDir(): { dir: string; remove: () => Promise<void> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesbase-bench-'));
  const remove = () => {
    cleanups.delete(remove);
    fs.rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  };
  cleanups.add(remove);
  return { dir, remove };
}

async function benchSqlite(): Promise<DatabaseResult> {
  const data = tempDataDir();
  const dataDir = data.dir;
  const mem = new SQLite(':memory:');
  const version = `SQLite ${(mem.prepare('select sqlite_version() as v').get() as { v: string }).v}`;
  mem.close();
  try {
    // WEB_DIR points at the empty data dir: the API is measured the same way whether or not the web
    // app has been built.
    return await benchServer('sqlite', version, { DATA_DIR: dataDir, WEB_DIR: dataDir, DATABASE_URL: '' });
  } finally {
    await data.remove();
  }
}

/** Connects to the admin URL; returns null when PostgreSQL is not reachable. */
async function pgAdmin(): Promise<pg.Client | null> {
  const client = new pg.Client({ connectionString: settings.pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return client;
  } catch (e) {
    log(`PostgreSQL not reachable (${(e as Error).message}): skipped`);
    await client.end().catch(() => undefined);
    return null;
  }
}

async function benchPostgres(admin: pg.Client): Promise<DatabaseResult> {
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
    const url = new URL(settings.pgUrl);
    url.pathname = `/${name}`;
    const data = tempDataDir();
    try {
      return await benchServer('postgres', version, {
        DATABASE_URL: url.toString(),
        DATA_DIR: data.dir,
        WEB_DIR: data.dir,
      });
    } finally {
      await data.remove();
    }
  } finally {
    await drop();
  }
}

// ---------------------------------------------------------------------------------------------------
// Report

function machineFacts(): string[] {
  const cpus = os.cpus();
  return [
    `CPU: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores (os.cpus), ${os.availableParallelism()} available`,
    `Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `OS: ${os.type()} ${os.release()} ${os.arch()}`,
    `Node: ${process.version}`,
    loadLine('start'),
  ];
}

function loadLine(when: string): string {
  return `Load average at ${when} (1/5/15 min): ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ')}`;
}

function commandLine(): string {
  const set = ['BENCH_SECONDS', 'BENCH_ROUNDS', 'BENCH_CONNECTIONS', 'BENCH_WARMUP', 'BENCH_DATABASES']
    .filter((k) => process.env[k])
    .map((k) => `${k}=${process.env[k]}`);
  return [...set, 'npm run bench'].join(' ');
}

const pct = (r: number) => `${(r * 100).toFixed(0)} %`;
const verdict = (e: EndpointResult) => (e.pass === undefined ? '—' : e.pass ? 'pass' : 'FAIL');
const target = (e: EndpointResult) => (e.endpoint.target === undefined ? '—' : `≥ ${pct(e.endpoint.target)}`);
const cpu = (e: EndpointResult) => (e.cpuUs === undefined ? '—' : e.cpuUs.toFixed(0));

function printConsole(db: DatabaseResult): void {
  console.log(`\n${db.kind} — ${db.version}; ${SUPERVISOR} sees ${db.peopleVisible} people`);
  console.log(
    `${'endpoint'.padEnd(26)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}` +
      `${'CPU µs/req'.padStart(12)}${'ratio'.padStart(8)}${'target'.padStart(9)}  result   per-round ratios`,
  );
  for (const e of db.results) {
    console.log(
      `${e.endpoint.name.padEnd(26)}${e.rps.toFixed(0).padStart(9)}${String(e.p50).padStart(9)}` +
        `${String(e.p99).padStart(9)}${cpu(e).padStart(12)}${pct(e.ratio).padStart(8)}` +
        `${target(e).padStart(9)}  ${verdict(e).padEnd(7)}  ${e.roundRatios.map(pct).join(', ')}`,
    );
  }
}

function markdown(dbs: DatabaseResult[], skipped: string[], facts: string[], startedAt: Date): string {
  const lines: string[] = [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench` (bench/run.ts). Everything above the marker line is rewritten on',
    '     each run; notes below the marker are kept. -->',
    '',
    'What is measured: the cost of an authenticated API request relative to the cheapest request the',
    'server answers. `GET /health` (one `select 1`, no session) is the baseline; `GET /api/auth/me` adds',
    `the session lookup and scope resolution; \`GET /api/users?pageSize=50\` as the supervisor \`${SUPERVISOR}\` adds`,
    'a scoped, joined, counted list of people through the org closure table.',
    '',
    'The benchmark machines are shared and noisy (2 cores, other work running), so absolute req/s move',
    'from run to run. What is compared is the **ratio** of each endpoint to `/health` measured side by',
    'side in the same run: the real server runs as one process on a fresh database with the demo',
    'organisation, autocannon drives it from a second process, and the three endpoints are interleaved',
    `in rounds (${settings.rounds} rounds × ${settings.seconds} s per endpoint, ${settings.connections} connections, ` +
      `order rotated each round, after a ${settings.warmup} s warm-up each).`,
    'Figures are medians over the rounds; the ratio is the median req/s of the endpoint over the median',
    'req/s of `/health`. Any non-2xx response, error or timeout aborts the run. "Server CPU" is the',
    "server process's user + system CPU time per request during the load (from /proc): it moves less with",
    'the load of other work than req/s, and shows where an endpoint spends its time.',
    '',
    'Targets: `/api/auth/me` ≥ 40 % and `/api/users?pageSize=50` ≥ 20 % of `/health` req/s, on both',
    'databases.',
    '',
    '```',
    commandLine(),
    '```',
    '',
    `Run: ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    '',
  ];
  for (const db of dbs) {
    lines.push(
      `## ${db.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
      '',
      `${db.version}. \`${SUPERVISOR}\` sees ${db.peopleVisible} people (the list returns ${db.itemsReturned}).`,
      '',
      '| endpoint | req/s (median) | p50 ms | p99 ms | server CPU µs/req | ratio to /health | target | result |',
      '|---|---:|---:|---:|---:|---:|---:|---|',
    );
    for (const e of db.results) {
      lines.push(
        `| \`GET ${e.endpoint.name}\` | ${e.rps.toFixed(0)} | ${e.p50} | ${e.p99} | ${cpu(e)} | ${pct(e.ratio)} | ` +
          `${target(e)} | ${verdict(e)} |`,
      );
    }
    lines.push('', 'Per round (req/s, and ratio to `/health` in the same round):', '');
    for (const e of db.results) {
      const rounds = e.samples.map((s, i) => `${s.rps.toFixed(0)} (${pct(e.roundRatios[i]!)})`);
      lines.push(`- \`${e.endpoint.name}\`: ${rounds.join(', ')}`);
    }
    lines.push('');
  }
  for (const s of skipped) lines.push(`**${s}**`, '');
  lines.push('## Machine', '', ...facts.map((f) => `- ${f}`), `- ${loadLine('end')}`, '');
  return lines.join('\n');
}

function writeReport(content: string): void {
  if (settings.out === '-') return;
  const file = path.resolve(ROOT, settings.out);
  let manual = `${MARKER}\n`;
  if (fs.existsSync(file)) {
    const old = fs.readFileSync(file, 'utf8');
    const at = old.indexOf(MARKER);
    if (at >= 0) manual = old.slice(at);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${content}\n${manual.endsWith('\n') ? manual : `${manual}\n`}`);
  log(`\nwrote ${path.relative(ROOT, file)}`);
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const startedAt = new Date();
  const facts = machineFacts();
  console.log(`Salesbase benchmark — ${startedAt.toISOString()}`);
  console.log(`command: ${commandLine()}`);
  for (const f of facts) console.log(f);
  console.log(
    `${settings.rounds} rounds × ${settings.seconds} s per endpoint, ${settings.connections} connections, ` +
      `warm-up ${settings.warmup} s`,
  );

  const dbs: DatabaseResult[] = [];
  const skipped: string[] = [];
  if (settings.databases.includes('sqlite')) dbs.push(await benchSqlite());
  if (settings.databases.includes('postgres')) {
    const admin = await pgAdmin();
    if (!admin) {
      skipped.push('PostgreSQL: not reachable at run time (set BENCH_PG_URL); not measured.');
    } else {
      try {
        dbs.push(await benchPostgres(admin));
      } finally {
        await admin.end();
      }
    }
  }

  for (const db of dbs) printConsole(db);
  console.log(`\n${loadLine('end')}`);
  for (const s of skipped) console.log(`\n${s}`);
  writeReport(markdown(dbs, skipped, facts, startedAt));

  const misses = dbs.flatMap((db) =>
    db.results.filter((e) => e.pass === false).map((e) => `${db.kind} ${e.endpoint.name}`),
  );
  const measured = dbs.map((db) => db.kind).join(' and ') || 'no database';
  console.log(
    misses.length ? `\nTargets missed: ${misses.join(', ')}` : `\nAll targets met (measured on ${measured}).`,
  );
  if (dbs.length === 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  // After Ctrl-C the load generator dies too and its error lands here: let the cleanup finish.
  if (interrupted) return;
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
