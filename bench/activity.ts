// Activity benchmark: logging an activity by distinct agents of a 10,000-agent company, and the
// activity summaries of a 500-agent department (a work month, a row per agent) and of the company (a
// quarter, totals and a row per department), measured side by side with GET /health and
// GET /api/auth/me, on SQLite and, when reachable, on PostgreSQL.
//
//   npm run bench:activity
//
// For each database it writes a year of activity into a fresh database (bench/activity-data.ts) and
// times that, starts the real server (server/main.ts) on it, and drives load with autocannon from a
// second process (bench/load.ts), endpoints interleaved in rounds with the order rotated each round:
//
// - Throughput, at BENCH_CONNECTIONS: GET /health, and POST /api/activities where every request is a
//   different agent logging an interview (own session cookie, the Origin header). A round lasts until
//   every agent has logged one. Before it, every session is marked seen now (as the app's start-up
//   request would), so the write does not also refresh last_seen_at; after it, the activities stored
//   since the round began are counted: one per acknowledged request, one per agent, and the rollups of
//   today must have moved by as much.
// - Latency, at BENCH_LATENCY_CONNECTIONS, with Accept-Encoding: gzip as a browser sends it:
//   GET /api/auth/me, the department summary (the department's manager; rows=people, pageSize=500) and
//   the company summary (the company's executive; rows=units), as served (the figures cache on, as
//   configured by default), and computed afresh from the rollups by a second server process on the same
//   database started with REPORT_CACHE_MS=0.
// - In this process, on its own connection while both servers are idle: the same two summaries
//   computed from the rollups (computeSummary) and from the raw activity rows (computeSummaryFromRaw),
//   BENCH_RAW_RUNS times each, to show what the rollups buy; their totals must agree.
//
// Results go to stdout and to the activity section of docs/benchmarks.md (between the
// `activity benchmark` markers, appended at the end of the file the first time; everything else kept).
//
// Environment (as for `npm run bench`, plus):
//   BENCH_SECONDS               seconds per endpoint per round (default 5)
//   BENCH_ROUNDS                rounds (default 5)
//   BENCH_CONNECTIONS           connections of the throughput endpoints (default 100)
//   BENCH_LATENCY_CONNECTIONS   connections of the latency endpoints (default 1)
//   BENCH_WARMUP                seconds of unmeasured warm-up per endpoint (default 2; 0 = none)
//   BENCH_DEPARTMENTS           departments of 500 agents (default 20: 10,000 agents)
//   BENCH_DAYS                  days of history up to yesterday (default 365)
//   BENCH_RAW                   year (default): raw activity rows for every day; measured: only for the
//                               days of the two measured periods (the rollups cover the year either way)
//   BENCH_RAW_RUNS              in-process runs of each summary from rollups and from raw rows (default 3)
//   BENCH_PROFILE               a folder: the served server writes a V8 CPU profile there when it stops
//   BENCH_PG_URL, BENCH_DATABASES, BENCH_OUT as for `npm run bench`
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type pg from 'pg';
import type { Summary } from '../contracts/activity.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase, type DatabaseHandle } from '../server/db/database.ts';
import { resolveActor } from '../server/http/auth.ts';
import {
  computeSummary,
  computeSummaryFromRaw,
  type SummaryQuery,
} from '../server/modules/activity/summary.service.ts';
import { createActivityBenchData, type ActivityBenchData, type Target } from './activity-data.ts';
import {
  COOKIE,
  assertAnswered,
  assertClean,
  benchEachDatabase,
  cpuSeconds,
  envInt,
  getJson,
  loadLine,
  log,
  machineFacts,
  median,
  pct,
  runLoad,
  startServer,
  tempDataDir,
  wasInterrupted,
  withPgDatabase,
  writeSection,
  type DatabaseKind,
  type RunningServer,
  commandLine,
  cpuText,
  fmtInt as n,
  fmtMs as ms,
  machineSection,
  verdictTable,
  type Verdict,
} from './common.ts';
import type { LoadResult, LoadSpec } from './load.ts';

const BEGIN = '<!-- activity benchmark: begin -->';
const END = '<!-- activity benchmark: end -->';

function rawSetting(value: string | undefined): 'year' | 'measured' {
  return value === 'measured' ? 'measured' : 'year';
}

const settings = {
  seconds: envInt('BENCH_SECONDS', 5, 1),
  rounds: envInt('BENCH_ROUNDS', 5, 1),
  connections: envInt('BENCH_CONNECTIONS', 100, 1),
  latencyConnections: envInt('BENCH_LATENCY_CONNECTIONS', 1, 1),
  warmup: envInt('BENCH_WARMUP', 2, 0),
  departments: envInt('BENCH_DEPARTMENTS', 20, 1),
  days: envInt('BENCH_DAYS', 365, 100),
  raw: rawSetting(process.env.BENCH_RAW),
  rawRuns: envInt('BENCH_RAW_RUNS', 3, 1),
  pgUrl: process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/test',
  databases: (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',').map((s) => s.trim()),
  out: process.env.BENCH_OUT || 'docs/benchmarks.md',
};

/** A write round is bounded by the agents; this only stops a server that hangs. */
const WRITE_LIMIT_S = 300;

type Key = 'health' | 'log' | 'me' | 'dept' | 'deptTypes' | 'company' | 'deptFresh' | 'companyFresh';

interface Endpoint {
  key: Key;
  name: string;
  group: 'throughput' | 'latency';
  /** Measured on the second server, whose figures cache is off. */
  fresh?: boolean;
}

const ENDPOINTS: Endpoint[] = [
  { key: 'health', name: 'GET /health', group: 'throughput' },
  { key: 'log', name: 'POST /api/activities', group: 'throughput' },
  { key: 'me', name: 'GET /api/auth/me', group: 'latency' },
  { key: 'dept', name: 'department summary, month, 500 rows — as served', group: 'latency' },
  {
    key: 'deptTypes',
    name: 'department summary, full form (counts per type) — as served',
    group: 'latency',
  },
  { key: 'company', name: 'company summary, quarter, per department — as served', group: 'latency' },
  {
    key: 'deptFresh',
    name: 'department summary — from the rollups, cache off',
    group: 'latency',
    fresh: true,
  },
  {
    key: 'companyFresh',
    name: 'company summary — from the rollups, cache off',
    group: 'latency',
    fresh: true,
  },
];

/** Minimum write req/s as a share of /health's; write p99 under this many times /health's. */
const WRITE_TARGET = 0.1;
const WRITE_P99_FACTOR = 10;
/** An uncached summary slower than this is not measured over HTTP (autocannon's timeout is 10 s). */
const SLOW_MS = 8_000;
/** Summary p95 within this many times /api/auth/me's p95. */
const SUMMARY_P95_FACTOR = 5;

interface Sample {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  /** Requests autocannon gave up on after 10 s (not in the percentiles). */
  timeouts: number;
  cpuUs: number | undefined;
}

interface WriteRound {
  acknowledged: number;
  errors: number;
  errorDetail: string;
  stored: number;
  people: number;
  rollupDelta: number;
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
  ratio: number;
}

interface InProcess {
  what: string;
  source: 'rollups' | 'raw';
  runs: number[];
  median: number;
}

interface DatabaseResult {
  kind: DatabaseKind;
  version: string;
  data: ActivityBenchData;
  results: EndpointResult[];
  /** Endpoints not measured over HTTP, and why. */
  missing: { key: Key; why: string }[];
  writes: WriteRound[];
  inProcess: InProcess[];
  sanity: string[];
  verdicts: Verdict[];
}


/** A 404 of the router (no such route), not of the service (no such unit). */
function isRouteMissing(status: number, body: unknown): boolean {
  const msg = (body as { error?: { message?: string } } | null)?.error?.message ?? '';
  return status === 404 && (msg === 'Not found' || /^Route .* not found$/.test(msg));
}

function errorsOf(r: LoadResult, okStatus: number): { count: number; detail: string } {
  const codes = Object.entries(r.statusCodeStats ?? {})
    .filter(([code]) => Number(code) !== okStatus)
    .map(([code, s]) => [code, (s as { count: number }).count] as const);
  const count = codes.reduce((k, [, c]) => k + c, 0) + r.errors;
  const parts = codes.map(([code, c]) => `${code}×${c}`);
  if (r.errors) parts.push(`${r.errors} connection errors (${r.timeouts} timeouts)`);
  return { count, detail: parts.join(', ') };
}

// The analysis page shows the counts per type in a person's drawer and, when the manager turns
// the column on, in the table: by default it asks for the lean form (form=lean), as measured here.
function summaryQuery(
  unitId: string,
  period: 'month' | 'quarter',
  date: string,
  rows: 'people' | 'units',
  form: 'full' | 'lean' = 'lean',
): SummaryQuery {
  return { unitId, period, date, rows, page: 1, pageSize: rows === 'people' ? 500 : 50, form };
}

function summaryPath(q: SummaryQuery): string {
  return `/api/activity/summary?unitId=${q.unitId}&period=${q.period}&date=${q.date}&rows=${q.rows}&page=${q.page}&pageSize=${q.pageSize}&form=${q.form}`;
}

/** The figures two computations must agree on. */
function totalsKey(s: Summary): string {
  const t = s.totals;
  return JSON.stringify([
    t.activities,
    t.points,
    t.funnel,
    t.premiumFen,
    t.people,
    t.activePeople,
    t.plannedPoints,
    s.total,
  ]);
}

// ---------------------------------------------------------------------------------------------------

async function benchDatabase(
  kind: DatabaseKind,
  version: string,
  target: Target,
  env: Record<string, string>,
  openBenchDb: () => DatabaseHandle,
  dataDir: string,
): Promise<DatabaseResult> {
  log(`\n== ${kind} (${version}) ==`);
  log(
    `  writing the benchmark tenant: ${n(settings.departments * 500)} agents, ${settings.days} days, raw rows: ${settings.raw} …`,
  );
  const data = await createActivityBenchData(target, {
    departments: settings.departments,
    days: settings.days,
    raw: settings.raw,
    log,
  });
  log(
    `  ${n(data.counts.people)} people, ${n(data.counts.activities)} activities (${n(data.counts.rawActivities)} raw rows), ` +
      `${n(data.counts.workLogs)} work logs, ${n(data.counts.activityDays)} + ${n(data.counts.activityDayTypes)} rollup rows ` +
      `in ${data.seconds.total.toFixed(0)} s`,
  );
  const tokensFile = path.join(dataDir, 'agent-sessions.txt');
  fs.writeFileSync(tokensFile, `${data.agentTokens.join('\n')}\n`);

  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  const server = await startServer({ ...env, SEED_DEMO: 'false' }, profile);
  let fresh: RunningServer | null = null;
  const handle = openBenchDb();
  try {
    fresh = await startServer({ ...env, SEED_DEMO: 'false', REPORT_CACHE_MS: '0' });
    const serverOf = (e: Endpoint) => (e.fresh ? fresh! : server);
    const deptQ = summaryQuery(data.departmentId, 'month', data.month.date, 'people');
    const companyQ = summaryQuery(data.companyId, 'quarter', data.quarter.date, 'units');
    const paths: Record<Key, string> = {
      health: '/health',
      log: '/api/activities',
      me: '/api/auth/me',
      dept: summaryPath(deptQ),
      deptTypes: summaryPath({ ...deptQ, form: 'full' }),
      company: summaryPath(companyQ),
      deptFresh: summaryPath(deptQ),
      companyFresh: summaryPath(companyQ),
    };
    const tokenOf = (e: Endpoint) =>
      e.key === 'company' || e.key === 'companyFresh' ? data.executive.token : data.manager.token;

    // ---- Before measuring: every endpoint answers as it should; rollups and raw rows agree.
    const sanity: string[] = [];
    const missing: Key[] = [];
    const me = await getJson<{ username: string; role: string }>(server.origin, paths.me, data.manager.token);
    if (me.status !== 200) throw new Error(`GET /api/auth/me answered ${me.status}`);
    sanity.push(`\`/api/auth/me\` as \`${me.body.username}\` (${me.body.role} of the first department)`);
    const probe = await getJson(server.origin, `${paths.log}?pageSize=1`, data.manager.token);
    if (isRouteMissing(probe.status, probe.body)) missing.push('log');
    const served: Partial<Record<'dept' | 'company', Summary>> = {};
    // What one summary costs without the cache (the second server's first answer): a round of a
    // summary lasts long enough for at least three of them.
    const costMs: Partial<Record<Key, number>> = {};
    for (const k of ['dept', 'company'] as const) {
      for (const origin of [server.origin, fresh.origin]) {
        const started = performance.now();
        const r = await getJson<Summary>(origin, paths[k], tokenOf({ key: k } as Endpoint));
        if (origin === fresh.origin)
          costMs[k] = costMs[k === 'dept' ? 'deptFresh' : 'companyFresh'] = performance.now() - started;
        if (isRouteMissing(r.status, r.body)) {
          missing.push(k, k === 'dept' ? 'deptFresh' : 'companyFresh');
          break;
        }
        if (r.status !== 200)
          throw new Error(`the ${k} summary answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
        served[k] = r.body;
      }
    }
    if (served.dept)
      sanity.push(
        `the department summary of work month ${data.month.name} (${data.month.from} – ${data.month.to}) has ` +
          `${served.dept.rows.length} rows of ${served.dept.total}, ${n(served.dept.totals.activities)} activities`,
      );
    if (served.company)
      sanity.push(
        `the company summary of ${data.quarter.name} (${data.quarter.from} – ${data.quarter.to}) has ` +
          `${served.company.rows.length} department rows, ${n(served.company.totals.people)} people, ` +
          `${n(served.company.totals.activities)} activities`,
      );

    const inProcess: InProcess[] = [];
    if (served.dept || served.company) {
      const config = loadConfig();
      const ctxFor = async (token: string) => {
        const actor = await resolveActor(handle.db, config, token, false);
        if (!actor) throw new Error('viewer session not found');
        return { db: handle.db, actor, requestId: null, ip: null };
      };
      for (const [label, k, q, token] of [
        ['department month', 'dept', deptQ, data.manager.token],
        ['company quarter', 'company', companyQ, data.executive.token],
      ] as const) {
        if (!served[k]) continue;
        const ctx = await ctxFor(token);
        let fromRollups: Summary | null = null;
        let fromRaw: Summary | null = null;
        for (const source of ['rollups', 'raw'] as const) {
          const runs: number[] = [];
          for (let i = 0; i < settings.rawRuns; i++) {
            const t = performance.now();
            const s =
              source === 'rollups' ? await computeSummary(ctx, q) : await computeSummaryFromRaw(ctx, q);
            runs.push(performance.now() - t);
            if (source === 'rollups') fromRollups = s;
            else fromRaw = s;
          }
          inProcess.push({ what: label, source, runs, median: median(runs) });
          log(`  in-process ${label} from ${source}: ${runs.map((r) => ms(r)).join(', ')} ms`);
        }
        const agree = totalsKey(fromRollups!) === totalsKey(served[k]);
        const rawAgree = totalsKey(fromRaw!) === totalsKey(fromRollups!);
        if (!agree) throw new Error(`the served ${label} summary differs from computeSummary`);
        sanity.push(
          `the ${label}: the served totals equal computeSummary's` +
            (rawAgree
              ? ', and computeSummaryFromRaw gives the same totals'
              : ' — but computeSummaryFromRaw DIFFERS'),
        );
        if (!rawAgree)
          log(
            `  WARNING: ${label} from raw rows differs: ${totalsKey(fromRaw!)} vs ${totalsKey(fromRollups!)}`,
          );
      }
    }
    // autocannon gives up on a request after 10 s: an uncached summary slower than that is left to
    // the in-process figures.
    const skipped: { key: Key; why: string }[] = [...new Set(missing)].map((key) => ({
      key,
      why: 'route not available at run time',
    }));
    for (const k of ['deptFresh', 'companyFresh'] as const) {
      const cost = costMs[k];
      if (cost !== undefined && cost > SLOW_MS && !missing.includes(k))
        skipped.push({
          key: k,
          why: `one answer took ${(cost / 1000).toFixed(1)} s, beyond what autocannon waits for (10 s); see the in-process figures`,
        });
    }
    for (const m of skipped) log(`  ${m.key}: not measured — ${m.why}`);
    const endpoints = ENDPOINTS.filter((e) => !skipped.some((m) => m.key === e.key));

    let runTag = 0;
    const body = JSON.stringify({ typeId: data.interviewTypeId, prospectName: '王先生' });
    const roundSeconds = (e: Endpoint) =>
      Math.max(settings.seconds, Math.ceil((3 * (costMs[e.key] ?? 0)) / 1000));
    const specOf = (e: Endpoint, duration: number): LoadSpec => {
      const url = serverOf(e).origin + paths[e.key];
      if (e.key === 'health') return { url, headers: {}, duration, connections: settings.connections };
      if (e.key === 'log')
        return {
          url,
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: server.origin },
          body,
          duration,
          connections: settings.connections,
          sessions: { file: tokensFile, cookieName: COOKIE, keyPrefix: `bench-${Date.now()}-${runTag++}` },
        };
      return {
        url,
        headers: { cookie: `${COOKIE}=${tokenOf(e)}`, 'accept-encoding': 'gzip' },
        duration,
        connections: settings.latencyConnections,
      };
    };
    const touchSessions = () =>
      handle.db
        .updateTable('sessions')
        .set({ last_seen_at: new Date().toISOString() })
        .where('tenant_id', '=', data.tenantId)
        .execute();

    const isSummary = (e: Endpoint) => e.group === 'latency' && e.key !== 'me';
    // A summary's answer, waited for without a timeout: after a summary's round, so that a
    // recomputation it started (a request autocannon gave up on) does not run into the next round.
    const settle = async (e: Endpoint) => {
      if (isSummary(e)) await getJson(serverOf(e).origin, paths[e.key], tokenOf(e));
    };
    if (settings.warmup > 0) {
      for (const e of endpoints) {
        log(`  warm-up ${e.name} (${settings.warmup} s)`);
        if (e.key === 'log') await touchSessions();
        await settle(e);
        const r = await runLoad(specOf(e, settings.warmup));
        if (e.key === 'health' || e.key === 'me') assertClean(e.name, r);
        await settle(e);
      }
    }

    const samples = new Map<Endpoint, Sample[]>(endpoints.map((e) => [e, []]));
    const writes: WriteRound[] = [];
    for (let round = 0; round < settings.rounds; round++) {
      const order = endpoints.map((_, i) => endpoints[(i + round) % endpoints.length]!);
      for (const e of order) {
        const isWrite = e.key === 'log';
        let since = '';
        let before = 0;
        if (isWrite) {
          await touchSessions();
          before = await todayActivities(handle, data);
          since = new Date().toISOString();
        }
        const pid = serverOf(e).child.pid;
        const cpuBefore = cpuSeconds(pid);
        const seconds = isWrite ? WRITE_LIMIT_S : roundSeconds(e);
        const r = await runLoad(specOf(e, seconds));
        const cpuAfter = cpuSeconds(pid);
        if (!isWrite) assertAnswered(e.name, r);
        // A round in which every request timed out: its latency is at least the round's length.
        const none = r.exact.count === 0 ? seconds * 1000 : null;
        const sample: Sample = {
          rps: r.exact.rps2xx,
          p50: none ?? r.exact.p50,
          p95: none ?? r.exact.p95,
          p99: none ?? r.exact.p99,
          requests: r.exact.count,
          timeouts: r.timeouts,
          cpuUs:
            cpuBefore === undefined || cpuAfter === undefined
              ? undefined
              : ((cpuAfter - cpuBefore) / Math.max(1, r.exact.count)) * 1e6,
        };
        samples.get(e)!.push(sample);
        await settle(e);
        let extra = '';
        if (isWrite) {
          const w = await verifyWrites(handle, data, r, since, before);
          writes.push(w);
          extra =
            `  201×${w.acknowledged}` +
            (w.errors ? `  errors: ${w.errorDetail}` : '') +
            `  stored ${w.stored} by ${w.people} agents (rollup +${w.rollupDelta})` +
            (w.consistent ? '' : '  MISMATCH');
        }
        log(
          `  round ${round + 1}/${settings.rounds} ${e.name.padEnd(56)} ${sample.rps.toFixed(0).padStart(6)} req/s` +
            `  p50 ${ms(sample.p50)}  p95 ${ms(sample.p95)}  p99 ${ms(sample.p99)} ms` +
            (sample.cpuUs === undefined ? '' : `  CPU ${sample.cpuUs.toFixed(0)} µs/req`) +
            `  ${(r.throughput.total / Math.max(1, r.requests.total) / 1024).toFixed(1)} KiB/answer` +
            extra,
        );
      }
    }

    const healthRps = median(samples.get(endpoints.find((e) => e.key === 'health')!)!.map((s) => s.rps));
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
      missing: skipped,
      writes,
      inProcess,
      sanity,
      verdicts: verdictsOf(results, writes, inProcess),
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

async function todayActivities(handle: DatabaseHandle, data: ActivityBenchData): Promise<number> {
  const r = await handle.db
    .selectFrom('activity_days')
    .select((eb) => eb.fn.sum<number>('activities').as('n'))
    .where('tenant_id', '=', data.tenantId)
    .where('date', '>=', data.today)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

async function verifyWrites(
  handle: DatabaseHandle,
  data: ActivityBenchData,
  r: LoadResult,
  since: string,
  before: number,
): Promise<WriteRound> {
  const acknowledged =
    (r.statusCodeStats as Record<string, { count: number }> | undefined)?.['201']?.count ?? 0;
  const { count: errors, detail } = errorsOf(r, 201);
  const row = await handle.db
    .selectFrom('activities')
    .select((eb) => [
      eb.fn.countAll<number>().as('rows'),
      eb.fn.count<number>('user_id').distinct().as('people'),
    ])
    .where('tenant_id', '=', data.tenantId)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  const rollupDelta = (await todayActivities(handle, data)) - before;
  const stored = Number(row.rows);
  const people = Number(row.people);
  return {
    acknowledged,
    errors,
    errorDetail: detail,
    stored,
    people,
    rollupDelta,
    seconds: r.exact.elapsed,
    consistent: stored === acknowledged && people === acknowledged && rollupDelta === acknowledged,
  };
}

function verdictsOf(results: EndpointResult[], writes: WriteRound[], inProcess: InProcess[]): Verdict[] {
  const by = (k: Key) => results.find((e) => e.endpoint.key === k);
  const health = by('health')!;
  const write = by('log');
  const me = by('me')!;
  const verdicts: Verdict[] = [];
  if (write) {
    verdicts.push(
      {
        what: 'POST /api/activities req/s ÷ /health req/s',
        measured: pct(write.ratio),
        target: `≥ ${pct(WRITE_TARGET)}`,
        pass: write.ratio >= WRITE_TARGET,
      },
      {
        what: 'POST /api/activities p99 ÷ /health p99',
        measured: `${ms(write.p99)} ÷ ${ms(health.p99)} ms = ${(write.p99 / health.p99).toFixed(1)}×`,
        target: `< ${WRITE_P99_FACTOR}×`,
        pass: write.p99 < WRITE_P99_FACTOR * health.p99,
      },
      {
        what: 'POST /api/activities errors',
        measured: String(writes.reduce((k, w) => k + w.errors, 0)),
        target: '0',
        pass: writes.every((w) => w.errors === 0),
      },
      {
        what: 'stored activities = acknowledged requests, one per agent, rollups moved as much (every round)',
        measured: writes.map((w) => `${w.stored}/${w.acknowledged}`).join(', '),
        target: 'equal',
        pass: writes.every((w) => w.consistent),
      },
    );
  } else {
    verdicts.push({ what: 'POST /api/activities', measured: 'route missing', target: '—', pass: false });
  }
  for (const [k, label] of [
    ['dept', 'department summary p95 ÷ /api/auth/me p95, as served'],
    ['company', 'company summary p95 ÷ /api/auth/me p95, as served'],
  ] as const) {
    const e = by(k);
    verdicts.push(
      e
        ? {
            what: label,
            measured: `${ms(e.p95)} ÷ ${ms(me.p95)} ms = ${(e.p95 / me.p95).toFixed(1)}×`,
            target: `≤ ${SUMMARY_P95_FACTOR}×`,
            pass: e.p95 <= SUMMARY_P95_FACTOR * me.p95,
          }
        : { what: label, measured: 'route missing', target: `≤ ${SUMMARY_P95_FACTOR}×`, pass: false },
    );
  }
  // Reported beside the targets, not judged: the department's answer with every row's counts per
  // type, and what the same figures cost without the cache.
  for (const [k, label] of [
    ['deptTypes', 'department summary, full form (counts per type), p95 ÷ /api/auth/me p95, as served'],
    ['deptFresh', 'department summary p95 ÷ /api/auth/me p95, from the rollups with the cache off'],
    ['companyFresh', 'company summary p95 ÷ /api/auth/me p95, from the rollups with the cache off'],
  ] as const) {
    const e = by(k);
    if (e)
      verdicts.push({
        what: label,
        measured: `${ms(e.p95)} ÷ ${ms(me.p95)} ms = ${(e.p95 / me.p95).toFixed(1)}×`,
        target: `(${SUMMARY_P95_FACTOR}×)`,
        pass: null,
      });
  }
  for (const p of inProcess.filter((x) => x.source === 'raw')) {
    verdicts.push({
      what: `${p.what} summary from the raw activity rows (in-process median) ÷ /api/auth/me p95`,
      measured: `${ms(p.median)} ÷ ${ms(me.p95)} ms = ${(p.median / me.p95).toFixed(0)}×`,
      target: `(${SUMMARY_P95_FACTOR}×)`,
      pass: null,
    });
  }
  return verdicts;
}

// ---------------------------------------------------------------------------------------------------

async function benchSqlite(): Promise<DatabaseResult> {
  const dir = tempDataDir();
  const mem = new SQLite(':memory:');
  const version = `SQLite ${(mem.prepare('select sqlite_version() as v').get() as { v: string }).v}`;
  mem.close();
  try {
    const file = path.join(dir.dir, 'salesbase.db');
    return await benchDatabase(
      'sqlite',
      version,
      { dialect: 'sqlite', sqliteFile: file },
      { DATA_DIR: dir.dir, WEB_DIR: dir.dir, DATABASE_URL: '', SQLITE_SYNCHRONOUS: 'FULL' },
      () => openDatabase({ sqliteFile: file, sqliteSynchronous: 'FULL' }),
      dir.dir,
    );
  } finally {
    await dir.remove();
  }
}

async function benchPostgres(admin: pg.Client): Promise<DatabaseResult> {
  return withPgDatabase(admin, settings.pgUrl, async (url, version) => {
    const dir = tempDataDir();
    try {
      return await benchDatabase(
        'postgres',
        version,
        { dialect: 'postgres', databaseUrl: url },
        { DATABASE_URL: url, DATA_DIR: dir.dir, WEB_DIR: dir.dir },
        () => openDatabase({ databaseUrl: url, poolSize: 2 }),
        dir.dir,
      );
    } finally {
      await dir.remove();
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
    'BENCH_DEPARTMENTS',
    'BENCH_DAYS',
    'BENCH_RAW',
    'BENCH_RAW_RUNS',
    'BENCH_PROFILE',
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
  for (const p of db.inProcess)
    console.log(`in-process ${p.what} from ${p.source}: median ${ms(p.median)} ms`);
  for (const v of db.verdicts)
    console.log(
      `  ${v.pass === null ? 'info' : v.pass ? 'pass' : 'FAIL'}  ${v.what}: ${v.measured} (target ${v.target})`,
    );
}

function dataLine(d: ActivityBenchData, kind: DatabaseKind): string {
  const c = d.counts;
  const s = d.seconds;
  const cpu = d.cpu;
  const server = (v: number | null) => (v === null ? '' : ` + ${v.toFixed(0)} s in the PostgreSQL backend`);
  return (
    `Data: ${n(c.people)} people, ${c.units} units, ${n(c.activities)} activities over ${settings.days} days ` +
    `(${n(c.rawActivities)} stored as raw rows${settings.raw === 'measured' ? `, on the ${d.rawDays} days of the measured periods` : ''}), ` +
    `${n(c.workLogs)} work logs, ${n(c.activityDays)} person-day and ${n(c.activityDayTypes)} person-day-type rollup rows, ` +
    `${n(c.plans)} plans. Written in ${s.total.toFixed(0)} s: org, people, sessions and plans ${s.setup.toFixed(0)} s; ` +
    `activities, logs and rollups ${s.rows.toFixed(0)} s (CPU ${cpu.rows.toFixed(0)} s here${server(cpu.serverRows)}); ` +
    `secondary indexes built after the load ${s.indexes.toFixed(0)} s` +
    (kind === 'postgres'
      ? ` (CPU${server(cpu.serverIndexes).replace(' + ', ' ')}); VACUUM ANALYZE ${s.analyze.toFixed(0)} s.`
      : ` (CPU ${cpu.indexes.toFixed(0)} s).`)
  );
}

function markdown(dbs: DatabaseResult[], skipped: string[], facts: string[], startedAt: Date): string {
  const agents = settings.departments * 500;
  const lines: string[] = [
    BEGIN,
    '<!-- Generated by `npm run bench:activity` (bench/activity.ts); rewritten on each run up to the end marker. -->',
    '',
    '# Activity benchmark',
    '',
    'What is measured: logging an activity by many agents at once, and the two activity summaries a',
    'manager and an executive read, against the cheapest requests of the same server in the same run;',
    'and what the same summaries cost computed from the raw activity rows instead of the rollups.',
    '',
    `- Data (bench/activity-data.ts, written straight into the fresh database before the server starts): a`,
    `  company of ${n(agents)} agents in ${settings.departments} department${settings.departments === 1 ? '' : 's'} of 500 (teams of 10; a manager per department,`,
    '  an executive over the company; no supervisors, so a department summary has exactly 500 people),',
    `  a session per person, the default activity types and the tenant standard 日行三访, and ${settings.days} days of`,
    '  activity up to yesterday on the statutory calendar: about 6 activities per agent per workday',
    '  (agents from a third of that to twice it; funnel-shaped; now and then a little on a weekend), a',
    '  work log on most workdays (some with no activity), reviewed by the department manager mostly within',
    '  24 h, approved weekly and monthly plans for everyone, and the rollups made from the same rows (a',
    '  small tenant made this way equals `rebuildRollups` of it). Bulk multi-row inserts, one transaction',
    '  per chunk, secondary indexes built after the load, foreign-key checks off during it.',
    `- Throughput, ${settings.connections} connections: \`GET /health\` for ${settings.seconds} s, and a write round where each of the`,
    `  ${n(agents)} agents logs one interview (\`POST /api/activities\`, own session cookie, same-origin \`Origin\`)`,
    '  as fast as the server takes them; req/s is 2xx responses over the time from the first request to',
    '  the last response. Before each round every session is marked seen now (as the app’s start-up',
    '  request does), so the write does not also refresh `last_seen_at`. After it the activities stored',
    '  since the round began are counted: one per 201, one per agent, and today’s rollups must have',
    '  moved by as much.',
    `- Latency, ${settings.latencyConnections} connection${settings.latencyConnections === 1 ? '' : 's'}, \`Accept-Encoding: gzip\`: \`GET /api/auth/me\`; the department summary`,
    '  (`GET /api/activity/summary`, the last complete work month, `rows=people&pageSize=500`, as the',
    '  department’s manager: 500 rows) and the company summary (the last complete quarter, `rows=units`,',
    `  as the executive: totals and a row per department), each for ${settings.seconds} s or, for a summary, at least three`,
    '  times what one answer costs without the cache (so that every round has a few). *As served*: the server as',
    '  configured, its figures cache on; *from the rollups, cache off*: a second server process on the same',
    '  database with `REPORT_CACHE_MS=0`. p50/p95/p99 are exact percentiles of every response’s latency.',
    `- From the raw rows: \`computeSummaryFromRaw\` (and, for comparison, \`computeSummary\` from the rollups)`,
    `  timed in the benchmark process on its own connection while the servers are idle, ${settings.rawRuns} runs each;`,
    '  the totals of all three computations (served, rollups, raw) are checked to agree.',
    `- ${settings.rounds} rounds, the endpoints interleaved with the order rotated each round, after a ${settings.warmup} s`,
    '  warm-up each; figures are medians over the rounds. "Server CPU" is the server process’s user +',
    '  system CPU time per request (PostgreSQL’s own processes not included).',
    '',
    'Targets: `POST /api/activities` req/s ≥ 10 % of `/health`, p99 under 10× `/health` p99, no errors,',
    'exactly one stored row per acknowledged request; both summaries’ p95 (as served) within 5× of',
    '`/api/auth/me` p95. The cache-off and raw-row figures are reported beside them, not judged.',
    '',
    '```',
    commandLine('bench:activity', BENCH_SETTINGS),
    '```',
    '',
    `Run: ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    '',
  ];
  for (const db of dbs) {
    lines.push(
      `## ${db.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
      '',
      `${db.version}${db.kind === 'sqlite' ? ', WAL, synchronous=FULL' : ''}. ${dataLine(db.data, db.kind)}`,
      '',
      `Checked before measuring: ${db.sanity.join('; ')}.`,
      '',
      '| endpoint | conn. | req/s (median) | ratio to /health | p50 ms | p95 ms | p99 ms | server CPU µs/req |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const e of db.results) {
      lines.push(
        `| ${e.endpoint.name} | ${e.connections} | ${e.rps.toFixed(0)} | ${pct(e.ratio)} | ${ms(e.p50)} | ` +
          `${ms(e.p95)} | ${ms(e.p99)} | ${cpuText(e)} |`,
      );
    }
    for (const m of db.missing)
      lines.push(
        `| ${ENDPOINTS.find((e) => e.key === m.key)!.name} | — | not measured: ${m.why} | | | | | |`,
      );
    if (db.inProcess.length) {
      lines.push(
        '',
        `Computed in the benchmark process (${settings.rawRuns} runs each, ms):`,
        '',
        '| summary | from | median ms | runs |',
        '|---|---|---:|---|',
      );
      for (const p of db.inProcess)
        lines.push(
          `| ${p.what} | ${p.source === 'raw' ? 'raw activity rows' : 'rollups'} | ${ms(p.median)} | ${p.runs.map(ms).join(', ')} |`,
        );
    }
    lines.push('', ...verdictTable(db.verdicts));
    lines.push(
      '',
      'Write rounds (201 acknowledged / stored rows / agents / rollup delta, errors, seconds):',
      '',
    );
    lines.push(
      ...db.writes.map(
        (w, i) =>
          `- round ${i + 1}: ${w.acknowledged} / ${w.stored} / ${w.people} / ${w.rollupDelta}, ` +
          `${w.errors ? `errors ${w.errorDetail}` : 'no errors'}, ${w.seconds.toFixed(2)} s`,
      ),
      '',
      'Per round (req/s; p95 ms; requests autocannon gave up on after 10 s are not in the percentiles):',
      '',
    );
    for (const e of db.results)
      lines.push(
        `- ${e.endpoint.name}: ${e.samples
          .map(
            (s) =>
              `${s.rps.toFixed(0)}; ${ms(s.p95)}${s.timeouts ? ` (${s.timeouts} timed out after 10 s)` : ''}`,
          )
          .join(' · ')}`,
      );
    lines.push('');
  }
  for (const s of skipped) lines.push(`**${s}**`, '');
  lines.push(...machineSection(facts, END));
  return lines.join('\n');
}

/** Rewrites the activity section of the report (appended at the end of the file the first time). */
function writeReport(content: string): void {
  writeSection(settings.out, BEGIN, END, content);
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const facts = machineFacts();
  console.log(`Salesbase activity benchmark — ${startedAt.toISOString()}`);
  console.log(`command: ${commandLine('bench:activity', BENCH_SETTINGS)}`);
  for (const f of facts) console.log(f);

  // The report is written after each database too: a long run that fails later keeps what it measured.
  const done: DatabaseResult[] = [];
  const keep = (r: DatabaseResult) => {
    done.push(r);
    writeReport(markdown(done, [], facts, startedAt));
    return r;
  };
  const { dbs, skipped } = await benchEachDatabase(
    settings,
    async () => keep(await benchSqlite()),
    async (admin) => keep(await benchPostgres(admin)),
  );

  for (const db of dbs) printConsole(db);
  console.log(`\n${loadLine('end')}`);
  for (const s of skipped) console.log(`\n${s}`);
  writeReport(markdown(dbs, skipped, facts, startedAt));

  const misses = dbs.flatMap((db) =>
    db.verdicts.filter((v) => v.pass === false).map((v) => `${db.kind}: ${v.what}`),
  );
  console.log(misses.length ? `\nTargets missed:\n  ${misses.join('\n  ')}` : '\nAll targets met.');
  if (dbs.length === 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  if (wasInterrupted()) return;
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
