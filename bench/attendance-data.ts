// Data of the attendance benchmark (bench/attendance.ts), written straight into the server's
// database with bulk multi-row inserts: a tenant of its own with a 5,000-agent branch (10 departments
// of 500 agents in teams of 10), a session per person with a known token, rules and a calendar entry
// that make "now" a meeting time, and the attendance history of the previous and the current work
// month so far, with their monthly rollups.
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { DB, Queryable } from '../server/db/database.ts';
import type { DialectName } from '../server/db/dialect.ts';
import { newId } from '../server/db/ids.ts';
import type {
  AttendanceMonthStatsTable,
  AttendanceRecordTable,
  OrgUnitClosureTable,
  OrgUnitTable,
  SessionTable,
  UnitMembershipTable,
  UserTable,
} from '../server/db/schema.ts';
import { businessDate } from '../server/lib/clock.ts';
import {
  DEFAULT_RULES,
  addDays,
  calendarDay,
  meetingTimes,
  workMonthOf,
  workMonthRange,
} from '../server/modules/attendance/attendance.rules.ts';
import { rebuildMonthStats } from '../server/modules/attendance/record.repository.ts';
import { hashPassword } from '../server/modules/auth/password.ts';
import { chineseName } from '../server/seed/people.ts';
import { makeRandom } from '../server/seed/random.ts';
import type { AttendanceRules } from '../contracts/attendance.ts';
import type { Role, UnitKind } from '../contracts/roles.ts';

export const DEPARTMENTS_PER_BRANCH = 10;
export const TEAMS_PER_DEPARTMENT = 50;
export const AGENTS_PER_TEAM = 10;
export const AGENTS_PER_BRANCH = DEPARTMENTS_PER_BRANCH * TEAMS_PER_DEPARTMENT * AGENTS_PER_TEAM;

export interface BenchData {
  tenantId: string;
  timeZone: string;
  /** The meeting day of the run (today in the tenant's zone). */
  today: string;
  /** Work month of today: its rollup rows move with every check-in. */
  currentMonth: string;
  /** The previous work month, complete: what the monthly figures are asked for. */
  reportMonth: string;
  meetingStart: string;
  /** The first branch: the 5,000-agent unit of the monthly figures. */
  branchId: string;
  /** The first department of the first branch: the 500-agent board. */
  departmentId: string;
  /** The branch executive: reads the board and the monthly figures (scope: the branch's tree). */
  viewer: { username: string; token: string };
  /** One session token per agent, interleaved across departments (agent i is in department i mod 10). */
  agentTokens: string[];
  counts: { units: number; people: number; sessions: number; records: number; statsRows: number };
  /** Rollup rows of the current work month before any check-in of today (see resetDay). */
  baseline: AttendanceMonthStatsTable[];
  seconds: number;
}

/**
 * A fixed-offset zone in which it is now between 07:00 and 08:00, so the meeting of 08:30 lies a
 * little ahead whenever the benchmark runs: check-ins are on time, and the run never crosses the
 * tenant's midnight (the day's records are counted by date).
 */
export function morningZone(at = new Date()): string {
  let h = (7 - at.getUTCHours() + 24) % 24; // hours ahead of UTC
  if (h > 14) h -= 24; // Etc/GMT-14 … Etc/GMT+10
  // Etc/GMT names count the other way: Etc/GMT-8 is 8 hours ahead of UTC.
  return h === 0 ? 'Etc/GMT' : `Etc/GMT${h > 0 ? '-' : '+'}${Math.abs(h)}`;
}

/** Rows per INSERT statement: within SQLite's 32,766 and PostgreSQL's 65,535 bind parameters. */
function chunkRows(columns: number): number {
  return Math.max(1, Math.floor(30_000 / columns));
}

type TableRows = {
  org_units: OrgUnitTable;
  org_unit_closure: OrgUnitClosureTable;
  users: UserTable;
  unit_memberships: UnitMembershipTable;
  sessions: SessionTable;
  attendance_records: AttendanceRecordTable;
  attendance_month_stats: AttendanceMonthStatsTable;
};

async function bulkInsert<T extends keyof TableRows>(
  db: Queryable,
  table: T,
  rows: TableRows[T][],
): Promise<void> {
  if (rows.length === 0) return;
  const size = chunkRows(Object.keys(rows[0]!).length);
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
  }
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

export interface BenchDataOptions {
  dialect: DialectName;
  /** Branches of 5,000 agents; the first is measured, all check in. */
  branches: number;
}

/** Creates the benchmark tenant in the (migrated) database. Takes seconds on both databases. */
export async function createBenchData(db: DB, opts: BenchDataOptions): Promise<BenchData> {
  const started = performance.now();
  const rnd = makeRandom(20261201);
  const nowDate = new Date();
  const at = nowDate.toISOString();
  const timeZone = morningZone(nowDate);
  const today = businessDate(nowDate, timeZone);
  const rules: AttendanceRules = {
    ...DEFAULT_RULES,
    meetingStart: '08:30',
    meetingEnd: '09:30',
    // Open from 04:30: "now" (07:00–08:00 in the zone) is inside the check-in window.
    opensBeforeMinutes: 240,
    meetingWeekdays: [1, 2, 3, 4, 5, 6, 7],
  };
  const currentMonth = workMonthOf(today, rules.workMonth);
  const reportMonth = workMonthOf(
    addDays(workMonthRange(currentMonth, rules.workMonth).from, -1),
    rules.workMonth,
  );
  const historyFrom = workMonthRange(reportMonth, rules.workMonth).from;
  const passwordHash = await hashPassword(newToken());
  const joined = addDays(historyFrom, -400);
  // People were created long before the history (closing a day skips people created after it).
  const createdAt = `${addDays(historyFrom, -365)}T00:00:00.000Z`;

  const tenantId = newId();
  const units: OrgUnitTable[] = [];
  const closure: OrgUnitClosureTable[] = [];
  const ancestorsOf = new Map<string, string[]>();
  const unit = (parentId: string | null, kind: UnitKind, name: string, order: number): string => {
    const id = newId();
    units.push({
      id,
      tenant_id: tenantId,
      parent_id: parentId,
      name,
      kind,
      leader_user_id: null,
      sort_order: order,
      created_at: createdAt,
      updated_at: createdAt,
    });
    const chain = [id, ...(parentId ? ancestorsOf.get(parentId)! : [])];
    ancestorsOf.set(id, chain);
    chain.forEach((ancestor, depth) =>
      closure.push({ tenant_id: tenantId, ancestor_id: ancestor, descendant_id: id, depth }),
    );
    return id;
  };

  const users: UserTable[] = [];
  const memberships: UnitMembershipTable[] = [];
  const sessions: SessionTable[] = [];
  const person = (username: string, role: Role, unitId: string): { id: string; token: string } => {
    const id = newId();
    users.push({
      id,
      tenant_id: tenantId,
      username,
      password_hash: passwordHash,
      display_name: chineseName(rnd),
      role,
      unit_id: unitId,
      rank_id: null,
      phone: null,
      id_number: null,
      gender: null,
      birth_date: null,
      join_date: joined,
      recruiter_id: null,
      status: 'active',
      leave_date: null,
      must_change_password: 0,
      password_changed_at: createdAt,
      created_at: createdAt,
      updated_at: createdAt,
    });
    memberships.push({
      id: newId(),
      tenant_id: tenantId,
      user_id: id,
      unit_id: unitId,
      start_date: joined,
      end_date: null,
      created_at: createdAt,
    });
    const token = newToken();
    sessions.push({
      id: newId(),
      tenant_id: tenantId,
      user_id: id,
      token_hash: sha256(token),
      created_at: at,
      last_seen_at: at,
      expires_at: new Date(nowDate.getTime() + 24 * 3_600_000).toISOString(),
      ip: '127.0.0.1',
      user_agent: 'bench',
      revoked_at: null,
    });
    return { id, token };
  };

  const tag = Date.now().toString(36);
  const company = unit(null, 'company', 'Bench Life Insurance', 0);
  const branchIds: string[] = [];
  // agentsByDept[b][d]: the agents of department d of branch b, in team order.
  const agentsByDept: { id: string; token: string; unitId: string }[][][] = [];
  let viewer: { username: string; token: string } | null = null;
  let departmentId = '';
  for (let b = 0; b < opts.branches; b++) {
    const branch = unit(company, 'branch', `Branch ${b + 1}`, b);
    branchIds.push(branch);
    const exec = person(`bench${tag}-exec${b + 1}`, 'executive', branch);
    units.find((u) => u.id === branch)!.leader_user_id = exec.id;
    if (b === 0) viewer = { username: `bench${tag}-exec1`, token: exec.token };
    const depts: { id: string; token: string; unitId: string }[][] = [];
    for (let d = 0; d < DEPARTMENTS_PER_BRANCH; d++) {
      const dept = unit(branch, 'department', `Department ${b + 1}-${d + 1}`, d);
      if (b === 0 && d === 0) departmentId = dept;
      const manager = person(`bench${tag}-m${b + 1}-${d + 1}`, 'manager', dept);
      units.find((u) => u.id === dept)!.leader_user_id = manager.id;
      const agents: { id: string; token: string; unitId: string }[] = [];
      for (let t = 0; t < TEAMS_PER_DEPARTMENT; t++) {
        const team = unit(dept, 'team', `Team ${b + 1}-${d + 1}-${t + 1}`, t);
        for (let a = 0; a < AGENTS_PER_TEAM; a++) {
          const n = ((b * DEPARTMENTS_PER_BRANCH + d) * TEAMS_PER_DEPARTMENT + t) * AGENTS_PER_TEAM + a + 1;
          agents.push({ ...person(`bench${tag}-a${n}`, 'agent', team), unitId: team });
        }
      }
      depts.push(agents);
    }
    agentsByDept.push(depts);
  }
  // Interleave departments (and branches), so any prefix of the list spreads over all of them.
  const agentOrder: { id: string; token: string; unitId: string }[] = [];
  const perDept = TEAMS_PER_DEPARTMENT * AGENTS_PER_TEAM;
  for (let i = 0; i < perDept; i++)
    for (const depts of agentsByDept) for (const agents of depts) agentOrder.push(agents[i]!);

  // History: every agent, every meeting day from the start of the previous work month to yesterday.
  const records: AttendanceRecordTable[] = [];
  for (let date = historyFrom; date < today; date = addDays(date, 1)) {
    if (!calendarDay(date, undefined, rules).meetingDay) continue;
    const times = meetingTimes(date, rules, timeZone);
    const month = workMonthOf(date, rules.workMonth);
    for (const agent of agentOrder) {
      const roll = rnd.next();
      const status = roll < 0.88 ? 'present' : roll < 0.94 ? 'late' : roll < 0.97 ? 'absent' : 'leave';
      const checkIn =
        status === 'present'
          ? new Date(times.start.getTime() - rnd.int(1, 40) * 60_000)
          : status === 'late'
            ? new Date(times.start.getTime() + rnd.int(1, 10) * 60_000)
            : null;
      const leaveType = status === 'leave' ? (rnd.chance(0.5) ? 'sick' : 'personal') : null;
      const stamp = (checkIn ?? times.absentAt).toISOString();
      records.push({
        id: newId(),
        tenant_id: tenantId,
        user_id: agent.id,
        unit_id: agent.unitId,
        date,
        month,
        status,
        check_in_at: checkIn?.toISOString() ?? null,
        check_out_at: null,
        early_leave: checkIn && rnd.chance(0.02) ? 1 : 0,
        method: checkIn ? 'app' : 'system',
        leave_type: leaveType,
        leave_counts: leaveType === 'sick' ? 'excused' : leaveType === 'personal' ? 'notAttended' : null,
        request_id: null,
        delayed: 0,
        outside_geofence: 0,
        lat: null,
        lng: null,
        note: null,
        recorded_by: checkIn ? agent.id : null,
        idempotency_key: null,
        created_at: stamp,
        updated_at: stamp,
      });
    }
  }

  let baseline: AttendanceMonthStatsTable[] = [];
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('tenants')
      .values({
        id: tenantId,
        code: `bench-${tag}`,
        name: 'Bench Life Insurance',
        time_zone: timeZone,
        settings: '{}',
        created_at: createdAt,
      })
      .execute();
    await bulkInsert(trx, 'org_units', units);
    await bulkInsert(trx, 'org_unit_closure', closure);
    await bulkInsert(trx, 'users', users);
    await bulkInsert(trx, 'unit_memberships', memberships);
    await bulkInsert(trx, 'sessions', sessions);
    await trx
      .insertInto('attendance_rule_sets')
      .values({
        tenant_id: tenantId,
        scope_key: 'tenant',
        rules: JSON.stringify(rules),
        updated_by: null,
        updated_at: at,
      })
      .execute();
    // Today is a workday whatever the statutory calendar says.
    await trx
      .insertInto('attendance_calendar_days')
      .values({
        tenant_id: tenantId,
        date: today,
        kind: 'workday',
        name: 'bench',
        updated_by: null,
        updated_at: at,
      })
      .execute();
    await bulkInsert(trx, 'attendance_records', records);
    await rebuildMonthStats(trx, tenantId, rules.workMonth);
    baseline = await currentStats(trx, tenantId, currentMonth);
  });
  const statsRows = await db
    .selectFrom('attendance_month_stats')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  // A database in service has statistics (autovacuum analyzes PostgreSQL tables after bulk changes):
  // gather them now rather than have autovacuum change the plans in the middle of the run. The
  // server never runs ANALYZE on SQLite, so SQLite plans without statistics, as in production.
  if (opts.dialect === 'postgres') await sql`analyze`.execute(db);
  else await sql`pragma wal_checkpoint(truncate)`.execute(db);

  return {
    tenantId,
    timeZone,
    today,
    currentMonth,
    reportMonth,
    meetingStart: rules.meetingStart,
    branchId: branchIds[0]!,
    departmentId,
    viewer: viewer!,
    agentTokens: agentOrder.map((a) => a.token),
    counts: {
      units: units.length,
      people: users.length,
      sessions: sessions.length,
      records: records.length,
      statsRows: Number(statsRows.n),
    },
    baseline,
    seconds: (performance.now() - started) / 1000,
  };
}

function currentStats(db: Queryable, tenantId: string, month: string): Promise<AttendanceMonthStatsTable[]> {
  return db
    .selectFrom('attendance_month_stats')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('month', '=', month)
    .execute();
}

export interface DayCount {
  /** Records of today. */
  records: number;
  /** People with a record today (the unique key makes it equal to records). */
  people: number;
  /** How far today's check-ins moved the current month's rollup (present + late + absent). */
  rollupDelta: number;
  /** Audit rows of today's check-ins. */
  audit: number;
}

const sumDays = (rows: Pick<AttendanceMonthStatsTable, 'present' | 'late' | 'absent'>[]) =>
  rows.reduce((n, r) => n + Number(r.present) + Number(r.late) + Number(r.absent), 0);

/** What is stored for today, to compare with the check-ins acknowledged. */
export async function countDay(db: DB, data: BenchData, since: string): Promise<DayCount> {
  const row = await db
    .selectFrom('attendance_records')
    .select((eb) => [
      eb.fn.countAll<number>().as('records'),
      eb.fn.count<number>('user_id').distinct().as('people'),
    ])
    .where('tenant_id', '=', data.tenantId)
    .where('date', '=', data.today)
    .executeTakeFirstOrThrow();
  const audit = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', data.tenantId)
    .where('entity', '=', 'attendanceRecord')
    .where('action', '=', 'checkIn')
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  const stats = await currentStats(db, data.tenantId, data.currentMonth);
  return {
    records: Number(row.records),
    people: Number(row.people),
    rollupDelta: sumDays(stats) - sumDays(data.baseline),
    audit: Number(audit.n),
  };
}

/**
 * Undoes the day's check-ins so every agent can make the first check-in of the day again: deletes
 * today's records, puts the current month's rollups back as they were before, and marks every
 * session as seen now (as the app's start-up request does before the tap: the check-in itself then
 * does not refresh last_seen_at, which happens at most once a minute per session).
 */
export async function resetDay(db: DB, data: BenchData): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('attendance_records')
      .where('tenant_id', '=', data.tenantId)
      .where('date', '=', data.today)
      .execute();
    await trx
      .deleteFrom('attendance_month_stats')
      .where('tenant_id', '=', data.tenantId)
      .where('month', '=', data.currentMonth)
      .execute();
    await bulkInsert(trx, 'attendance_month_stats', data.baseline);
    await trx
      .updateTable('sessions')
      .set({ last_seen_at: new Date().toISOString() })
      .where('tenant_id', '=', data.tenantId)
      .execute();
  });
}
