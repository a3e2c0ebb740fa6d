import { sql } from 'kysely';
import type { Visibility } from '../../access/scope.ts';
import { ownedRowVisible, unitVisible } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { fetchPage } from '../../db/paging.ts';
import type { WorkLogCommentTable, WorkLogTable } from '../../db/schema.ts';
import { inSubtree, locksRows } from './person.repository.ts';

/** Work logs (工作日志), their comment thread and the review queue: all their SQL. */

/** A person's log of a day; with `lock`, locked for the rest of the transaction (PostgreSQL). */
export function findLog(
  db: Queryable,
  tenantId: string,
  userId: string,
  date: string,
  lock = false,
): Promise<WorkLogTable | undefined> {
  return db
    .selectFrom('work_logs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('date', '=', date)
    .$if(lock && locksRows(db), (q) => q.forUpdate())
    .executeTakeFirst();
}

/** A log by id if the reader may see it (their own or filed under their scope). */
export function findVisibleLog(
  db: Queryable,
  tenantId: string,
  id: string,
  vis: Visibility,
  lock = false,
): Promise<WorkLogTable | undefined> {
  return db
    .selectFrom('work_logs as l')
    .selectAll('l')
    .where('l.tenant_id', '=', tenantId)
    .where('l.id', '=', id)
    .where(ownedRowVisible(vis, 'l.user_id', 'l.unit_id'))
    .$if(lock && locksRows(db), (q) => q.forUpdate())
    .executeTakeFirst();
}

/** Inserts a draft unless the person's day has a log already (two first saves at once make one). */
export async function insertLogIfAbsent(db: Queryable, row: WorkLogTable): Promise<void> {
  await db
    .insertInto('work_logs')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'date']).doNothing())
    .execute();
}

export async function updateLog(db: Queryable, row: WorkLogTable): Promise<void> {
  const { id, tenant_id, ...rest } = row;
  await db
    .updateTable('work_logs')
    .set(rest)
    .where('tenant_id', '=', tenant_id)
    .where('id', '=', id)
    .execute();
}

export function findUserName(db: Queryable, tenantId: string, id: string | null) {
  if (!id) return Promise.resolve(undefined);
  return db
    .selectFrom('users')
    .select('display_name')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
    .then((r) => r?.display_name);
}

// ---- Comments ---------------------------------------------------------------------------------

export async function insertComment(db: Queryable, row: WorkLogCommentTable): Promise<void> {
  await db.insertInto('work_log_comments').values(row).execute();
}

export function findComments(db: Queryable, tenantId: string, logId: string) {
  return db
    .selectFrom('work_log_comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .select([
      'c.id',
      'c.activity_id',
      'c.author_id',
      'u.display_name as author_name',
      'c.body',
      'c.created_at',
    ])
    .where('c.tenant_id', '=', tenantId)
    .where('c.log_id', '=', logId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
}

/** Whether an activity belongs to the person's day (a comment on it must). */
export async function activityOfDay(
  db: Queryable,
  tenantId: string,
  activityId: string,
  userId: string,
  date: string,
): Promise<boolean> {
  const r = await db
    .selectFrom('activities')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', activityId)
    .where('user_id', '=', userId)
    .where('date', '=', date)
    .executeTakeFirst();
  return r !== undefined;
}

// ---- Review queue -------------------------------------------------------------------------------

export interface QueueFilter {
  unitId?: string | undefined;
  userId?: string | undefined;
  reviewed?: 'yes' | 'no' | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Submitted logs of other people filed under the reader's scope, newest day first. */
export function findQueuePage(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: QueueFilter & { page: number; pageSize: number },
) {
  let q = db
    .selectFrom('work_logs as l')
    .where('l.tenant_id', '=', tenantId)
    .where('l.status', '=', 'submitted')
    .where('l.user_id', '!=', vis.selfId)
    .where(unitVisible(vis, 'l.unit_id'));
  if (f.unitId) q = q.where(inSubtree('l.unit_id', f.unitId));
  if (f.userId) q = q.where('l.user_id', '=', f.userId);
  if (f.reviewed === 'yes') q = q.where('l.reviewed_at', 'is not', null);
  if (f.reviewed === 'no') q = q.where('l.reviewed_at', 'is', null);
  if (f.from) q = q.where('l.date', '>=', f.from);
  if (f.to) q = q.where('l.date', '<=', f.to);
  return fetchPage(
    f.page,
    f.pageSize,
    (limit, offset) =>
      q
        .innerJoin('users as u', 'u.id', 'l.user_id')
        .leftJoin('org_units as ou', 'ou.id', 'l.unit_id')
        .leftJoin('activity_days as d', (j) =>
          j
            .onRef('d.tenant_id', '=', 'l.tenant_id')
            .onRef('d.user_id', '=', 'l.user_id')
            .onRef('d.date', '=', 'l.date'),
        )
        .select([
          'l.id',
          'l.user_id',
          'u.display_name as user_name',
          'l.unit_id',
          'ou.name as unit_name',
          'l.date',
          'l.submitted_at',
          'l.reviewed_at',
          'l.no_activity',
          'l.summary',
          sql<number>`coalesce(d.activities, 0)`.as('activities'),
          sql<number>`coalesce(d.points_milli, 0)`.as('points_milli'),
          (eb) =>
            eb
              .selectFrom('work_log_comments as c')
              .select((e) => e.fn.countAll<number>().as('n'))
              .whereRef('c.log_id', '=', 'l.id')
              .as('comments'),
        ])
        .orderBy('l.date', 'desc')
        .orderBy('l.submitted_at', 'desc')
        .orderBy('l.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute(),
    async () =>
      Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  );
}

/** People as the planner needs them: who counts on which days, and their unit now (its standard). */
export function findPlannedPeople(db: Queryable, tenantId: string, userIds: string[]) {
  return db
    .selectFrom('users')
    .select(['id as user_id', 'unit_id as current_unit_id', 'status', 'join_date', 'leave_date'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', userIds)
    .execute();
}

/** The plans of some people overlapping a range (the planner picks which one plans each day). */
export function findPlansOfPeople(
  db: Queryable,
  tenantId: string,
  userIds: string[],
  from: string,
  to: string,
) {
  return db
    .selectFrom('activity_plans')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', 'in', userIds)
    .where('date_from', '<=', to)
    .where('date_to', '>=', from)
    .execute();
}

/** People who wrote in a log's thread other than its owner (the reviewers to tell of an answer). */
export async function findOtherCommenters(
  db: Queryable,
  tenantId: string,
  logId: string,
  ownerId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('work_log_comments')
    .select('author_id')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('log_id', '=', logId)
    .where('author_id', '!=', ownerId)
    .execute();
  return rows.map((r) => r.author_id);
}
