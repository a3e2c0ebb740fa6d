import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../test/dialects.ts';
import { loginAs, makeTestApp } from '../test/app.ts';
import { DEMO_PASSWORD, isDatabaseEmpty, seedDemo, type DemoLogin } from './demo.ts';
import type { Unit } from '../../contracts/org.ts';
import type { User } from '../../contracts/user.ts';
import { isChineseIdNumber, isChineseMobile } from '../lib/pii.ts';

forEachDialect('demo organisation', (get) => {
  let app: FastifyInstance;
  let logins: DemoLogin[];
  beforeAll(async () => {
    expect(await isDatabaseEmpty(get().db)).toBe(true);
    logins = await seedDemo(get().db);
    app = await makeTestApp(get());
  });
  afterAll(() => app.close());

  it('has the named accounts, all with the demo password', async () => {
    const names = logins.map((l) => l.username);
    for (const u of ['admin', 'exec', 'manager1', 'manager2', 'staff1', 'staff2', 'sup1', 'sup6', 'agent001', 'demo2-admin']) {
      expect(names).toContain(u);
    }
    const me = await loginAs(app, 'agent001', DEMO_PASSWORD);
    expect(JSON.parse((await me.get('/api/auth/me')).body).role).toBe('agent');
  });

  it('is a branch with two departments of three teams of 8–10 agents under a supervisor', async () => {
    const admin = await loginAs(app, 'admin', DEMO_PASSWORD);
    const units = JSON.parse((await admin.get('/api/org/units')).body) as Unit[];
    const depts = units.filter((u) => u.kind === 'department');
    expect(depts.map((d) => d.name).sort()).toEqual(['营服一部', '营服二部']);
    for (const dept of depts) {
      const teams = units.filter((u) => u.parentId === dept.id && u.kind === 'team');
      expect(teams).toHaveLength(3);
      for (const team of teams) {
        expect(team.leaderUserId).toBeTruthy();
        const agents = await get().db.selectFrom('users').select('id').where('unit_id', '=', team.id).where('role', '=', 'agent').execute();
        expect(agents.length).toBeGreaterThanOrEqual(8);
        expect(agents.length).toBeLessThanOrEqual(10);
      }
    }
    expect(await isDatabaseEmpty(get().db)).toBe(false);
  });

  it('has realistic people: valid phones and ID numbers, some who left, sup1 sees only their team', async () => {
    const rows = await get().db.selectFrom('users').select(['phone', 'id_number', 'status', 'join_date']).execute();
    expect(rows.every((r) => r.phone && isChineseMobile(r.phone))).toBe(true);
    expect(rows.every((r) => r.id_number && isChineseIdNumber(r.id_number))).toBe(true);
    expect(rows.some((r) => r.status === 'left')).toBe(true);
    const sup1 = await loginAs(app, 'sup1', DEMO_PASSWORD);
    const team = JSON.parse((await sup1.get('/api/users?pageSize=200')).body) as { items: User[] };
    expect(new Set(team.items.map((u) => u.unitId)).size).toBe(1);
    const other = await loginAs(app, 'demo2-admin', DEMO_PASSWORD);
    const theirs = JSON.parse((await other.get('/api/users?pageSize=200')).body) as { items: User[]; total: number };
    expect(theirs.total).toBe(5);
  });
});
