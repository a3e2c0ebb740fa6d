import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { HandoverItemTable, HandoverTable } from '../../db/schema.ts';
import { ownedRowVisible, type Visibility } from '../../access/scope.ts';
import { fetchPage } from '../../db/paging.ts';
import { toNumber } from '../../db/dialect.ts';

const CHUNK = 500;

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}

/** The tables whose rows an agent owns: owner_id and unit_id (the owner's current team) move together. */
export const OWNED_TABLES = ['plan_names', 'prospects', 'households', 'customers', 'policies', 'service_requests'] as const;
export type OwnedTable = (typeof OWNED_TABLES)[number];

/**
 * Files every row a person owns under their new team (a team move): names, cards, households,
 * customers, policies and service requests. History (stage changes, activities) keeps the team of the day.
 */
export async function refileOwnedRows(db: Queryable, tenantId: string, userId: string, unitId: string): Promise<void> {
  for (const table of OWNED_TABLES) {
    await db
      .updateTable(table)
      .set({ unit_id: unitId })
      .where('tenant_id', '=', tenantId)
      .where('owner_id', '=', userId)
      .where('unit_id', '<>', unitId)
      .execute();
  }
}

/** Gives the rows to a new owner, filed under their team. */
export async function reassign(
  db: Queryable,
  table: OwnedTable,
  tenantId: string,
  ids: readonly string[],
  owner: { id: string; unitId: string },
  at: string,
): Promise<void> {
  for (const chunk of chunks(ids)) {
    await db
      .updateTable(table)
      .set({ owner_id: owner.id, unit_id: owner.unitId, updated_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', chunk)
      .execute();
  }
}

export interface UserBrief {
  id: string;
  tenant_id: string;
  display_name: string;
  unit_id: string;
  unit_name: string;
  status: string;
}

export function findUser(db: Queryable, tenantId: string, id: string): Promise<UserBrief | undefined> {
  return db
    .selectFrom('users')
    .innerJoin('org_units', 'org_units.id', 'users.unit_id')
    .select(['users.id', 'users.tenant_id', 'users.display_name', 'users.unit_id', 'org_units.name as unit_name', 'users.status'])
    .where('users.tenant_id', '=', tenantId)
    .where('users.id', '=', id)
    .executeTakeFirst();
}

/** Ids among `ids` that the owner holds in this table. */
export async function ownedAmong(
  db: Queryable,
  table: 'plan_names' | 'prospects' | 'customers',
  tenantId: string,
  ownerId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunks(ids)) {
    const rows = await db
      .selectFrom(table)
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('owner_id', '=', ownerId)
      .where('id', 'in', chunk)
      .execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}

export async function allOwned(db: Queryable, table: OwnedTable, tenantId: string, ownerId: string): Promise<string[]> {
  const rows = await db
    .selectFrom(table)
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('owner_id', '=', ownerId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Policies or service requests of these customers held by the owner. */
export async function ofCustomers(
  db: Queryable,
  table: 'policies' | 'service_requests',
  tenantId: string,
  ownerId: string,
  customerIds: readonly string[],
): Promise<string[]> {
  const out: string[] = [];
  for (const chunk of chunks(customerIds)) {
    const rows = await db
      .selectFrom(table)
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('owner_id', '=', ownerId)
      .where('customer_id', 'in', chunk)
      .orderBy('id')
      .execute();
    out.push(...rows.map((r) => r.id));
  }
  return out;
}

/** Households of these customers that the owner holds. */
export async function householdsOf(db: Queryable, tenantId: string, ownerId: string, customerIds: readonly string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const chunk of chunks(customerIds)) {
    const rows = await db
      .selectFrom('customers')
      .innerJoin('households', 'households.id', 'customers.household_id')
      .select('households.id')
      .where('customers.tenant_id', '=', tenantId)
      .where('customers.id', 'in', chunk)
      .where('households.owner_id', '=', ownerId)
      .execute();
    for (const r of rows) out.add(r.id);
  }
  return [...out];
}

/** Households among `ids` with a member held by someone other than `ownerId` (they do not move). */
export async function householdsWithOtherOwners(db: Queryable, tenantId: string, ownerId: string, ids: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const chunk of chunks(ids)) {
    const rows = await db
      .selectFrom('customers')
      .select('household_id')
      .distinct()
      .where('tenant_id', '=', tenantId)
      .where('household_id', 'in', chunk)
      .where('owner_id', '<>', ownerId)
      .execute();
    for (const r of rows) if (r.household_id) out.add(r.household_id);
  }
  return out;
}

export async function insertHandover(db: Queryable, row: HandoverTable, items: HandoverItemTable[]): Promise<void> {
  await db.insertInto('handovers').values(row).execute();
  for (const chunk of chunks(items)) await db.insertInto('handover_items').values(chunk).execute();
}

export interface HandoverRow extends HandoverTable {
  from_name: string;
  to_name: string;
  created_by_name: string | null;
}

function handoversQuery(db: Queryable, tenantId: string, vis: Visibility) {
  return db
    .selectFrom('handovers')
    .innerJoin('users as fu', 'fu.id', 'handovers.from_user_id')
    .innerJoin('users as tu', 'tu.id', 'handovers.to_user_id')
    .leftJoin('users as cu', 'cu.id', 'handovers.created_by')
    .where('handovers.tenant_id', '=', tenantId)
    .where((eb) => eb.or([ownedRowVisible(vis, 'fu.id', 'fu.unit_id'), ownedRowVisible(vis, 'tu.id', 'tu.unit_id')]));
}

const HANDOVER_COLUMNS = [
  'handovers.id',
  'handovers.tenant_id',
  'handovers.from_user_id',
  'handovers.to_user_id',
  'handovers.reason',
  'handovers.note',
  'handovers.created_by',
  'handovers.created_at',
  'fu.display_name as from_name',
  'tu.display_name as to_name',
  'cu.display_name as created_by_name',
] as const;

export async function findHandoverPage(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  q: { page: number; pageSize: number; userId?: string | undefined },
): Promise<{ rows: HandoverRow[]; total: number }> {
  let base = handoversQuery(db, tenantId, vis);
  if (q.userId) {
    const userId = q.userId;
    base = base.where((eb) => eb.or([eb('handovers.from_user_id', '=', userId), eb('handovers.to_user_id', '=', userId)]));
  }
  return fetchPage(
    q.page,
    q.pageSize,
    (limit, offset) =>
      base
        .select(HANDOVER_COLUMNS)
        .orderBy('handovers.created_at', 'desc')
        .orderBy('handovers.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute(),
    async () => toNumber((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  );
}

export function findVisibleHandover(db: Queryable, tenantId: string, vis: Visibility, id: string): Promise<HandoverRow | undefined> {
  return handoversQuery(db, tenantId, vis).select(HANDOVER_COLUMNS).where('handovers.id', '=', id).executeTakeFirst();
}

/** Items per handover and entity. */
export async function countItems(db: Queryable, ids: readonly string[]): Promise<{ handover_id: string; entity: string; n: number }[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('handover_items')
    .select(['handover_id', 'entity', (eb) => eb.fn.countAll().as('n')])
    .where('handover_id', 'in', [...ids])
    .groupBy(['handover_id', 'entity'])
    .execute();
  return rows.map((r) => ({ handover_id: r.handover_id, entity: r.entity, n: toNumber(r.n) }));
}

/** The items of one handover with a label: the person's name, or the policy number. */
export async function findItems(db: Queryable, handoverId: string): Promise<{ entity: string; entity_id: string; label: string | null }[]> {
  const rows = await db
    .selectFrom('handover_items as i')
    .leftJoin('plan_names', (j) => j.onRef('plan_names.id', '=', 'i.entity_id').on('i.entity', '=', 'name'))
    .leftJoin('prospects', (j) => j.onRef('prospects.id', '=', 'i.entity_id').on('i.entity', '=', 'prospect'))
    .leftJoin('customers', (j) => j.onRef('customers.id', '=', 'i.entity_id').on('i.entity', '=', 'customer'))
    .leftJoin('households', (j) => j.onRef('households.id', '=', 'i.entity_id').on('i.entity', '=', 'household'))
    .leftJoin('policies', (j) => j.onRef('policies.id', '=', 'i.entity_id').on('i.entity', '=', 'policy'))
    .leftJoin('service_requests', (j) => j.onRef('service_requests.id', '=', 'i.entity_id').on('i.entity', '=', 'serviceRequest'))
    .leftJoin('customers as src', 'src.id', 'service_requests.customer_id')
    .select([
      'i.entity',
      'i.entity_id',
      sql<string | null>`coalesce(plan_names.name, prospects.name, customers.name, households.name, policies.policy_no, src.name)`.as('label'),
    ])
    .where('i.handover_id', '=', handoverId)
    .orderBy('i.entity')
    .orderBy('i.entity_id')
    .execute();
  return rows;
}

// ---- Preview --------------------------------------------------------------------------------------

export function previewNames(db: Queryable, tenantId: string, ownerId: string) {
  return db
    .selectFrom('plan_names')
    .select(['id', 'name', 'category', 'grade', 'prospect_id'])
    .where('tenant_id', '=', tenantId)
    .where('owner_id', '=', ownerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function previewProspects(db: Queryable, tenantId: string, ownerId: string) {
  return db
    .selectFrom('prospects')
    .select(['id', 'name', 'grade', 'stage', 'next_follow_up', 'name_id', 'customer_id'])
    .where('tenant_id', '=', tenantId)
    .where('owner_id', '=', ownerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function previewCustomers(db: Queryable, tenantId: string, ownerId: string) {
  return db
    .selectFrom('customers')
    .leftJoin('households', 'households.id', 'customers.household_id')
    .select([
      'customers.id',
      'customers.name',
      'customers.household_id',
      'households.name as household_name',
      'customers.prospect_id',
      (eb) =>
        eb
          .selectFrom('policies')
          .select((e) => e.fn.countAll().as('n'))
          .whereRef('policies.customer_id', '=', 'customers.id')
          .where('policies.owner_id', '=', ownerId)
          .as('policies'),
      (eb) =>
        eb
          .selectFrom('service_requests')
          .select((e) => e.fn.countAll().as('n'))
          .whereRef('service_requests.customer_id', '=', 'customers.id')
          .where('service_requests.owner_id', '=', ownerId)
          .as('service_requests'),
    ])
    .where('customers.tenant_id', '=', tenantId)
    .where('customers.owner_id', '=', ownerId)
    .orderBy('customers.created_at')
    .orderBy('customers.id')
    .execute();
}

export async function countOwned(db: Queryable, table: OwnedTable, tenantId: string, ownerId: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('owner_id', '=', ownerId)
    .executeTakeFirstOrThrow();
  return toNumber(row.n);
}
