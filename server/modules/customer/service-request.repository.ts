import { sql } from 'kysely';
import { inUnitSubtree, ownedRowVisible, type Visibility } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { fetchQueryPage } from '../../db/paging.ts';
import type { ServiceRequestTable } from '../../db/schema.ts';
import type { Order } from './customer.repository.ts';

/** Service requests (售后服务): all their SQL. */

export const OPEN_STATUSES = ['open', 'inProgress'] as const;

function withNames(db: Queryable, tenantId: string) {
  return db
    .selectFrom('service_requests as s')
    .innerJoin('users as u', 'u.id', 's.owner_id')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .leftJoin('policies as p', 'p.id', 's.policy_id')
    .where('s.tenant_id', '=', tenantId);
}

const viewColumns = [
  's.id',
  's.tenant_id',
  's.owner_id',
  'u.display_name as owner_name',
  'u.username as owner_username',
  's.unit_id',
  's.customer_id',
  'c.name as customer_name',
  's.policy_id',
  'p.policy_no',
  's.kind',
  's.status',
  's.due_date',
  's.notes',
  's.activity_id',
  's.satisfaction',
  's.completed_at',
  's.created_by',
  's.created_at',
  's.updated_at',
] as const;

export type ServiceRequestView = NonNullable<Awaited<ReturnType<typeof findRequestView>>>;

export function findRequestView(db: Queryable, tenantId: string, id: string, vis: Visibility) {
  return withNames(db, tenantId)
    .select(viewColumns)
    .where('s.id', '=', id)
    .where(ownedRowVisible(vis, 's.owner_id', 's.unit_id'))
    .executeTakeFirst();
}

export function findRequest(
  db: Queryable,
  tenantId: string,
  id: string,
  vis: Visibility,
): Promise<ServiceRequestTable | undefined> {
  return db
    .selectFrom('service_requests as s')
    .selectAll('s')
    .where('s.tenant_id', '=', tenantId)
    .where('s.id', '=', id)
    .where(ownedRowVisible(vis, 's.owner_id', 's.unit_id'))
    .executeTakeFirst();
}

export async function insertRequest(db: Queryable, row: ServiceRequestTable): Promise<void> {
  await db.insertInto('service_requests').values(row).execute();
}

export async function updateRequest(db: Queryable, row: ServiceRequestTable): Promise<void> {
  const { id, tenant_id, ...rest } = row;
  await db
    .updateTable('service_requests')
    .set(rest)
    .where('tenant_id', '=', tenant_id)
    .where('id', '=', id)
    .execute();
}

export interface RequestFilter {
  ownerId?: string | undefined;
  unitId?: string | undefined;
  customerId?: string | undefined;
  status?: string | undefined;
  kind?: string | undefined;
  /** Only open or in-progress requests due before this date. */
  overdueBefore?: string | undefined;
}

export const REQUEST_SORT_COLUMNS = {
  dueDate: 's.due_date',
  createdAt: 's.created_at',
  updatedAt: 's.updated_at',
} as const;
export type RequestSortKey = keyof typeof REQUEST_SORT_COLUMNS;

function filtered(db: Queryable, tenantId: string, vis: Visibility, f: RequestFilter) {
  let q = withNames(db, tenantId).where(ownedRowVisible(vis, 's.owner_id', 's.unit_id'));
  if (f.ownerId) q = q.where('s.owner_id', '=', f.ownerId);
  if (f.customerId) q = q.where('s.customer_id', '=', f.customerId);
  if (f.status) q = q.where('s.status', '=', f.status);
  if (f.kind) q = q.where('s.kind', '=', f.kind);
  if (f.overdueBefore) {
    q = q.where('s.status', 'in', [...OPEN_STATUSES]).where('s.due_date', '<', f.overdueBefore);
  }
  if (f.unitId) q = q.where(inUnitSubtree('s.unit_id', f.unitId));
  return q;
}

/** The filtered rows with their names, in the asked order (ties by id the same way). */
function listed(db: Queryable, tenantId: string, vis: Visibility, f: RequestFilter & Order<RequestSortKey>) {
  const dir = f.desc ? 'desc' : 'asc';
  return filtered(db, tenantId, vis, f)
    .select(viewColumns)
    .orderBy(REQUEST_SORT_COLUMNS[f.sort], dir)
    .orderBy('s.id', dir);
}

export function findRequestsPage(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: RequestFilter & Order<RequestSortKey> & { page: number; pageSize: number },
) {
  return fetchQueryPage(f.page, f.pageSize, listed(db, tenantId, vis, f), filtered(db, tenantId, vis, f));
}

export function findRequestsForExport(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: RequestFilter & Order<RequestSortKey>,
  limit: number,
) {
  return listed(db, tenantId, vis, f).limit(limit).execute();
}

/** A customer's open and in-progress requests, by due date. */
export function findOpenCustomerRequests(db: Queryable, tenantId: string, customerId: string) {
  return withNames(db, tenantId)
    .select(viewColumns)
    .where('s.customer_id', '=', customerId)
    .where('s.status', 'in', [...OPEN_STATUSES])
    .orderBy('s.due_date')
    .orderBy('s.id')
    .execute();
}

/**
 * Return-visit scores completed in [fromIso, toIso) per owner, as sums and counts (averages are
 * divided by the caller: pg's avg is a numeric string).
 */
export function satisfactionByOwner(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: { unitId?: string | undefined; fromIso: string; toIso: string },
) {
  let q = db
    .selectFrom('service_requests as s')
    .innerJoin('users as u', 'u.id', 's.owner_id')
    .innerJoin('org_units as o', 'o.id', 's.unit_id')
    .where('s.tenant_id', '=', tenantId)
    .where(ownedRowVisible(vis, 's.owner_id', 's.unit_id'))
    .where('s.kind', '=', 'returnVisit')
    .where('s.status', '=', 'done')
    .where('s.satisfaction', 'is not', null)
    .where('s.completed_at', '>=', f.fromIso)
    .where('s.completed_at', '<', f.toIso);
  if (f.unitId) q = q.where(inUnitSubtree('s.unit_id', f.unitId));
  return q
    .select([
      's.owner_id',
      'u.display_name as owner_name',
      's.unit_id',
      'o.name as unit_name',
      sql<number>`sum(s.satisfaction)`.as('total'),
      sql<number>`count(*)`.as('n'),
    ])
    .groupBy(['s.owner_id', 'u.display_name', 's.unit_id', 'o.name'])
    .execute();
}

/** Whether an activity exists that the given person logged. */
export async function activityOf(db: Queryable, tenantId: string, activityId: string, userId: string) {
  const r = await db
    .selectFrom('activities')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', activityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r !== undefined;
}
