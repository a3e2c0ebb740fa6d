import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionalGroup } from '../../../contracts/org.ts';
import type { DB } from '../../db/database.ts';
import { loginAs, makeTestApp, type TestClient } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg } from '../../test/factories.ts';

async function counts(db: DB) {
  const n = async (t: 'functional_groups' | 'functional_group_members' | 'audit_log') =>
    Number(
      (
        await db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { groups: await n('functional_groups'), members: await n('functional_group_members'), audit: await n('audit_log') };
}

const audits = (db: DB, id: string) =>
  db.selectFrom('audit_log').select(['action', 'actor_id', 'before_json', 'after_json']).where('entity', '=', 'functionalGroup').where('entity_id', '=', id).orderBy('at').orderBy('id').execute();

const pathsOf = (body: string) => (JSON.parse(body) as { error: { details: { path: string }[] } }).error.details.map((d) => d.path).sort();

forEachDialect('functional groups', (get) => {
  let app: FastifyInstance;
  let org: TestOrg;
  let db: DB;
  let manager: TestClient;
  let group: FunctionalGroup;
  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    app = await makeTestApp(get());
    manager = await loginAs(app, org.users.manager1.username);
  });
  afterAll(() => app.close());

  it('a manager creates a group in the department with a lead and members; it is audited', async () => {
    const res = await manager.post('/api/org/groups', {
      unitId: org.units.dept1,
      name: '增员功能组',
      system: 'recruitment',
      leadUserId: org.users.sup1.id,
      duties: '组织创业说明会，跟进增员名单',
      members: [{ userId: org.users.agent1.id, duty: '名单收集' }, { userId: org.users.agent2.id }],
    });
    expect(res.statusCode).toBe(200);
    group = JSON.parse(res.body) as FunctionalGroup;
    expect(group).toMatchObject({ unitId: org.units.dept1, name: '增员功能组', system: 'recruitment', leadUserId: org.users.sup1.id });
    expect(group.members.map((m) => [m.userId, m.duty]).sort()).toEqual(
      [
        [org.users.agent1.id, '名单收集'],
        [org.users.agent2.id, ''],
      ].sort(),
    );
    expect(group.members.find((m) => m.userId === org.users.agent1.id)?.displayName).toBe(`测试${org.users.agent1.username}`);
    const trail = await audits(db, group.id);
    expect(trail.map((a) => [a.action, a.actor_id])).toEqual([['create', org.users.manager1.id]]);
    expect(JSON.parse(trail[0]!.after_json!)).toMatchObject({ name: '增员功能组', members: [{}, {}] });
  });

  it('those in scope, the lead and the members see it; others see nothing and get 404', async () => {
    for (const who of [org.users.manager1, org.users.admin, org.users.exec, org.users.staff1, org.users.sup1, org.users.agent1]) {
      const c = await loginAs(app, who.username);
      const list = JSON.parse((await c.get('/api/org/groups')).body) as FunctionalGroup[];
      expect(list.map((g) => g.id), who.username).toContain(group.id);
      expect((await c.get(`/api/org/groups/${group.id}`)).statusCode).toBe(200);
    }
    for (const who of [org.users.agent1b, org.users.sup3, org.users.agent3, org.users.manager2, org.other.admin]) {
      const c = await loginAs(app, who.username);
      const res = await c.get('/api/org/groups');
      expect(res.statusCode).toBe(200);
      expect((JSON.parse(res.body) as FunctionalGroup[]).map((g) => g.id), who.username).not.toContain(group.id);
      expect((await c.get(`/api/org/groups/${group.id}`)).statusCode, who.username).toBe(404);
    }
  });

  it('filters by unit subtree', async () => {
    const admin = await loginAs(app, org.users.admin.username);
    const ids = async (unitId: string) =>
      (JSON.parse((await admin.get(`/api/org/groups?unitId=${unitId}`)).body) as FunctionalGroup[]).map((g) => g.id);
    expect(await ids(org.units.branch)).toContain(group.id);
    expect(await ids(org.units.dept1)).toContain(group.id);
    expect(await ids(org.units.dept2)).not.toContain(group.id);
  });

  it('bad input answers 400 with field details and writes nothing', async () => {
    const before = await counts(db);
    const bad = await manager.post('/api/org/groups', { unitId: org.units.dept1, name: '', system: 'sales' });
    expect(bad.statusCode).toBe(400);
    expect(pathsOf(bad.body)).toEqual(['body.name', 'body.system']);
    // Out of scope: the other department, its people, another tenant's people.
    const scope = await manager.post('/api/org/groups', {
      unitId: org.units.dept2,
      name: '培训组',
      system: 'training',
      leadUserId: org.other.agent.id,
      members: [{ userId: org.users.agent3.id }, { userId: org.users.agent1.id }, { userId: org.users.agent1.id }],
    });
    expect(scope.statusCode).toBe(400);
    expect(pathsOf(scope.body)).toEqual(['body.leadUserId', 'body.members.0.userId', 'body.members.2.userId', 'body.unitId']);
    const dup = await manager.post('/api/org/groups', { unitId: org.units.dept1, name: '增员功能组', system: 'training' });
    expect(dup.statusCode).toBe(409);
    const patch = await manager.patch(`/api/org/groups/${group.id}`, { members: [{ userId: org.users.agent3.id }], system: 'x' });
    expect(patch.statusCode).toBe(400);
    expect(pathsOf(patch.body)).toEqual(['body.system']);
    const patchScope = await manager.patch(`/api/org/groups/${group.id}`, { members: [{ userId: org.users.agent3.id }] });
    expect(patchScope.statusCode).toBe(400);
    expect(pathsOf(patchScope.body)).toEqual(['body.members.0.userId']);
    expect(await counts(db)).toEqual(before);
  });

  it('roles without group.write are refused; writers out of scope get 404', async () => {
    const clients = await Promise.all(
      [org.users.agent1, org.users.sup1, org.users.staff1, org.users.exec, org.users.manager2, org.other.admin].map((u) => loginAs(app, u.username)),
    );
    const before = await counts(db);
    for (const c of clients.slice(0, 4)) {
      expect((await c.post('/api/org/groups', { unitId: org.units.dept1, name: 'x', system: 'meeting' })).statusCode).toBe(403);
      expect((await c.patch(`/api/org/groups/${group.id}`, { name: 'x' })).statusCode).toBe(403);
      expect((await c.delete(`/api/org/groups/${group.id}`)).statusCode).toBe(403);
    }
    for (const c of clients.slice(4)) {
      expect((await c.patch(`/api/org/groups/${group.id}`, { name: 'x' })).statusCode).toBe(404);
      expect((await c.delete(`/api/org/groups/${group.id}`)).statusCode).toBe(404);
    }
    expect(await counts(db)).toEqual(before);
  });

  it('a patch replaces the members when given and keeps them otherwise; audited with before and after', async () => {
    const renamed = await manager.patch(`/api/org/groups/${group.id}`, { name: '增员组', duties: '每月两场创说会' });
    expect(renamed.statusCode).toBe(200);
    const kept = JSON.parse(renamed.body) as FunctionalGroup;
    expect(kept).toMatchObject({ name: '增员组', duties: '每月两场创说会', leadUserId: org.users.sup1.id });
    expect(kept.members).toHaveLength(2);

    const res = await manager.patch(`/api/org/groups/${group.id}`, {
      leadUserId: null,
      members: [{ userId: org.users.agent1b.id, duty: '会务' }],
    });
    expect(res.statusCode).toBe(200);
    const updated = JSON.parse(res.body) as FunctionalGroup;
    expect(updated.leadUserId).toBeNull();
    expect(updated.members).toEqual([{ userId: org.users.agent1b.id, displayName: `测试${org.users.agent1b.username}`, duty: '会务' }]);

    const trail = await audits(db, group.id);
    expect(trail.map((a) => a.action)).toEqual(['create', 'update', 'update']);
    const last = trail[2]!;
    expect((JSON.parse(last.before_json!) as { members: unknown[] }).members).toHaveLength(2);
    expect(JSON.parse(last.after_json!)).toMatchObject({ lead_user_id: null, members: [{ user_id: org.users.agent1b.id, duty: '会务' }] });
  });

  it('a manager deletes the group with its members; it is audited and gone', async () => {
    const before = await counts(db);
    expect((await manager.delete(`/api/org/groups/${group.id}`)).statusCode).toBe(200);
    const after = await counts(db);
    expect(after.groups).toBe(before.groups - 1);
    expect(after.members).toBe(before.members - 1);
    expect((await audits(db, group.id)).map((a) => a.action)).toEqual(['create', 'update', 'update', 'delete']);
    expect((await manager.get(`/api/org/groups/${group.id}`)).statusCode).toBe(404);
    expect((await manager.delete(`/api/org/groups/${group.id}`)).statusCode).toBe(404);
  });

  describe('admin', () => {
    it('creates groups in any unit of the tenant', async () => {
      const admin = await loginAs(app, org.users.admin.username);
      const res = await admin.post('/api/org/groups', { unitId: org.units.dept2, name: '早会组', system: 'meeting', members: [{ userId: org.users.agent3.id }] });
      expect(res.statusCode).toBe(200);
      const m2 = await loginAs(app, org.users.manager2.username);
      const list = JSON.parse((await m2.get('/api/org/groups')).body) as FunctionalGroup[];
      expect(list.map((g) => g.name)).toEqual(['早会组']);
    });
  });
});
