// Attendance benchmark: the morning check-in of the whole workforce, the live board of a 500-agent
// department and the monthly figures of a 5,000-agent branch, measured side by side with GET /health
// and GET /api/auth/me, on SQLite and, when reachable, on PostgreSQL.
//
//   npm run bench:attendance
//
// For each database it starts the real server (server/main.ts) on a fresh database, writes the
// benchmark tenant into that database (bench/attendance-data.ts: 5,000 agents with sessions, rules
// that make now a meeting time, a month and more of history with its rollups), and drives load with
// autocannon from a second process (bench/load.ts). Two kinds of endpoints, interleaved in rounds
// with the order rotated each round:
//
// - Throughput, at BENCH_CONNECTIONS: GET /health, and POST /api/attendance/check-ins where every
//   request is a different agent's first check-in of the day (its own session cookie, a unique
//   Idempotency-Key, the Origin header). A check-in round is one morning: every agent checks in once,
//   as fast as the server takes it. Before each such round the day is reset (today's records deleted,
//   the month's rollups put back); after it, the records stored for the day are counted and must equal
//   the check-ins acknowledged with 201, and the rollups and audit rows must have moved by as much.
// - Latency, at BENCH_LATENCY_CONNECTIONS: GET /api/auth/me, the board and the monthly figures, as
//   the branch executive, with `Accept-Encoding: gzip, deflate, br` as a browser sends it. p95 is
//   computed from every response's latency (autocannon's own summary has no p95). The board and the
//   monthly figures are measured as served (the server's report cache on, as configured by default),
//   the board also as served while agents check in (a steady background stream of BENCH_CHECKIN_RATE
//   check-ins a second, from agents of every department, the measured one included, so the board's
//   day keeps changing and what is measured is the stale-while-revalidate path), and both computed
//   afresh, from a second server process on the same database started with REPORT_CACHE_MS=0: what
//   one computation costs (information, not a target).
//
// Results go to stdout and to the attendance section of docs/benchmarks.md (between the
// `attendance benchmark` markers; everything else in the file is kept).
//
// Environment (as for `npm run bench`, plus):
//   BENCH_SECONDS               seconds per endpoint per round (default 5; a check-in round ends
//                               sooner when every agent has checked in)
//   BENCH_ROUNDS                rounds (default 5)
//   BENCH_CONNECTIONS           connections of the throughput endpoints (default 100: phones of the
//                               workforce waiting for an answer at once; with 10, at most 10 check-ins
//                               can share a sync of the disk, and the rate measures the disk's sync
//                               latency rather than the server)
//   BENCH_LATENCY_CONNECTIONS   connections of the latency endpoints (default 1)
//   BENCH_WARMUP                seconds of unmeasured warm-up per endpoint (default 2; 0 = none)
//   BENCH_BRANCHES              branches of 5,000 agents (default 2: a check-in round of 10,000 agents
//                               lasts a second or more); all of them check in
//   BENCH_CHECKIN_RATE          check-ins a second in the background of the "while agents check in"
//                               board round (default 50)
//   BENCH_PG_URL, BENCH_DATABASES, BENCH_OUT as for `npm run bench`
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../server/db/database.ts';
import {
  MARKER,
  ROOT,
  assertClean,
  cpuSeconds,
  envInt,
  loadLine,
  log,
  machineFacts,
  median,
  pct,
  benchEachDatabase,
  runLoad,
  sleep,
  startServer,
  tempDataDir,
  wasInterrupted,
  withPgDatabase,
  type DatabaseKind,
  type RunningServer,
  commandLine,
  cpuText,
  fmtMs as ms,
  machineSection,
  verdictTable,
  type Verdict,
} from './common.ts';
import { AGENTS_PER_BRANCH, countDay, createBenchData, resetDay, type BenchData } from './attendance-data.ts';
import type { LoadResult, LoadSpec } from './load.ts';

const BEGIN = '<!-- attendance benchmark: begin -->';
const END = '<!-- attendance benchmark: end -->';
const COOKIE = 'sb_session';

const settings = {
  seconds: envInt('BENCH_SECONDS', 5, 1),
  rounds: envInt('BENCH_ROUNDS', 5, 1),
  connections: envInt('BENCH_CONNECTIONS', 100, 1),
  latencyConnections: envInt('BENCH_LATENCY_CONNECTIONS', 1, 1),
  warmup: envInt('BENCH_WARMUP', 2, 0),
  branches: envInt('BENCH_BRANCHES', 2, 1),
  checkInRate: envInt('BENCH_CHECKIN_RATE', 50, 1),
  pgUrl: process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/test',
  databases: (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',').map((s) => s.trim()),
  out: process.env.BENCH_OUT || 'docs/benchmarks.md',
};

/** A check-in round is bounded by the agents; this only stops a server that hangs. */
const CHECK_IN_LIMIT_S = 120;
/** Connections of the background check-in stream (each sends its share of the rate). */
const STREAM_CONNECTIONS = 5;
/** The stream starts this long before the measured round (a load process takes a while to start)… */
const STREAM_LEAD_MS = 1_500;
/** …and runs this much longer than the round, so it covers the whole of it. */
const STREAM_EXTRA_S = 4;
/** What a browser sends: the board and monthly answers come gzipped. */
const ACCEPT_ENCODING = 'gzip, deflate, br';

type Group = 'throughput' | 'latency';

type Key = 'health' | 'checkIn' | 'me' | 'board' | 'monthly' | 'boardLive' | 'boardFresh' | 'monthlyFresh';

interface Endpoint {
  key: Key;
  name: string;
  group: Group;
  /** Measured on the second server, whose report cache is off. */
  fresh?: boolean;
  /** Measured while a background stream of check-ins runs. */
  live?: boolean;
}

const ENDPOINTS: Endpoint[] = [
  { key: 'health', name: 'GET /health', group: 'throughput' },
  { key: 'checkIn', name: 'POST /api/attendance/check-ins', group: 'throughput' },
  { key: 'me', name: 'GET /api/auth/me', group: 'latency' },
  { key: 'board', name: 'GET /api/attendance/board (500 agents), as served', group: 'latency' },
  {
    key: 'monthly',
    name: 'GET /api/attendance/monthly (5,000 agents, page of 50), as served',
    group: 'latency',
  },
  {
    key: 'boardLive',
    name: 'GET /api/attendance/board (500 agents), as served while agents check in',
    group: 'latency',
    live: true,
  },
  {
    key: 'boardFresh',
    name: 'GET /api/attendance/board (500 agents), computed afresh',
    group: 'latency',
    fresh: true,
  },
  {
    key: 'monthlyFresh',
    name: 'GET /api/attendance/monthly (5,000 agents, page of 50), computed afresh',
    group: 'latency',
    fresh: true,
  },
];

/** Minimum check-in req/s as a share of /health's. */
const CHECK_IN_TARGET: Record<DatabaseKind, number> = { sqlite: 0.15, postgres: 0.1 };
/** Check-in p99 under this many times /health's p99. */
const CHECK_IN_P99_FACTOR = 10;
/** Board and monthly p95 within this many times /api/auth/me's p95. */
const REPORT_P95_FACTOR = 5;

interface Sample {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  cpuUs: number | undefined;
  /** The background check-ins of a "while agents check in" round. */
  stream?: StreamStats;
}

interface StreamStats {
  acknowledged: number;
  errors: number;
  errorDetail: string;
  /** 201 responses a second over the stream's run. */
  rate: number;
}

interface CheckInRound {
  acknowledged: number;
  errors: number;
  /** Status codes other than 201 and connection errors/timeouts, e.g. "409×3". */
  errorDetail: string;
  sent: number;
  stored: number;
  people: number;
  rollupDelta: number;
  audit: number;
  seconds: number;
  consistent: boolean;
}

interface EndpointResult {
  endpoint: Endpoint;
  path: string;
  connections: number;
  samples: Sample[];
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  cpuUs: number | undefined;
  /** Median req/s over /health's median req/s. */
  ratio: number;
}

interface DatabaseResult {
  kind: DatabaseKind;
  version: string;
  data: BenchData;
  results: EndpointResult[];
  missing: string[];
  checkIns: CheckInRound[];
  sanity: string[];
  verdicts: Verdict[];
  /** Ratios shown for information (the afresh rows), not targets. */
  information: string[];
}

// ---------------------------------------------------------------------------------------------------

async function getJson<T>(origin: string, url: string, token: string): Promise<{ status: number; body: T }> {
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

function errorsOf(r: LoadResult, okStatus: number): { count: number; detail: string } {
  const codes = Object.entries(r.statusCodeStats ?? {})
    .filter(([code]) => Number(code) !== okStatus)
    .map(([code, s]) => [code, (s as { count: number }).count] as const);
  const count = codes.reduce((n, [, c]) => n + c, 0) + r.errors;
  const parts = codes.map(([code, c]) => `${code}×${c}`);
  if (r.errors) parts.push(`${r.errors} connection errors (${r.timeouts} timeouts)`);
  return { count, detail: parts.join(', ') };
}

async function benchServer(
  kind: DatabaseKind,
  version: string,
  env: Record<string, string>,
  openBenchDb: () => DatabaseHandle,
  dataDir: string,
): Promise<DatabaseResult> {
  log(`\n== ${kind} (${version}) ==`);
  const server = await startServer({ ...env, SEED_DEMO: 'false' });
  let fresh: RunningServer | null = null;
  const handle = openBenchDb();
  try {
    log('  writing the benchmark tenant …');
    const data = await createBenchData(handle.db, { dialect: kind, branches: settings.branches });
    log(
      `  ${data.counts.people} people (${data.agentTokens.length} agents), ${data.counts.units} units, ` +
        `${data.counts.records} records, ${data.counts.statsRows} rollup rows in ${data.seconds.toFixed(1)} s; ` +
        `today ${data.today} in ${data.timeZone}, meeting at ${data.meetingStart}`,
    );
    const tokensFile = path.join(dataDir, 'agent-sessions.txt');
    fs.writeFileSync(tokensFile, `${data.agentTokens.join('\n')}\n`);

    // The same database, the report cache off: what a board costs while people check in.
    fresh = await startServer({ ...env, SEED_DEMO: 'false', REPORT_CACHE_MS: '0' });
    const serverOf = (e: Endpoint) => (e.fresh ? fresh! : server);

    const board = `/api/attendance/board?unitId=${data.departmentId}&date=${data.today}`;
    const monthly = `/api/attendance/monthly?unitId=${data.branchId}&month=${data.reportMonth}&page=1&pageSize=50`;
    const paths: Record<Key, string> = {
      health: '/health',
      checkIn: '/api/attendance/check-ins',
      me: '/api/auth/me',
      board,
      monthly,
      boardLive: board,
      boardFresh: board,
      monthlyFresh: monthly,
    };
    const { sanity, missing } = await checkEndpoints(server, fresh, data, paths);
    const endpoints = ENDPOINTS.filter((e) => !missing.includes(e.key));

    let runTag = 0;
    const specOf = (e: Endpoint, duration: number): LoadSpec => {
      const url = serverOf(e).origin + paths[e.key];
      if (e.key === 'health') return { url, headers: {}, duration, connections: settings.connections };
      if (e.key === 'checkIn') {
        return {
          url,
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: server.origin },
          body: '{}',
          duration,
          connections: settings.connections,
          sessions: { file: tokensFile, cookieName: COOKIE, keyPrefix: `bench-${Date.now()}-${runTag++}` },
        };
      }
      return {
        url,
        headers: { cookie: `${COOKIE}=${data.viewer.token}`, 'accept-encoding': ACCEPT_ENCODING },
        duration,
        connections: settings.latencyConnections,
      };
    };
    // The background check-ins of a "while agents check in" round: agents in the order of
    // data.agentTokens (departments interleaved), each connection its own slice, at a steady rate.
    const streamSpec = (duration: number): LoadSpec => ({
      url: server.origin + paths.checkIn,
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.origin },
      body: '{}',
      duration,
      connections: STREAM_CONNECTIONS,
      overallRate: settings.checkInRate,
      sessions: { file: tokensFile, cookieName: COOKIE, keyPrefix: `stream-${Date.now()}-${runTag++}` },
    });
    /** Runs `measure` while the stream checks agents in (today reset first, so every check-in writes). */
    const whileCheckingIn = async <T>(duration: number, measure: () => Promise<T>) => {
      await resetDay(handle.db, data);
      const stream = runLoad(streamSpec(duration + STREAM_EXTRA_S));
      await sleep(STREAM_LEAD_MS);
      const result = await measure();
      const s = await stream;
      const { count, detail } = errorsOf(s, 201);
      const acknowledged =
        (s.statusCodeStats as Record<string, { count: number }> | undefined)?.['201']?.count ?? 0;
      const stats: StreamStats = {
        acknowledged,
        errors: count,
        errorDetail: detail,
        rate: s.exact.elapsed > 0 ? acknowledged / s.exact.elapsed : 0,
      };
      return { result, stream: stats };
    };

    if (settings.warmup > 0) {
      for (const e of endpoints) {
        log(`  warm-up ${e.name} (${settings.warmup} s)`);
        if (e.key === 'checkIn') await resetDay(handle.db, data);
        const r = e.live
          ? (await whileCheckingIn(settings.warmup, () => runLoad(specOf(e, settings.warmup)))).result
          : await runLoad(specOf(e, settings.warmup));
        if (e.key !== 'checkIn') assertClean(e.name, r);
      }
    }

    const samples = new Map<Endpoint, Sample[]>(endpoints.map((e) => [e, []]));
    const checkIns: CheckInRound[] = [];
    for (let round = 0; round < settings.rounds; round++) {
      const order = endpoints.map((_, i) => endpoints[(i + round) % endpoints.length]!);
      for (const e of order) {
        const isCheckIn = e.key === 'checkIn';
        let since = '';
        if (isCheckIn) {
          await resetDay(handle.db, data);
          since = new Date().toISOString();
        }
        const pid = serverOf(e).child.pid;
        let cpuBefore: number | undefined;
        let cpuAfter: number | undefined;
        const measure = async () => {
          cpuBefore = cpuSeconds(pid);
          const result = await runLoad(specOf(e, isCheckIn ? CHECK_IN_LIMIT_S : settings.seconds));
          cpuAfter = cpuSeconds(pid);
          return result;
        };
        let stream: StreamStats | undefined;
        let r: LoadResult;
        if (e.live) ({ result: r, stream } = await whileCheckingIn(settings.seconds, measure));
        else r = await measure();
        if (!isCheckIn) assertClean(e.name, r);
        const sample: Sample = {
          rps: r.exact.rps2xx,
          p50: r.exact.p50,
          p95: r.exact.p95,
          p99: r.exact.p99,
          requests: r.exact.count,
          cpuUs:
            cpuBefore === undefined || cpuAfter === undefined
              ? undefined
              : ((cpuAfter - cpuBefore) / Math.max(1, r.exact.count)) * 1e6,
          ...(stream ? { stream } : {}),
        };
        samples.get(e)!.push(sample);
        let extra = stream
          ? `  with ${stream.acknowledged} check-ins (${stream.rate.toFixed(0)}/s)` +
            (stream.errors ? `  errors: ${stream.errorDetail}` : '')
          : '';
        if (isCheckIn) {
          const c = await verifyCheckIns(handle, data, r, since);
          checkIns.push(c);
          extra =
            `  201×${c.acknowledged}` +
            (c.errors ? `  errors: ${c.errorDetail}` : '') +
            `  stored ${c.stored} (rollup +${c.rollupDelta}, audit ${c.audit})` +
            (c.consistent ? '' : '  MISMATCH');
        }
        log(
          `  round ${round + 1}/${settings.rounds} ${e.name.padEnd(72)} ${sample.rps.toFixed(0).padStart(6)} req/s` +
            `  p50 ${ms(sample.p50)}  p95 ${ms(sample.p95)}  p99 ${ms(sample.p99)} ms` +
            (sample.cpuUs === undefined ? '' : `  CPU ${sample.cpuUs.toFixed(0)} µs/req`) +
            extra,
        );
      }
    }

    const health = samples.get(endpoints.find((e) => e.key === 'health')!)!;
    const healthRps = median(health.map((s) => s.rps));
    const results = endpoints.map((endpoint): EndpointResult => {
      const list = samples.get(endpoint)!;
      const cpu = list.map((s) => s.cpuUs);
      const rps = median(list.map((s) => s.rps));
      return {
        endpoint,
        path: paths[endpoint.key],
        connections: endpoint.group === 'throughput' ? settings.connections : settings.latencyConnections,
        samples: list,
        rps,
        p50: median(list.map((s) => s.p50)),
        p95: median(list.map((s) => s.p95)),
        p99: median(list.map((s) => s.p99)),
        cpuUs: cpu.every((c) => c !== undefined) ? median(cpu) : undefined,
        ratio: rps / healthRps,
      };
    });
    return {
      kind,
      version,
      data,
      results,
      missing,
      checkIns,
      sanity,
      verdicts: verdictsOf(kind, results, checkIns),
      information: informationOf(results),
    };
  } catch (e) {
    const tail = server.output().split('\n').slice(-30).join('\n');
    if (tail.trim()) log(`  server output (last lines):\n${tail}`);
    throw e;
  } finally {
    await handle.close();
    await fresh?.stop();
    await server.stop();
  }
}

/** Checks that each endpoint answers as expected before it is measured; a missing route is skipped. */
async function checkEndpoints(
  server: RunningServer,
  fresh: RunningServer,
  data: BenchData,
  paths: Record<Key, string>,
): Promise<{ sanity: string[]; missing: Key[] }> {
  const sanity: string[] = [];
  const missing: Key[] = [];
  const me = await getJson<{ username: string; role: string }>(server.origin, paths.me, data.viewer.token);
  if (me.status !== 200) throw new Error(`GET /api/auth/me as the viewer answered ${me.status}`);
  sanity.push(`\`/api/auth/me\` as \`${me.body.username}\` (${me.body.role} of the branch)`);

  for (const origin of [server.origin, fresh.origin]) {
    const board = await getJson<{ totals?: { expected?: number }; teams?: unknown[] }>(
      origin,
      paths.board,
      data.viewer.token,
    );
    const monthly = await getJson<{ people?: number; items?: unknown[]; total?: number }>(
      origin,
      paths.monthly,
      data.viewer.token,
    );
    if (board.status === 404 && isRouteMissing(board.body)) missing.push('board', 'boardLive', 'boardFresh');
    else if (board.status !== 200)
      throw new Error(`the board answered ${board.status}: ${JSON.stringify(board.body).slice(0, 300)}`);
    if (monthly.status === 404 && isRouteMissing(monthly.body)) missing.push('monthly', 'monthlyFresh');
    else if (monthly.status !== 200)
      throw new Error(
        `the monthly figures answered ${monthly.status}: ${JSON.stringify(monthly.body).slice(0, 300)}`,
      );
    if (origin !== server.origin) break;
    if (board.status === 200)
      sanity.push(
        `the board lists ${board.body.totals?.expected ?? '?'} people expected in ${board.body.teams?.length ?? '?'} teams`,
      );
    if (monthly.status === 200)
      sanity.push(
        `the monthly figures of ${data.reportMonth} cover ${monthly.body.people ?? '?'} people and return ` +
          `${monthly.body.items?.length ?? '?'} of ${monthly.body.total ?? '?'}`,
      );
  }
  for (const m of new Set(missing)) log(`  ${m}: route not found, not measured`);
  return { sanity, missing: [...new Set(missing)] };
}

/** A 404 of the router (no such route), not of the service (no such unit). */
function isRouteMissing(body: unknown): boolean {
  const msg = (body as { error?: { message?: string } } | null)?.error?.message ?? '';
  return msg === 'Not found' || /^Route .* not found$/.test(msg);
}

async function verifyCheckIns(
  handle: DatabaseHandle,
  data: BenchData,
  r: LoadResult,
  since: string,
): Promise<CheckInRound> {
  const acknowledged =
    (r.statusCodeStats as Record<string, { count: number }> | undefined)?.['201']?.count ?? 0;
  const { count: errors, detail } = errorsOf(r, 201);
  const day = await countDay(handle.db, data, since);
  return {
    acknowledged,
    errors,
    errorDetail: detail,
    sent: r.exact.sessionsUsed,
    stored: day.records,
    people: day.people,
    rollupDelta: day.rollupDelta,
    audit: day.audit,
    seconds: r.exact.elapsed,
    consistent:
      day.records === acknowledged &&
      day.people === acknowledged &&
      day.rollupDelta === acknowledged &&
      day.audit === acknowledged,
  };
}

function verdictsOf(kind: DatabaseKind, results: EndpointResult[], checkIns: CheckInRound[]): Verdict[] {
  const by = (k: Key) => results.find((e) => e.endpoint.key === k);
  const health = by('health')!;
  const checkIn = by('checkIn')!;
  const me = by('me')!;
  const verdicts: Verdict[] = [
    {
      what: 'check-in req/s ÷ /health req/s',
      measured: pct(checkIn.ratio),
      target: `≥ ${pct(CHECK_IN_TARGET[kind])}`,
      pass: checkIn.ratio >= CHECK_IN_TARGET[kind],
    },
    {
      what: 'check-in p99 ÷ /health p99',
      measured: `${ms(checkIn.p99)} ÷ ${ms(health.p99)} ms = ${(checkIn.p99 / health.p99).toFixed(1)}×`,
      target: `< ${CHECK_IN_P99_FACTOR}×`,
      pass: checkIn.p99 < CHECK_IN_P99_FACTOR * health.p99,
    },
    {
      what: 'check-in errors',
      measured: String(checkIns.reduce((n, c) => n + c.errors, 0)),
      target: '0',
      pass: checkIns.every((c) => c.errors === 0),
    },
    {
      what: 'stored records = acknowledged check-ins (every round)',
      measured: checkIns.map((c) => `${c.stored}/${c.acknowledged}`).join(', '),
      target: 'equal',
      pass: checkIns.every((c) => c.consistent),
    },
  ];
  const labels = {
    board: 'board p95 ÷ /api/auth/me p95, as served',
    monthly: 'monthly p95 ÷ /api/auth/me p95, as served',
    boardLive: 'board p95 ÷ /api/auth/me p95, as served while agents check in',
  } as const;
  for (const k of ['board', 'monthly', 'boardLive'] as const) {
    const e = by(k);
    verdicts.push(
      e
        ? {
            what: labels[k],
            measured: `${ms(e.p95)} ÷ ${ms(me.p95)} ms = ${(e.p95 / me.p95).toFixed(1)}×`,
            target: `≤ ${REPORT_P95_FACTOR}×`,
            pass: e.p95 <= REPORT_P95_FACTOR * me.p95,
          }
        : { what: labels[k], measured: 'route missing', target: `≤ ${REPORT_P95_FACTOR}×`, pass: false },
    );
  }
  const live = by('boardLive');
  if (live) {
    const streams = live.samples.flatMap((s) => (s.stream ? [s.stream] : []));
    verdicts.push({
      what: 'background check-ins during the "while agents check in" rounds: errors',
      measured: `${streams.reduce((n, s) => n + s.errors, 0)} (${streams.map((s) => s.acknowledged).join(', ')} acknowledged)`,
      target: '0',
      pass: streams.every((s) => s.errors === 0 && s.acknowledged > 0),
    });
  }
  return verdicts;
}

/** What one computation costs, against /api/auth/me: information, not targets. */
function informationOf(results: EndpointResult[]): string[] {
  const me = results.find((e) => e.endpoint.key === 'me');
  if (!me) return [];
  return results
    .filter((e) => e.endpoint.fresh)
    .map(
      (e) =>
        `${e.endpoint.key === 'boardFresh' ? 'board' : 'monthly'} computed afresh: p95 ${ms(e.p95)} ms = ` +
        `${(e.p95 / me.p95).toFixed(1)}× /api/auth/me, ${cpuText(e)} µs of server CPU a request`,
    );
}


// ---------------------------------------------------------------------------------------------------

async function benchSqlite(): Promise<DatabaseResult> {
  const data = tempDataDir();
  const mem = new SQLite(':memory:');
  const version = `SQLite ${(mem.prepare('select sqlite_version() as v').get() as { v: string }).v}`;
  mem.close();
  try {
    const file = path.join(data.dir, 'salesbase.db');
    return await benchServer(
      'sqlite',
      version,
      { DATA_DIR: data.dir, WEB_DIR: data.dir, DATABASE_URL: '', SQLITE_SYNCHRONOUS: 'FULL' },
      () => openDatabase({ sqliteFile: file, sqliteSynchronous: 'FULL' }),
      data.dir,
    );
  } finally {
    await data.remove();
  }
}

async function benchPostgres(admin: pg.Client): Promise<DatabaseResult> {
  return withPgDatabase(admin, settings.pgUrl, async (url, version) => {
    const data = tempDataDir();
    try {
      return await benchServer(
        'postgres',
        version,
        { DATABASE_URL: url, DATA_DIR: data.dir, WEB_DIR: data.dir },
        () => openDatabase({ databaseUrl: url, poolSize: 2 }),
        data.dir,
      );
    } finally {
      await data.remove();
    }
  });
}

// ---------------------------------------------------------------------------------------------------
// Report

const BENCH_SETTINGS = [
    'BENCH_SECONDS',
    'BENCH_ROUNDS',
    'BENCH_CONNECTIONS',
    'BENCH_LATENCY_CONNECTIONS',
    'BENCH_WARMUP',
    'BENCH_BRANCHES',
    'BENCH_CHECKIN_RATE',
    'BENCH_DATABASES',
];


function printConsole(db: DatabaseResult): void {
  console.log(`\n${db.kind} — ${db.version}`);
  for (const e of db.results) {
    console.log(
      `${e.endpoint.name.padEnd(56)} ${String(e.connections).padStart(3)} conn ${e.rps.toFixed(0).padStart(7)} req/s` +
        ` (${pct(e.ratio).padStart(5)})  p50 ${ms(e.p50)}  p95 ${ms(e.p95)}  p99 ${ms(e.p99)} ms  CPU ${cpuText(e)} µs/req`,
    );
  }
  for (const v of db.verdicts)
    console.log(`  ${v.pass ? 'pass' : 'FAIL'}  ${v.what}: ${v.measured} (target ${v.target})`);
  for (const i of db.information) console.log(`  info  ${i}`);
}

function markdown(dbs: DatabaseResult[], skipped: string[], facts: string[], startedAt: Date): string {
  const agents = AGENTS_PER_BRANCH * settings.branches;
  const lines: string[] = [
    BEGIN,
    '<!-- Generated by `npm run bench:attendance` (bench/attendance.ts); rewritten on each run up to the end marker. -->',
    '',
    '# Attendance benchmark',
    '',
    'What is measured: the morning check-in of the whole workforce, and the two screens read while it',
    'happens, against the cheapest requests of the same server in the same run.',
    '',
    `- Data (bench/attendance-data.ts, written straight into the fresh database): a tenant with ${settings.branches === 1 ? 'a branch' : `${settings.branches} branches`} of`,
    '  5,000 agents (10 departments of 500, teams of 10), a manager per department and an executive per',
    '  branch, a session for each person, and every agent’s attendance from the start of the previous',
    '  work month to yesterday with its monthly rollups. The tenant’s zone is a fixed-offset zone in',
    '  which it is between 07:00 and 08:00 at the start; the tenant’s rules put the meeting at 08:30',
    '  every day, open from 04:30, and a calendar entry makes today a workday: whenever the benchmark',
    '  runs, now is a meeting morning and check-ins are on time.',
    `- Throughput, ${settings.connections} connections: \`GET /health\` for ${settings.seconds} s, and a check-in round where each of the`,
    `  ${agents.toLocaleString('en-US')} agents makes their first check-in of the day once (own session cookie, unique`,
    '  `Idempotency-Key`, same-origin `Origin`), as fast as the server takes them; req/s is 2xx responses',
    '  over the time from the first request to the last response. Before each check-in round the day',
    '  is reset (today’s records deleted, the month’s rollups restored, sessions marked seen now, as by',
    '  the app’s start-up request, so the check-in does not also refresh `last_seen_at`). After each',
    '  round the records stored for today are counted: they must equal the 201 responses, and the',
    '  rollups and the audit trail must have moved by as much.',
    `- Latency, ${settings.latencyConnections} connection${settings.latencyConnections === 1 ? '' : 's'}: \`GET /api/auth/me\`, the board of one 500-agent department for today,`,
    '  and the monthly figures (unit totals and the first page of 50) of the 5,000-agent branch for the',
    `  previous work month, each for ${settings.seconds} s, as the branch executive, with \`Accept-Encoding: ${ACCEPT_ENCODING}\` as a`,
    '  browser sends it (the board and the monthly figures then come gzipped). p50/p95/p99 are exact',
    '  percentiles of every response’s latency as autocannon measured it (its summary has no p95).',
    '  *As served*: by the server as configured, whose report cache serves an answer for at most',
    '  `REPORT_CACHE_MS` (1 s) after it was computed; a record write marks its day’s boards and its work',
    '  month’s figures stale, and a stale answer is served within that second while one computation',
    '  (started once it is a quarter of that old) refreshes it. The board is measured as served twice:',
    '  idle, and *while agents check in* — a steady',
    `  stream of ${settings.checkInRate} check-ins a second (agents of every department, the measured one included; today`,
    '  reset first) runs through the round, so the board’s day keeps changing and what is measured is',
    '  the stale-while-revalidate path with its background recomputations. *Computed afresh*: by a',
    '  second server process on the same database with `REPORT_CACHE_MS=0` — what one computation',
    '  (and its gzip) costs; information, not a target.',
    `- ${settings.rounds} rounds, the endpoints interleaved with the order rotated each round, after a`,
    `  ${settings.warmup} s warm-up each; figures are medians over the rounds. "Server CPU" is the server process's`,
    '  user + system CPU time per request, all its threads (PostgreSQL’s own processes not included);',
    '  for the board while agents check in it includes the work of the background check-ins.',
    '',
    'Targets: check-in req/s ≥ 15 % of `/health` on SQLite (synchronous=FULL) and ≥ 10 % on PostgreSQL,',
    'check-in p99 under 10× `/health` p99, no errors, exactly one stored record per acknowledged',
    'check-in; the board (idle and while agents check in) and the monthly figures, as served, with p95',
    'within 5× `/api/auth/me` p95.',
    '',
    '```',
    commandLine('bench:attendance', BENCH_SETTINGS),
    '```',
    '',
    `Run: ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    '',
  ];
  for (const db of dbs) {
    const d = db.data;
    lines.push(
      `## ${db.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
      '',
      `${db.version}${db.kind === 'sqlite' ? ', WAL, synchronous=FULL' : ''}. Data: ${d.counts.people.toLocaleString('en-US')} people, ` +
        `${d.counts.units} units, ${d.counts.records.toLocaleString('en-US')} records, ${d.counts.statsRows.toLocaleString('en-US')} rollup rows, written in ` +
        `${d.seconds.toFixed(1)} s. Checked before measuring: ${db.sanity.join('; ')}.`,
      '',
      '| endpoint | conn. | req/s (median) | ratio to /health | p50 ms | p95 ms | p99 ms | server CPU µs/req |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const e of db.results) {
      lines.push(
        `| \`${e.endpoint.name}\` | ${e.connections} | ${e.rps.toFixed(0)} | ${pct(e.ratio)} | ${ms(e.p50)} | ` +
          `${ms(e.p95)} | ${ms(e.p99)} | ${cpuText(e)} |`,
      );
    }
    for (const m of db.missing) lines.push(`| \`${m}\` | — | route not available at run time | | | | | |`);
    lines.push('', ...verdictTable(db.verdicts));
    if (db.information.length)
      lines.push(
        '',
        'For information (what one computation costs; not targets):',
        '',
        ...db.information.map((i) => `- ${i}`),
      );
    lines.push(
      '',
      'Check-in rounds (201 acknowledged / stored records / rollup delta / audit rows, errors, seconds):',
      '',
    );
    lines.push(
      ...db.checkIns.map(
        (c, i) =>
          `- round ${i + 1}: ${c.acknowledged} / ${c.stored} / ${c.rollupDelta} / ${c.audit}, ` +
          `${c.errors ? `errors ${c.errorDetail}` : 'no errors'}, ${c.seconds.toFixed(2)} s`,
      ),
      '',
      'Per round (req/s; p95 ms):',
      '',
    );
    for (const e of db.results) {
      const rounds = e.samples.map(
        (s) =>
          `${s.rps.toFixed(0)}; ${ms(s.p95)}` +
          (s.stream ? ` (${s.stream.acknowledged} check-ins, ${s.stream.rate.toFixed(0)}/s)` : ''),
      );
      lines.push(`- \`${e.endpoint.name}\`: ${rounds.join(' · ')}`);
    }
    lines.push('');
  }
  for (const s of skipped) lines.push(`**${s}**`, '');
  lines.push(...machineSection(facts, END));
  return lines.join('\n');
}

/** Rewrites the attendance section of the report (appended below the manual notes the first time). */
function writeReport(content: string): void {
  if (settings.out === '-') return;
  const file = path.resolve(ROOT, settings.out);
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `${MARKER}\n`;
  const begin = old.indexOf(BEGIN);
  const end = old.indexOf(END);
  let next: string;
  if (begin >= 0 && end > begin) next = old.slice(0, begin) + content + old.slice(end + END.length);
  else next = `${old.endsWith('\n') ? old : `${old}\n`}\n${content}\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, next);
  log(`\nwrote ${path.relative(ROOT, file)}`);
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const facts = machineFacts();
  console.log(`Salesbase attendance benchmark — ${startedAt.toISOString()}`);
  console.log(`command: ${commandLine('bench:attendance', BENCH_SETTINGS)}`);
  for (const f of facts) console.log(f);

  const { dbs, skipped } = await benchEachDatabase(settings, benchSqlite, benchPostgres);

  for (const db of dbs) printConsole(db);
  console.log(`\n${loadLine('end')}`);
  for (const s of skipped) console.log(`\n${s}`);
  writeReport(markdown(dbs, skipped, facts, startedAt));

  const misses = dbs.flatMap((db) => db.verdicts.filter((v) => !v.pass).map((v) => `${db.kind}: ${v.what}`));
  console.log(misses.length ? `\nTargets missed:\n  ${misses.join('\n  ')}` : '\nAll targets met.');
  if (dbs.length === 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  if (wasInterrupted()) return;
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
