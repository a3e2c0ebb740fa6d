import type { Visibility } from '../../access/scope.ts';
import { ownedRowVisible } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { fetchPage } from '../../db/paging.ts';
import { preparedStatement } from '../../db/prepared.ts';
import type { ActivityTable } from '../../db/schema.ts';
import { inSubtree, locksRows } from './person.repository.ts';

/** Activities (活动记录): all their SQL. Rollups are moved by the caller through rollup.repository.ts. */

/** Every column of an activity, in one order: the insert below is compiled once with these. */
const ACTIVITY_COLUMNS = [
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
  'prospect_id',
  'prospect_name',
  'outcome',
  'notes',
  'next_step',
  'next_step_date',
  'partner_id',
  'late_entry',
  'created_by',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof ActivityTable)[];

// Every activity logged runs this insert: built and compiled once per dialect (see preparedStatement).
const insertActivityRow = preparedStatement((db, ...values: unknown[]) =>
  db
    .insertInto('activities')
    .values(Object.fromEntries(ACTIVITY_COLUMNS.map((c, i) => [c, values[i]])) as unknown as ActivityTable),
);

export async function insertActivity(db: Queryable, row: ActivityTable): Promise<void> {
  await insertActivityRow(db, ...ACTIVITY_COLUMNS.map((c) => row[c]));
}

/**
 * An activity by id if the reader may see it (their own, or filed under a unit in `vis`). With
 * `lock`, inside a transaction, the row is locked until it ends (PostgreSQL; SQLite writes are
 * serial), so two edits of one activity move the rollups one after the other.
 */
export function findActivity(
  db: Queryable,
  tenantId: string,
  id: string,
  vis: Visibility,
  lock = false,
): Promise<ActivityTable | undefined> {
  return db
    .selectFrom('activities as a')
    .selectAll('a')
    .where('a.tenant_id', '=', tenantId)
    .where('a.id', '=', id)
    .where(ownedRowVisible(vis, 'a.user_id', 'a.unit_id'))
    .$if(lock && locksRows(db), (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function updateActivity(db: Queryable, row: ActivityTable): Promise<void> {
  const { id, tenant_id, ...rest } = row;
  await db
    .updateTable('activities')
    .set(rest)
    .where('tenant_id', '=', tenant_id)
    .where('id', '=', id)
    .execute();
}

export async function deleteActivity(db: Queryable, tenantId: string, id: string): Promise<void> {
  await db.deleteFrom('activities').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** A day with an activity is no longer a "no activity" day: its submitted log says so too. */
export async function clearNoActivity(
  db: Queryable,
  tenantId: string,
  userId: string,
  date: string,
): Promise<void> {
  await clearNoActivityFlag(db, tenantId, userId, date);
}

const clearNoActivityFlag = preparedStatement((db, tenantId: string, userId: string, date: string) =>
  db
    .updateTable('work_logs')
    .set({ no_activity: 0 })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('date', '=', date)
    .where('no_activity', '=', 1),
);

export async function countDayActivities(
  db: Queryable,
  tenantId: string,
  userId: string,
  date: string,
): Promise<number> {
  const r = await db
    .selectFrom('activities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('date', '=', date)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- Reading with names -----------------------------------------------------------------------

function withNames(db: Queryable, tenantId: string) {
  return db
    .selectFrom('activities as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .innerJoin('activity_types as t', 't.id', 'a.type_id')
    .leftJoin('users as p', 'p.id', 'a.partner_id')
    .where('a.tenant_id', '=', tenantId);
}

export const viewColumns = [
  'a.id',
  'a.user_id',
  'u.display_name as user_name',
  'a.unit_id',
  'a.type_id',
  't.name as type_name',
  't.name_en as type_name_en',
  'a.stage',
  'a.date',
  'a.occurred_at',
  'a.points_milli',
  'a.premium_fen',
  'a.prospect_id',
  'a.prospect_name',
  'a.outcome',
  'a.notes',
  'a.next_step',
  'a.next_step_date',
  'a.partner_id',
  'p.display_name as partner_name',
  'a.late_entry',
  'a.created_at',
  'a.updated_at',
] as const;

export type ActivityView = NonNullable<Awaited<ReturnType<typeof findActivityView>>>;

export function findActivityView(db: Queryable, tenantId: string, id: string) {
  return withNames(db, tenantId).select(viewColumns).where('a.id', '=', id).executeTakeFirst();
}

/** A person's activities of one day, in the order they happened. */
export function findDayActivities(db: Queryable, tenantId: string, userId: string, date: string) {
  return withNames(db, tenantId)
    .select(viewColumns)
    .where('a.user_id', '=', userId)
    .where('a.date', '=', date)
    .orderBy('a.occurred_at')
    .orderBy('a.id')
    .execute();
}

export interface ActivityFilter {
  userId?: string | undefined;
  unitId?: string | undefined;
  typeId?: string | undefined;
  stage?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export const SORT_COLUMNS = {
  occurredAt: 'a.occurred_at',
  date: 'a.date',
  points: 'a.points_milli',
  createdAt: 'a.created_at',
} as const;
export type SortKey = keyof typeof SORT_COLUMNS;

function filtered(db: Queryable, tenantId: string, vis: Visibility, f: ActivityFilter) {
  let q = withNames(db, tenantId).where(ownedRowVisible(vis, 'a.user_id', 'a.unit_id'));
  if (f.userId) q = q.where('a.user_id', '=', f.userId);
  if (f.unitId) q = q.where(inSubtree('a.unit_id', f.unitId));
  if (f.typeId) q = q.where('a.type_id', '=', f.typeId);
  if (f.stage) q = q.where('a.stage', '=', f.stage);
  if (f.from) q = q.where('a.date', '>=', f.from);
  if (f.to) q = q.where('a.date', '<=', f.to);
  return q;
}

export function findActivitiesPage(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: ActivityFilter & { page: number; pageSize: number; sort: SortKey; desc: boolean },
) {
  const q = filtered(db, tenantId, vis, f);
  const dir = f.desc ? 'desc' : 'asc';
  return fetchPage(
    f.page,
    f.pageSize,
    (limit, offset) =>
      q
        .select(viewColumns)
        .orderBy(SORT_COLUMNS[f.sort], dir)
        .orderBy('a.occurred_at', dir)
        .orderBy('a.id', dir)
        .limit(limit)
        .offset(offset)
        .execute(),
    async () =>
      Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  );
}

/** Every row of the list's filters in the list's order (at most `limit`), with the person's username. */
export function findActivitiesForExport(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: ActivityFilter & { sort: SortKey; desc: boolean },
  limit: number,
) {
  const dir = f.desc ? 'desc' : 'asc';
  return filtered(db, tenantId, vis, f)
    .leftJoin('org_units as ou', 'ou.id', 'a.unit_id')
    .select(viewColumns)
    .select(['u.username', 'ou.name as unit_name'])
    .orderBy(SORT_COLUMNS[f.sort], dir)
    .orderBy('a.occurred_at', dir)
    .orderBy('a.id', dir)
    .limit(limit)
    .execute();
}
