import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { AttendanceRules } from '../../../contracts/attendance.ts';
import { ownedRowVisible, unitVisible, type Visibility } from '../../access/scope.ts';
import { planEachTime, type Queryable } from '../../db/database.ts';
import type { AttendanceAllowanceBaseTable } from '../../db/schema.ts';
import { toNumber } from '../../db/dialect.ts';
import { addDays, type MonthCounters } from './attendance.rules.ts';

/**
 * The read side of attendance: the day's board, the month's figures (from the rollups in
 * attendance_month_stats, never from the records), the trend and the supervisors' allowance.
 *
 * People are selected through the org closure table (one subquery at any depth, answered by the
 * users_tenant_unit index); the actor's scope condition is only added when the unit asked for is
 * not wholly inside it (see findReportUnit). Figures are joined by the rollups' primary key.
 *
 * The queries over a unit's people end with planEachTime: on PostgreSQL they are planned for their
 * values each time, never with the generic plan of a named statement (see db/database.ts).
 */

// ---- The unit asked for -----------------------------------------------------------------------

export interface ReportUnit {
  id: string;
  name: string;
  /** Every member of the unit's subtree is visible to the actor: no scope condition is needed. */
  covered: boolean;
}

/**
 * The unit if it is the actor's tenant's and visible to them (or their own unit, as assertUnitVisible
 * allows), and whether its whole subtree lies in their scope.
 */
export async function findReportUnit(
  db: Queryable,
  vis: Visibility,
  actorUnitId: string,
  unitId: string,
): Promise<ReportUnit | undefined> {
  const covered: RawBuilder<number> = vis.all
    ? sql<number>`1`
    : vis.subtree && vis.roots.length > 0
      ? sql<number>`case when ${unitVisible(vis, 'o.id')} then 1 else 0 end`
      : sql<number>`0`;
  const row = await db
    .selectFrom('org_units as o')
    .select(['o.id', 'o.name', covered.as('covered')])
    .where('o.id', '=', unitId)
    .where('o.tenant_id', '=', vis.tenantId)
    .where((eb) => eb.or([unitVisible(vis, 'o.id'), eb('o.id', '=', actorUnitId)]))
    .executeTakeFirst();
  return row && { id: row.id, name: row.name, covered: toNumber(row.covered) === 1 };
}

// The reports of a unit walk its subtree: one query, kept with the org tree.
export { findSubtreeUnits, type SubtreeUnit } from '../org/org.repository.ts';

export function findUnitNames(
  db: Queryable,
  tenantId: string,
  ids: string[],
): Promise<{ id: string; name: string; sort_order: number }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org_units')
    .select(['id', 'name', 'sort_order'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
}

/** Each unit's chain of ancestors from the top (itself last), to order units as the org chart does. */
export async function findUnitPaths(
  db: Queryable,
  tenantId: string,
  unitIds: string[],
): Promise<Map<string, { sort_order: number; name: string }[]>> {
  const out = new Map<string, { sort_order: number; name: string; depth: number }[]>();
  if (unitIds.length === 0) return out;
  const rows = await db
    .selectFrom('org_unit_closure as c')
    .innerJoin('org_units as o', 'o.id', 'c.ancestor_id')
    .select(['c.descendant_id', 'c.depth', 'o.sort_order', 'o.name'])
    .where('c.descendant_id', 'in', unitIds)
    .where('o.tenant_id', '=', tenantId)
    .execute();
  for (const r of rows) {
    const path = out.get(r.descendant_id) ?? [];
    path.push({ sort_order: r.sort_order, name: r.name, depth: r.depth });
    out.set(r.descendant_id, path);
  }
  for (const path of out.values()) path.sort((a, b) => b.depth - a.depth);
  return out;
}

// ---- Who is counted ---------------------------------------------------------------------------

export interface PeopleScope {
  tenantId: string;
  /** Members of this unit's subtree; null: everyone the actor sees. */
  unitId: string | null;
  /** The actor's scope, or null when the unit lies wholly inside it. */
  vis: Visibility | null;
  roles: readonly string[];
}

/** Tenant, roles, the unit's subtree (closure subquery) and, when needed, the actor's scope, on `u` (users). */
function inScope(p: PeopleScope): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [
    sql`u.tenant_id = ${p.tenantId}`,
    sql`u.role in (${sql.join([...p.roles])})`,
  ];
  if (p.unitId !== null) {
    parts.push(
      sql`u.unit_id in (select descendant_id from org_unit_closure where ancestor_id = ${p.unitId})`,
    );
  }
  if (p.vis) parts.push(ownedRowVisible(p.vis, 'u.id', 'u.unit_id'));
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/** On the roster on some day from `from` to `to`: joined by `to`, not gone before `from` (as the day close counts). */
function onRoster(from: string, to: string) {
  return sql<SqlBool>`((u.status = 'active' or u.leave_date > ${from}) and (u.join_date is null or u.join_date <= ${to}) and u.created_at < ${`${addDays(to, 1)}T00:00:00`})`;
}

// ---- Board ------------------------------------------------------------------------------------

export interface BoardRow {
  id: string;
  display_name: string;
  role: string;
  unit_id: string;
  status: string | null;
  check_in_at: string | null;
  method: string | null;
  leave_type: string | null;
  delayed: number | null;
  outside_geofence: number | null;
  early_leave: number | null;
}

/** People expected on a day (or with a record that day), each with the day's record if any: one query. */
export function findBoardPeople(db: Queryable, p: PeopleScope, date: string): Promise<BoardRow[]> {
  return db
    .selectFrom('users as u')
    .leftJoin('attendance_records as r', (j) =>
      j.on('r.tenant_id', '=', p.tenantId).onRef('r.user_id', '=', 'u.id').on('r.date', '=', date),
    )
    .select([
      'u.id',
      'u.display_name',
      'u.role',
      'u.unit_id',
      'r.status',
      'r.check_in_at',
      'r.method',
      'r.leave_type',
      'r.delayed',
      'r.outside_geofence',
      'r.early_leave',
    ])
    .where(inScope(p))
    .where((eb) => eb.or([eb('r.id', 'is not', null), onRoster(date, date)]))
    .modifyEnd(planEachTime)
    .execute();
}

// ---- Monthly figures --------------------------------------------------------------------------

const c = (name: keyof MonthCounters) => sql<number>`coalesce(s.${sql.ref(name)}, 0)`;
const ATTENDED = sql<number>`(${c('present')} + ${c('late')} + ${c('leave_attended')})`;
const REQUIRED = sql<number>`(${ATTENDED} + ${c('absent')} + ${c('leave_unexcused')})`;

type FineRule = AttendanceRules['fines']['agent'];

/**
 * A person's fine for the month in SQL, as fineFen() computes it: events × rate, capped; the
 * supervisors' rule for supervisors. CASE rather than LEAST/MIN, which differ between the databases.
 */
export function fineSql(rules: AttendanceRules): RawBuilder<number> {
  if (!rules.fines.enabled) return sql<number>`0`;
  const events = sql`(${c('late')} + ${c('absent')} + ${c('early_leave')})`;
  const capped = (r: FineRule) => {
    const raw = sql`${events} * ${sql.lit(r.perEventFen)}`;
    if (r.monthlyCapFen === null) return raw;
    const cap = sql.lit(r.monthlyCapFen);
    return sql`case when ${raw} > ${cap} then ${cap} else ${raw} end`;
  };
  return sql<number>`case when u.role = 'supervisor' then ${capped(rules.fines.supervisor)} else ${capped(rules.fines.agent)} end`;
}

export interface MonthQuery extends PeopleScope {
  month: string;
  from: string;
  to: string;
}

/** People counted in a month: on the roster in it, or with figures filed under it. */
function monthPeople(db: Queryable, p: MonthQuery) {
  return db
    .selectFrom('users as u')
    .leftJoin('attendance_month_stats as s', (j) =>
      j.on('s.tenant_id', '=', p.tenantId).on('s.month', '=', p.month).onRef('s.user_id', '=', 'u.id'),
    )
    .where(inScope(p))
    .where((eb) => eb.or([eb('s.user_id', 'is not', null), onRoster(p.from, p.to)]));
}

/** Case-insensitive "contains" on name or username, with LIKE's wildcards escaped. */
function nameMatches(q: string) {
  const like = `%${q.toLowerCase().replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`;
  return sql<SqlBool>`(lower(u.display_name) like ${like} escape '\\' or lower(u.username) like ${like} escape '\\')`;
}

export interface TotalsRow extends MonthCounters {
  people: number;
  fines_fen: number;
}

const COUNTER_NAMES = [
  'present',
  'late',
  'absent',
  'leave_attended',
  'leave_excused',
  'leave_unexcused',
  'early_leave',
] as const satisfies readonly (keyof MonthCounters)[];

/** Sums over everyone counted in the month (fines capped per person, then summed), and how many they are. */
export async function findMonthTotals(
  db: Queryable,
  p: MonthQuery,
  rules: AttendanceRules,
): Promise<TotalsRow> {
  const fine = fineSql(rules);
  const row = await monthPeople(db, p)
    .select((eb) => [
      eb.fn.countAll<number>().as('people'),
      ...COUNTER_NAMES.map((k) => sql<number>`sum(${c(k)})`.as(k)),
      sql<number>`sum(${fine})`.as('fines_fen'),
    ])
    .modifyEnd(planEachTime)
    .executeTakeFirstOrThrow();
  const out = { people: toNumber(row.people), fines_fen: toNumber(row.fines_fen) } as TotalsRow;
  for (const k of COUNTER_NAMES) out[k] = toNumber((row as Record<string, unknown>)[k]);
  return out;
}

export type MonthlySortKey = 'rate' | 'absent' | 'late' | 'name' | 'finesFen';

export interface MonthlyRow extends MonthCounters {
  id: string;
  username: string;
  display_name: string;
  role: string;
  unit_id: string;
}

function sortedMonthPeople(
  db: Queryable,
  p: MonthQuery,
  rules: AttendanceRules,
  sort: { key: MonthlySortKey; desc: boolean },
  q: string | undefined,
) {
  let query = monthPeople(db, p).select([
    'u.id',
    'u.username',
    'u.display_name',
    'u.role',
    'u.unit_id',
    ...COUNTER_NAMES.map((k) => c(k).as(k)),
  ]);
  if (q) query = query.where(nameMatches(q));
  const dir = sort.desc ? 'desc' : 'asc';
  switch (sort.key) {
    case 'rate':
      // Nobody required (rate null) last in both directions, the same on both databases; a float
      // division (not PostgreSQL's numeric) is exact enough to order ratios of small integers.
      query = query
        .orderBy(sql`case when ${REQUIRED} = 0 then 1 else 0 end`)
        .orderBy(
          sql`case when ${REQUIRED} = 0 then 0 else cast(${ATTENDED} as double precision) / ${REQUIRED} end`,
          dir,
        );
      break;
    case 'absent':
      query = query.orderBy(c('absent'), dir);
      break;
    case 'late':
      query = query.orderBy(c('late'), dir);
      break;
    case 'finesFen':
      query = query.orderBy(fineSql(rules), dir);
      break;
    case 'name':
      break;
  }
  return query
    .orderBy('u.display_name', sort.key === 'name' ? dir : 'asc')
    .orderBy('u.id')
    .modifyEnd(planEachTime);
}

async function rowsOf(query: { execute(): Promise<unknown[]> }): Promise<MonthlyRow[]> {
  const rows = (await query.execute()) as (Record<keyof MonthCounters, unknown> & MonthlyRow)[];
  for (const r of rows) for (const k of COUNTER_NAMES) r[k] = toNumber(r[k]);
  return rows;
}

/** One page of the people counted in the month, sorted in SQL. */
export function findMonthPage(
  db: Queryable,
  p: MonthQuery,
  rules: AttendanceRules,
  sort: { key: MonthlySortKey; desc: boolean },
  q: string | undefined,
  limit: number,
  offset: number,
): Promise<MonthlyRow[]> {
  return rowsOf(sortedMonthPeople(db, p, rules, sort, q).limit(limit).offset(offset));
}

export async function countMonthPeople(db: Queryable, p: MonthQuery, q: string | undefined): Promise<number> {
  let query = monthPeople(db, p).select((eb) => eb.fn.countAll<number>().as('n'));
  if (q) query = query.where(nameMatches(q));
  return toNumber((await query.modifyEnd(planEachTime).executeTakeFirstOrThrow()).n);
}

/** Everyone matching, in the list's order, at most `limit` (an export; the caller refuses more). */
export function findMonthAll(
  db: Queryable,
  p: MonthQuery,
  rules: AttendanceRules,
  sort: { key: MonthlySortKey; desc: boolean },
  q: string | undefined,
  limit: number,
): Promise<MonthlyRow[]> {
  return rowsOf(sortedMonthPeople(db, p, rules, sort, q).limit(limit));
}

// ---- Trend ------------------------------------------------------------------------------------

/** Totals per month over several months: one grouped query over the rollups' rows. */
export async function findMonthlyTotalsByMonth(
  db: Queryable,
  p: PeopleScope,
  months: string[],
  rules: AttendanceRules,
): Promise<Map<string, Omit<TotalsRow, 'people'>>> {
  const fine = fineSql(rules);
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('attendance_month_stats as s', (j) =>
      j.on('s.tenant_id', '=', p.tenantId).on('s.month', 'in', months).onRef('s.user_id', '=', 'u.id'),
    )
    .select([
      's.month',
      ...COUNTER_NAMES.map((k) => sql<number>`sum(${c(k)})`.as(k)),
      sql<number>`sum(${fine})`.as('fines_fen'),
    ])
    .where(inScope(p))
    .groupBy('s.month')
    .modifyEnd(planEachTime)
    .execute();
  const out = new Map<string, Omit<TotalsRow, 'people'>>();
  for (const r of rows) {
    const t = { fines_fen: toNumber(r.fines_fen) } as Omit<TotalsRow, 'people'>;
    for (const k of COUNTER_NAMES) t[k] = toNumber((r as Record<string, unknown>)[k]);
    out.set(r.month, t);
  }
  return out;
}

export function findVisibleUser(db: Queryable, vis: Visibility, userId: string) {
  return db
    .selectFrom('users as u')
    .select(['u.id', 'u.role', 'u.unit_id'])
    .where('u.id', '=', userId)
    .where('u.tenant_id', '=', vis.tenantId)
    .where(ownedRowVisible(vis, 'u.id', 'u.unit_id'))
    .executeTakeFirst();
}

export function findUserStats(db: Queryable, tenantId: string, userId: string, months: string[]) {
  return db
    .selectFrom('attendance_month_stats')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('month', 'in', months)
    .execute();
}

// ---- Allowance --------------------------------------------------------------------------------

export interface AllowancePersonRow extends MonthCounters {
  id: string;
  username: string;
  display_name: string;
  unit_id: string;
  unit_name: string;
  base_fen: number | null;
}

/** Supervisors counted in the month with their own figures and the month's allowance base. */
export async function findAllowancePeople(db: Queryable, p: MonthQuery): Promise<AllowancePersonRow[]> {
  const rows = await monthPeople(db, p)
    .innerJoin('org_units as o', 'o.id', 'u.unit_id')
    .leftJoin('attendance_allowance_bases as b', (j) =>
      j.on('b.tenant_id', '=', p.tenantId).on('b.month', '=', p.month).onRef('b.user_id', '=', 'u.id'),
    )
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.unit_id',
      'o.name as unit_name',
      'b.base_fen',
      ...COUNTER_NAMES.map((k) => c(k).as(k)),
    ])
    .modifyEnd(planEachTime)
    .execute();
  return rows.map((r) => {
    const out: AllowancePersonRow = { ...r, base_fen: r.base_fen === null ? null : toNumber(r.base_fen) };
    for (const k of COUNTER_NAMES) out[k] = toNumber((r as Record<string, unknown>)[k]);
    return out;
  });
}

/** Of the given ids, the supervisors of the tenant the actor sees. */
export async function findVisibleSupervisorIds(
  db: Queryable,
  vis: Visibility,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('users as u')
    .select('u.id')
    .where('u.tenant_id', '=', vis.tenantId)
    .where('u.id', 'in', ids)
    .where('u.role', '=', 'supervisor')
    .where(ownedRowVisible(vis, 'u.id', 'u.unit_id'))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** People of the tenant by username, with whether the actor sees them (an import's batch look-up). */
export async function findUsersByUsername(db: Queryable, vis: Visibility, usernames: string[]) {
  if (usernames.length === 0) return [];
  return db
    .selectFrom('users as u')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      sql<number>`case when ${ownedRowVisible(vis, 'u.id', 'u.unit_id')} then 1 else 0 end`.as('visible'),
    ])
    .where('u.tenant_id', '=', vis.tenantId)
    .where('u.username', 'in', usernames)
    .execute();
}

export function findBases(db: Queryable, tenantId: string, month: string, userIds: string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('attendance_allowance_bases')
    .select(['user_id', 'base_fen'])
    .where('tenant_id', '=', tenantId)
    .where('month', '=', month)
    .where('user_id', 'in', userIds)
    .execute();
}

/** Writes bases, replacing a person's base of the same month. */
export async function upsertBases(db: Queryable, rows: AttendanceAllowanceBaseTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('attendance_allowance_bases')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'month', 'user_id']).doUpdateSet((eb) => ({
        base_fen: eb.ref('excluded.base_fen'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

export async function deleteBases(
  db: Queryable,
  tenantId: string,
  month: string,
  userIds: string[],
): Promise<number> {
  if (userIds.length === 0) return 0;
  const r = await db
    .deleteFrom('attendance_allowance_bases')
    .where('tenant_id', '=', tenantId)
    .where('month', '=', month)
    .where('user_id', 'in', userIds)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
