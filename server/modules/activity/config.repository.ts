import type { Queryable } from '../../db/database.ts';
import type { ActivityTypePointsTable, ActivityTypeTable } from '../../db/schema.ts';

/** Activity configuration rows: the tenant's settings, its activity types and their dated points. */

export function findSettingsRow(db: Queryable, tenantId: string): Promise<{ settings: string } | undefined> {
  return db.selectFrom('activity_settings').select('settings').where('tenant_id', '=', tenantId).executeTakeFirst();
}

export async function upsertSettings(db: Queryable, tenantId: string, settings: string, by: string, at: string): Promise<void> {
  await db
    .insertInto('activity_settings')
    .values({ tenant_id: tenantId, settings, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ settings, updated_by: by, updated_at: at }))
    .execute();
}

export function findTypes(db: Queryable, tenantId: string): Promise<ActivityTypeTable[]> {
  return db
    .selectFrom('activity_types')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
}

export function findTypePoints(db: Queryable, tenantId: string): Promise<ActivityTypePointsTable[]> {
  return db
    .selectFrom('activity_type_points')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('effective_from')
    .execute();
}

/** Inserts types unless their code exists (two first readers at once insert them once). */
export async function insertTypesIfAbsent(
  db: Queryable,
  types: ActivityTypeTable[],
  points: ActivityTypePointsTable[],
): Promise<void> {
  if (types.length === 0) return;
  const inserted = await db
    .insertInto('activity_types')
    .values(types)
    .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
    .returning('id')
    .execute();
  const ids = new Set(inserted.map((r) => r.id));
  const own = points.filter((p) => ids.has(p.type_id));
  if (own.length > 0) await db.insertInto('activity_type_points').values(own).execute();
}
