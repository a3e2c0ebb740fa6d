import type { DB, Queryable } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { UserTable } from '../db/schema.ts';
import { businessDate, nowIso } from '../lib/clock.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { insertUnit, insertRank } from '../modules/org/org.repository.ts';
import { insertMembership, insertUser } from '../modules/user/user.repository.ts';
import type { Role, UnitKind } from '../../contracts/roles.ts';
import { seedActivityDemo } from './activity-demo.ts';
import { seedAttendanceDemo } from './attendance-demo.ts';
import { seedProspectDemo } from './prospect-demo.ts';
import { chineseName, daysAgo, idNumber, mobile } from './people.ts';
import { makeRandom, type Random } from './random.ts';

export const DEMO_PASSWORD = 'salesbase-demo';

export interface DemoLogin {
  username: string;
  role: Role;
  displayName: string;
  unit: string;
}

interface SeedContext {
  db: Queryable;
  tenantId: string;
  hash: string;
  rnd: Random;
  today: Date;
  at: string;
  logins: DemoLogin[];
  ranks: Record<string, string>;
}

async function unit(s: SeedContext, parentId: string | null, kind: UnitKind, name: string, order = 0): Promise<string> {
  const id = newId();
  await insertUnit(s.db, {
    id,
    tenant_id: s.tenantId,
    parent_id: parentId,
    name,
    kind,
    leader_user_id: null,
    sort_order: order,
    created_at: s.at,
    updated_at: s.at,
  });
  return id;
}

async function lead(s: SeedContext, unitId: string, userId: string): Promise<void> {
  await s.db.updateTable('org_units').set({ leader_user_id: userId }).where('id', '=', unitId).execute();
}

interface PersonSpec {
  username: string;
  role: Role;
  unitId: string;
  unitName: string;
  rank: string;
  joinedDaysAgo: number;
  recruiterId?: string | null;
  leftDaysAgo?: number;
  /** Earlier unit and how many days ago the person moved from it. */
  movedFrom?: { unitId: string; daysAgo: number };
}

async function person(s: SeedContext, p: PersonSpec): Promise<string> {
  const id = newId();
  const gender = s.rnd.chance(0.6) ? 'female' : 'male';
  const birthDate = daysAgo(s.today, s.rnd.int(23 * 365, 52 * 365));
  const joinDate = daysAgo(s.today, p.joinedDaysAgo);
  const displayName = chineseName(s.rnd);
  const row: UserTable = {
    id,
    tenant_id: s.tenantId,
    username: p.username,
    password_hash: s.hash,
    display_name: displayName,
    role: p.role,
    unit_id: p.unitId,
    rank_id: s.ranks[p.rank] ?? null,
    phone: mobile(s.rnd),
    id_number: idNumber(s.rnd, birthDate, gender),
    gender,
    birth_date: birthDate,
    join_date: joinDate,
    recruiter_id: p.recruiterId ?? null,
    status: p.leftDaysAgo === undefined ? 'active' : 'left',
    leave_date: p.leftDaysAgo === undefined ? null : daysAgo(s.today, p.leftDaysAgo),
    must_change_password: 0,
    password_changed_at: s.at,
    created_at: s.at,
    updated_at: s.at,
  };
  await insertUser(s.db, row);
  // Membership history: the first unit until the move, then the current one.
  const membership = { tenant_id: s.tenantId, user_id: id, created_at: s.at };
  if (p.movedFrom) {
    await insertMembership(s.db, {
      ...membership,
      id: newId(),
      unit_id: p.movedFrom.unitId,
      start_date: joinDate,
      end_date: daysAgo(s.today, p.movedFrom.daysAgo + 1),
    });
    await insertMembership(s.db, {
      ...membership,
      id: newId(),
      unit_id: p.unitId,
      start_date: daysAgo(s.today, p.movedFrom.daysAgo),
      end_date: row.leave_date,
    });
  } else {
    await insertMembership(s.db, { ...membership, id: newId(), unit_id: p.unitId, start_date: joinDate, end_date: row.leave_date });
  }
  if (row.status === 'active') s.logins.push({ username: p.username, role: p.role, displayName, unit: p.unitName });
  return id;
}

async function createTenant(db: Queryable, code: string, name: string, at: string): Promise<string> {
  const id = newId();
  await db.insertInto('tenants').values({ id, code, name, time_zone: 'Asia/Shanghai', settings: '{}', created_at: at }).execute();
  return id;
}

const RANKS = ['业务员', '业务主任', '业务经理', '高级经理', '总监'];

async function seedRanks(s: SeedContext): Promise<void> {
  for (const [level, name] of RANKS.entries()) {
    const id = newId();
    await insertRank(s.db, { id, tenant_id: s.tenantId, name, level, created_at: s.at });
    s.ranks[name] = id;
  }
}

/** The main demo company: a branch, two departments, three teams each of 8–10 agents. */
async function seedMainTenant(db: Queryable, hash: string, today: Date, at: string): Promise<DemoLogin[]> {
  const s: SeedContext = { db, tenantId: await createTenant(db, 'demo', '平和人寿保险股份有限公司', at), hash, rnd: makeRandom(20261127), today, at, logins: [], ranks: {} };
  await seedRanks(s);
  const company = await unit(s, null, 'company', '平和人寿保险股份有限公司');
  const branch = await unit(s, company, 'branch', '杭州中心支公司');
  await person(s, { username: 'admin', role: 'admin', unitId: company, unitName: '平和人寿', rank: '', joinedDaysAgo: 1800 });
  const exec = await person(s, { username: 'exec', role: 'executive', unitId: branch, unitName: '杭州中心支公司', rank: '总监', joinedDaysAgo: 1750 });
  await lead(s, branch, exec);

  let agentNo = 1;
  let supNo = 1;
  const teamNames = [
    ['精英组', '腾飞组', '卓越组'],
    ['启航组', '先锋组', '众诚组'],
  ];
  for (const [d, deptName] of ['营服一部', '营服二部'].entries()) {
    const dept = await unit(s, branch, 'department', deptName, d);
    const manager = await person(s, { username: `manager${d + 1}`, role: 'manager', unitId: dept, unitName: deptName, rank: '高级经理', joinedDaysAgo: s.rnd.int(1300, 1800) });
    await lead(s, dept, manager);
    await person(s, { username: `staff${d + 1}`, role: 'staff', unitId: dept, unitName: deptName, rank: '', joinedDaysAgo: s.rnd.int(400, 1500) });
    const teams: string[] = [];
    for (const [t, teamName] of (teamNames[d] ?? []).entries()) {
      const team = await unit(s, dept, 'team', teamName, t);
      teams.push(team);
      const sup = await person(s, { username: `sup${supNo++}`, role: 'supervisor', unitId: team, unitName: teamName, rank: s.rnd.pick(['业务主任', '业务经理']), joinedDaysAgo: s.rnd.int(700, 1800), recruiterId: manager });
      await lead(s, team, sup);
      const size = s.rnd.int(8, 10);
      const recruiters = [sup];
      for (let i = 0; i < size; i++) {
        const username = `agent${String(agentNo++).padStart(3, '0')}`;
        // agent001 stays active: the quick start and CI log in with it.
        const leaves = username !== 'agent001' && s.rnd.chance(0.08);
        const moved = !leaves && t > 0 && i === 0 ? { unitId: teams[0] ?? team, daysAgo: s.rnd.int(30, 180) } : undefined;
        const joined = s.rnd.int(20, 1825);
        const id = await person(s, {
          username,
          role: 'agent',
          unitId: team,
          unitName: teamName,
          rank: joined > 900 && s.rnd.chance(0.3) ? '业务主任' : '业务员',
          joinedDaysAgo: joined,
          recruiterId: s.rnd.pick(recruiters),
          ...(leaves ? { leftDaysAgo: s.rnd.int(1, Math.min(joined - 1, 300)) } : {}),
          ...(moved ? { movedFrom: moved } : {}),
        });
        if (!leaves && s.rnd.chance(0.3)) recruiters.push(id);
      }
    }
  }
  await seedAttendanceDemo(db, s.tenantId);
  await seedActivityDemo(db, s.tenantId);
  await seedProspectDemo(db, s.tenantId);
  return s.logins;
}

/** A second, small company so tenant isolation can be seen. */
async function seedSecondTenant(db: Queryable, hash: string, today: Date, at: string): Promise<DemoLogin[]> {
  const s: SeedContext = { db, tenantId: await createTenant(db, 'demo2', '安信财产保险有限公司', at), hash, rnd: makeRandom(42), today, at, logins: [], ranks: {} };
  await seedRanks(s);
  const company = await unit(s, null, 'company', '安信财产保险有限公司');
  const team = await unit(s, company, 'team', '直销一组');
  await person(s, { username: 'demo2-admin', role: 'admin', unitId: company, unitName: '安信财险', rank: '', joinedDaysAgo: 900 });
  const sup = await person(s, { username: 'demo2-sup', role: 'supervisor', unitId: team, unitName: '直销一组', rank: '业务经理', joinedDaysAgo: 800 });
  await lead(s, team, sup);
  for (let i = 1; i <= 3; i++) {
    await person(s, { username: `demo2-agent${i}`, role: 'agent', unitId: team, unitName: '直销一组', rank: '业务员', joinedDaysAgo: s.rnd.int(30, 700), recruiterId: sup });
  }
  return s.logins;
}

export async function isDatabaseEmpty(db: DB): Promise<boolean> {
  const row = await db.selectFrom('tenants').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/** Loads the demo organisation in one transaction; returns the logins to print. */
export async function seedDemo(db: DB): Promise<DemoLogin[]> {
  const hash = await hashPassword(DEMO_PASSWORD);
  const today = new Date(`${businessDate()}T00:00:00Z`);
  const at = nowIso();
  return db.transaction().execute(async (trx) => [
    ...(await seedMainTenant(trx, hash, today, at)),
    ...(await seedSecondTenant(trx, hash, today, at)),
  ]);
}

export function formatLogins(logins: DemoLogin[]): string {
  const agents = logins.filter((l) => l.role === 'agent' && !l.username.startsWith('demo2'));
  const others = logins.filter((l) => l.role !== 'agent' || l.username.startsWith('demo2'));
  const lines = others.map((l) => `  ${l.username.padEnd(14)} ${l.role.padEnd(11)} ${l.displayName}（${l.unit}）`);
  lines.push(`  agent001 … ${agents.at(-1)?.username ?? ''}  agent      (${agents.length} agents)`);
  return `Demo logins (password for all: ${DEMO_PASSWORD}):\n${lines.join('\n')}`;
}
