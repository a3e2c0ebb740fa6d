import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, makeUser, type TestOrg } from '../../test/factories.ts';
import { loginAs, makeTestApp, type TestClient } from '../../test/app.ts';
import type { Membership, User } from '../../../contracts/user.ts';
import { businessDate } from '../../lib/clock.ts';

forEachDialect('people', (get) => {
  let app: FastifyInstance;
  let org: TestOrg;
  let admin: TestClient;
  let staff: TestClient;
  beforeAll(async () => {
    org = await makeOrg(get().db);
    app = await makeTestApp(get());
    admin = await loginAs(app, org.users.admin.username);
    staff = await loginAs(app, org.users.staff1.username);
  });
  afterAll(() => app.close());

  const count = async (table: 'users' | 'audit_log' | 'unit_memberships') =>
    Number((await get().db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const valid = () => ({
    username: `new${Math.random().toString(36).slice(2, 8)}`,
    password: 'a long enough passphrase',
    displayName: '新同事',
    role: 'agent',
    unitId: org.units.team1,
    phone: '13700001234',
    idNumber: '11010519491231002X',
    gender: 'female',
    joinDate: '2026-01-05',
  });

  it('staff create an agent in their department; it is audited with masked numbers', async () => {
    const res = await staff.post('/api/users', valid());
    expect(res.statusCode).toBe(200);
    const user = JSON.parse(res.body) as User;
    expect(user.phone).toBe('137****1234');
    const audit = await get().db.selectFrom('audit_log').selectAll().where('entity_id', '=', user.id).where('action', '=', 'create').executeTakeFirstOrThrow();
    expect(audit.after_json).toContain('137****1234');
    expect(audit.after_json).not.toContain('13700001234');
    expect(audit.after_json).not.toContain('password_hash');
    expect(audit.after_json).not.toContain('$argon2');
    const memberships = JSON.parse((await staff.get(`/api/users/${user.id}/memberships`)).body) as Membership[];
    expect(memberships).toEqual([expect.objectContaining({ unitId: org.units.team1, startDate: '2026-01-05', endDate: null })]);
  });

  it('answers 400 with field details on bad input and writes nothing', async () => {
    const before = await Promise.all([count('users'), count('audit_log'), count('unit_memberships')]);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid(), phone: '12345' }, 'body.phone'],
      [{ ...valid(), idNumber: '110105194912310021' }, 'body.idNumber'],
      [{ ...valid(), idNumber: 'abc' }, 'body.idNumber'],
      [{ ...valid(), username: 'a b' }, 'body.username'],
      [{ ...valid(), role: 'king' }, 'body.role'],
      [{ ...valid(), unitId: org.units.team3 }, 'body.unitId'],
      [{ ...valid(), unitId: org.other.tenant.rootUnitId }, 'body.unitId'],
      [{ ...valid(), role: 'manager' }, 'body.role'],
      [{ ...valid(), birthDate: '2026-13-45x' }, 'body.birthDate'],
      [{ ...valid(), password: 'short' }, 'body.newPassword'],
      [{ ...valid(), displayName: undefined }, 'body.displayName'],
    ];
    for (const [body, path] of cases) {
      const res = await staff.post('/api/users', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const details = (JSON.parse(res.body) as { error: { details: { path: string }[] } }).error.details;
      expect(details.map((d) => d.path), JSON.stringify(body)).toContain(path);
    }
    const taken = await staff.post('/api/users', { ...valid(), username: org.users.agent1.username });
    expect(taken.statusCode).toBe(409);
    expect(JSON.parse(taken.body).error.code).toBe('USERNAME_TAKEN');
    expect(await Promise.all([count('users'), count('audit_log'), count('unit_memberships')])).toEqual(before);
    expect((await staff.patch(`/api/users/${org.users.agent1.id}`, { phone: 'nope' })).statusCode).toBe(400);
    expect((await staff.post(`/api/users/${org.users.agent1.id}/move`, { unitId: 'missing' })).statusCode).toBe(400);
    expect(await Promise.all([count('users'), count('audit_log'), count('unit_memberships')])).toEqual(before);
  });

  it('refuses writes from roles without the action and 404s out of scope', async () => {
    const agent = await loginAs(app, org.users.agent1.username);
    expect((await agent.post('/api/users', valid())).statusCode).toBe(403);
    expect((await agent.patch(`/api/users/${org.users.agent1b.id}`, { displayName: 'x' })).statusCode).toBe(403);
    // staff of department 1 cannot touch department 2
    expect((await staff.patch(`/api/users/${org.users.agent3.id}`, { displayName: 'x' })).statusCode).toBe(404);
    expect((await staff.post(`/api/users/${org.users.agent3.id}/move`, { unitId: org.units.team1 })).statusCode).toBe(404);
    const other = await loginAs(app, org.other.admin.username);
    expect((await other.patch(`/api/users/${org.users.agent1.id}`, { displayName: 'x' })).statusCode).toBe(404);
    expect((await other.get(`/api/users/${org.users.agent1.id}/memberships`)).statusCode).toBe(404);
  });

  it('moves a person: the old membership is closed the day before, history is kept', async () => {
    const mover = await makeUser(get().db, org.tenant, org.units.team1, 'agent');
    const res = await admin.post(`/api/users/${mover.id}/move`, { unitId: org.units.team2, effectiveDate: '2026-03-01' });
    expect(res.statusCode).toBe(200);
    expect((JSON.parse(res.body) as User).unitId).toBe(org.units.team2);
    const history = JSON.parse((await admin.get(`/api/users/${mover.id}/memberships`)).body) as Membership[];
    expect(history).toEqual([
      expect.objectContaining({ unitId: org.units.team2, startDate: '2026-03-01', endDate: null }),
      expect.objectContaining({ unitId: org.units.team1, startDate: '2024-01-01', endDate: '2026-02-28' }),
    ]);
    // the new supervisor sees the person, the old one no longer does
    expect((await (await loginAs(app, org.users.sup2.username)).get(`/api/users/${mover.id}`)).statusCode).toBe(200);
    expect((await (await loginAs(app, org.users.sup1.username)).get(`/api/users/${mover.id}`)).statusCode).toBe(404);
    const future = await admin.post(`/api/users/${mover.id}/move`, { unitId: org.units.team1, effectiveDate: '2999-01-01' });
    expect(future.statusCode).toBe(400);
    const beforeStart = await admin.post(`/api/users/${mover.id}/move`, { unitId: org.units.team1, effectiveDate: '2026-02-01' });
    expect(beforeStart.statusCode).toBe(400);
  });

  it('reveals a full number only to allowed roles and to the person, audited', async () => {
    const reveal = (c: TestClient, id: string, field: string) => c.post(`/api/users/${id}/reveal`, { field });
    const res = await reveal(staff, org.users.agent1.id, 'phone');
    expect(JSON.parse(res.body)).toEqual({ field: 'phone', value: '13900001111' });
    const audits = await get().db.selectFrom('audit_log').selectAll().where('entity_id', '=', org.users.agent1.id).where('action', '=', 'reveal').execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actor_id).toBe(org.users.staff1.id);
    const sup = await loginAs(app, org.users.sup1.username);
    expect((await reveal(sup, org.users.agent1.id, 'idNumber')).statusCode).toBe(403);
    const self = await loginAs(app, org.users.agent1.username);
    expect(JSON.parse((await reveal(self, org.users.agent1.id, 'idNumber')).body).value).toBe('11010519491231002X');
    expect((await reveal(self, org.users.agent1b.id, 'phone')).statusCode).toBe(404);
  });

  it('marks a person as left, ends their sessions, and filters the list by status', async () => {
    const leaver = await makeUser(get().db, org.tenant, org.units.team2, 'agent');
    const session = await loginAs(app, leaver.username);
    const res = await admin.patch(`/api/users/${leaver.id}`, { status: 'left' });
    expect((JSON.parse(res.body) as User).leaveDate).toBe(businessDate());
    expect((await session.get('/api/auth/me')).statusCode).toBe(401);
    const left = JSON.parse((await admin.get('/api/users?status=left&pageSize=200')).body) as { items: User[] };
    expect(left.items.map((u) => u.id)).toContain(leaver.id);
    expect(left.items.every((u) => u.status === 'left')).toBe(true);
  });

  it('filters by unit subtree, role and search text; sorts and paginates on the server', async () => {
    const res = JSON.parse((await admin.get(`/api/users?unitId=${org.units.dept1}&role=agent&pageSize=2&sort=-username`)).body) as { items: User[]; total: number };
    expect(res.items).toHaveLength(2);
    expect(res.total).toBeGreaterThanOrEqual(3);
    expect(res.items[0]!.username > res.items[1]!.username).toBe(true);
    const page2 = JSON.parse((await admin.get(`/api/users?unitId=${org.units.dept1}&role=agent&pageSize=2&page=2&sort=-username`)).body) as { items: User[] };
    expect(page2.items[0]!.username < res.items[1]!.username).toBe(true);
    const q = JSON.parse((await admin.get(`/api/users?q=${encodeURIComponent(org.users.agent2.username.toUpperCase())}`)).body) as { items: User[] };
    expect(q.items.map((u) => u.id)).toEqual([org.users.agent2.id]);
    expect((await admin.get('/api/users?pageSize=1000')).statusCode).toBe(400);
    // The total is the same whether it is counted or read off a last, partial page, or a page past the end.
    const all = JSON.parse((await admin.get('/api/users?pageSize=200')).body) as { items: User[]; total: number };
    expect(all.total).toBe(all.items.length);
    for (const [page, size] of [[1, 3], [2, 3], [Math.ceil(all.total / 3), 3], [99, 3], [1, all.total], [2, all.total]]) {
      const p = JSON.parse((await admin.get(`/api/users?pageSize=${size}&page=${page}`)).body) as { items: User[]; total: number };
      expect(p.total, `page ${page} of ${size}`).toBe(all.total);
    }
  });
});
