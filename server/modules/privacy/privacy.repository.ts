import { sql, type RawBuilder } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { CustomerTable, PlanNameTable, ProspectTable } from '../../db/schema.ts';
import { ownedRowVisible, type Visibility } from '../../access/scope.ts';
import type { PiiEntity } from '../../../contracts/privacy.ts';

/** The rows that make one person: their Plan 100 name, the card made from it, the customer it was signed as. */
export interface PersonRows {
  name: PlanNameTable | undefined;
  prospect: ProspectTable | undefined;
  customer: CustomerTable | undefined;
}

function findName(db: Queryable, tenantId: string, id: string, vis?: Visibility) {
  let q = db.selectFrom('plan_names').selectAll().where('plan_names.tenant_id', '=', tenantId).where('plan_names.id', '=', id);
  if (vis) q = q.where(ownedRowVisible(vis, 'plan_names.owner_id', 'plan_names.unit_id'));
  return q.executeTakeFirst();
}

function findProspect(db: Queryable, tenantId: string, id: string, vis?: Visibility) {
  let q = db.selectFrom('prospects').selectAll().where('prospects.tenant_id', '=', tenantId).where('prospects.id', '=', id);
  if (vis) q = q.where(ownedRowVisible(vis, 'prospects.owner_id', 'prospects.unit_id'));
  return q.executeTakeFirst();
}

function findCustomer(db: Queryable, tenantId: string, id: string, vis?: Visibility) {
  let q = db.selectFrom('customers').selectAll().where('customers.tenant_id', '=', tenantId).where('customers.id', '=', id);
  if (vis) q = q.where(ownedRowVisible(vis, 'customers.owner_id', 'customers.unit_id'));
  return q.executeTakeFirst();
}

/** The row the caller named, only when it is in the reader's scope (else undefined: a 404). */
export async function findVisibleRow(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  entity: PiiEntity,
  id: string,
): Promise<PlanNameTable | ProspectTable | CustomerTable | undefined> {
  if (entity === 'name') return findName(db, tenantId, id, vis);
  if (entity === 'prospect') return findProspect(db, tenantId, id, vis);
  return findCustomer(db, tenantId, id, vis);
}

/** From any of the three rows, the other two through their links (either direction). */
export async function findPerson(db: Queryable, tenantId: string, entity: PiiEntity, id: string): Promise<PersonRows> {
  const rows: PersonRows = { name: undefined, prospect: undefined, customer: undefined };
  if (entity === 'name') rows.name = await findName(db, tenantId, id);
  if (entity === 'prospect') rows.prospect = await findProspect(db, tenantId, id);
  if (entity === 'customer') rows.customer = await findCustomer(db, tenantId, id);
  if (!rows.prospect && rows.name) {
    rows.prospect = rows.name.prospect_id
      ? await findProspect(db, tenantId, rows.name.prospect_id)
      : await db.selectFrom('prospects').selectAll().where('tenant_id', '=', tenantId).where('name_id', '=', rows.name.id).executeTakeFirst();
  }
  if (!rows.prospect && rows.customer) {
    rows.prospect = rows.customer.prospect_id
      ? await findProspect(db, tenantId, rows.customer.prospect_id)
      : await db.selectFrom('prospects').selectAll().where('tenant_id', '=', tenantId).where('customer_id', '=', rows.customer.id).executeTakeFirst();
  }
  if (!rows.name && rows.prospect) {
    rows.name = rows.prospect.name_id
      ? await findName(db, tenantId, rows.prospect.name_id)
      : await db.selectFrom('plan_names').selectAll().where('tenant_id', '=', tenantId).where('prospect_id', '=', rows.prospect.id).executeTakeFirst();
  }
  if (!rows.customer && rows.prospect) {
    rows.customer = rows.prospect.customer_id
      ? await findCustomer(db, tenantId, rows.prospect.customer_id)
      : await db.selectFrom('customers').selectAll().where('tenant_id', '=', tenantId).where('prospect_id', '=', rows.prospect.id).executeTakeFirst();
  }
  return rows;
}

export function findStageChanges(db: Queryable, tenantId: string, prospectId: string) {
  return db
    .selectFrom('prospect_stage_changes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('prospect_id', '=', prospectId)
    .orderBy('changed_at')
    .orderBy('id')
    .execute();
}

export function findActivities(db: Queryable, tenantId: string, prospectId: string) {
  return db
    .selectFrom('activities')
    .leftJoin('activity_types', 'activity_types.id', 'activities.type_id')
    .selectAll('activities')
    .select('activity_types.name as type_name')
    .where('activities.tenant_id', '=', tenantId)
    .where('activities.prospect_id', '=', prospectId)
    .orderBy('activities.occurred_at')
    .orderBy('activities.id')
    .execute();
}

export function findHousehold(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('households').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function findPolicies(db: Queryable, tenantId: string, customerId: string) {
  return db
    .selectFrom('policies')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('effective_date')
    .orderBy('id')
    .execute();
}

export function findServiceRequests(db: Queryable, tenantId: string, customerId: string) {
  return db
    .selectFrom('service_requests')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('due_date')
    .orderBy('id')
    .execute();
}

export function findSpotCheckItemIds(db: Queryable, tenantId: string, prospectId: string) {
  return db
    .selectFrom('spot_check_items')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('prospect_id', '=', prospectId)
    .execute();
}

/** `column` with every needle replaced by its replacement (plain text replace, both databases). */
export function scrubbed(column: string, replacements: readonly (readonly [string, string])[]): RawBuilder<string> {
  let expr: RawBuilder<string> = sql<string>`${sql.ref(column)}`;
  for (const [needle, replacement] of replacements) expr = sql<string>`replace(${expr}, ${needle}, ${replacement})`;
  return expr;
}
