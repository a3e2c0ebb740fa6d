import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Visibility } from '../../access/scope.ts';
import { ownedRowVisible } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { fetchPage } from '../../db/paging.ts';
import type { CoachingRecordTable } from '../../db/schema.ts';
import { inSubtree, locksRows } from './person.repository.ts';

/** Coaching records (辅导记录): all their SQL. */

/** Visible: the coached person's own, filed under the reader's scope, or written by the reader. */
function visible(vis: Visibility): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${ownedRowVisible(vis, 'r.user_id', 'r.unit_id')} or r.coach_id = ${vis.selfId})`;
}

export async function insertCoaching(db: Queryable, row: CoachingRecordTable): Promise<void> {
  await db.insertInto('coaching_records').values(row).execute();
}

export async function updateCoaching(db: Queryable, row: CoachingRecordTable): Promise<void> {
  const { id, tenant_id, ...rest } = row;
  await db
    .updateTable('coaching_records')
    .set(rest)
    .where('tenant_id', '=', tenant_id)
    .where('id', '=', id)
    .execute();
}

export function findVisibleCoaching(
  db: Queryable,
  tenantId: string,
  id: string,
  vis: Visibility,
  lock = false,
): Promise<CoachingRecordTable | undefined> {
  return db
    .selectFrom('coaching_records as r')
    .selectAll('r')
    .where('r.tenant_id', '=', tenantId)
    .where('r.id', '=', id)
    .where(visible(vis))
    .$if(lock && locksRows(db), (q) => q.forUpdate())
    .executeTakeFirst();
}

function withNames(db: Queryable, tenantId: string) {
  return db
    .selectFrom('coaching_records as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('users as c', 'c.id', 'r.coach_id')
    .where('r.tenant_id', '=', tenantId);
}

const viewColumns = [
  'r.id',
  'r.user_id',
  'u.display_name as user_name',
  'r.coach_id',
  'c.display_name as coach_name',
  'r.log_id',
  'r.date',
  'r.topic',
  'r.agreed',
  'r.follow_up_date',
  'r.reply',
  'r.replied_at',
  'r.followed_up_at',
  'r.created_at',
] as const;

export type CoachingView = NonNullable<Awaited<ReturnType<typeof findCoachingView>>>;

export function findCoachingView(db: Queryable, tenantId: string, id: string) {
  return withNames(db, tenantId).select(viewColumns).where('r.id', '=', id).executeTakeFirst();
}

export interface CoachingFilter {
  userId?: string | undefined;
  unitId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function findCoachingPage(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: CoachingFilter & { page: number; pageSize: number },
) {
  let q = withNames(db, tenantId).where(visible(vis));
  if (f.userId) q = q.where('r.user_id', '=', f.userId);
  if (f.unitId) q = q.where(inSubtree('r.unit_id', f.unitId));
  if (f.from) q = q.where('r.date', '>=', f.from);
  if (f.to) q = q.where('r.date', '<=', f.to);
  return fetchPage(
    f.page,
    f.pageSize,
    (limit, offset) =>
      q
        .select(viewColumns)
        .orderBy('r.date', 'desc')
        .orderBy('r.created_at', 'desc')
        .orderBy('r.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute(),
    async () =>
      Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  );
}

/** Whether a log is the person's (a coaching record may point at the log it came from). */
export async function logOf(
  db: Queryable,
  tenantId: string,
  logId: string,
  userId: string,
): Promise<boolean> {
  const r = await db
    .selectFrom('work_logs')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', logId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r !== undefined;
}
