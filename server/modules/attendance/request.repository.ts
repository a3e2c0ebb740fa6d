import type { Visibility } from '../../access/scope.ts';
import { ownedRowVisible, unitVisible } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { fetchPage } from '../../db/paging.ts';
import type { AttendanceRequestTable } from '../../db/schema.ts';

/** Leave and make-up requests (attendance_requests): all their SQL. */

/** Requests that hold days: a pending one may still be approved, so it counts against limits too. */
export const ACTIVE_STATUSES = ['pending', 'approved'] as const;

export async function insertRequest(db: Queryable, row: AttendanceRequestTable): Promise<void> {
  await db.insertInto('attendance_requests').values(row).execute();
}

/**
 * Takes the requester's row lock for the rest of the transaction, so that two requests of the same
 * person (a double tap) are checked for overlaps and limits one after the other. It writes nothing
 * (on PostgreSQL a no-key update lock, which does not block other tables' foreign-key checks); on
 * SQLite transactions are serial already.
 */
export async function lockRequester(db: Queryable, tenantId: string, userId: string): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .execute();
}

/** A request by id if the actor may see it: their own, or filed under a unit in their scope. */
export function findVisibleRequest(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  id: string,
): Promise<AttendanceRequestTable | undefined> {
  return db
    .selectFrom('attendance_requests as r')
    .selectAll('r')
    .where('r.tenant_id', '=', tenantId)
    .where('r.id', '=', id)
    .where(ownedRowVisible(vis, 'r.user_id', 'r.unit_id'))
    .executeTakeFirst();
}

/** A person's pending or approved requests of a kind that touch [from, to]. */
export function findActiveRequests(
  db: Queryable,
  tenantId: string,
  userId: string,
  kind: 'leave' | 'makeUp',
  from: string,
  to: string,
): Promise<AttendanceRequestTable[]> {
  return db
    .selectFrom('attendance_requests')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('status', 'in', ACTIVE_STATUSES)
    .where('start_date', '<=', to)
    .where('end_date', '>=', from)
    .orderBy('start_date')
    .execute();
}

/**
 * Records a decision (or a cancellation) only while the request is still pending: of two concurrent
 * deciders exactly one changes the row. Returns whether this caller did.
 */
export async function settleIfPending(
  db: Queryable,
  tenantId: string,
  id: string,
  patch: Pick<AttendanceRequestTable, 'status' | 'updated_at'> &
    Partial<Pick<AttendanceRequestTable, 'decided_by' | 'decision_comment' | 'decided_at'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('attendance_requests')
    .set(patch)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// ---- Reading with names -----------------------------------------------------------------------

function withNames(db: Queryable, tenantId: string) {
  return db
    .selectFrom('attendance_requests as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('org_units as ou', 'ou.id', 'r.unit_id')
    .leftJoin('users as d', 'd.id', 'r.decided_by')
    .where('r.tenant_id', '=', tenantId);
}

const viewColumns = [
  'r.id',
  'r.kind',
  'r.user_id',
  'u.display_name as user_name',
  'ou.name as unit_name',
  'r.leave_type',
  'r.start_date',
  'r.end_date',
  'r.time',
  'r.reason',
  'r.status',
  'r.decided_by',
  'd.display_name as decided_by_name',
  'r.decision_comment',
  'r.decided_at',
  'r.created_at',
] as const;

export type RequestView = NonNullable<Awaited<ReturnType<typeof findRequestView>>>;

/** A request with the names shown beside it; with `vis`, only if the actor may see it. */
export function findRequestView(db: Queryable, tenantId: string, id: string, vis?: Visibility) {
  let q = withNames(db, tenantId).select(viewColumns).where('r.id', '=', id);
  if (vis) q = q.where(ownedRowVisible(vis, 'r.user_id', 'r.unit_id'));
  return q.executeTakeFirst();
}

export interface RequestFilter {
  /** mine: the actor's own requests; toApprove: other people's requests filed under units in scope. */
  view: 'mine' | 'toApprove';
  status?: string | undefined;
  kind?: string | undefined;
}

/** The list's rows (view, status, kind) with their names: shared by the page and the export. */
function filteredRequests(db: Queryable, tenantId: string, vis: Visibility, f: RequestFilter) {
  let q = withNames(db, tenantId);
  q =
    f.view === 'mine'
      ? q.where('r.user_id', '=', vis.selfId)
      : q.where('r.user_id', '!=', vis.selfId).where(unitVisible(vis, 'r.unit_id'));
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.kind) q = q.where('r.kind', '=', f.kind);
  return q;
}

/** An approver works through the waiting queue oldest first; everything else reads newest first. */
function listDirection(f: RequestFilter): 'asc' | 'desc' {
  return f.view === 'toApprove' && f.status === 'pending' ? 'asc' : 'desc';
}

export function findRequestsPage(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: RequestFilter & { page: number; pageSize: number },
) {
  const q = filteredRequests(db, tenantId, vis, f);
  const direction = listDirection(f);
  return fetchPage(
    f.page,
    f.pageSize,
    (limit, offset) =>
      q
        .select(viewColumns)
        .orderBy('r.created_at', direction)
        .orderBy('r.id', direction)
        .limit(limit)
        .offset(offset)
        .execute(),
    async () =>
      Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  );
}

/** Every row of the list's filters in the list's order (at most `limit`), with the requester's username. */
export function findRequestsForExport(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: RequestFilter,
  limit: number,
) {
  const direction = listDirection(f);
  return filteredRequests(db, tenantId, vis, f)
    .select(viewColumns)
    .select('u.username')
    .orderBy('r.created_at', direction)
    .orderBy('r.id', direction)
    .limit(limit)
    .execute();
}

// ---- People -----------------------------------------------------------------------------------

export function findPerson(db: Queryable, tenantId: string, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'unit_id', 'role', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .executeTakeFirst();
}

/** The unit and its ancestors, nearest first, with each one's leader (if any). */
export function findLeaderChain(db: Queryable, tenantId: string, unitId: string) {
  return db
    .selectFrom('org_unit_closure as c')
    .innerJoin('org_units as ou', 'ou.id', 'c.ancestor_id')
    .leftJoin('users as l', 'l.id', 'ou.leader_user_id')
    .select(['ou.id as unit_id', 'l.id as leader_id', 'l.role as leader_role', 'l.status as leader_status'])
    .where('c.descendant_id', '=', unitId)
    .where('ou.tenant_id', '=', tenantId)
    .orderBy('c.depth')
    .execute();
}
