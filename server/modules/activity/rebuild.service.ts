import type { Queryable } from '../../db/database.ts';
import { rebuildRollups } from './rollup.repository.ts';

/**
 * `npm run cli -- activity:rebuild [tenant]`: recomputes the activity rollups from the raw
 * activities and work logs, one tenant per transaction (readers see the old rollups or the new).
 * Returns the tenants rebuilt with their person-day rows, or null when the tenant asked for is unknown.
 */
export async function rebuildActivityRollups(
  db: Queryable,
  tenant?: string,
): Promise<{ id: string; code: string; days: number }[] | null> {
  let q = db.selectFrom('tenants').select(['id', 'code']).orderBy('code');
  if (tenant) q = q.where((eb) => eb.or([eb('code', '=', tenant), eb('id', '=', tenant)]));
  const tenants = await q.execute();
  if (tenant && tenants.length === 0) return null;
  const out: { id: string; code: string; days: number }[] = [];
  for (const t of tenants) {
    const days = await db.transaction().execute(async (trx) => {
      await rebuildRollups(trx, t.id);
      const r = await trx
        .selectFrom('activity_days')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', t.id)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    });
    out.push({ ...t, days });
  }
  return out;
}
