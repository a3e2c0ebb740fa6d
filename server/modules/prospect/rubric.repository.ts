import type { Queryable } from '../../db/database.ts';
import type { ProspectRubricTable } from '../../db/schema.ts';

/** The tenant's latest rubric version, if any. */
export function findCurrentRubric(db: Queryable, tenantId: string): Promise<ProspectRubricTable | undefined> {
  return db
    .selectFrom('prospect_rubrics')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findRubricVersion(
  db: Queryable,
  tenantId: string,
  version: number,
): Promise<ProspectRubricTable | undefined> {
  return db
    .selectFrom('prospect_rubrics')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** Inserts a version; false when the tenant already has it (a concurrent writer won). */
export async function insertRubricIfAbsent(db: Queryable, row: ProspectRubricTable): Promise<boolean> {
  const inserted = await db
    .insertInto('prospect_rubrics')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'version']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}
