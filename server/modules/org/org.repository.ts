import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { OrgUnitTable, RankTable } from '../../db/schema.ts';
import type { Visibility } from '../../access/scope.ts';
import { unitVisible } from '../../access/scope.ts';

/** Inserts a unit and its closure rows: a copy of the parent's ancestors one level deeper, plus itself. */
export async function insertUnit(db: Queryable, row: OrgUnitTable): Promise<void> {
  await db.insertInto('org_units').values(row).execute();
  await db
    .insertInto('org_unit_closure')
    .values({ tenant_id: row.tenant_id, ancestor_id: row.id, descendant_id: row.id, depth: 0 })
    .execute();
  if (row.parent_id) {
    await db
      .insertInto('org_unit_closure')
      .columns(['tenant_id', 'ancestor_id', 'descendant_id', 'depth'])
      .expression((eb) =>
        eb
          .selectFrom('org_unit_closure')
          .select([
            'tenant_id',
            'ancestor_id',
            sql<string>`${row.id}`.as('descendant_id'),
            sql<number>`depth + 1`.as('depth'),
          ])
          .where('descendant_id', '=', row.parent_id!),
      )
      .execute();
  }
}

export function findUnitById(db: Queryable, tenantId: string, id: string) {
  return db
    .selectFrom('org_units')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Units the actor may see with their depth below the tenant root and their active member count. */
export function findVisibleUnits(db: Queryable, tenantId: string, vis: Visibility, ownUnitId: string) {
  return db
    .selectFrom('org_units')
    .leftJoin('users as leader', 'leader.id', 'org_units.leader_user_id')
    .select((eb) => [
      'org_units.id',
      'org_units.parent_id',
      'org_units.name',
      'org_units.kind',
      'org_units.leader_user_id',
      'leader.display_name as leader_name',
      'org_units.sort_order',
      eb
        .selectFrom('org_unit_closure')
        .select((e) => e.fn.countAll<number>().as('d'))
        .whereRef('org_unit_closure.descendant_id', '=', 'org_units.id')
        .as('ancestors'),
      eb
        .selectFrom('users')
        .select((e) => e.fn.countAll<number>().as('m'))
        .whereRef('users.unit_id', '=', 'org_units.id')
        .where('users.status', '=', 'active')
        .as('members'),
    ])
    .where('org_units.tenant_id', '=', tenantId)
    .where((eb) => eb.or([unitVisible(vis, 'org_units.id'), eb('org_units.id', '=', ownUnitId)]))
    .orderBy('org_units.sort_order')
    .orderBy('org_units.name')
    .execute();
}

export async function updateUnitRow(db: Queryable, id: string, patch: Partial<OrgUnitTable>): Promise<void> {
  await db.updateTable('org_units').set(patch).where('id', '=', id).execute();
}

export async function isDescendant(
  db: Queryable,
  ancestorId: string,
  descendantId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('org_unit_closure')
    .select('depth')
    .where('ancestor_id', '=', ancestorId)
    .where('descendant_id', '=', descendantId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Moves a subtree under a new parent: drops the closure rows linking the subtree to its old
 * ancestors and adds the cross product of the new parent's ancestors with the subtree.
 */
export async function moveSubtree(
  db: Queryable,
  tenantId: string,
  unitId: string,
  newParentId: string,
): Promise<void> {
  const subtree = db.selectFrom('org_unit_closure').select('descendant_id').where('ancestor_id', '=', unitId);
  const oldAncestors = db
    .selectFrom('org_unit_closure')
    .select('ancestor_id')
    .where('descendant_id', '=', unitId)
    .where('ancestor_id', '!=', unitId);
  await db
    .deleteFrom('org_unit_closure')
    .where('descendant_id', 'in', subtree)
    .where('ancestor_id', 'in', oldAncestors)
    .execute();
  await db
    .insertInto('org_unit_closure')
    .columns(['tenant_id', 'ancestor_id', 'descendant_id', 'depth'])
    .expression((eb) =>
      eb
        .selectFrom('org_unit_closure as up')
        .innerJoin('org_unit_closure as down', (j) => j.onTrue())
        .select([
          sql<string>`${tenantId}`.as('tenant_id'),
          'up.ancestor_id',
          'down.descendant_id',
          sql<number>`up.depth + down.depth + 1`.as('depth'),
        ])
        .where('up.descendant_id', '=', newParentId)
        .where('down.ancestor_id', '=', unitId),
    )
    .execute();
}

export async function countChildren(db: Queryable, unitId: string): Promise<number> {
  const r = await db
    .selectFrom('org_units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', '=', unitId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countUnitReferences(db: Queryable, unitId: string): Promise<number> {
  const [users, memberships] = await Promise.all([
    db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('unit_id', '=', unitId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('unit_memberships')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('unit_id', '=', unitId)
      .executeTakeFirstOrThrow(),
  ]);
  return Number(users.n) + Number(memberships.n);
}

export async function deleteUnitRow(db: Queryable, unitId: string): Promise<void> {
  await db.deleteFrom('org_unit_closure').where('descendant_id', '=', unitId).execute();
  await db.deleteFrom('org_units').where('id', '=', unitId).execute();
}

export function findRanks(db: Queryable, tenantId: string) {
  return db
    .selectFrom('ranks')
    .select(['id', 'name', 'level'])
    .where('tenant_id', '=', tenantId)
    .orderBy('level')
    .execute();
}

export async function insertRank(db: Queryable, row: RankTable): Promise<void> {
  await db.insertInto('ranks').values(row).execute();
}

export function findRootUnit(db: Queryable, tenantId: string) {
  return db
    .selectFrom('org_units')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('parent_id', 'is', null)
    .executeTakeFirst();
}

export interface SubtreeUnit {
  id: string;
  parent_id: string | null;
  name: string;
  sort_order: number;
}

/** The unit and every unit below it (any depth: one join of the closure table). */
export function findSubtreeUnits(db: Queryable, tenantId: string, unitId: string): Promise<SubtreeUnit[]> {
  return db
    .selectFrom('org_unit_closure as c')
    .innerJoin('org_units as o', 'o.id', 'c.descendant_id')
    .select(['o.id', 'o.parent_id', 'o.name', 'o.sort_order'])
    .where('c.ancestor_id', '=', unitId)
    .where('o.tenant_id', '=', tenantId)
    .execute();
}
