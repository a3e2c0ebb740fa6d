import type { Queryable } from '../../db/database.ts';
import type { ActivityTypePointsTable, ActivityTypeTable } from '../../db/schema.ts';

/** Writes of activity types and their dated points (reads are in config.repository.ts). */

/** Inserts a type unless its code is taken in the tenant; returns whether it was inserted. */
export async function insertTypeIfCodeFree(db: Queryable, row: ActivityTypeTable): Promise<boolean> {
  const inserted = await db
    .insertInto('activity_types')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
    .returning('id')
    .execute();
  return inserted.length > 0;
}

export function findType(
  db: Queryable,
  tenantId: string,
  id: string,
): Promise<ActivityTypeTable | undefined> {
  return db
    .selectFrom('activity_types')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findTypeHistory(
  db: Queryable,
  tenantId: string,
  typeId: string,
): Promise<ActivityTypePointsTable[]> {
  return db
    .selectFrom('activity_type_points')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('type_id', '=', typeId)
    .orderBy('effective_from')
    .execute();
}

export async function updateType(
  db: Queryable,
  tenantId: string,
  id: string,
  patch: Partial<Pick<ActivityTypeTable, 'name' | 'name_en' | 'stage' | 'active' | 'sort_order'>> & {
    updated_at: string;
  },
): Promise<void> {
  await db
    .updateTable('activity_types')
    .set(patch)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Sets the points from a date on: a second change for the same date replaces the first. */
export async function upsertTypePoints(db: Queryable, row: ActivityTypePointsTable): Promise<void> {
  await db
    .insertInto('activity_type_points')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['type_id', 'effective_from']).doUpdateSet({
        points_milli: row.points_milli,
        created_by: row.created_by,
        created_at: row.created_at,
      }),
    )
    .execute();
}
