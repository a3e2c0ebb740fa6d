import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { ScopeKind } from '../../contracts/roles.ts';
import type { Queryable } from '../db/database.ts';
import { preparedQuery } from '../db/prepared.ts';
import { notFound } from '../http/errors.ts';
import type { Actor } from './actor.ts';

/**
 * What an actor may see, resolved once per request. `self` is always visible; `roots` are units
 * whose members are visible, with their whole subtree when `subtree` is true. `all` means the tenant.
 */
export interface Visibility {
  kind: ScopeKind;
  tenantId: string;
  selfId: string;
  all: boolean;
  roots: string[];
  subtree: boolean;
}

interface ScopeSubject {
  userId: string;
  tenantId: string;
  unitId: string;
}

// Run on every request of a supervisor: compiled once (see preparedQuery).
const selectLedUnits = preparedQuery((db, tenantId: string, userId: string) =>
  db.selectFrom('org_units').select('id').where('tenant_id', '=', tenantId).where('leader_user_id', '=', userId),
);

export async function resolveVisibility(db: Queryable, who: ScopeSubject, kind: ScopeKind): Promise<Visibility> {
  const base = { kind, tenantId: who.tenantId, selfId: who.userId };
  switch (kind) {
    case 'tenant':
      return { ...base, all: true, roots: [], subtree: true };
    case 'unitTree':
      return { ...base, all: false, roots: [who.unitId], subtree: true };
    case 'unit':
      return { ...base, all: false, roots: [who.unitId], subtree: false };
    case 'self':
      return { ...base, all: false, roots: [], subtree: false };
    case 'subordinates': {
      // A supervisor's subordinates are the members of every unit they lead, and of those units' sub-units.
      const led = await selectLedUnits(db, who.tenantId, who.userId);
      return { ...base, all: false, roots: led.map((u) => u.id), subtree: true };
    }
  }
}

/** SQL condition: the unit column lies within the visible units (closure-table subquery, any depth). */
export function unitVisible(vis: Visibility, unitColumn: string): RawBuilder<SqlBool> {
  const col = sql.ref(unitColumn);
  if (vis.all) return sql<SqlBool>`1 = 1`;
  if (vis.roots.length === 0) return sql<SqlBool>`1 = 0`;
  const roots = sql.join(vis.roots);
  if (!vis.subtree) return sql<SqlBool>`${col} in (${roots})`;
  return sql<SqlBool>`${col} in (select descendant_id from org_unit_closure where ancestor_id in (${roots}))`;
}

/** SQL condition: the unit column lies in the unit or below it (a filter the reader asked for, not scope). */
export function inUnitSubtree(unitColumn: string, unitId: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(unitColumn)} in (select descendant_id from org_unit_closure where ancestor_id = ${unitId})`;
}

/**
 * SQL condition for a row owned by a user and filed under a unit: visible when it is the actor's own
 * or its unit is in scope. Callers still filter by tenant_id.
 */
export function ownedRowVisible(vis: Visibility, userColumn: string, unitColumn: string): RawBuilder<SqlBool> {
  if (vis.all) return sql<SqlBool>`1 = 1`;
  // Only one's own (an agent): the owner condition alone, which SQLite serves from an owner index —
  // it does not drop the `or 1 = 0` and would scan the tenant's rows instead.
  if (vis.roots.length === 0) return sql<SqlBool>`${sql.ref(userColumn)} = ${vis.selfId}`;
  return sql<SqlBool>`(${sql.ref(userColumn)} = ${vis.selfId} or ${unitVisible(vis, unitColumn)})`;
}

/** Loads a user's tenant and unit and throws 404 unless the actor may see them. */
export async function assertUserVisible(db: Queryable, actor: Actor, userId: string): Promise<void> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('users.id', '=', userId)
    .where('users.tenant_id', '=', actor.tenantId)
    .where(ownedRowVisible(actor.visibility, 'users.id', 'users.unit_id'))
    .executeTakeFirst();
  if (!row) throw notFound('User');
}

/** Throws 404 unless the unit belongs to the actor's tenant and lies in their scope. */
export async function assertUnitVisible(db: Queryable, actor: Actor, unitId: string): Promise<void> {
  const row = await db
    .selectFrom('org_units')
    .select('id')
    .where('org_units.id', '=', unitId)
    .where('org_units.tenant_id', '=', actor.tenantId)
    .where((eb) => eb.or([unitVisible(actor.visibility, 'org_units.id'), eb('org_units.id', '=', actor.unitId)]))
    .executeTakeFirst();
  if (!row) throw notFound('Unit');
}
