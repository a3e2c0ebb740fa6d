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
import {
  MARKER,
  ROOT,
  assertClean,
  cpuSeconds,
  envInt,
  log,
  loadLine,
  machineFacts,
  median,
  pct,
  benchEachDatabase,
  runLoad,
  startServer,
  tempDataDir,
  wasInterrupted,
  withPgDatabase,
  type DatabaseKind,
  type RunningServer,
} from './common.ts';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type pg from 'pg';

const SUPERVISOR = 'sup1';
const DEMO_PASSWORD = 'salesbase-demo';

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

const settings = {
  seconds: envInt('BENCH_SECONDS', 5, 1),
  rounds: envInt('BENCH_ROUNDS', 5, 1),
  connections: envInt('BENCH_CONNECTIONS', 10, 1),
  warmup: envInt('BENCH_WARMUP', 2, 0),
  pgUrl: process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/test',
  databases: (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',').map((s) => s.trim()),
  out: process.env.BENCH_OUT || 'docs/benchmarks.md',
};

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

async function measure(server: RunningServer, cookie: string): Promise<EndpointResult[]> {
  const headersFor = (e: Endpoint): Record<string, string> => (e.auth ? { cookie } : {});
  if (settings.warmup > 0) {
    for (const e of ENDPOINTS) {
      log(`  warm-up ${e.name} (${settings.warmup} s)`);
      assertClean(
        e.name,
        await runLoad({
          url: server.origin + e.path,
          headers: headersFor(e),
          duration: settings.warmup,
          connections: settings.connections,
        }),
      );
    }
  }
  const samples = new Map<Endpoint, Sample[]>(ENDPOINTS.map((e) => [e, []]));
  for (let round = 0; round < settings.rounds; round++) {
    // Rotate the order so no endpoint always runs first (or right after a given other one).
    const order = ENDPOINTS.map((_, i) => ENDPOINTS[(i + round) % ENDPOINTS.length]!);
    for (const e of order) {
      const cpuBefore = cpuSeconds(server.child.pid);
      const r = await runLoad({
        url: server.origin + e.path,
        headers: headersFor(e),
        duration: settings.seconds,
        connections: settings.connections,
      });
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

async function benchPostgres(admin: pg.Client): Promise<DatabaseResult> {
  return withPgDatabase(admin, settings.pgUrl, async (url, version) => {
    const data = tempDataDir();
    try {
      return await benchServer('postgres', version, {
        DATABASE_URL: url,
        DATA_DIR: data.dir,
        WEB_DIR: data.dir,
      });
    } finally {
      await data.remove();
    }
  });
}

// ---------------------------------------------------------------------------------------------------
// Report

function commandLine(): string {
  const set = ['BENCH_SECONDS', 'BENCH_ROUNDS', 'BENCH_CONNECTIONS', 'BENCH_WARMUP', 'BENCH_DATABASES']
    .filter((k) => process.env[k])
    .map((k) => `${k}=${process.env[k]}`);
  return [...set, 'npm run bench'].join(' ');
}

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

  const { dbs, skipped } = await benchEachDatabase(settings, benchSqlite, benchPostgres);

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
  if (wasInterrupted()) return;
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
