import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { fetchPage } from '../../db/paging.ts';
import { shapedQuery } from '../../db/prepared.ts';
import type { UnitMembershipTable, UserTable } from '../../db/schema.ts';
import type { Visibility } from '../../access/scope.ts';
import { ownedRowVisible } from '../../access/scope.ts';
import type { UserListQuery } from '../../../contracts/user.ts';

const SORT_COLUMNS = {
  displayName: 'users.display_name',
  username: 'users.username',
  joinDate: 'users.join_date',
  role: 'users.role',
  status: 'users.status',
  createdAt: 'users.created_at',
} as const;

export type UserFilter = Omit<UserListQuery, 'page' | 'pageSize' | 'sort'>;

/** "field" or "-field" → column and direction; unknown fields fall back to the name. */
function sortOf(
  sort: string | undefined,
): [(typeof SORT_COLUMNS)[keyof typeof SORT_COLUMNS], 'asc' | 'desc'] {
  const key = (sort?.replace(/^-/, '') ?? 'displayName') as keyof typeof SORT_COLUMNS;
  return [SORT_COLUMNS[key] ?? SORT_COLUMNS.displayName, sort?.startsWith('-') ? 'desc' : 'asc'];
}

function scoped(db: Queryable, tenantId: string, vis: Visibility) {
  return db
    .selectFrom('users')
    .innerJoin('org_units as unit', 'unit.id', 'users.unit_id')
    .leftJoin('ranks', 'ranks.id', 'users.rank_id')
    .leftJoin('users as recruiter', 'recruiter.id', 'users.recruiter_id')
    .where('users.tenant_id', '=', tenantId)
    .where(ownedRowVisible(vis, 'users.id', 'users.unit_id'));
}

/** Case-insensitive "contains" pattern, with LIKE's wildcards in the text escaped. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}

/** `likeReady`: f.q is already the escaped LIKE pattern (or its placeholder). */
function filtered(db: Queryable, tenantId: string, vis: Visibility, f: UserFilter, likeReady = false) {
  let q = scoped(db, tenantId, vis);
  if (f.q) {
    const like = likeReady ? f.q : likePattern(f.q);
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(users.display_name)`, 'like', sql`${like} escape '\\'`),
        eb(sql`lower(users.username)`, 'like', sql`${like} escape '\\'`),
      ]),
    );
  }
  if (f.unitId) {
    const unitId = f.unitId;
    q = q.where('users.unit_id', 'in', (eb) =>
      eb.selectFrom('org_unit_closure').select('descendant_id').where('ancestor_id', '=', unitId),
    );
  }
  if (f.role) q = q.where('users.role', '=', f.role);
  if (f.status) q = q.where('users.status', '=', f.status);
  if (f.rankId) q = q.where('users.rank_id', '=', f.rankId);
  return q;
}

const columns = [
  'users.id',
  'users.tenant_id',
  'users.username',
  'users.display_name',
  'users.role',
  'users.unit_id',
  'unit.name as unit_name',
  'users.rank_id',
  'ranks.name as rank_name',
  'users.phone',
  'users.id_number',
  'users.gender',
  'users.birth_date',
  'users.join_date',
  'users.recruiter_id',
  'recruiter.display_name as recruiter_name',
  'users.status',
  'users.leave_date',
  'users.created_at',
  'users.updated_at',
] as const;

const pageQuery = shapedQuery<UserRow>();
const countQuery = shapedQuery<{ n: number }>();

/**
 * One page of the people list. The list is read on every visit of the people page, so its query
 * is compiled once per shape (filters present, sort, form of the scope) rather than on every call.
 */
export async function findUsersPage(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  q: UserFilter & { page: number; pageSize: number; sort?: string | undefined },
) {
  const [column, direction] = sortOf(q.sort);
  const like = q.q ? likePattern(q.q) : undefined;
  // Values in a fixed order; absent ones keep their slot so the shapes stay few.
  const values = [tenantId, vis.selfId, like, q.unitId, q.role, q.status, q.rankId, 0, 0, ...vis.roots];
  const shape = [
    vis.all,
    vis.subtree,
    vis.roots.length,
    !!like,
    !!q.unitId,
    !!q.role,
    !!q.status,
    !!q.rankId,
    column,
    direction,
  ].join('|');
  const build = (arg: (i: number) => string) => {
    const placeholderVis: Visibility = { ...vis, selfId: arg(1), roots: vis.roots.map((_, i) => arg(9 + i)) };
    const f: UserFilter = {
      ...(like ? { q: arg(2) } : {}),
      ...(q.unitId ? { unitId: arg(3) } : {}),
      ...(q.role ? { role: arg(4) as UserFilter['role'] } : {}),
      ...(q.status ? { status: arg(5) as UserFilter['status'] } : {}),
      ...(q.rankId ? { rankId: arg(6) } : {}),
    };
    return filtered(db, arg(0), placeholderVis, f, true);
  };
  return fetchPage(
    q.page,
    q.pageSize,
    (limit, offset) => {
      values[7] = limit;
      values[8] = offset;
      return pageQuery(db, shape, values, (arg) =>
        build(arg)
          .select(columns)
          .orderBy(column, direction)
          .orderBy('users.id')
          .limit(sql<number>`${arg(7)}`)
          .offset(sql<number>`${arg(8)}`),
      );
    },
    async () =>
      Number(
        (
          await countQuery(db, shape, values, (arg) =>
            build(arg).select((eb) => eb.fn.countAll<number>().as('n')),
          )
        )[0]?.n ?? 0,
      ),
  );
}

/** All matching users for an export, in the list's order (bounded by the caller). */
export function findUsersForExport(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: UserFilter & { sort?: string | undefined },
  limit: number,
) {
  const [column, direction] = sortOf(f.sort);
  return filtered(db, tenantId, vis, f)
    .select(columns)
    .orderBy(column, direction)
    .orderBy('users.id')
    .limit(limit)
    .execute();
}

export type UserRow = NonNullable<Awaited<ReturnType<typeof findVisibleUserById>>>;

export function findVisibleUserById(db: Queryable, tenantId: string, vis: Visibility, id: string) {
  return scoped(db, tenantId, vis).select(columns).where('users.id', '=', id).executeTakeFirst();
}

export function findUserRow(db: Queryable, tenantId: string, id: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findUsernamesTaken(db: Queryable, usernames: string[]): Promise<Set<string>> {
  if (usernames.length === 0) return new Set();
  const rows = await db.selectFrom('users').select('username').where('username', 'in', usernames).execute();
  return new Set(rows.map((r) => r.username));
}

export async function insertUser(db: Queryable, row: UserTable): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUserRow(db: Queryable, id: string, patch: Partial<UserTable>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function insertMembership(db: Queryable, row: UnitMembershipTable): Promise<void> {
  await db.insertInto('unit_memberships').values(row).execute();
}

/** Closes the open membership the day before the new one starts. */
export async function closeOpenMembership(db: Queryable, userId: string, endDate: string): Promise<void> {
  await db
    .updateTable('unit_memberships')
    .set({ end_date: endDate })
    .where('user_id', '=', userId)
    .where('end_date', 'is', null)
    .execute();
}

export function findOpenMembership(db: Queryable, userId: string) {
  return db
    .selectFrom('unit_memberships')
    .selectAll()
    .where('user_id', '=', userId)
    .where('end_date', 'is', null)
    .executeTakeFirst();
}

export function findMemberships(db: Queryable, userId: string) {
  return db
    .selectFrom('unit_memberships')
    .innerJoin('org_units', 'org_units.id', 'unit_memberships.unit_id')
    .select([
      'unit_memberships.id',
      'unit_memberships.unit_id',
      'org_units.name as unit_name',
      'unit_memberships.start_date',
      'unit_memberships.end_date',
    ])
    .where('unit_memberships.user_id', '=', userId)
    .orderBy('unit_memberships.start_date', 'desc')
    .execute();
}

/** The unit a user belonged to on a date (membership history), for figures of the past. */
export function findUnitOnDate(db: Queryable, userId: string, date: string) {
  return db
    .selectFrom('unit_memberships')
    .select('unit_id')
    .where('user_id', '=', userId)
    .where('start_date', '<=', date)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', date)]))
    .orderBy('start_date', 'desc')
    .executeTakeFirst();
}
