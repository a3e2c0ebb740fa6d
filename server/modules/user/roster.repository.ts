import type { Queryable } from '../../db/database.ts';

/** Users of the tenant with one of the usernames (recruiters named in a roster), username → id. */
export async function findTenantUserIdsByUsername(db: Queryable, tenantId: string, usernames: string[]): Promise<Map<string, string>> {
  if (usernames.length === 0) return new Map();
  // One statement: a roster holds at most a few thousand names, far below either database's parameter limit.
  const rows = await db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('tenant_id', '=', tenantId)
    .where('username', 'in', usernames)
    .execute();
  return new Map(rows.map((r) => [r.username, r.id]));
}
