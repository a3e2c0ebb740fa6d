import { sql } from 'kysely';
import { ownedRowVisible, type Visibility } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import type { ActivityPlanTable, ActivityStandardTable } from '../../db/schema.ts';
import { toNumber } from '../../db/dialect.ts';

/** Plans (activity_plans) and team standards (activity_standards). */

// ---- Standards ------------------------------------------------------------------------------------

export function findStandards(db: Queryable, tenantId: string): Promise<ActivityStandardTable[]> {
  return db.selectFrom('activity_standards').selectAll().where('tenant_id', '=', tenantId).execute();
}

/** For every unit below (or at) a unit that has its own standard: that unit and the distance. */
export function findStandardLinks(db: Queryable, tenantId: string, standardUnitIds: string[]) {
  if (standardUnitIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org_unit_closure as c')
    .innerJoin('org_units as o', 'o.id', 'c.ancestor_id')
    .select(['c.ancestor_id', 'c.descendant_id', 'c.depth'])
    .where('o.tenant_id', '=', tenantId)
    .where('c.ancestor_id', 'in', standardUnitIds)
    .execute();
}

export async function upsertStandard(db: Queryable, row: ActivityStandardTable): Promise<void> {
  await db
    .insertInto('activity_standards')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'scope_key']).doUpdateSet({
        items: row.items,
        points_per_workday_milli: row.points_per_workday_milli,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function deleteStandard(db: Queryable, tenantId: string, scopeKey: string): Promise<boolean> {
  const r = await db
    .deleteFrom('activity_standards')
    .where('tenant_id', '=', tenantId)
    .where('scope_key', '=', scopeKey)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

// ---- Plans ------------------------------------------------------------------------------------------

export function findPlan(db: Queryable, tenantId: string, userId: string, kind: string, period: string) {
  return db
    .selectFrom('activity_plans')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('period_kind', '=', kind)
    .where('period', '=', period)
    .executeTakeFirst();
}

export async function insertPlan(db: Queryable, row: ActivityPlanTable): Promise<void> {
  await db.insertInto('activity_plans').values(row).execute();
}

export async function updatePlan(
  db: Queryable,
  id: string,
  patch: Partial<Omit<ActivityPlanTable, 'id' | 'tenant_id' | 'user_id'>>,
): Promise<void> {
  await db.updateTable('activity_plans').set(patch).where('id', '=', id).execute();
}

/** A person's plans overlapping a range. */
export function findPersonPlans(db: Queryable, tenantId: string, userId: string, from: string, to: string) {
  return db
    .selectFrom('activity_plans')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('date_from', '<=', to)
    .where('date_to', '>=', from)
    .execute();
}

/**
 * Plans overlapping a range of the people of a unit's subtree: those filed under it, and those of
 * people now in it (a plan keeps the unit it was written in).
 */
export function findSubtreePlans(db: Queryable, tenantId: string, unitId: string, from: string, to: string) {
  return db
    .selectFrom('activity_plans as p')
    .selectAll('p')
    .where('p.tenant_id', '=', tenantId)
    .where('p.date_from', '<=', to)
    .where('p.date_to', '>=', from)
    .where((eb) => {
      const subtree = eb
        .selectFrom('org_unit_closure')
        .select('descendant_id')
        .where('ancestor_id', '=', unitId);
      return eb.or([
        eb('p.unit_id', 'in', subtree),
        eb(
          'p.user_id',
          'in',
          eb
            .selectFrom('users')
            .select('id')
            .where('tenant_id', '=', tenantId)
            .where('unit_id', 'in', subtree),
        ),
      ]);
    })
    .execute();
}

export interface TeamPerson {
  id: string;
  display_name: string;
  unit_id: string;
  unit_name: string;
  join_date: string | null;
  leave_date: string | null;
}

/** The active members (logging roles) of a unit's subtree the reader sees, with their unit's name. */
export function findTeamPeople(
  db: Queryable,
  vis: Visibility | null,
  tenantId: string,
  unitId: string,
  roles: readonly string[],
): Promise<TeamPerson[]> {
  let q = db
    .selectFrom('users as u')
    .innerJoin('org_units as o', 'o.id', 'u.unit_id')
    .select(['u.id', 'u.display_name', 'u.unit_id', 'o.name as unit_name', 'u.join_date', 'u.leave_date'])
    .where('u.tenant_id', '=', tenantId)
    .where('u.status', '=', 'active')
    .where('u.role', 'in', [...roles])
    .where('u.unit_id', 'in', (eb) =>
      eb.selectFrom('org_unit_closure').select('descendant_id').where('ancestor_id', '=', unitId),
    );
  if (vis) q = q.where(ownedRowVisible(vis, 'u.id', 'u.unit_id'));
  return q.orderBy('u.display_name').orderBy('u.id').execute();
}

/** Points per person earned in a range (from the rollups), for some people. */
export async function findPointsByPerson(
  db: Queryable,
  tenantId: string,
  userIds: string[],
  from: string,
  to: string,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db
      .selectFrom('activity_days')
      .select(['user_id', sql<number>`sum(points_milli)`.as('points_milli')])
      .where('tenant_id', '=', tenantId)
      .where('user_id', 'in', userIds.slice(i, i + 500))
      .where('date', '>=', from)
      .where('date', '<=', to)
      .groupBy('user_id')
      .execute();
    for (const r of rows) out.set(r.user_id, toNumber(r.points_milli));
  }
  return out;
}

/** The plans of some people for one period. */
export async function findPlansOfPeriod(
  db: Queryable,
  tenantId: string,
  kind: string,
  period: string,
  userIds: string[],
): Promise<ActivityPlanTable[]> {
  const out: ActivityPlanTable[] = [];
  for (let i = 0; i < userIds.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('activity_plans')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('period_kind', '=', kind)
        .where('period', '=', period)
        .where('user_id', 'in', userIds.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}
