import { ownedRowVisible, type Visibility } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { readRows } from '../activity/figures.reader.ts';
import { inSubtree } from '../activity/person.repository.ts';
import type { StageMove } from './prospect.rules.ts';

/** The funnel's reads: stage moves of a period within a scope, and the names of people and teams. */

/**
 * Every stage move in [fromIso, toIso) of cards filed (at the move) under the unit's subtree and the
 * reader's scope. Read through the (tenant_id, unit_id, changed_at) index; on SQLite by the figures
 * reader's thread (a department's quarter is tens of thousands of rows: the event loop keeps serving).
 */
export async function findStageMoves(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: { unitId: string | null; fromIso: string; toIso: string },
): Promise<StageMove[]> {
  let q = db
    .selectFrom('prospect_stage_changes as c')
    .select(['c.prospect_id', 'c.owner_id', 'c.unit_id', 'c.to_stage', 'c.reason', 'c.changed_at'])
    .where('c.tenant_id', '=', tenantId)
    .where('c.changed_at', '>=', f.fromIso)
    .where('c.changed_at', '<', f.toIso)
    .where(ownedRowVisible(vis, 'c.owner_id', 'c.unit_id'));
  if (f.unitId) q = q.where(inSubtree('c.unit_id', f.unitId));
  const rows = await readRows(db, q);
  return rows.map((r) => ({
    prospectId: r.prospect_id,
    ownerId: r.owner_id,
    unitId: r.unit_id,
    toStage: r.to_stage,
    reason: r.reason,
    changedAt: r.changed_at,
  }));
}

/** The unit's direct sub-units, each with every unit of its subtree. */
export async function findSubTeams(
  db: Queryable,
  tenantId: string,
  unitId: string,
): Promise<{ id: string; name: string; sortOrder: number; descendants: Set<string> }[]> {
  const rows = await db
    .selectFrom('org_units as o')
    .innerJoin('org_unit_closure as c', 'c.ancestor_id', 'o.id')
    .select(['o.id', 'o.name', 'o.sort_order', 'c.descendant_id'])
    .where('o.tenant_id', '=', tenantId)
    .where('o.parent_id', '=', unitId)
    .execute();
  const byId = new Map<string, { id: string; name: string; sortOrder: number; descendants: Set<string> }>();
  for (const r of rows) {
    let t = byId.get(r.id);
    if (!t) {
      t = { id: r.id, name: r.name, sortOrder: r.sort_order, descendants: new Set() };
      byId.set(r.id, t);
    }
    t.descendants.add(r.descendant_id);
  }
  return [...byId.values()].sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name));
}

export function findUnitName(db: Queryable, tenantId: string, unitId: string) {
  return db
    .selectFrom('org_units')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', unitId)
    .executeTakeFirst();
}
