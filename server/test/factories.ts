import type { Queryable } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import { nowIso } from '../lib/clock.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { insertUnit } from '../modules/org/org.repository.ts';
import { insertMembership, insertUser } from '../modules/user/user.repository.ts';
import type { Role, UnitKind } from '../../contracts/roles.ts';

export const TEST_PASSWORD = 'correct-horse-battery';
let hashed: Promise<string> | null = null;
/** argon2 is slow on purpose; every test user shares one hash of the same password. */
const passwordHash = () => (hashed ??= hashPassword(TEST_PASSWORD));

let seq = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(seq++).toString(36)}`;

export interface TestTenant {
  id: string;
  rootUnitId: string;
}

export async function makeTenant(db: Queryable, name = 'Test Co'): Promise<TestTenant> {
  const id = newId();
  const at = nowIso();
  await db
    .insertInto('tenants')
    .values({ id, code: unique('t'), name, time_zone: 'Asia/Shanghai', settings: '{}', created_at: at })
    .execute();
  const rootUnitId = await makeUnit(db, { id, rootUnitId: '' }, null, 'company', name);
  return { id, rootUnitId };
}

export async function makeUnit(
  db: Queryable,
  tenant: TestTenant,
  parentId: string | null,
  kind: UnitKind,
  name = unique(kind),
  leaderUserId: string | null = null,
): Promise<string> {
  const id = newId();
  const at = nowIso();
  await insertUnit(db, {
    id,
    tenant_id: tenant.id,
    parent_id: parentId,
    name,
    kind,
    leader_user_id: leaderUserId,
    sort_order: 0,
    created_at: at,
    updated_at: at,
  });
  return id;
}

export interface TestUser {
  id: string;
  username: string;
  tenantId: string;
  unitId: string;
  role: Role;
}

export async function makeUser(
  db: Queryable,
  tenant: TestTenant,
  unitId: string,
  role: Role,
  extra: { username?: string; displayName?: string; phone?: string; idNumber?: string; leads?: boolean } = {},
): Promise<TestUser> {
  const id = newId();
  const at = nowIso();
  const username = extra.username ?? unique(role);
  await insertUser(db, {
    id,
    tenant_id: tenant.id,
    username,
    password_hash: await passwordHash(),
    display_name: extra.displayName ?? `测试${username}`,
    role,
    unit_id: unitId,
    rank_id: null,
    phone: extra.phone ?? '13812345678',
    id_number: extra.idNumber ?? '11010519491231002X',
    gender: null,
    birth_date: null,
    join_date: '2024-01-01',
    recruiter_id: null,
    status: 'active',
    leave_date: null,
    must_change_password: 0,
    password_changed_at: null,
    created_at: at,
    updated_at: at,
  });
  await insertMembership(db, {
    id: newId(),
    tenant_id: tenant.id,
    user_id: id,
    unit_id: unitId,
    start_date: '2024-01-01',
    end_date: null,
    created_at: at,
  });
  if (extra.leads) await db.updateTable('org_units').set({ leader_user_id: id }).where('id', '=', unitId).execute();
  return { id, username, tenantId: tenant.id, unitId, role };
}

/**
 * The standard cast for scope tests: a tenant with one branch, two departments, two teams in the
 * first department and one in the second, a person of every role, and a second tenant with an admin.
 */
export async function makeOrg(db: Queryable) {
  const tenant = await makeTenant(db, '测试保险');
  const branch = await makeUnit(db, tenant, tenant.rootUnitId, 'branch', '分公司');
  const dept1 = await makeUnit(db, tenant, branch, 'department', '营服一部');
  const dept2 = await makeUnit(db, tenant, branch, 'department', '营服二部');
  const team1 = await makeUnit(db, tenant, dept1, 'team', '一组');
  const team2 = await makeUnit(db, tenant, dept1, 'team', '二组');
  const team3 = await makeUnit(db, tenant, dept2, 'team', '三组');
  const admin = await makeUser(db, tenant, tenant.rootUnitId, 'admin');
  const exec = await makeUser(db, tenant, branch, 'executive', { leads: true });
  const manager1 = await makeUser(db, tenant, dept1, 'manager', { leads: true });
  const manager2 = await makeUser(db, tenant, dept2, 'manager', { leads: true });
  const staff1 = await makeUser(db, tenant, dept1, 'staff');
  const sup1 = await makeUser(db, tenant, team1, 'supervisor', { leads: true });
  const sup2 = await makeUser(db, tenant, team2, 'supervisor', { leads: true });
  const sup3 = await makeUser(db, tenant, team3, 'supervisor', { leads: true });
  const agent1 = await makeUser(db, tenant, team1, 'agent', { phone: '13900001111' });
  const agent1b = await makeUser(db, tenant, team1, 'agent');
  const agent2 = await makeUser(db, tenant, team2, 'agent');
  const agent3 = await makeUser(db, tenant, team3, 'agent');
  const other = await makeTenant(db, '另一家');
  const otherAdmin = await makeUser(db, other, other.rootUnitId, 'admin');
  const otherAgent = await makeUser(db, other, other.rootUnitId, 'agent');
  return {
    tenant,
    units: { root: tenant.rootUnitId, branch, dept1, dept2, team1, team2, team3 },
    users: { admin, exec, manager1, manager2, staff1, sup1, sup2, sup3, agent1, agent1b, agent2, agent3 },
    other: { tenant: other, admin: otherAdmin, agent: otherAgent },
  };
}
export type TestOrg = Awaited<ReturnType<typeof makeOrg>>;
