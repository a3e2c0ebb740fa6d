import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg } from '../../test/factories.ts';
import { loginAs, makeTestApp, type TestClient } from '../../test/app.ts';
import type { Unit } from '../../../contracts/org.ts';

forEachDialect('org tree', (get) => {
  let app: FastifyInstance;
  let org: TestOrg;
  let admin: TestClient;
  beforeAll(async () => {
    org = await makeOrg(get().db);
    app = await makeTestApp(get());
    admin = await loginAs(app, org.users.admin.username);
  });
  afterAll(() => app.close());

  const units = async (c: TestClient) => JSON.parse((await c.get('/api/org/units')).body) as Unit[];
  const closureRows = async () =>
    Number((await get().db.selectFrom('org_unit_closure').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const auditRows = async (entityId?: string) => {
    let q = get().db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n'));
    if (entityId) q = q.where('entity_id', '=', entityId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  it('shows each role the units of its scope', async () => {
    const all = await units(admin);
    expect(all.map((u) => u.id)).toEqual(expect.arrayContaining(Object.values(org.units)));
    expect(all.find((u) => u.id === org.units.team1)?.depth).toBe(3);
    const mgr = await units(await loginAs(app, org.users.manager1.username));
    expect(mgr.map((u) => u.id).sort()).toEqual([org.units.dept1, org.units.team1, org.units.team2].sort());
    const sup = await units(await loginAs(app, org.users.sup1.username));
    expect(sup.map((u) => u.id)).toEqual([org.units.team1]);
    const other = await units(await loginAs(app, org.other.admin.username));
    expect(other.map((u) => u.id)).not.toContain(org.units.root);
  });

  it('creates a unit at any depth, keeps the closure table and audits it', async () => {
    const res = await admin.post('/api/org/units', { parentId: org.units.team1, name: '一组A小队', kind: 'team' });
    expect(res.statusCode).toBe(200);
    const created = JSON.parse(res.body) as Unit;
    expect(created.depth).toBe(4);
    const ancestors = await get().db.selectFrom('org_unit_closure').select(['ancestor_id', 'depth']).where('descendant_id', '=', created.id).orderBy('depth').execute();
    expect(ancestors.map((a) => a.ancestor_id)).toEqual([created.id, org.units.team1, org.units.dept1, org.units.branch, org.units.root]);
    expect(await auditRows(created.id)).toBe(1);
    // the manager of the department now sees it, the other manager does not
    const m1 = await loginAs(app, org.users.manager1.username);
    expect((await m1.get(`/api/org/units/${created.id}`)).statusCode).toBe(200);
    const m2 = await loginAs(app, org.users.manager2.username);
    expect((await m2.get(`/api/org/units/${created.id}`)).statusCode).toBe(404);
  });

  it('moves a subtree under another parent and refuses a cycle', async () => {
    const parent = JSON.parse((await admin.post('/api/org/units', { parentId: org.units.dept1, name: '临时部', kind: 'department' })).body) as Unit;
    const child = JSON.parse((await admin.post('/api/org/units', { parentId: parent.id, name: '临时组', kind: 'team' })).body) as Unit;
    const moved = await admin.patch(`/api/org/units/${parent.id}`, { parentId: org.units.dept2 });
    expect(moved.statusCode).toBe(200);
    const m2 = await loginAs(app, org.users.manager2.username);
    expect((await m2.get(`/api/org/units/${child.id}`)).statusCode).toBe(200);
    const m1 = await loginAs(app, org.users.manager1.username);
    expect((await m1.get(`/api/org/units/${child.id}`)).statusCode).toBe(404);
    const depth = await get().db.selectFrom('org_unit_closure').select('depth').where('ancestor_id', '=', org.units.root).where('descendant_id', '=', child.id).executeTakeFirstOrThrow();
    expect(depth.depth).toBe(4);
    const cycle = await admin.patch(`/api/org/units/${parent.id}`, { parentId: child.id });
    expect(cycle.statusCode).toBe(400);
    expect(JSON.parse(cycle.body).error.code).toBe('UNIT_CYCLE');
  });

  it('deletes only empty units', async () => {
    const res = await admin.delete(`/api/org/units/${org.units.team1}`);
    expect(res.statusCode).toBe(409);
    const empty = JSON.parse((await admin.post('/api/org/units', { parentId: org.units.dept2, name: '空组', kind: 'team' })).body) as Unit;
    expect((await admin.delete(`/api/org/units/${empty.id}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/org/units/${empty.id}`)).statusCode).toBe(404);
    expect(await auditRows(empty.id)).toBe(2);
  });

  it('answers 400 with field details on bad input and writes nothing', async () => {
    const [closure, audit] = [await closureRows(), await auditRows()];
    for (const body of [
      {},
      { parentId: org.units.dept1, name: '', kind: 'team' },
      { parentId: org.units.dept1, name: 'x', kind: 'planet' },
      { parentId: 'no-such-unit', name: 'x', kind: 'team' },
      { parentId: org.other.tenant.rootUnitId, name: 'x', kind: 'team' },
      { parentId: org.units.dept1, name: 'x', kind: 'team', leaderUserId: org.other.admin.id },
    ]) {
      const res = await admin.post('/api/org/units', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const error = JSON.parse(res.body).error as { code: string; details: { path: string }[] };
      expect(error.details.length).toBeGreaterThan(0);
      expect(error.details[0]!.path).toMatch(/^body\./);
    }
    expect((await admin.patch(`/api/org/units/${org.units.team1}`, { name: '' })).statusCode).toBe(400);
    expect(await closureRows()).toBe(closure);
    expect(await auditRows()).toBe(audit);
  });

  it('refuses writes to roles without org.write and to another tenant', async () => {
    const m1 = await loginAs(app, org.users.manager1.username);
    expect((await m1.post('/api/org/units', { parentId: org.units.dept1, name: 'x', kind: 'team' })).statusCode).toBe(403);
    const other = await loginAs(app, org.other.admin.username);
    expect((await other.patch(`/api/org/units/${org.units.team1}`, { name: 'hijack' })).statusCode).toBe(404);
    expect((await other.delete(`/api/org/units/${org.units.team3}`)).statusCode).toBe(404);
  });

  it('keeps a rank ladder per tenant', async () => {
    expect((await admin.post('/api/org/ranks', { name: '业务员', level: 0 })).statusCode).toBe(200);
    expect((await admin.post('/api/org/ranks', { name: '业务员', level: 1 })).statusCode).toBe(409);
    expect((await admin.post('/api/org/ranks', { name: '', level: 1 })).statusCode).toBe(400);
    const other = await loginAs(app, org.other.admin.username);
    expect(JSON.parse((await other.get('/api/org/ranks')).body)).toEqual([]);
  });
});
