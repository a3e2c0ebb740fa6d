import { sql } from 'kysely';
import { inUnitSubtree, ownedRowVisible, type Visibility } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { fetchQueryPage } from '../../db/paging.ts';
import type { CustomerTable, HouseholdTable } from '../../db/schema.ts';
import { prefixPattern } from './customer.access.ts';

/** Customers and households: all their SQL. */

function withNames(db: Queryable, tenantId: string) {
  return db
    .selectFrom('customers as c')
    .innerJoin('users as u', 'u.id', 'c.owner_id')
    .leftJoin('households as h', 'h.id', 'c.household_id')
    .where('c.tenant_id', '=', tenantId);
}

const viewColumns = [
  'c.id',
  'c.tenant_id',
  'c.owner_id',
  'u.display_name as owner_name',
  'u.username as owner_username',
  'c.unit_id',
  'c.household_id',
  'h.name as household_name',
  'c.household_role',
  'c.prospect_id',
  'c.name',
  'c.phone',
  'c.id_number',
  'c.gender',
  'c.birth_date',
  'c.address',
  'c.notes',
  'c.erased_at',
  'c.created_by',
  'c.created_at',
  'c.updated_at',
] as const;

export type CustomerView = NonNullable<Awaited<ReturnType<typeof findCustomerView>>>;

/** A customer with owner and household names, if the reader may see it. */
export function findCustomerView(db: Queryable, tenantId: string, id: string, vis: Visibility) {
  return withNames(db, tenantId)
    .select(viewColumns)
    .where('c.id', '=', id)
    .where(ownedRowVisible(vis, 'c.owner_id', 'c.unit_id'))
    .executeTakeFirst();
}

export function findCustomer(
  db: Queryable,
  tenantId: string,
  id: string,
  vis: Visibility,
): Promise<CustomerTable | undefined> {
  return db
    .selectFrom('customers as c')
    .selectAll('c')
    .where('c.tenant_id', '=', tenantId)
    .where('c.id', '=', id)
    .where(ownedRowVisible(vis, 'c.owner_id', 'c.unit_id'))
    .executeTakeFirst();
}

/** Of the given ids, the customers the reader may see. */
export function findCustomers(db: Queryable, tenantId: string, ids: string[], vis: Visibility) {
  if (ids.length === 0) return Promise.resolve([] as CustomerTable[]);
  return db
    .selectFrom('customers as c')
    .selectAll('c')
    .where('c.tenant_id', '=', tenantId)
    .where('c.id', 'in', ids)
    .where(ownedRowVisible(vis, 'c.owner_id', 'c.unit_id'))
    .execute();
}

export async function insertCustomer(db: Queryable, row: CustomerTable): Promise<void> {
  await db.insertInto('customers').values(row).execute();
}

export async function updateCustomer(db: Queryable, row: CustomerTable): Promise<void> {
  const { id, tenant_id, ...rest } = row;
  await db.updateTable('customers').set(rest).where('tenant_id', '=', tenant_id).where('id', '=', id).execute();
}

export interface CustomerFilter {
  ownerId?: string | undefined;
  unitId?: string | undefined;
  householdId?: string | undefined;
  q?: string | undefined;
}

export const CUSTOMER_SORT_COLUMNS = {
  name: 'c.name',
  createdAt: 'c.created_at',
  birthDate: 'c.birth_date',
  updatedAt: 'c.updated_at',
} as const;
export type CustomerSortKey = keyof typeof CUSTOMER_SORT_COLUMNS;

function filtered(db: Queryable, tenantId: string, vis: Visibility, f: CustomerFilter) {
  let q = withNames(db, tenantId).where(ownedRowVisible(vis, 'c.owner_id', 'c.unit_id'));
  if (f.ownerId) q = q.where('c.owner_id', '=', f.ownerId);
  if (f.householdId) q = q.where('c.household_id', '=', f.householdId);
  if (f.unitId) q = q.where(inUnitSubtree('c.unit_id', f.unitId));
  if (f.q) q = q.where('c.name', 'like', sql<string>`${prefixPattern(f.q)} escape '\\'`);
  return q;
}

export interface Order<K> {
  sort: K;
  desc: boolean;
}

/** The filtered rows with their names, in the asked order (ties by id the same way). */
function listed(db: Queryable, tenantId: string, vis: Visibility, f: CustomerFilter & Order<CustomerSortKey>) {
  const dir = f.desc ? 'desc' : 'asc';
  return filtered(db, tenantId, vis, f).select(viewColumns).orderBy(CUSTOMER_SORT_COLUMNS[f.sort], dir).orderBy('c.id', dir);
}

export function findCustomersPage(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: CustomerFilter & Order<CustomerSortKey> & { page: number; pageSize: number },
) {
  return fetchQueryPage(f.page, f.pageSize, listed(db, tenantId, vis, f), filtered(db, tenantId, vis, f));
}

export function findCustomersForExport(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: CustomerFilter & Order<CustomerSortKey>,
  limit: number,
) {
  return listed(db, tenantId, vis, f).limit(limit).execute();
}

// ---- Households ---------------------------------------------------------------------------------

export function findHousehold(
  db: Queryable,
  tenantId: string,
  id: string,
  vis: Visibility,
): Promise<HouseholdTable | undefined> {
  return db
    .selectFrom('households as h')
    .selectAll('h')
    .where('h.tenant_id', '=', tenantId)
    .where('h.id', '=', id)
    .where(ownedRowVisible(vis, 'h.owner_id', 'h.unit_id'))
    .executeTakeFirst();
}

export function findHouseholdMembers(db: Queryable, tenantId: string, householdId: string) {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('household_id', '=', householdId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertHousehold(db: Queryable, row: HouseholdTable): Promise<void> {
  await db.insertInto('households').values(row).execute();
}

export async function renameHousehold(
  db: Queryable,
  tenantId: string,
  id: string,
  name: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('households')
    .set({ name, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/**
 * Puts customers in a household (or takes them out with null) and their policies with them: a
 * policy's household is always its customer's.
 */
export async function setHousehold(
  db: Queryable,
  tenantId: string,
  customerIds: string[],
  householdId: string | null,
  at: string,
): Promise<void> {
  if (customerIds.length === 0) return;
  await db
    .updateTable('customers')
    .set({
      household_id: householdId,
      updated_at: at,
      ...(householdId === null ? { household_role: null } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', customerIds)
    .execute();
  await db
    .updateTable('policies')
    .set({ household_id: householdId })
    .where('tenant_id', '=', tenantId)
    .where('customer_id', 'in', customerIds)
    .execute();
}
