import { inUnitSubtree, ownedRowVisible, type Visibility } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { fetchQueryPage } from '../../db/paging.ts';
import type { PolicyTable } from '../../db/schema.ts';
import type { Order } from './customer.repository.ts';

/** Policies: all their SQL. */

function withNames(db: Queryable, tenantId: string) {
  return db
    .selectFrom('policies as p')
    .innerJoin('users as u', 'u.id', 'p.owner_id')
    .innerJoin('customers as c', 'c.id', 'p.customer_id')
    .where('p.tenant_id', '=', tenantId);
}

const viewColumns = [
  'p.id',
  'p.tenant_id',
  'p.owner_id',
  'u.display_name as owner_name',
  'u.username as owner_username',
  'p.unit_id',
  'p.customer_id',
  'c.name as customer_name',
  'p.household_id',
  'p.policy_no',
  'p.product',
  'p.coverage_kind',
  'p.sum_assured_fen',
  'p.insured_name',
  'p.beneficiary_name',
  'p.premium_fen',
  'p.payment_mode',
  'p.payment_term_years',
  'p.effective_date',
  'p.status',
  'p.created_by',
  'p.created_at',
  'p.updated_at',
] as const;

export type PolicyView = NonNullable<Awaited<ReturnType<typeof findPolicyView>>>;

export function findPolicyView(db: Queryable, tenantId: string, id: string, vis: Visibility) {
  return withNames(db, tenantId)
    .select(viewColumns)
    .where('p.id', '=', id)
    .where(ownedRowVisible(vis, 'p.owner_id', 'p.unit_id'))
    .executeTakeFirst();
}

export function findPolicy(
  db: Queryable,
  tenantId: string,
  id: string,
  vis: Visibility,
): Promise<PolicyTable | undefined> {
  return db
    .selectFrom('policies as p')
    .selectAll('p')
    .where('p.tenant_id', '=', tenantId)
    .where('p.id', '=', id)
    .where(ownedRowVisible(vis, 'p.owner_id', 'p.unit_id'))
    .executeTakeFirst();
}

/** Insert unless the tenant already has the policy number; returns whether it was inserted. */
export async function insertPolicyIfNumberFree(db: Queryable, row: PolicyTable): Promise<boolean> {
  const r = await db
    .insertInto('policies')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'policy_no']).doNothing())
    .returning('id')
    .execute();
  return r.length === 1;
}

/** Of the given numbers, those the tenant already has (whoever owns them). */
export async function findTakenNumbers(db: Queryable, tenantId: string, numbers: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < numbers.length; i += 500) {
    const rows = await db
      .selectFrom('policies')
      .select('policy_no')
      .where('tenant_id', '=', tenantId)
      .where('policy_no', 'in', numbers.slice(i, i + 500))
      .execute();
    for (const r of rows) out.add(r.policy_no);
  }
  return out;
}

export async function updatePolicy(db: Queryable, row: PolicyTable): Promise<void> {
  const { id, tenant_id, ...rest } = row;
  await db.updateTable('policies').set(rest).where('tenant_id', '=', tenant_id).where('id', '=', id).execute();
}

export interface PolicyFilter {
  customerId?: string | undefined;
  householdId?: string | undefined;
  ownerId?: string | undefined;
  unitId?: string | undefined;
  status?: string | undefined;
  coverageKind?: string | undefined;
}

export const POLICY_SORT_COLUMNS = {
  effectiveDate: 'p.effective_date',
  createdAt: 'p.created_at',
  premium: 'p.premium_fen',
  policyNo: 'p.policy_no',
} as const;
export type PolicySortKey = keyof typeof POLICY_SORT_COLUMNS;

function filtered(db: Queryable, tenantId: string, vis: Visibility, f: PolicyFilter) {
  let q = withNames(db, tenantId).where(ownedRowVisible(vis, 'p.owner_id', 'p.unit_id'));
  if (f.customerId) q = q.where('p.customer_id', '=', f.customerId);
  if (f.householdId) q = q.where('p.household_id', '=', f.householdId);
  if (f.ownerId) q = q.where('p.owner_id', '=', f.ownerId);
  if (f.status) q = q.where('p.status', '=', f.status);
  if (f.coverageKind) q = q.where('p.coverage_kind', '=', f.coverageKind);
  if (f.unitId) q = q.where(inUnitSubtree('p.unit_id', f.unitId));
  return q;
}

/** The filtered rows with their names, in the asked order (ties by id the same way). */
function listed(db: Queryable, tenantId: string, vis: Visibility, f: PolicyFilter & Order<PolicySortKey>) {
  const dir = f.desc ? 'desc' : 'asc';
  return filtered(db, tenantId, vis, f).select(viewColumns).orderBy(POLICY_SORT_COLUMNS[f.sort], dir).orderBy('p.id', dir);
}

export function findPoliciesPage(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: PolicyFilter & Order<PolicySortKey> & { page: number; pageSize: number },
) {
  return fetchQueryPage(f.page, f.pageSize, listed(db, tenantId, vis, f), filtered(db, tenantId, vis, f));
}

export function findPoliciesForExport(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: PolicyFilter & Order<PolicySortKey>,
  limit: number,
) {
  return listed(db, tenantId, vis, f).limit(limit).execute();
}

/** Every policy a customer holds, newest first (the customer is already known to be visible). */
export function findCustomerPolicies(db: Queryable, tenantId: string, customerId: string) {
  return withNames(db, tenantId)
    .select(viewColumns)
    .where('p.customer_id', '=', customerId)
    .orderBy('p.effective_date', 'desc')
    .orderBy('p.id', 'desc')
    .execute();
}

/** The policies of a household's members, or of one customer: what the review card reads. */
export function findCardPolicies(db: Queryable, tenantId: string, customerIds: string[]) {
  return db
    .selectFrom('policies')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('customer_id', 'in', customerIds)
    .orderBy('effective_date')
    .orderBy('id')
    .execute();
}
