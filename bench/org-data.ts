// The company of the benchmarks that read a department and its agents (bench/activity-data.ts,
// bench/prospects-data.ts): a tenant of its own, 20 departments of 500 agents in teams of 10 by
// default, a manager per department and an executive over the company, every person with a
// membership of their unit, and sessions with known tokens. Made in memory (buildBenchOrg), then
// written through Kysely into a migrated database (writeBenchOrg).
import { createHash, randomBytes } from 'node:crypto';
import type { DB } from '../server/db/database.ts';
import type { DialectName } from '../server/db/dialect.ts';
import { newId } from '../server/db/ids.ts';
import type {
  OrgUnitClosureTable,
  OrgUnitTable,
  SessionTable,
  UnitMembershipTable,
  UserTable,
} from '../server/db/schema.ts';
import { chineseName } from '../server/seed/people.ts';
import type { Random } from '../server/seed/random.ts';
import type { Role, UnitKind } from '../contracts/roles.ts';

export const AGENTS_PER_TEAM = 10;
export const TEAMS_PER_DEPARTMENT = 50;
export const AGENTS_PER_DEPARTMENT = AGENTS_PER_TEAM * TEAMS_PER_DEPARTMENT;
export const TIME_ZONE = 'Asia/Shanghai';

export interface Target {
  dialect: DialectName;
  /** SQLite file, or PostgreSQL URL. */
  sqliteFile?: string;
  databaseUrl?: string;
}

export const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export interface OrgPerson {
  id: string;
  username: string;
  /** The session token, when the person has a session. */
  token: string | null;
}

export interface OrgAgent extends OrgPerson {
  /** The agent's team. */
  unitId: string;
  departmentIndex: number;
  managerId: string;
}

export interface OrgDepartment {
  unit: OrgUnitTable;
  manager: OrgPerson;
  teams: OrgUnitTable[];
  agents: OrgAgent[];
}

export interface BenchOrg {
  tenantId: string;
  /** Unique per run: in usernames and the tenant's code. */
  tag: string;
  company: OrgUnitTable;
  executive: OrgPerson;
  departments: OrgDepartment[];
  rows: {
    units: OrgUnitTable[];
    closure: OrgUnitClosureTable[];
    users: UserTable[];
    memberships: UnitMembershipTable[];
    sessions: SessionTable[];
  };
}

export interface OrgOptions {
  departments: number;
  /** Creation instant of units and people. */
  createdAt: string;
  /** Join date of everyone (and start of their memberships). */
  joined: string;
  /** Sessions are created now and last a day. */
  now: Date;
  passwordHash: string;
  /** Whether an agent gets a session (default: every agent). Managers and the executive always do. */
  agentSession?: (departmentIndex: number, indexInDepartment: number) => boolean;
}

/** The company in memory: units with their closure, people, memberships, sessions. */
export function buildBenchOrg(rnd: Random, o: OrgOptions): BenchOrg {
  const tenantId = newId();
  const tag = Date.now().toString(36);
  const at = o.now.toISOString();
  const expires = new Date(o.now.getTime() + 24 * 3_600_000).toISOString();
  const rows: BenchOrg['rows'] = { units: [], closure: [], users: [], memberships: [], sessions: [] };
  const ancestorsOf = new Map<string, string[]>();
  const unit = (parentId: string | null, kind: UnitKind, name: string, order: number): OrgUnitTable => {
    const row: OrgUnitTable = {
      id: newId(),
      tenant_id: tenantId,
      parent_id: parentId,
      name,
      kind,
      leader_user_id: null,
      sort_order: order,
      created_at: o.createdAt,
      updated_at: o.createdAt,
    };
    rows.units.push(row);
    const chain = [row.id, ...(parentId ? ancestorsOf.get(parentId)! : [])];
    ancestorsOf.set(row.id, chain);
    chain.forEach((ancestor, depth) =>
      rows.closure.push({ tenant_id: tenantId, ancestor_id: ancestor, descendant_id: row.id, depth }),
    );
    return row;
  };
  const person = (username: string, role: Role, unitId: string, session: boolean): OrgPerson => {
    const id = newId();
    rows.users.push({
      id,
      tenant_id: tenantId,
      username,
      password_hash: o.passwordHash,
      display_name: chineseName(rnd),
      role,
      unit_id: unitId,
      rank_id: null,
      phone: null,
      id_number: null,
      gender: null,
      birth_date: null,
      join_date: o.joined,
      recruiter_id: null,
      status: 'active',
      leave_date: null,
      must_change_password: 0,
      password_changed_at: o.createdAt,
      created_at: o.createdAt,
      updated_at: o.createdAt,
    });
    rows.memberships.push({
      id: newId(),
      tenant_id: tenantId,
      user_id: id,
      unit_id: unitId,
      start_date: o.joined,
      end_date: null,
      created_at: o.createdAt,
    });
    let token: string | null = null;
    if (session) {
      token = newToken();
      rows.sessions.push({
        id: newId(),
        tenant_id: tenantId,
        user_id: id,
        token_hash: sha256(token),
        created_at: at,
        last_seen_at: at,
        expires_at: expires,
        ip: '127.0.0.1',
        user_agent: 'bench',
        revoked_at: null,
      });
    }
    return { id, username, token };
  };

  const company = unit(null, 'company', 'Bench Life Insurance', 0);
  const executive = person(`bench${tag}-exec`, 'executive', company.id, true);
  company.leader_user_id = executive.id;
  const departments: OrgDepartment[] = [];
  for (let d = 0; d < o.departments; d++) {
    const dept = unit(company.id, 'department', `Department ${d + 1}`, d);
    const manager = person(`bench${tag}-m${d + 1}`, 'manager', dept.id, true);
    dept.leader_user_id = manager.id;
    const teams: OrgUnitTable[] = [];
    const agents: OrgAgent[] = [];
    for (let t = 0; t < TEAMS_PER_DEPARTMENT; t++) {
      const team = unit(dept.id, 'team', `Team ${d + 1}-${t + 1}`, t);
      teams.push(team);
      for (let a = 0; a < AGENTS_PER_TEAM; a++) {
        const n = (d * TEAMS_PER_DEPARTMENT + t) * AGENTS_PER_TEAM + a + 1;
        const session = o.agentSession?.(d, agents.length) ?? true;
        const p = person(`bench${tag}-a${n}`, 'agent', team.id, session);
        agents.push({ ...p, unitId: team.id, departmentIndex: d, managerId: manager.id });
      }
    }
    departments.push({ unit: dept, manager, teams, agents });
  }
  return { tenantId, tag, company, executive, departments, rows };
}

/** Inserts rows through Kysely in chunks that stay under the databases' parameter limits. */
export async function insertInChunks<T extends object>(db: DB, table: string, rows: T[]): Promise<void> {
  if (!rows.length) return;
  const size = Math.max(1, Math.floor(30_000 / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += size)
    await db
      .insertInto(table as never)
      .values(rows.slice(i, i + size))
      .execute();
}

/** Writes the tenant and its company (units, closure, people, memberships, sessions). */
export async function writeBenchOrg(db: DB, org: BenchOrg, createdAt: string): Promise<void> {
  await db
    .insertInto('tenants')
    .values({
      id: org.tenantId,
      code: `bench-${org.tag}`,
      name: 'Bench Life Insurance',
      time_zone: TIME_ZONE,
      settings: '{}',
      created_at: createdAt,
    })
    .execute();
  await insertInChunks(db, 'org_units', org.rows.units);
  await insertInChunks(db, 'org_unit_closure', org.rows.closure);
  await insertInChunks(db, 'users', org.rows.users);
  await insertInChunks(db, 'unit_memberships', org.rows.memberships);
  await insertInChunks(db, 'sessions', org.rows.sessions);
}

/** The agents' session tokens interleaved across departments (agent i of each department in turn). */
export function interleavedAgentTokens(org: BenchOrg): string[] {
  const out: string[] = [];
  for (let i = 0; i < AGENTS_PER_DEPARTMENT; i++)
    for (const d of org.departments) {
      const t = d.agents[i]?.token;
      if (t) out.push(t);
    }
  return out;
}
