import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { unitVisible, type Visibility } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { dialectOf } from '../../db/dialect.ts';
import { preparedStatement } from '../../db/prepared.ts';

/**
 * People as the activity module needs them: who they are, the team they belonged to on a date
 * (activities and logs are filed under it, so history keeps the team it was earned in), and the
 * leaders above a unit (who reviews a log, who is reminded).
 */

export interface PersonOn {
  id: string;
  display_name: string;
  role: string;
  status: string;
  /** The person's unit now. */
  unit_id: string;
  /** Their team on the asked date: the membership covering it, else their unit now. */
  team_id: string;
}

// Asked by every activity logged: compiled once per dialect (see preparedStatement).
const selectPersonOn = preparedStatement((db, tenantId: string, userId: string, date: string) =>
  db
    .selectFrom('users as u')
    .select([
      'u.id',
      'u.display_name',
      'u.role',
      'u.status',
      'u.unit_id',
      (eb) =>
        eb
          .selectFrom('unit_memberships as m')
          .select('m.unit_id')
          .whereRef('m.user_id', '=', 'u.id')
          .where('m.tenant_id', '=', tenantId)
          .where('m.start_date', '<=', date)
          .where((e) => e.or([e('m.end_date', 'is', null), e('m.end_date', '>=', date)]))
          .orderBy('m.start_date', 'desc')
          .limit(1)
          .as('member_unit'),
    ])
    .where('u.tenant_id', '=', tenantId)
    .where('u.id', '=', userId),
);

/** A person of the tenant and their team on `date`; undefined when not in the tenant. */
export async function findPersonOn(
  db: Queryable,
  tenantId: string,
  userId: string,
  date: string,
): Promise<PersonOn | undefined> {
  const [row] = await selectPersonOn(db, tenantId, userId, date);
  if (!row) return undefined;
  const { member_unit, ...rest } = row;
  return { ...rest, team_id: member_unit ?? row.unit_id };
}

/** The unit and its ancestors, nearest first, with each one's leader (if any). */
export function findLeaderChain(db: Queryable, tenantId: string, unitId: string) {
  return db
    .selectFrom('org_unit_closure as c')
    .innerJoin('org_units as ou', 'ou.id', 'c.ancestor_id')
    .leftJoin('users as l', 'l.id', 'ou.leader_user_id')
    .select(['ou.id as unit_id', 'l.id as leader_id', 'l.role as leader_role', 'l.status as leader_status'])
    .where('c.descendant_id', '=', unitId)
    .where('ou.tenant_id', '=', tenantId)
    .orderBy('c.depth')
    .execute();
}

/** Active people of the tenant among `ids` (partners of joint visits, recipients). */
export function findActiveUsers(db: Queryable, tenantId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'unit_id', 'role'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .where('status', '=', 'active')
    .execute();
}

/** Display names of users by id (any status: names of people who left still show on their history). */
export async function namesOf(db: Queryable, tenantId: string, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** Units of a subtree as an SQL condition on a unit column (closure table, any depth). */
export function inSubtree(unitColumn: string, rootId: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(unitColumn)} in (select descendant_id from org_unit_closure where ancestor_id = ${rootId})`;
}

/** Whether any of the units lies in the reader's scope (a person's team then, or now). */
export async function anyUnitVisible(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  unitIds: string[],
): Promise<boolean> {
  if (vis.all) return true;
  const ids = [...new Set(unitIds)];
  if (ids.length === 0) return false;
  const row = await db
    .selectFrom('org_units')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .where(unitVisible(vis, 'id'))
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether `select … for update` locks rows (PostgreSQL); SQLite runs one writing transaction at a time. */
export function locksRows(db: Queryable): boolean {
  return dialectOf(db as unknown as Kysely<unknown>) === 'postgres';
}
