import type { Queryable } from '../../db/database.ts';
import type { NotificationTable } from '../../db/schema.ts';

export type NotificationRow = Omit<NotificationTable, 'tenant_id' | 'user_id' | 'dedupe_key'>;

const columns = ['id', 'kind', 'title', 'body', 'link', 'params_json', 'created_at', 'read_at'] as const;

/** Inserts notifications; a row whose (tenant, user, dedupe_key) already exists is skipped. Returns the new ids. */
export async function insertNotifications(db: Queryable, rows: NotificationTable[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto('notifications')
    .values(rows)
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'dedupe_key']).doNothing())
    .returning('id')
    .execute();
  return inserted.map((r) => r.id);
}

/** Of the given users, those in the tenant, with their status (others simply do not appear). */
export function findTenantUsers(db: Queryable, tenantId: string, userIds: string[]) {
  return db.selectFrom('users').select(['id', 'status']).where('tenant_id', '=', tenantId).where('id', 'in', userIds).execute();
}

function ownedBy(db: Queryable, tenantId: string, userId: string, unread: boolean | undefined) {
  let q = db.selectFrom('notifications').where('tenant_id', '=', tenantId).where('user_id', '=', userId);
  if (unread === true) q = q.where('read_at', 'is', null);
  if (unread === false) q = q.where('read_at', 'is not', null);
  return q;
}

export async function findNotificationsPage(
  db: Queryable,
  tenantId: string,
  userId: string,
  q: { unread?: boolean | undefined; page: number; pageSize: number },
): Promise<{ total: number; rows: NotificationRow[] }> {
  const base = ownedBy(db, tenantId, userId, q.unread);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(columns)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { total: Number(total.n), rows };
}

/**
 * The unread-count query, polled every minute by every open browser. Its predicate matches the
 * partial index notifications_unread (tenant_id, user_id, created_at, read_at) WHERE read_at IS NULL,
 * so it counts index entries of unread rows only, without touching the table. Exported so a test can check the plan.
 */
export function unreadCountQuery(db: Queryable, tenantId: string, userId: string) {
  return ownedBy(db, tenantId, userId, true).select((eb) => eb.fn.countAll<number>().as('n'));
}

export async function countUnread(db: Queryable, tenantId: string, userId: string): Promise<number> {
  const row = await unreadCountQuery(db, tenantId, userId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findOwnNotification(db: Queryable, tenantId: string, userId: string, id: string) {
  return ownedBy(db, tenantId, userId, undefined).select(columns).where('id', '=', id).executeTakeFirst();
}

/** Marks one of the user's own unread notifications read; returns 1 if it changed, 0 otherwise. */
export async function updateNotificationRead(db: Queryable, tenantId: string, userId: string, id: string, at: string): Promise<number> {
  const res = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Marks all the user's unread notifications created up to `until` (inclusive) read; returns how many. */
export async function updateAllNotificationsRead(
  db: Queryable,
  tenantId: string,
  userId: string,
  at: string,
  until: string | null,
): Promise<number> {
  let q = db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (until) q = q.where('created_at', '<=', until);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}
