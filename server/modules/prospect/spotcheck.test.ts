import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../../contracts/common.ts';
import type {
  SpotCheck,
  SpotCheckDetail,
  SpotCheckMinePage,
  SpotCheckOverview,
} from '../../../contracts/spot-check.ts';
import type { DB } from '../../db/database.ts';
import { resetClock, setClock } from '../../lib/clock.ts';
import { makeTestApp } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, makeUser, type TestOrg, type TestUser } from '../../test/factories.ts';
import {
  auditOf,
  clientsOf,
  countRows,
  errorOf,
  notificationsOf,
  ok,
  shanghai,
} from '../activity/recording.test-helpers.ts';
import { insertCards } from './spotcheck.fixtures.ts';

// A Wednesday: the week runs Monday 16 to Sunday 22 November, the month is November.
const TODAY = '2026-11-18';

forEachDialect('spot-checks', (get) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  let idle: TestUser;
  const as = clientsOf(() => app);
  /** agent1's cards on hand. */
  let onHand: Set<string>;
  let check: SpotCheckDetail;

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    app = await makeTestApp(get());
    setClock(shanghai(TODAY));
    idle = await makeUser(db, org.tenant, org.units.team1, 'agent');
    const a1 = { tenantId: org.tenant.id, ownerId: org.users.agent1.id, unitId: org.units.team1 };
    const ids = [
      ...(await insertCards(db, { ...a1, grade: 'A', createdAt: '2026-11-17T02:00:00.000Z' }, 3)),
      ...(await insertCards(db, { ...a1, grade: 'B', createdAt: '2026-11-05T02:00:00.000Z' }, 5)),
      ...(await insertCards(db, { ...a1, grade: 'C', createdAt: '2026-10-10T02:00:00.000Z' }, 31)),
      ...(await insertCards(db, { ...a1, grade: null, stage: 'proposal', createdAt: '2026-10-11T02:00:00.000Z' }, 1)),
    ];
    onHand = new Set(ids);
    // Not on hand: signed (new this week all the same), lost, erased.
    await insertCards(db, { ...a1, grade: 'A', stage: 'signed', createdAt: '2026-11-16T01:00:00.000Z' }, 2);
    await insertCards(db, { ...a1, grade: 'B', stage: 'lost', createdAt: '2026-10-01T02:00:00.000Z' }, 1);
    await insertCards(db, { ...a1, grade: 'A', erased: true, createdAt: '2026-10-01T02:00:00.000Z' }, 1);
    // Sunday 15 November 23:30 in Shanghai is last week; the first of November 00:10 is this month.
    await insertCards(db, { ...a1, grade: 'C', stage: 'lost', createdAt: '2026-11-15T15:30:00.000Z' }, 1);
    await insertCards(db, { ...a1, grade: 'C', stage: 'lost', createdAt: '2026-10-31T16:10:00.000Z' }, 1);
    await insertCards(db, { tenantId: org.tenant.id, ownerId: org.users.agent1b.id, unitId: org.units.team1, grade: 'A', createdAt: '2026-10-10T02:00:00.000Z' }, 55);
    await insertCards(db, { tenantId: org.tenant.id, ownerId: org.users.agent2.id, unitId: org.units.team2 }, 5);
    await insertCards(db, { tenantId: org.other.tenant.id, ownerId: org.other.agent.id, unitId: org.other.tenant.rootUnitId }, 5);
  });
  afterAll(async () => {
    resetClock();
    await app.close();
  });

  describe('overview', () => {
    it('per agent of the supervisor’s team: cards on hand, new this week and month, the A/B share, against the standard', async () => {
      const view = ok<SpotCheckOverview>(await (await as(org.users.sup1)).get('/api/spot-checks/overview'));
      expect(view).toMatchObject({
        date: TODAY,
        weekFrom: '2026-11-16',
        weekTo: '2026-11-22',
        monthFrom: '2026-11-01',
        monthTo: '2026-11-30',
        standards: { onHand: 50, monthly: 30 },
        total: 3,
      });
      const byId = new Map(view.items.map((r) => [r.agentId, r]));
      expect([...byId.keys()].sort()).toEqual([org.users.agent1.id, org.users.agent1b.id, idle.id].sort());
      expect(byId.get(org.users.agent1.id)).toMatchObject({
        onHand: 40,
        newThisWeek: 5,
        newThisMonth: 12,
        abCount: 8,
        abShare: 0.2,
        meetsOnHand: false,
        meetsMonthly: false,
        lastCheckAt: null,
      });
      expect(byId.get(org.users.agent1b.id)).toMatchObject({ onHand: 55, newThisWeek: 0, newThisMonth: 0, abShare: 1, meetsOnHand: true });
      expect(byId.get(idle.id)).toMatchObject({ onHand: 0, abShare: null });
    });

    it('a date of another week and month; sort and pages on the server', async () => {
      const sup = await as(org.users.sup1);
      const oct = ok<SpotCheckOverview>(await sup.get(`/api/spot-checks/overview?date=2026-10-10`));
      expect(oct.items.find((r) => r.agentId === org.users.agent1.id)).toMatchObject({ newThisWeek: 32, newThisMonth: 34 });
      const top = ok<SpotCheckOverview>(await sup.get('/api/spot-checks/overview?sort=-onHand&pageSize=1'));
      expect(top).toMatchObject({ total: 3, pageSize: 1 });
      expect(top.items.map((r) => r.agentId)).toEqual([org.users.agent1b.id]);
      const second = ok<SpotCheckOverview>(await sup.get('/api/spot-checks/overview?sort=-onHand&pageSize=1&page=2'));
      expect(second.items.map((r) => r.agentId)).toEqual([org.users.agent1.id]);
      const share = ok<SpotCheckOverview>(await sup.get('/api/spot-checks/overview?sort=abShare'));
      expect(share.items.map((r) => r.agentId)).toEqual([idle.id, org.users.agent1.id, org.users.agent1b.id]);
      expect(errorOf(await sup.get('/api/spot-checks/overview?sort=phone'))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(errorOf(await sup.get('/api/spot-checks/overview?date=2026-02-30'))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    });

    it('scope: the manager sees the department; another team’s unit is 404; agents and staff may not', async () => {
      const mgr = ok<SpotCheckOverview>(await (await as(org.users.manager1)).get('/api/spot-checks/overview?pageSize=50'));
      expect(mgr.items.map((r) => r.agentId).sort()).toEqual(
        [org.users.agent1.id, org.users.agent1b.id, org.users.agent2.id, idle.id].sort(),
      );
      const sup = await as(org.users.sup1);
      expect(errorOf(await sup.get(`/api/spot-checks/overview?unitId=${org.units.team2}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(ok<SpotCheckOverview>(await (await as(org.users.sup2)).get('/api/spot-checks/overview')).items.map((r) => r.agentId)).toEqual([
        org.users.agent2.id,
      ]);
      expect(ok<SpotCheckOverview>(await (await as(org.other.admin)).get('/api/spot-checks/overview')).items.map((r) => r.agentId)).toEqual([
        org.other.agent.id,
      ]);
      for (const u of [org.users.agent1, org.users.staff1]) {
        expect(errorOf(await (await as(u)).get('/api/spot-checks/overview'))).toEqual({ status: 403, code: 'FORBIDDEN' });
      }
    });

    it('the export is a real .xlsx of the same rows', async () => {
      const res = await (await as(org.users.sup1)).get('/api/spot-checks/overview/export?sort=-onHand&lang=en-US');
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      expect(ws.getRow(1).getCell(1).value).toBe('Agent');
      expect(ws.rowCount).toBe(4);
      expect(ws.getRow(2).getCell(3).value).toBe(55);
      expect(ws.getRow(3).getCell(3).value).toBe(40);
      expect(ws.getRow(3).getCell(9).value).toBe(20);
    });
  });

  describe('samples', () => {
    it('draws a uniform random sample of the agent’s cards on hand, never another’s; audited', async () => {
      const sup = await as(org.users.sup1);
      const draws: string[][] = [];
      for (let i = 0; i < 6; i++) {
        const d = ok<SpotCheckDetail>(await sup.post('/api/spot-checks', { agentId: org.users.agent1.id }), 201);
        expect(d).toMatchObject({ agentId: org.users.agent1.id, supervisorId: org.users.sup1.id, sampleSize: 5, itemCount: 5 });
        const ids = d.items.map((it) => it.card.prospectId);
        expect(new Set(ids).size).toBe(5);
        for (const id of ids) expect(onHand.has(id), id).toBe(true);
        draws.push([...ids].sort());
        check = d;
        expect((await auditOf(db, 'spotCheck', d.id)).map((a) => a.action)).toEqual(['create']);
      }
      // Two draws of 5 out of 40 agree with probability 1/658,008: six draws are not all the same.
      expect(new Set(draws.map((d) => d.join())).size).toBeGreaterThan(1);
      const big = ok<SpotCheckDetail>(await sup.post('/api/spot-checks', { agentId: org.users.agent1.id, size: 50 }), 201);
      expect(big).toMatchObject({ sampleSize: 50, itemCount: 40 });
      expect(new Set(big.items.map((i) => i.card.prospectId))).toEqual(onHand);
    });

    it('the card summary masks the phone', async () => {
      expect(check.items[0]!.card).toMatchObject({ phone: '137****1234', stage: expect.any(String) });
      expect(JSON.stringify(check)).not.toContain('13700001234');
    });

    it('out of scope, oneself, bad sizes or no cards: refused and nothing written', async () => {
      // Logins are audited: log in first.
      for (const u of [org.users.sup2, org.users.agent1b]) await as(u);
      const before = [await countRows(db, 'spot_checks'), await countRows(db, 'spot_check_items'), await countRows(db, 'audit_log')];
      const sup = await as(org.users.sup1);
      expect(errorOf(await sup.post('/api/spot-checks', { agentId: org.users.agent2.id }))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(errorOf(await sup.post('/api/spot-checks', { agentId: org.other.agent.id }))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(errorOf(await (await as(org.users.sup2)).post('/api/spot-checks', { agentId: org.users.agent1.id }))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(errorOf(await (await as(org.users.agent1b)).post('/api/spot-checks', { agentId: org.users.agent1.id }))).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect(errorOf(await sup.post('/api/spot-checks', { agentId: org.users.sup1.id }))).toEqual({ status: 403, code: 'FORBIDDEN' });
      for (const size of [0, 51, 2.5]) {
        expect(errorOf(await sup.post('/api/spot-checks', { agentId: org.users.agent1.id, size }))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      }
      expect(errorOf(await sup.post('/api/spot-checks', { agentId: idle.id }))).toEqual({ status: 409, code: 'SPOT_CHECK_NO_CARDS' });
      expect([await countRows(db, 'spot_checks'), await countRows(db, 'spot_check_items'), await countRows(db, 'audit_log')]).toEqual(before);
    });

    it('history and detail: the supervisor, the manager and the agent read it; a peer, another team and tenant get 404', async () => {
      const hist = ok<Page<SpotCheck>>(await (await as(org.users.sup1)).get(`/api/spot-checks?agentId=${org.users.agent1.id}`));
      expect(hist.total).toBe(7);
      expect(hist.items[0]!.createdAt >= hist.items.at(-1)!.createdAt).toBe(true);
      expect(ok<Page<SpotCheck>>(await (await as(org.users.sup2)).get('/api/spot-checks')).items).toEqual([]);
      expect(errorOf(await (await as(org.users.sup2)).get(`/api/spot-checks?agentId=${org.users.agent1.id}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
      for (const u of [org.users.sup1, org.users.manager1, org.users.agent1]) {
        expect(ok<SpotCheckDetail>(await (await as(u)).get(`/api/spot-checks/${check.id}`)).items).toHaveLength(5);
      }
      for (const u of [org.users.agent1b, org.users.sup2, org.users.manager2, org.other.admin]) {
        expect(errorOf(await (await as(u)).get(`/api/spot-checks/${check.id}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
      }
      const overview = ok<SpotCheckOverview>(await (await as(org.users.sup1)).get('/api/spot-checks/overview'));
      expect(overview.items.find((r) => r.agentId === org.users.agent1.id)?.lastCheckAt).not.toBeNull();
    });
  });

  describe('comments', () => {
    it('the supervisor comments a card; the agent is notified; audited', async () => {
      const item = check.items[1]!;
      const after = ok<SpotCheckDetail>(
        await (await as(org.users.sup1)).post(`/api/spot-checks/${check.id}/items/${item.id}/comment`, { comment: '需求分析写得太简单，补充家庭保障缺口' }),
      );
      expect(after.items.find((i) => i.id === item.id)).toMatchObject({ comment: '需求分析写得太简单，补充家庭保障缺口', seenAt: null });
      expect(after).toMatchObject({ commentedCount: 1, unseenCount: 1 });
      const told = await notificationsOf(db, org.users.agent1.id, 'prospect.spotCheckComment');
      expect(told).toHaveLength(1);
      expect(JSON.parse(told[0]!.params_json!)).toMatchObject({ spotCheckId: check.id, itemId: item.id });
      expect(told[0]!.title).not.toMatch(/1\d{10}/);
      expect((await auditOf(db, 'spotCheckItem', item.id)).map((a) => a.action)).toEqual(['comment']);
      // A number in a comment is shown masked.
      const other = check.items[2]!;
      const masked = ok<SpotCheckDetail>(
        await (await as(org.users.sup1)).post(`/api/spot-checks/${check.id}/items/${other.id}/comment`, { comment: '客户电话13800001111有误' }),
      );
      expect(masked.items.find((i) => i.id === other.id)?.comment).toBe('客户电话138****1111有误');
      await db.updateTable('spot_check_items').set({ comment: null, commented_at: null }).where('id', '=', other.id).execute();
    });

    it('others may not comment; an empty comment writes nothing', async () => {
      const item = check.items[0]!;
      for (const u of [org.users.sup2, org.other.admin, org.users.agent1, org.users.sup1]) await as(u);
      const before = [await countRows(db, 'notifications'), await countRows(db, 'audit_log')];
      const url = `/api/spot-checks/${check.id}/items/${item.id}/comment`;
      expect(errorOf(await (await as(org.users.sup2)).post(url, { comment: '好' }))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(errorOf(await (await as(org.other.admin)).post(url, { comment: '好' }))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(errorOf(await (await as(org.users.agent1)).post(url, { comment: '好' }))).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect(errorOf(await (await as(org.users.sup1)).post(url, { comment: '  ' }))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(errorOf(await (await as(org.users.sup1)).post(`/api/spot-checks/${check.id}/items/nope/comment`, { comment: '好' }))).toEqual({
        status: 404,
        code: 'NOT_FOUND',
      });
      expect([await countRows(db, 'notifications'), await countRows(db, 'audit_log')]).toEqual(before);
      expect(await db.selectFrom('spot_check_items').select('comment').where('id', '=', item.id).executeTakeFirstOrThrow()).toEqual({ comment: null });
    });

    it('the agent reads their checks with the comments and marks them seen; nobody else may', async () => {
      const agent = await as(org.users.agent1);
      const mine = ok<SpotCheckMinePage>(await agent.get('/api/spot-checks/mine'));
      expect(mine).toMatchObject({ total: 7, unseenCount: 1 });
      const withComment = mine.items.find((c) => c.id === check.id)!;
      expect(withComment.items.filter((i) => i.comment !== null)).toHaveLength(1);
      expect(ok<SpotCheckMinePage>(await (await as(org.users.agent1b)).get('/api/spot-checks/mine'))).toMatchObject({ total: 0, unseenCount: 0 });

      expect(errorOf(await (await as(org.users.agent1b)).post(`/api/spot-checks/${check.id}/seen`))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(errorOf(await (await as(org.users.sup1)).post(`/api/spot-checks/${check.id}/seen`))).toEqual({ status: 403, code: 'FORBIDDEN' });
      const seen = ok<SpotCheckDetail>(await agent.post(`/api/spot-checks/${check.id}/seen`));
      expect(seen.unseenCount).toBe(0);
      expect(seen.items.find((i) => i.comment !== null)?.seenAt).not.toBeNull();
      expect(ok<SpotCheckMinePage>(await agent.get('/api/spot-checks/mine')).unseenCount).toBe(0);
      expect((await auditOf(db, 'spotCheck', check.id)).map((a) => a.action)).toEqual(['create', 'seen']);
    });
  });
});
