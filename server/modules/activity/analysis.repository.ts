import { sql, type RawBuilder } from 'kysely';
import { ownedRowVisible, unitVisible, type Visibility } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';

/**
 * Units and people as the planning and reading side of activity management asks for them: a unit
 * a reader may read (and whether its whole subtree is in their scope), a person they may see, the
 * leaders above a unit, a subtree's units.
 */

export interface ReadableUnit {
  id: string;
  name: string;
  kind: string;
  parent_id: string | null;
  /** Every member of the unit's subtree is visible to the reader: no scope condition is needed. */
  covered: boolean;
}

/** The unit if it is the reader's tenant's and visible to them (or their own unit). */
export async function findReadableUnit(
  db: Queryable,
  vis: Visibility,
  actorUnitId: string,
  unitId: string,
): Promise<ReadableUnit | undefined> {
  const covered: RawBuilder<number> = vis.all
    ? sql<number>`1`
    : vis.subtree && vis.roots.length > 0
      ? sql<number>`case when ${unitVisible(vis, 'o.id')} then 1 else 0 end`
      : sql<number>`0`;
  const row = await db
    .selectFrom('org_units as o')
    .select(['o.id', 'o.name', 'o.kind', 'o.parent_id', covered.as('covered')])
    .where('o.id', '=', unitId)
    .where('o.tenant_id', '=', vis.tenantId)
    .where((eb) => eb.or([unitVisible(vis, 'o.id'), eb('o.id', '=', actorUnitId)]))
    .executeTakeFirst();
  return row && { ...row, covered: toNumber(row.covered) === 1 };
}

/** A unit of the tenant whatever the reader's scope (for the public honour roll). */
export function findUnit(db: Queryable, tenantId: string, unitId: string) {
  return db
    .selectFrom('org_units')
    .select(['id', 'name', 'kind', 'parent_id'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', unitId)
    .executeTakeFirst();
}

/** The unit and its ancestors, nearest first. */
export function findAncestors(db: Queryable, tenantId: string, unitId: string) {
  return db
    .selectFrom('org_unit_closure as c')
    .innerJoin('org_units as o', 'o.id', 'c.ancestor_id')
    .leftJoin('users as l', 'l.id', 'o.leader_user_id')
    .select([
      'o.id',
      'o.name',
      'o.kind',
      'c.depth',
      'o.leader_user_id',
      'l.role as leader_role',
      'l.status as leader_status',
    ])
    .where('c.descendant_id', '=', unitId)
    .where('o.tenant_id', '=', tenantId)
    .orderBy('c.depth')
    .execute();
}

export interface VisiblePerson {
  id: string;
  display_name: string;
  username: string;
  role: string;
  status: string;
  unit_id: string;
  join_date: string | null;
  leave_date: string | null;
}

const PERSON_COLUMNS = [
  'u.id',
  'u.display_name',
  'u.username',
  'u.role',
  'u.status',
  'u.unit_id',
  'u.join_date',
  'u.leave_date',
] as const;

/** A person of the tenant the reader may see (themself included). */
export function findVisiblePerson(
  db: Queryable,
  vis: Visibility,
  userId: string,
): Promise<VisiblePerson | undefined> {
  return db
    .selectFrom('users as u')
    .select(PERSON_COLUMNS)
    .where('u.id', '=', userId)
    .where('u.tenant_id', '=', vis.tenantId)
    .where(ownedRowVisible(vis, 'u.id', 'u.unit_id'))
    .executeTakeFirst();
}

// The reports of a unit walk its subtree: one query, kept with the org tree.
export { findSubtreeUnits, type SubtreeUnit } from '../org/org.repository.ts';

/** Names of some units. */
export async function findUnitNames(
  db: Queryable,
  tenantId: string,
  ids: string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('org_units')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Display names of some people of the tenant. */
export async function findUserNames(
  db: Queryable,
  tenantId: string,
  ids: string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
