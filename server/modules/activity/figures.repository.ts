import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { ownedRowVisible, type Visibility } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';
import { readRows } from './figures.reader.ts';

/**
 * The figures of activity management, read from the rollups (activity_days, activity_day_types)
 * — never from the activities — and, for comparison (tests, benchmarks), the same figures
 * computed from the raw activities and work logs.
 *
 * Rows are filed under the team the person belonged to on the day (`unit_id` of the day row), so
 * a unit's figures of any period are the rows whose unit lies in its subtree (a closure subquery),
 * whoever moved since. Only people of the logging roles count. When the reader's scope does not
 * cover the whole unit, the same condition as everywhere (ownedRowVisible) keeps what they see.
 */

export interface FigureScope {
  tenantId: string;
  /** Root of the subtree counted. */
  unitId: string;
  /** The reader's scope, or null when the unit lies wholly inside it (or the figures are public). */
  vis: Visibility | null;
  roles: readonly string[];
  from: string;
  to: string;
  /** Days of the range that are not workdays: logs on them do not count for the submission rate. */
  nonWorkdays: readonly string[];
}

export interface PersonInfo {
  user_id: string;
  display_name: string;
  username: string;
  role: string;
  status: string;
  join_date: string | null;
  leave_date: string | null;
  /** The person's unit now. */
  current_unit_id: string;
}

export interface Counters {
  activities: number;
  points_milli: number;
  contacts: number;
  interviews: number;
  proposals: number;
  closings: number;
  sales: number;
  premium_fen: number;
  logs_submitted: number;
  /** Submitted logs of workdays. */
  logs_submitted_workdays: number;
  logs_reviewed: number;
  logs_reviewed_24h: number;
}

export const COUNTER_KEYS = [
  'activities',
  'points_milli',
  'contacts',
  'interviews',
  'proposals',
  'closings',
  'sales',
  'premium_fen',
  'logs_submitted',
  'logs_submitted_workdays',
  'logs_reviewed',
  'logs_reviewed_24h',
] as const satisfies readonly (keyof Counters)[];

export const zeroCounters = (): Counters => ({
  activities: 0,
  points_milli: 0,
  contacts: 0,
  interviews: 0,
  proposals: 0,
  closings: 0,
  sales: 0,
  premium_fen: 0,
  logs_submitted: 0,
  logs_submitted_workdays: 0,
  logs_reviewed: 0,
  logs_reviewed_24h: 0,
});

/** A person's figures under one unit (they may have moved within the period). */
export interface PersonUnitFigures extends Counters {
  user_id: string;
  unit_id: string;
  /** Their last day with a row under this unit. */
  last_date: string;
}

export interface TypeFigures {
  /** A person's id or a unit's, as grouped. */
  key: string;
  type_id: string;
  count: number;
  points_milli: number;
}

const subtreeOf = (unitId: string) =>
  sql`(select descendant_id from org_unit_closure where ancestor_id = ${unitId})`;

/** Rows of `alias` (user_id, unit_id, date columns) counted in the scope. */
function rowFilter(s: FigureScope, alias: string): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [
    sql`${sql.ref(`${alias}.tenant_id`)} = ${s.tenantId}`,
    sql`${sql.ref(`${alias}.date`)} >= ${s.from}`,
    sql`${sql.ref(`${alias}.date`)} <= ${s.to}`,
    sql`${sql.ref(`${alias}.unit_id`)} in ${subtreeOf(s.unitId)}`,
    // Only people of the logging roles: the others are few, so this is a probe of a small set per
    // row (a join of users would read a user row per rollup row).
    sql`${sql.ref(`${alias}.user_id`)} not in (select id from users where tenant_id = ${s.tenantId} and role not in (${sql.join([...s.roles])}))`,
  ];
  if (s.vis) parts.push(ownedRowVisible(s.vis, `${alias}.user_id`, `${alias}.unit_id`));
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

const PERSON_SELECT = [
  'u.id as user_id',
  'u.display_name',
  'u.username',
  'u.role',
  'u.status',
  'u.join_date',
  'u.leave_date',
  'u.unit_id as current_unit_id',
] as const;

function normalise<T extends object>(row: T, keys: readonly string[]): T {
  const r = row as Record<string, unknown>;
  for (const k of keys) r[k] = toNumber(r[k]);
  return row;
}

function workdayLogs(s: FigureScope, alias: string, column: string): RawBuilder<number> {
  const col = sql.ref(`${alias}.${column}`);
  if (s.nonWorkdays.length === 0) return sql<number>`sum(${col})`;
  return sql<number>`sum(case when ${sql.ref(`${alias}.date`)} in (${sql.join([...s.nonWorkdays])}) then 0 else ${col} end)`;
}

// ---- From the rollups ----------------------------------------------------------------------------

/** Per person and unit, the sums of their day rows in the range: one grouped query (off the event loop). */
export async function findPersonUnitFigures(db: Queryable, s: FigureScope): Promise<PersonUnitFigures[]> {
  const q = db
    .selectFrom('activity_days as d')
    .select([
      'd.unit_id',
      'd.user_id',
      sql<string>`max(d.date)`.as('last_date'),
      sql<number>`sum(d.activities)`.as('activities'),
      sql<number>`sum(d.points_milli)`.as('points_milli'),
      sql<number>`sum(d.contacts)`.as('contacts'),
      sql<number>`sum(d.interviews)`.as('interviews'),
      sql<number>`sum(d.proposals)`.as('proposals'),
      sql<number>`sum(d.closings)`.as('closings'),
      sql<number>`sum(d.sales)`.as('sales'),
      sql<number>`sum(d.premium_fen)`.as('premium_fen'),
      sql<number>`sum(d.log_submitted)`.as('logs_submitted'),
      workdayLogs(s, 'd', 'log_submitted').as('logs_submitted_workdays'),
      sql<number>`sum(d.log_reviewed)`.as('logs_reviewed'),
      sql<number>`sum(d.log_reviewed_24h)`.as('logs_reviewed_24h'),
    ])
    .where(rowFilter(s, 'd'))
    .groupBy(['d.unit_id', 'd.user_id']);
  return (await readRows(db, q)).map((r) => normalise(r, COUNTER_KEYS));
}

/**
 * Counts and points per type, per person or per unit of the rows. Grouped by unit first, so that
 * SQLite reads the rows through the (tenant, unit, date) index rather than every row of the tenant.
 */
export async function findTypeFigures(
  db: Queryable,
  s: FigureScope,
  by: 'user' | 'unit',
): Promise<TypeFigures[]> {
  const q = db
    .selectFrom('activity_day_types as t')
    .select([
      sql<string>`${sql.ref(by === 'user' ? 't.user_id' : 't.unit_id')}`.as('key'),
      't.type_id',
      sql<number>`sum(t.count)`.as('count'),
      sql<number>`sum(t.points_milli)`.as('points_milli'),
    ])
    .where(rowFilter(s, 't'))
    .groupBy(by === 'user' ? ['t.unit_id', 't.user_id', 't.type_id'] : ['t.unit_id', 't.type_id']);
  return mergeTypes(await readRows(db, q));
}

/** Rows of the same key and type (a person under several units) summed. */
function mergeTypes(rows: TypeFigures[]): TypeFigures[] {
  const out = new Map<string, TypeFigures>();
  for (const raw of rows) {
    const r = normalise(raw, ['count', 'points_milli']);
    const k = `${r.key}|${r.type_id}`;
    const hit = out.get(k);
    if (hit) {
      hit.count += r.count;
      hit.points_milli += r.points_milli;
    } else out.set(k, { ...r });
  }
  return [...out.values()];
}

/** Points and activities per day of the range (a unit's trend). */
export async function findDailyTotals(
  db: Queryable,
  s: FigureScope,
): Promise<{ date: string; activities: number; points_milli: number }[]> {
  const q = db
    .selectFrom('activity_days as d')
    .select([
      'd.date',
      sql<number>`sum(d.activities)`.as('activities'),
      sql<number>`sum(d.points_milli)`.as('points_milli'),
    ])
    .where(rowFilter(s, 'd'))
    .groupBy('d.date');
  return (await readRows(db, q)).map((r) => normalise(r, ['activities', 'points_milli']));
}

/** One person's day rows in a range (their trend, their today page), wherever they were filed. */
export async function findPersonDays(
  db: Queryable,
  tenantId: string,
  userId: string,
  from: string,
  to: string,
) {
  const rows = await db
    .selectFrom('activity_days')
    .select(['date', 'unit_id', 'activities', 'points_milli'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .execute();
  return rows.map((r) => normalise(r, ['activities', 'points_milli']));
}

/** Some people of the tenant (those found in the rollups). */
export async function findPeople(db: Queryable, tenantId: string, ids: string[]): Promise<PersonInfo[]> {
  const out: PersonInfo[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('users as u')
        .select(PERSON_SELECT)
        .where('u.tenant_id', '=', tenantId)
        .where('u.id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}

/** Active members now of the subtree (logging roles) who joined by the range's end. */
export async function findMembers(db: Queryable, s: FigureScope): Promise<PersonInfo[]> {
  let q = db
    .selectFrom('users as u')
    .select(PERSON_SELECT)
    .where('u.tenant_id', '=', s.tenantId)
    .where('u.status', '=', 'active')
    .where('u.role', 'in', [...s.roles])
    .where('u.unit_id', 'in', (eb) =>
      eb.selectFrom('org_unit_closure').select('descendant_id').where('ancestor_id', '=', s.unitId),
    )
    .where((eb) => eb.or([eb('u.join_date', 'is', null), eb('u.join_date', '<=', s.to)]));
  if (s.vis) q = q.where(ownedRowVisible(s.vis, 'u.id', 'u.unit_id'));
  return q.execute();
}

// ---- From the raw rows (comparison only) ------------------------------------------------------------

/** As findPersonUnitFigures, computed from the activities (log counters zero). */
export async function findPersonUnitFiguresRaw(db: Queryable, s: FigureScope): Promise<PersonUnitFigures[]> {
  const stage = (name: string) => sql<number>`sum(case when a.stage = ${name} then 1 else 0 end)`;
  const q = db
    .selectFrom('activities as a')
    .select([
      'a.unit_id',
      'a.user_id',
      sql<string>`max(a.date)`.as('last_date'),
      sql<number>`count(*)`.as('activities'),
      sql<number>`sum(a.points_milli)`.as('points_milli'),
      stage('contact').as('contacts'),
      stage('interview').as('interviews'),
      stage('proposal').as('proposals'),
      stage('closing').as('closings'),
      stage('sale').as('sales'),
      sql<number>`coalesce(sum(a.premium_fen), 0)`.as('premium_fen'),
      sql<number>`0`.as('logs_submitted'),
      sql<number>`0`.as('logs_submitted_workdays'),
      sql<number>`0`.as('logs_reviewed'),
      sql<number>`0`.as('logs_reviewed_24h'),
    ])
    .where(rowFilter(s, 'a'))
    .groupBy(['a.unit_id', 'a.user_id']);
  return (await readRows(db, q)).map((r) => normalise(r, COUNTER_KEYS));
}

/** The submitted work logs of the range (the 24-hour rule is applied in code). */
export function findSubmittedLogsRaw(db: Queryable, s: FigureScope) {
  const q = db
    .selectFrom('work_logs as w')
    .select(['w.user_id', 'w.unit_id', 'w.date', 'w.submitted_at', 'w.reviewed_at'])
    .where(rowFilter(s, 'w'))
    .where('w.status', '=', 'submitted')
    .where('w.submitted_at', 'is not', null);
  return readRows(db, q);
}

/** As findTypeFigures, from the activities. */
export async function findTypeFiguresRaw(
  db: Queryable,
  s: FigureScope,
  by: 'user' | 'unit',
): Promise<TypeFigures[]> {
  const q = db
    .selectFrom('activities as a')
    .select([
      sql<string>`${sql.ref(by === 'user' ? 'a.user_id' : 'a.unit_id')}`.as('key'),
      'a.type_id',
      sql<number>`count(*)`.as('count'),
      sql<number>`sum(a.points_milli)`.as('points_milli'),
    ])
    .where(rowFilter(s, 'a'))
    .groupBy(by === 'user' ? ['a.unit_id', 'a.user_id', 'a.type_id'] : ['a.unit_id', 'a.type_id']);
  return mergeTypes(await readRows(db, q));
}
