import { sql } from 'kysely';
import type { AttendanceRules, DayStatus } from '../../../contracts/attendance.ts';
import { newId } from '../../db/ids.ts';
import type { Queryable } from '../../db/database.ts';
import { insertRows } from '../../db/bulk-insert.ts';
import { preparedQuery } from '../../db/prepared.ts';
import type { AttendanceRecordTable } from '../../db/schema.ts';
import { counterOf, workMonthOf, type MonthCounters } from './attendance.rules.ts';

/**
 * Attendance records and their monthly rollups. Every change of a record goes through this file so
 * that the rollup moves in the same transaction, by the same delta, whoever made the change.
 */

/** What every record names; the rest of a new record defaults to a plain day (no times, no flags). */
export type RecordBasics = Pick<
  AttendanceRecordTable,
  'tenant_id' | 'user_id' | 'unit_id' | 'date' | 'month' | 'status' | 'method' | 'created_at'
> &
  Partial<AttendanceRecordTable>;

/** A new record: a fresh id, `updated_at` = `created_at`, and the given fields over the defaults. */
export function recordRow(r: RecordBasics): AttendanceRecordTable {
  return {
    id: newId(),
    check_in_at: null,
    check_out_at: null,
    early_leave: 0,
    leave_type: null,
    leave_counts: null,
    request_id: null,
    delayed: 0,
    outside_geofence: 0,
    lat: null,
    lng: null,
    note: null,
    recorded_by: null,
    idempotency_key: null,
    updated_at: r.created_at,
    ...r,
  };
}

export function findRecord(
  db: Queryable,
  tenantId: string,
  userId: string,
  date: string,
): Promise<AttendanceRecordTable | undefined> {
  return db
    .selectFrom('attendance_records')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('date', '=', date)
    .executeTakeFirst();
}

export function findRecordsOfUser(
  db: Queryable,
  tenantId: string,
  userId: string,
  from: string,
  to: string,
): Promise<AttendanceRecordTable[]> {
  return db
    .selectFrom('attendance_records')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('date')
    .execute();
}

type Counted = Pick<AttendanceRecordTable, 'status' | 'leave_counts' | 'early_leave'>;

function countersOf(r: Counted, sign: 1 | -1): Partial<MonthCounters> {
  const out: Partial<MonthCounters> = { [counterOf(r.status as DayStatus, r.leave_counts)]: sign };
  if (r.early_leave === 1) out.early_leave = sign;
  return out;
}

function addCounters(a: Partial<MonthCounters>, b: Partial<MonthCounters>): Partial<MonthCounters> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b) as [keyof MonthCounters, number][]) out[k] = (out[k] ?? 0) + v;
  return out;
}

const COUNTERS = [
  'present',
  'late',
  'absent',
  'leave_attended',
  'leave_excused',
  'leave_unexcused',
  'early_leave',
] as const;

/**
 * What a record write changed: the records of a tenant on one day (filed under that day's work
 * month), or, with `all`, every record and rollup of the tenant (rebuilt). Readers map it to the
 * tags of their cached answers: a board depends on its day, monthly figures on their work month.
 */
export type RecordsChange =
  { tenantId: string; date: string; month: string } | { tenantId: string; all: true };

type RecordsListener = (change: RecordsChange) => void;
const listeners = new Set<RecordsListener>();

/**
 * Calls `listener` whenever a record or rollup is written in this process (report caches mark
 * their answers of that day and month stale). Returns a function that removes the listener.
 */
export function onRecordsChanged(listener: RecordsListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells the listeners what changed; writers outside this file call it too (day close). */
export function recordsChanged(change: RecordsChange): void {
  for (const l of listeners) l(change);
}

/** recordsChanged for the days of some records (each day and month once). */
function daysChanged(rows: Pick<AttendanceRecordTable, 'tenant_id' | 'date' | 'month'>[]): void {
  const seen = new Set<string>();
  for (const r of rows) {
    const key = `${r.tenant_id}|${r.date}|${r.month}`;
    if (seen.has(key)) continue;
    seen.add(key);
    recordsChanged({ tenantId: r.tenant_id, date: r.date, month: r.month });
  }
}

/** Adds deltas to a person's month: one upsert, atomic on both databases under concurrent writers. */
export async function applyStats(
  db: Queryable,
  tenantId: string,
  userId: string,
  month: string,
  delta: Partial<MonthCounters>,
): Promise<void> {
  const keys = COUNTERS.filter((k) => (delta[k] ?? 0) !== 0);
  if (keys.length === 0) return;
  const values = {
    tenant_id: tenantId,
    user_id: userId,
    month,
    ...Object.fromEntries(COUNTERS.map((k) => [k, delta[k] ?? 0])),
  };
  await db
    .insertInto('attendance_month_stats')
    .values(values as never)
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'month', 'user_id'])
        .doUpdateSet(
          Object.fromEntries(
            keys.map((k) => [k, sql`attendance_month_stats.${sql.ref(k)} + ${delta[k] ?? 0}`]),
          ),
        ),
    )
    .execute();
}

/**
 * Inserts a record unless the person already has one for that day (or one with the same
 * idempotency key). Returns whether it was inserted; only then does the rollup move.
 */
export async function insertRecordIfAbsent(db: Queryable, row: AttendanceRecordTable): Promise<boolean> {
  const r = await db
    .insertInto('attendance_records')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  const inserted = Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  if (inserted) {
    daysChanged([row]);
    await applyStats(db, row.tenant_id, row.user_id, row.month, countersOf(row, 1));
  }
  return inserted;
}

/**
 * The batch form of insertRecordIfAbsent (the grouped morning check-ins): one multi-row insert that
 * skips anyone who already has a record for that day (or one with the same idempotency key), then
 * one multi-row upsert of the rollups of the rows inserted. Returns, per row, whether it was inserted.
 */
export async function insertRecordsIfAbsent(
  db: Queryable,
  rows: AttendanceRecordTable[],
): Promise<boolean[]> {
  if (rows.length === 0) return [];
  const ids = await insertRows<{ id: string }>(
    db,
    'attendance_records',
    RECORD_COLUMNS,
    rows as unknown as Record<string, unknown>[],
    'on conflict do nothing returning "id"',
  );
  const inserted = new Set(ids.map((r) => r.id));
  const deltas = new Map<
    string,
    { tenantId: string; userId: string; month: string; delta: Partial<MonthCounters> }
  >();
  for (const row of rows) {
    if (!inserted.has(row.id)) continue;
    const key = `${row.tenant_id}|${row.month}|${row.user_id}`;
    const prev = deltas.get(key);
    const delta = countersOf(row, 1);
    if (prev) prev.delta = addCounters(prev.delta, delta);
    else deltas.set(key, { tenantId: row.tenant_id, userId: row.user_id, month: row.month, delta });
  }
  await applyStatsMany(db, [...deltas.values()]);
  daysChanged(rows.filter((r) => inserted.has(r.id)));
  return rows.map((r) => inserted.has(r.id));
}

/** applyStats for many people at once: one upsert, each (tenant, month, person) at most once. */
async function applyStatsMany(
  db: Queryable,
  items: { tenantId: string; userId: string; month: string; delta: Partial<MonthCounters> }[],
): Promise<void> {
  if (items.length === 0) return;
  await insertRows(
    db,
    'attendance_month_stats',
    STATS_COLUMNS,
    items.map((i) => ({
      tenant_id: i.tenantId,
      user_id: i.userId,
      month: i.month,
      ...Object.fromEntries(COUNTERS.map((k) => [k, i.delta[k] ?? 0])),
    })),
    STATS_UPSERT,
  );
}

const RECORD_COLUMNS = Object.keys({
  id: 0,
  tenant_id: 0,
  user_id: 0,
  unit_id: 0,
  date: 0,
  month: 0,
  status: 0,
  check_in_at: 0,
  check_out_at: 0,
  early_leave: 0,
  method: 0,
  leave_type: 0,
  leave_counts: 0,
  request_id: 0,
  delayed: 0,
  outside_geofence: 0,
  lat: 0,
  lng: 0,
  note: 0,
  recorded_by: 0,
  idempotency_key: 0,
  created_at: 0,
  updated_at: 0,
} satisfies Record<keyof AttendanceRecordTable, 0>);
const STATS_COLUMNS = ['tenant_id', 'user_id', 'month', ...COUNTERS];
const STATS_UPSERT = `on conflict ("tenant_id", "month", "user_id") do update set ${COUNTERS.map(
  (k) => `"${k}" = "attendance_month_stats"."${k}" + excluded."${k}"`,
).join(', ')}`;

// The lookups of every check-in, compiled once (see preparedQuery).
const selectDayRecord = preparedQuery((db, tenantId: string, userId: string, date: string) =>
  db
    .selectFrom('attendance_records')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('date', '=', date),
);
const selectDayOrKeyRecords = preparedQuery(
  (db, tenantId: string, userId: string, date: string, key: string) =>
    db
      .selectFrom('attendance_records')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('date', '=', date)
      .unionAll(
        db
          .selectFrom('attendance_records')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('user_id', '=', userId)
          .where('idempotency_key', '=', key),
      ),
);

/**
 * What a check-in needs to know in one read: the person's record of the day, and the record made
 * with the idempotency key (a retry), which may be of another day. Each through its unique index.
 */
export async function findCheckInRecords(
  db: Queryable,
  tenantId: string,
  userId: string,
  date: string,
  key: string | undefined,
): Promise<{ ofDay: AttendanceRecordTable | undefined; ofKey: AttendanceRecordTable | undefined }> {
  const rows =
    key === undefined
      ? await selectDayRecord(db, tenantId, userId, date)
      : await selectDayOrKeyRecords(db, tenantId, userId, date, key);
  return {
    ofDay: rows.find((r) => r.date === date),
    ofKey: key === undefined ? undefined : rows.find((r) => r.idempotency_key === key),
  };
}

/** Replaces a record's judgement (a make-up, a manual correction, a check-out) and moves the rollup by the difference. */
export async function replaceRecord(
  db: Queryable,
  before: AttendanceRecordTable,
  after: AttendanceRecordTable,
): Promise<void> {
  await db
    .updateTable('attendance_records')
    .set({ ...after, id: before.id, created_at: before.created_at })
    .where('id', '=', before.id)
    .execute();
  // A check-out with no counter change too: the board shows it.
  daysChanged([before, after]);
  if (before.month === after.month) {
    await applyStats(
      db,
      before.tenant_id,
      before.user_id,
      before.month,
      addCounters(countersOf(before, -1), countersOf(after, 1)),
    );
  } else {
    await applyStats(db, before.tenant_id, before.user_id, before.month, countersOf(before, -1));
    await applyStats(db, after.tenant_id, after.user_id, after.month, countersOf(after, 1));
  }
}

export async function deleteRecord(db: Queryable, before: AttendanceRecordTable): Promise<void> {
  await db.deleteFrom('attendance_records').where('id', '=', before.id).execute();
  daysChanged([before]);
  await applyStats(db, before.tenant_id, before.user_id, before.month, countersOf(before, -1));
}

/**
 * Recomputes a tenant's rollups from its records (after the work month changes, or to check them):
 * each record is refiled under its work month, then the counters are summed afresh.
 */
export async function rebuildMonthStats(
  db: Queryable,
  tenantId: string,
  workMonth: AttendanceRules['workMonth'],
): Promise<void> {
  const dates = await db
    .selectFrom('attendance_records')
    .select('date')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .execute();
  const byMonth = new Map<string, string[]>();
  for (const { date } of dates) {
    const m = workMonthOf(date, workMonth);
    byMonth.set(m, [...(byMonth.get(m) ?? []), date]);
  }
  for (const [month, ds] of byMonth) {
    await db
      .updateTable('attendance_records')
      .set({ month })
      .where('tenant_id', '=', tenantId)
      .where('date', 'in', ds)
      .where('month', '!=', month)
      .execute();
  }
  recordsChanged({ tenantId, all: true });
  await db.deleteFrom('attendance_month_stats').where('tenant_id', '=', tenantId).execute();
  const when = (cond: ReturnType<typeof sql>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
  await db
    .insertInto('attendance_month_stats')
    .columns(['tenant_id', 'user_id', 'month', ...COUNTERS])
    .expression(
      db
        .selectFrom('attendance_records')
        .select([
          'tenant_id',
          'user_id',
          'month',
          when(sql`status = 'present'`).as('present'),
          when(sql`status = 'late'`).as('late'),
          when(sql`status = 'absent'`).as('absent'),
          when(sql`status = 'leave' and leave_counts = 'attended'`).as('leave_attended'),
          when(sql`status = 'leave' and leave_counts = 'excused'`).as('leave_excused'),
          when(
            sql`status = 'leave' and (leave_counts is null or leave_counts not in ('attended', 'excused'))`,
          ).as('leave_unexcused'),
          when(sql`early_leave = 1`).as('early_leave'),
        ])
        .where('tenant_id', '=', tenantId)
        .groupBy(['tenant_id', 'user_id', 'month']),
    )
    .execute();
}
