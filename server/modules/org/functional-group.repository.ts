import { sql, type SqlBool } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { FunctionalGroupMemberTable, FunctionalGroupTable } from '../../db/schema.ts';
import type { Visibility } from '../../access/scope.ts';
import { ownedRowVisible, unitVisible } from '../../access/scope.ts';

/**
 * A group is visible when its unit is in the actor's scope or is the actor's own unit, or when the
 * actor leads it or belongs to it (an agent sees the department's groups they serve in).
 */
function groupVisible(vis: Visibility, ownUnitId: string) {
  if (vis.all) return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`(${unitVisible(vis, 'functional_groups.unit_id')}
    or functional_groups.unit_id = ${ownUnitId}
    or functional_groups.lead_user_id = ${vis.selfId}
    or exists (select 1 from functional_group_members m
               where m.group_id = functional_groups.id and m.user_id = ${vis.selfId}))`;
}

function groups(db: Queryable, tenantId: string) {
  return db
    .selectFrom('functional_groups')
    .innerJoin('org_units as unit', 'unit.id', 'functional_groups.unit_id')
    .leftJoin('users as lead', 'lead.id', 'functional_groups.lead_user_id')
    .select([
      'functional_groups.id',
      'functional_groups.unit_id',
      'unit.name as unit_name',
      'functional_groups.name',
      'functional_groups.system',
      'functional_groups.lead_user_id',
      'lead.display_name as lead_name',
      'functional_groups.duties',
      'functional_groups.created_at',
      'functional_groups.updated_at',
    ])
    .where('functional_groups.tenant_id', '=', tenantId);
}

export type GroupRow = Awaited<ReturnType<typeof findVisibleGroups>>[number];

/** Groups the actor may see, optionally only those in a unit's subtree. */
export function findVisibleGroups(db: Queryable, tenantId: string, vis: Visibility, ownUnitId: string, underUnitId?: string) {
  let q = groups(db, tenantId).where(groupVisible(vis, ownUnitId));
  if (underUnitId) {
    q = q.where('functional_groups.unit_id', 'in', (eb) =>
      eb.selectFrom('org_unit_closure').select('descendant_id').where('ancestor_id', '=', underUnitId),
    );
  }
  return q.orderBy('unit.name').orderBy('functional_groups.name').orderBy('functional_groups.id').execute();
}

export function findVisibleGroup(db: Queryable, tenantId: string, vis: Visibility, ownUnitId: string, id: string) {
  return groups(db, tenantId).where(groupVisible(vis, ownUnitId)).where('functional_groups.id', '=', id).executeTakeFirst();
}

/** A group whose unit lies in the actor's scope (or is their own unit): the groups they may change. */
export function findGroupInScope(db: Queryable, tenantId: string, vis: Visibility, ownUnitId: string, id: string) {
  return db
    .selectFrom('functional_groups')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where((eb) => eb.or([unitVisible(vis, 'functional_groups.unit_id'), eb('unit_id', '=', ownUnitId)]))
    .executeTakeFirst();
}

export async function findGroupIdByName(db: Queryable, tenantId: string, unitId: string, name: string): Promise<string | null> {
  const row = await db
    .selectFrom('functional_groups')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('unit_id', '=', unitId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function findMembers(db: Queryable, groupIds: string[]) {
  if (groupIds.length === 0) return [];
  return db
    .selectFrom('functional_group_members')
    .innerJoin('users', 'users.id', 'functional_group_members.user_id')
    .select(['functional_group_members.group_id', 'functional_group_members.user_id', 'users.display_name', 'functional_group_members.duty'])
    .where('functional_group_members.group_id', 'in', groupIds)
    .orderBy('functional_group_members.created_at')
    .orderBy('users.display_name')
    .execute();
}

/** Which of the ids are active users of the tenant within the actor's scope. */
export async function findUsersInScope(db: Queryable, tenantId: string, vis: Visibility, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('users')
    .select('users.id')
    .where('users.tenant_id', '=', tenantId)
    .where('users.id', 'in', ids)
    .where('users.status', '=', 'active')
    .where(ownedRowVisible(vis, 'users.id', 'users.unit_id'))
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function insertGroup(db: Queryable, row: FunctionalGroupTable): Promise<void> {
  await db.insertInto('functional_groups').values(row).execute();
}

export async function updateGroupRow(db: Queryable, id: string, patch: Partial<FunctionalGroupTable>): Promise<void> {
  await db.updateTable('functional_groups').set(patch).where('id', '=', id).execute();
}

export async function replaceMembers(db: Queryable, groupId: string, rows: FunctionalGroupMemberTable[]): Promise<void> {
  await db.deleteFrom('functional_group_members').where('group_id', '=', groupId).execute();
  if (rows.length > 0) await db.insertInto('functional_group_members').values(rows).execute();
}

export async function deleteGroupRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('functional_group_members').where('group_id', '=', id).execute();
  await db.deleteFrom('functional_groups').where('id', '=', id).execute();
}
