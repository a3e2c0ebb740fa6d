import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../test/dialects.ts';
import { makeOrg, type TestOrg } from '../test/factories.ts';
import { loginAs, makeTestApp } from '../test/app.ts';

forEachDialect('data scope of people', (get) => {
  let app: FastifyInstance;
  let org: TestOrg;
  beforeAll(async () => {
    org = await makeOrg(get().db);
    app = await makeTestApp(get());
  });
  afterAll(() => app.close());

  const idsOf = (body: string) => (JSON.parse(body) as { items: { id: string }[] }).items.map((u) => u.id);

  it('an agent sees only themselves; a peer answers 404', async () => {
    const c = await loginAs(app, org.users.agent1.username);
    const list = await c.get('/api/users?pageSize=200');
    expect(list.statusCode).toBe(200);
    expect(idsOf(list.body)).toEqual([org.users.agent1.id]);
    expect(JSON.parse(list.body).total).toBe(1);
    expect((await c.get(`/api/users/${org.users.agent1b.id}`)).statusCode).toBe(404);
  });

  it("a supervisor sees their team, not another team's", async () => {
    const c = await loginAs(app, org.users.sup1.username);
    const ids = idsOf((await c.get('/api/users?pageSize=200')).body);
    expect(ids).toEqual(expect.arrayContaining([org.users.sup1.id, org.users.agent1.id, org.users.agent1b.id]));
    expect(ids).not.toContain(org.users.agent2.id);
    expect((await c.get(`/api/users/${org.users.agent2.id}`)).statusCode).toBe(404);
  });

  it("a manager sees their department, not the other department", async () => {
    const c = await loginAs(app, org.users.manager1.username);
    const body = JSON.parse((await c.get('/api/users?pageSize=200')).body) as { items: { id: string }[]; total: number };
    const ids = body.items.map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining([org.users.agent1.id, org.users.agent2.id, org.users.sup2.id]));
    expect(ids).not.toContain(org.users.agent3.id);
    expect(body.total).toBe(ids.length);
    expect((await c.get(`/api/users/${org.users.agent3.id}`)).statusCode).toBe(404);
  });

  it("another tenant's admin sees none of this tenant", async () => {
    const c = await loginAs(app, org.other.admin.username);
    const ids = idsOf((await c.get('/api/users?pageSize=200')).body);
    expect(ids).not.toContain(org.users.agent1.id);
    expect(ids).toHaveLength(2);
    expect((await c.get(`/api/users/${org.users.agent1.id}`)).statusCode).toBe(404);
    expect((await c.get(`/api/org/units/${org.units.team1}`)).statusCode).toBe(404);
  });

  it('phone and ID numbers are masked in responses', async () => {
    const c = await loginAs(app, org.users.admin.username);
    const user = JSON.parse((await c.get(`/api/users/${org.users.agent1.id}`)).body) as { phone: string; idNumber: string };
    expect(user.phone).toBe('139****1111');
    expect(user.idNumber).toBe('110***********002X');
  });
});

