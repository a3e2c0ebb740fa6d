// Data of the activity benchmark (bench/activity.ts), written straight into a fresh, migrated database
// before the server starts: a tenant of its own with a company of 10,000 agents (20 departments of 500
// agents in teams of 10, a manager per department, an executive over the company), a session per
// person with a known token, the default activity types and the tenant's standard (日行三访), and a
// year of activity up to yesterday: about 6 activities per agent per workday, a work log on most
// workdays (reviewed by the department's manager, mostly within 24 h), weekly and monthly plans, and
// the rollups (activity_days, activity_day_types) computed from the same rows.
//
// The company and its sessions come from bench/org-data.ts. The bulk of it (activities, work logs,
// rollups) bypasses Kysely (bench/bulk.ts): multi-row INSERTs of prepared statements on SQLite
// (better-sqlite3) and INSERT … SELECT FROM unnest($1::text[], …) on PostgreSQL (node-pg), one
// transaction per chunk, with the secondary indexes of those tables dropped for the
// load and built again afterwards, and foreign-key checks off during the load (the generated rows
// only reference rows written before them). Activities are generated day by day for every agent;
// each person-day's rollup rows are made from that person-day's activities and log with the same
// rules as the server (logFlags), and a test (bench/activity-data.test.ts) checks a small tenant
// made this way against rebuildRollups.
import { sql } from 'kysely';
import { openDatabase, type DB } from '../server/db/database.ts';
import { newId } from '../server/db/ids.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import type { ActivityPlanTable } from '../server/db/schema.ts';
import { businessDate } from '../server/lib/clock.ts';
import { quarterPeriod, weekOf, weekRange } from '../server/modules/activity/activity.rules.ts';
import { activityConfig, typePointsOn } from '../server/modules/activity/config.service.ts';
import { logFlags } from '../server/modules/activity/rollup.repository.ts';
import {
  DEFAULT_RULES,
  addDays,
  calendarDay,
  monthsEndingAt,
  workMonthOf,
  workMonthRange,
  zonedInstant,
} from '../server/modules/attendance/attendance.rules.ts';
import { hashPassword } from '../server/modules/auth/password.ts';
import { chineseName } from '../server/seed/people.ts';
import { makeRandom, type Random } from '../server/seed/random.ts';
import { idMaker, idPrefix, openSink, type TableSpec } from './bulk.ts';
import { cpuSeconds } from './common.ts';
import {
  TIME_ZONE,
  buildBenchOrg,
  insertInChunks,
  interleavedAgentTokens,
  newToken,
  writeBenchOrg,
  type Target,
} from './org-data.ts';

export { AGENTS_PER_DEPARTMENT, AGENTS_PER_TEAM, TEAMS_PER_DEPARTMENT, type Target } from './org-data.ts';

/** Expected activities of each type on an average agent's workday: about 6 in all, funnel-shaped. */
export const DAILY_RATES: Record<string, number> = {
  phoneAppointment: 1.4,
  messageOneWay: 0.9,
  messageTwoWay: 0.4,
  names: 0.2,
  referral: 0.1,
  interview: 1.7,
  needsAnalysis: 0.35,
  proposal: 0.45,
  closing: 0.18,
  sale: 0.07,
  policyDelivery: 0.05,
  service: 0.2,
  recruitInterview: 0.02,
};

export interface ActivityBenchOptions {
  departments: number;
  /** Days of history up to yesterday. */
  days: number;
  /**
   * `year`: raw activity rows for every day of the history; `measured`: only for the days of the two
   * periods the raw-row comparison reads (the rollups and work logs cover every day either way).
   */
  raw: 'year' | 'measured';
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface Period {
  from: string;
  to: string;
  /** A date inside it, as the summary's `date` query parameter. */
  date: string;
  name: string;
}

export interface ActivityBenchData {
  tenantId: string;
  today: string;
  historyFrom: string;
  companyId: string;
  departmentId: string;
  /** The manager of the first department: reads its summary. */
  manager: { username: string; token: string };
  /** The executive of the company: reads the company's summary. */
  executive: { username: string; token: string };
  /** One session token per agent, interleaved across departments. */
  agentTokens: string[];
  /** The type every logged activity of the write benchmark uses. */
  interviewTypeId: string;
  /** The last complete work month (department summary) and the last complete quarter (company). */
  month: Period;
  quarter: Period;
  rawDays: number;
  counts: Record<
    | 'units'
    | 'people'
    | 'activities'
    | 'rawActivities'
    | 'workLogs'
    | 'activityDays'
    | 'activityDayTypes'
    | 'plans',
    number
  >;
  /** Seconds per phase. */
  seconds: Record<'setup' | 'rows' | 'indexes' | 'analyze' | 'total', number>;
  /**
   * CPU seconds of the rows and indexes phases: this process, and the database server's process
   * that ran the load (PostgreSQL; SQLite runs in this process). The machine is shared: wall time
   * depends on what else runs, CPU time much less.
   */
  cpu: { rows: number; indexes: number; serverRows: number | null; serverIndexes: number | null };
}

function poisson(rnd: Random, lambda: number): number {
  if (lambda <= 0) return 0;
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rnd.next();
  while (p > limit) {
    k++;
    p *= rnd.next();
  }
  return k;
}

const ACTIVITIES: TableSpec = {
  table: 'activities',
  columns: [
    'id',
    'tenant_id',
    'user_id',
    'unit_id',
    'type_id',
    'stage',
    'date',
    'occurred_at',
    'points_milli',
    'premium_fen',
    'prospect_name',
    'late_entry',
    'created_by',
    'created_at',
    'updated_at',
  ],
  types: [
    'text',
    'text',
    'text',
    'text',
    'text',
    'text',
    'text',
    'text',
    'int8',
    'int8',
    'text',
    'int8',
    'text',
    'text',
    'text',
  ],
};
const WORK_LOGS: TableSpec = {
  table: 'work_logs',
  columns: [
    'id',
    'tenant_id',
    'user_id',
    'unit_id',
    'date',
    'status',
    'summary',
    'no_activity',
    'submitted_at',
    'reviewed_at',
    'reviewed_by',
    'created_at',
    'updated_at',
  ],
  types: [
    'text',
    'text',
    'text',
    'text',
    'text',
    'text',
    'text',
    'int8',
    'text',
    'text',
    'text',
    'text',
    'text',
  ],
};
const DAYS: TableSpec = {
  table: 'activity_days',
  columns: [
    'tenant_id',
    'user_id',
    'date',
    'unit_id',
    'activities',
    'points_milli',
    'contacts',
    'interviews',
    'proposals',
    'closings',
    'sales',
    'premium_fen',
    'log_submitted',
    'log_reviewed',
    'log_reviewed_24h',
  ],
  types: [
    'text',
    'text',
    'text',
    'text',
    'int8',
    'int8',
    'int8',
    'int8',
    'int8',
    'int8',
    'int8',
    'int8',
    'int8',
    'int8',
    'int8',
  ],
};
const DAY_TYPES: TableSpec = {
  table: 'activity_day_types',
  columns: ['tenant_id', 'user_id', 'date', 'type_id', 'unit_id', 'count', 'points_milli'],
  types: ['text', 'text', 'text', 'text', 'text', 'int8', 'int8'],
};
const STAGE_INDEX: Record<string, number> = { contact: 6, interview: 7, proposal: 8, closing: 9, sale: 10 };

// ---- The tenant -------------------------------------------------------------------------------------

interface Agent {
  id: string;
  unitId: string;
  managerId: string;
  /** How active this agent is (1 = the average). */
  rate: number;
  /** Share of workdays with a submitted log. */
  logRate: number;
  prospects: string[];
}

/** Writes the benchmark tenant into a fresh database (migrated here). Minutes for a year of 10,000 agents. */
export async function createActivityBenchData(
  target: Target,
  opts: ActivityBenchOptions,
): Promise<ActivityBenchData> {
  const log = opts.log ?? (() => undefined);
  const started = performance.now();
  const rnd = makeRandom(20261215);
  const nowDate = new Date();
  const at = nowDate.toISOString();
  const today = businessDate(nowDate, TIME_ZONE);
  const historyFrom = addDays(today, -opts.days);
  const yesterday = addDays(today, -1);
  const createdAt = `${addDays(historyFrom, -400)}T00:00:00.000Z`;
  const joined = addDays(historyFrom, -400);
  const workMonth = DEFAULT_RULES.workMonth;

  // The measured periods: the last complete work month and the last complete quarter.
  const lastMonth = monthsEndingAt(workMonthOf(today, workMonth), 2)[0]!;
  const monthRange = workMonthRange(lastMonth, workMonth);
  const month: Period = { ...monthRange, date: monthRange.from, name: lastMonth };
  const thisQuarter = quarterPeriod(today, workMonth);
  const q = quarterPeriod(addDays(thisQuarter.from, -1), workMonth);
  const quarter: Period = { from: q.from, to: q.to, date: q.from, name: q.quarter };
  if (quarter.from < historyFrom)
    throw new Error(`the history (${opts.days} days) does not cover ${quarter.name}`);
  const rawDay = (d: string) =>
    opts.raw === 'year' || (d >= month.from && d <= month.to) || (d >= quarter.from && d <= quarter.to);

  // ---- Org, people, sessions, types, standard, plans: through Kysely.
  const handle = openDatabase(
    target.dialect === 'postgres'
      ? { databaseUrl: target.databaseUrl, poolSize: 2 }
      : { sqliteFile: target.sqliteFile!, sqliteSynchronous: 'NORMAL' },
  );
  const db: DB = handle.db;
  await migrateToLatest(db);
  const passwordHash = await hashPassword(newToken());
  const org = buildBenchOrg(rnd, {
    departments: opts.departments,
    createdAt,
    joined,
    now: nowDate,
    passwordHash,
  });
  const { tenantId, company } = org;
  const exec = org.executive;
  const firstDept = org.departments[0]!;
  const departmentId = firstDept.unit.id;
  const manager = { username: firstDept.manager.username, token: firstDept.manager.token! };
  const prospectPool = Array.from({ length: 400 }, () => chineseName(rnd));
  const agents: Agent[] = org.departments.flatMap((dept) =>
    dept.agents.map((p) => {
      // Activity from a third of the average to twice it; the busier log more faithfully.
      const rate = 0.35 + rnd.next() * rnd.next() * 2.6;
      const start = rnd.int(0, prospectPool.length - 30);
      return {
        id: p.id,
        unitId: p.unitId,
        managerId: p.managerId,
        rate,
        logRate: Math.min(0.98, 0.55 + 0.25 * rate + rnd.next() * 0.1),
        prospects: prospectPool.slice(start, start + 30),
      };
    }),
  );
  const agentTokens = interleavedAgentTokens(org);
  const users = org.rows.users;
  const units = org.rows.units;
  await writeBenchOrg(db, org, createdAt);
  const cfg = await activityConfig(db, tenantId);
  const types = cfg.types.filter((t) => DAILY_RATES[t.row.code] !== undefined);
  const typeRates = types.map((t) => DAILY_RATES[t.row.code]!);
  const interview = cfg.types.find((t) => t.row.code === 'interview')!;
  await db
    .insertInto('activity_standards')
    .values({
      tenant_id: tenantId,
      scope_key: 'tenant',
      items: JSON.stringify([{ typeId: interview.row.id, perWorkday: 3 }]),
      points_per_workday_milli: 3 * typePointsOn(interview, today),
      updated_by: null,
      updated_at: at,
    })
    .execute();

  // Calendar (statutory holidays and 调休 included), midnight of each date in the zone.
  const dates: string[] = [];
  for (let d = historyFrom; d <= yesterday; d = addDays(d, 1)) dates.push(d);
  const isWorkday = (d: string) => calendarDay(d, undefined, DEFAULT_RULES).workday;

  // Weekly and monthly plans of every agent over the history (the summary reads them).
  const plans: ActivityPlanTable[] = [];
  const periods: { kind: 'week' | 'month'; period: string; from: string; to: string }[] = [];
  for (let w = weekOf(historyFrom); w <= today; w = addDays(w, 7))
    periods.push({ kind: 'week', period: w, ...weekRange(w) });
  for (const m of monthsEndingAt(workMonthOf(today, workMonth), 13)) {
    const r = workMonthRange(m, workMonth);
    if (r.to >= historyFrom) periods.push({ kind: 'month', period: m, ...r });
  }
  const phone = cfg.types.find((t) => t.row.code === 'phoneAppointment')!;
  const sale = cfg.types.find((t) => t.row.code === 'sale')!;
  for (const p of periods) {
    let wd = 0;
    for (let d = p.from; d <= p.to; d = addDays(d, 1)) if (isWorkday(d)) wd++;
    const items = [
      { typeId: interview.row.id, target: 3 * wd, sprint: 4 * wd, challenge: 5 * wd },
      { typeId: phone.row.id, target: 2 * wd, sprint: 3 * wd, challenge: 4 * wd },
      {
        typeId: sale.row.id,
        target: Math.max(1, Math.round(wd / 10)),
        sprint: Math.max(1, Math.round(wd / 7)),
        challenge: Math.max(2, Math.round(wd / 5)),
      },
    ];
    const itemsJson = JSON.stringify(items);
    const pts = (k: 'target' | 'sprint' | 'challenge') =>
      items.reduce((s, it) => s + it[k] * typePointsOn(cfg.typesById.get(it.typeId)!, p.from), 0);
    const approvedAt = `${addDays(p.from, -1)}T10:00:00.000Z`;
    for (const a of agents) {
      plans.push({
        id: newId(),
        tenant_id: tenantId,
        user_id: a.id,
        unit_id: a.unitId,
        period_kind: p.kind,
        period: p.period,
        date_from: p.from,
        date_to: p.to,
        status: 'approved',
        items: itemsJson,
        target_points_milli: pts('target'),
        sprint_points_milli: pts('sprint'),
        challenge_points_milli: pts('challenge'),
        note: null,
        review_comment: null,
        approved_by: a.managerId,
        approved_at: approvedAt,
        created_at: approvedAt,
        updated_at: approvedAt,
      });
    }
  }
  await insertInChunks(db, 'activity_plans', plans);
  await handle.close();
  const setupSeconds = (performance.now() - started) / 1000;
  log(
    `    org, ${users.length} people, sessions, types and ${plans.length} plans: ${setupSeconds.toFixed(1)} s`,
  );

  // ---- The year: activities, work logs and their rollups, day by day.
  const rowsStarted = performance.now();
  const cpuOf = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const rowsCpu = cpuOf();
  const sink = await openSink(target);
  const bigTables = [ACTIVITIES.table, WORK_LOGS.table, DAYS.table, DAY_TYPES.table];
  const indexes = await sink.dropIndexes(bigTables);
  const serverCpu = () => (sink.serverPid === null ? null : (cpuSeconds(sink.serverPid) ?? null));
  const serverRowsCpu = serverCpu();
  const id = idMaker();
  const counts = { activities: 0, workLogs: 0, activityDays: 0, activityDayTypes: 0 };
  const buffers = new Map<TableSpec, unknown[]>([
    [ACTIVITIES, []],
    [WORK_LOGS, []],
    [DAYS, []],
    [DAY_TYPES, []],
  ]);
  const FLUSH_ROWS = target.dialect === 'sqlite' ? 50_000 : 20_000;
  const flushTable = async (spec: TableSpec, force = false) => {
    const values = buffers.get(spec)!;
    if (values.length === 0 || (!force && values.length < FLUSH_ROWS * spec.columns.length)) return;
    buffers.set(spec, []);
    await sink.write(spec, values);
  };
  const nowMs = nowDate.getTime();
  const HOUR = 3_600_000;
  const typeCount = types.length;
  const perType = new Int32Array(typeCount);
  let lastReport = performance.now();
  // Per date: midnight in the zone, workday, raw rows or not, and the text of each whole minute
  // after midnight (every instant made is one), made once.
  const dayInfo = dates.map((date) => {
    const midnight = zonedInstant(date, '12:00', TIME_ZONE).getTime() - 12 * HOUR;
    const cache: string[] = [];
    const isoAt = (ms: number) => {
      const m = Math.round((ms - midnight) / 60_000);
      return (cache[m] ??= new Date(midnight + m * 60_000).toISOString());
    };
    return { date, midnight, isoAt, workday: isWorkday(date), raw: rawDay(date) };
  });
  // Person by person, day by day: the keys (tenant, person, date …) of the rollups and logs, and the
  // ids (made in order), arrive in index order, so their B-trees are appended to.
  const prefix = idPrefix(nowMs);
  for (const [ai, a] of agents.entries()) {
    const acts = buffers.get(ACTIVITIES)!;
    const logs = buffers.get(WORK_LOGS)!;
    const days = buffers.get(DAYS)!;
    const dayTypes = buffers.get(DAY_TYPES)!;
    for (const { date, midnight, isoAt, workday, raw } of dayInfo) {
      // Weekends: now and then a little.
      const scale = workday ? a.rate : rnd.next() < 0.1 ? 0.3 * a.rate : 0;
      let n = 0;
      let points = 0;
      let premium = 0;
      const stages = [0, 0, 0, 0, 0];
      let lastCreated = midnight + 17 * HOUR;
      if (scale > 0) {
        for (let t = 0; t < typeCount; t++) {
          const k = poisson(rnd, typeRates[t]! * scale);
          perType[t] = k;
          if (k === 0) continue;
          const type = types[t]!;
          const pts = typePointsOn(type, date);
          const stageIdx = STAGE_INDEX[type.stage];
          n += k;
          points += k * pts;
          if (stageIdx !== undefined) stages[stageIdx - 6]! += k;
          dayTypes.push(tenantId, a.id, date, type.row.id, a.unitId, k, k * pts);
          for (let j = 0; j < k; j++) {
            const occurred = midnight + (9 * 60 + Math.floor(rnd.next() * 690)) * 60_000;
            const late = rnd.next() < 0.05;
            const created = late
              ? midnight + (32 * 60 + Math.floor(rnd.next() * 180)) * 60_000
              : occurred + Math.floor(rnd.next() * 60) * 60_000;
            const fen = type.stage === 'sale' ? (3_000 + Math.floor(rnd.next() * 20) * 1_000) * 100 : null;
            if (fen) premium += fen;
            if (created > lastCreated) lastCreated = created;
            if (raw) {
              const createdIso = created <= nowMs ? isoAt(created) : new Date(nowMs).toISOString();
              acts.push(
                id(prefix),
                tenantId,
                a.id,
                a.unitId,
                type.row.id,
                type.stage,
                date,
                isoAt(occurred),
                pts,
                fen,
                a.prospects[Math.floor(rnd.next() * a.prospects.length)]!,
                late && created < nowMs ? 1 : 0,
                a.id,
                createdIso,
                createdIso,
              );
            }
          }
        }
      }
      counts.activities += n;
      // The day's log: submitted on most workdays (some with no activity, honestly), else a draft or none.
      let flags = { log_submitted: 0, log_reviewed: 0, log_reviewed_24h: 0 };
      if (workday || n > 0) {
        const submits = rnd.next() < (workday ? a.logRate : 0.5) && (n > 0 || rnd.next() < 0.3);
        if (submits || (n > 0 && rnd.next() < 0.3)) {
          let submittedAt: number | null = submits
            ? midnight + (18 * 60 + Math.floor(rnd.next() * 300)) * 60_000
            : null;
          if (submittedAt !== null && submittedAt < lastCreated) submittedAt = lastCreated + 10 * 60_000;
          if (submittedAt !== null && submittedAt > nowMs) submittedAt = null;
          const delay =
            rnd.next() < 0.85
              ? 0.5 + Math.floor(rnd.next() * 1200) / 60
              : 25 + Math.floor(rnd.next() * 2400) / 60;
          const reviewedAt =
            submittedAt !== null && rnd.next() < 0.9 && submittedAt + delay * HOUR <= nowMs
              ? submittedAt + delay * HOUR
              : null;
          const row = {
            tenant_id: tenantId,
            user_id: a.id,
            date,
            unit_id: a.unitId,
            status: submittedAt !== null ? 'submitted' : 'draft',
            submitted_at: submittedAt !== null ? isoAt(submittedAt) : null,
            reviewed_at: reviewedAt !== null ? isoAt(reviewedAt) : null,
          };
          flags = logFlags(row);
          const createdIso = isoAt(Math.min(lastCreated, submittedAt ?? lastCreated, nowMs));
          logs.push(
            id(prefix),
            tenantId,
            a.id,
            a.unitId,
            date,
            row.status,
            n > 0 ? '按计划完成拜访。' : '今天没有拜访。',
            n === 0 ? 1 : 0,
            row.submitted_at,
            row.reviewed_at,
            reviewedAt !== null ? a.managerId : null,
            createdIso,
            row.reviewed_at ?? row.submitted_at ?? createdIso,
          );
          counts.workLogs++;
        }
      }
      if (n > 0 || flags.log_submitted) {
        days.push(
          tenantId,
          a.id,
          date,
          a.unitId,
          n,
          points,
          stages[0],
          stages[1],
          stages[2],
          stages[3],
          stages[4],
          premium,
          flags.log_submitted,
          flags.log_reviewed,
          flags.log_reviewed_24h,
        );
        counts.activityDays++;
      }
      for (let t = 0; t < typeCount; t++) if (perType[t]) counts.activityDayTypes++;
      perType.fill(0);
    }
    for (const spec of buffers.keys()) await flushTable(spec);
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      log(
        `    … ${ai + 1}/${agents.length} agents: ${counts.activities.toLocaleString('en-US')} activities, ` +
          `${((performance.now() - rowsStarted) / 1000).toFixed(0)} s`,
      );
    }
  }
  for (const spec of buffers.keys()) await flushTable(spec, true);
  await sink.flush();
  const rowsSeconds = (performance.now() - rowsStarted) / 1000;
  const indexCpu = cpuOf();
  const serverIndexCpu = serverCpu();
  log(
    `    rows written in ${rowsSeconds.toFixed(0)} s (CPU: ${(indexCpu - rowsCpu).toFixed(0)} s here` +
      `${serverRowsCpu === null ? '' : `, ${((serverIndexCpu ?? 0) - serverRowsCpu).toFixed(0)} s in the database server`}); building ${indexes.length} indexes …`,
  );

  const indexStarted = performance.now();
  for (const def of indexes) await sink.exec(def);
  const indexSeconds = (performance.now() - indexStarted) / 1000;
  const doneCpu = cpuOf();
  const serverDoneCpu = serverCpu();
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : b - a);
  const analyzeStarted = performance.now();
  // A database in service has statistics and (PostgreSQL) a visibility map: gather them now rather
  // than have autovacuum do it in the middle of the run. The server never runs ANALYZE on SQLite.
  if (target.dialect === 'postgres') {
    for (const t of [
      ...bigTables,
      'activity_plans',
      'users',
      'org_units',
      'org_unit_closure',
      'unit_memberships',
      'sessions',
    ])
      await sink.exec(`vacuum (analyze) "${t}"`);
  }
  await sink.close();
  const analyzeSeconds = (performance.now() - analyzeStarted) / 1000;

  // Count what is stored (the raw rows may cover only the measured periods).
  const check = openDatabase(
    target.dialect === 'postgres'
      ? { databaseUrl: target.databaseUrl, poolSize: 1 }
      : { sqliteFile: target.sqliteFile! },
  );
  const stored = await check.db
    .selectFrom('activities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  if (target.dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(check.db);
  await check.close();

  return {
    tenantId,
    today,
    historyFrom,
    companyId: company.id,
    departmentId,
    manager,
    executive: { username: exec.username, token: exec.token! },
    agentTokens,
    interviewTypeId: interview.row.id,
    month,
    quarter,
    rawDays: dates.filter(rawDay).length,
    counts: {
      units: units.length,
      people: users.length,
      activities: counts.activities,
      rawActivities: Number(stored.n),
      workLogs: counts.workLogs,
      activityDays: counts.activityDays,
      activityDayTypes: counts.activityDayTypes,
      plans: plans.length,
    },
    cpu: {
      rows: indexCpu - rowsCpu,
      indexes: doneCpu - indexCpu,
      serverRows: diff(serverRowsCpu, serverIndexCpu),
      serverIndexes: diff(serverIndexCpu, serverDoneCpu),
    },
    seconds: {
      setup: setupSeconds,
      rows: rowsSeconds,
      indexes: indexSeconds,
      analyze: analyzeSeconds,
      total: (performance.now() - started) / 1000,
    },
  };
}
