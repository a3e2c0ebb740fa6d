import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity, ActivityType } from '../../../contracts/activity.ts';
import type { Page } from '../../../contracts/common.ts';
import type { CustomerDetail, Satisfaction, ServiceRequest } from '../../../contracts/customer.ts';
import type { DB } from '../../db/database.ts';
import { resetClock, setClock } from '../../lib/clock.ts';
import { makeTestApp } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg, type TestUser } from '../../test/factories.ts';
import { auditOf, clientsOf, detailsOf, errorOf, ok, shanghai } from '../activity/recording.test-helpers.ts';
import {
  customerCounts,
  expectMaskedText,
  insertCustomer,
  insertPolicy,
  sheetColumn,
  sheetText,
  typedText,
} from './customer.fixtures.ts';
import { satisfactionErrors } from './service-request.service.ts';

const TODAY = '2026-11-18';

it('the satisfaction rule', () => {
  expect(satisfactionErrors('returnVisit', 'done', null)).toMatchObject([{ code: 'required' }]);
  expect(satisfactionErrors('returnVisit', 'done', 4)).toEqual([]);
  expect(satisfactionErrors('returnVisit', 'inProgress', 4)).toMatchObject([{ code: 'notAllowed' }]);
  expect(satisfactionErrors('claim', 'done', 5)).toMatchObject([{ code: 'notAllowed' }]);
  expect(satisfactionErrors('claim', 'done', null)).toEqual([]);
});

forEachDialect('service requests and the satisfaction figure', (get) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  const as = clientsOf(() => app);
  const c = {} as Record<'own' | 'own2' | 'peer' | 'team2' | 'team3' | 'other', string>;
  let policyOfOwn: string;
  let policyOfOwn2: string;

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    app = await makeTestApp(get());
    setClock(shanghai(TODAY));
    c.own = await insertCustomer(db, org.users.agent1, { name: '刘备' });
    c.own2 = await insertCustomer(db, org.users.agent1, { name: '关羽' });
    c.peer = await insertCustomer(db, org.users.agent1b, { name: '张飞' });
    c.team2 = await insertCustomer(db, org.users.agent2, { name: '曹操' });
    c.team3 = await insertCustomer(db, org.users.agent3, { name: '孙权' });
    c.other = await insertCustomer(db, org.other.agent, { name: '吕布' });
    policyOfOwn = await insertPolicy(db, org.users.agent1, c.own, { policy_no: 'SR-001' });
    policyOfOwn2 = await insertPolicy(db, org.users.agent1, c.own2, { policy_no: 'SR-002' });
  });
  afterAll(async () => {
    resetClock();
    await app.close();
  });

  const post = async (user: TestUser, body: object) => (await as(user)).post('/api/service-requests', body);
  const created = async (user: TestUser, body: object) => ok<ServiceRequest>(await post(user, body), 201);
  const ids: Record<string, string> = {};

  describe('recording', () => {
    it("a request of an own customer is the owner's, open, audited", async () => {
      const r = await created(org.users.agent1, {
        customerId: c.own,
        policyId: policyOfOwn,
        kind: 'returnVisit',
        dueDate: '2026-11-20',
        notes: '新契约回访',
      });
      ids.visit = r.id;
      expect(r).toMatchObject({
        ownerId: org.users.agent1.id,
        unitId: org.units.team1,
        customerName: '刘备',
        policyNo: 'SR-001',
        status: 'open',
        overdue: false,
        satisfaction: null,
        completedAt: null,
      });
      expect((await auditOf(db, 'serviceRequest', r.id)).map((a) => a.action)).toEqual(['create']);
    });

    it("bad input: 400 on each field, a policy of another customer, an activity that is not the owner's; nothing written", async () => {
      const before = await customerCounts(db);
      const shape = await post(org.users.agent1, { customerId: c.own, kind: 'complaint', dueDate: '18/11/2026' });
      expect(detailsOf(shape).map((d) => d.path).sort()).toEqual(['body.dueDate', 'body.kind']);
      const date = await post(org.users.agent1, { customerId: c.own, kind: 'claim', dueDate: '2026-02-30' });
      expect(detailsOf(date).map((d) => d.path)).toEqual(['body.dueDate']);
      const policy = await post(org.users.agent1, { customerId: c.own, policyId: policyOfOwn2, kind: 'claim', dueDate: '2026-11-30' });
      expect(detailsOf(policy).map((d) => d.path)).toEqual(['body.policyId']);
      const types = ok<ActivityType[]>(await (await as(org.users.agent1b)).get('/api/activity/types'));
      const peerActivity = ok<Activity>(
        await (await as(org.users.agent1b)).post('/api/activities', { typeId: types[0]!.id }),
        201,
      );
      const before2 = await customerCounts(db);
      const activity = await post(org.users.agent1, { customerId: c.own, activityId: peerActivity.id, kind: 'claim', dueDate: '2026-11-30' });
      expect(detailsOf(activity).map((d) => d.path)).toEqual(['body.activityId']);
      expect(await customerCounts(db)).toEqual({ ...before, audit_log: before2.audit_log });
      for (const id of [c.peer, c.team2, c.other]) {
        expect(errorOf(await post(org.users.agent1, { customerId: id, kind: 'claim', dueDate: '2026-11-30' }))).toEqual({
          status: 404,
          code: 'NOT_FOUND',
        });
      }
    });

    it('a return visit is done only with a satisfaction score; other kinds never carry one', async () => {
      const client = await as(org.users.agent1);
      const before = await customerCounts(db);
      const missing = await client.patch(`/api/service-requests/${ids.visit}`, { status: 'done' });
      expect(errorOf(missing)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(detailsOf(missing)).toMatchObject([{ path: 'body.satisfaction', code: 'required' }]);
      const range = await client.patch(`/api/service-requests/${ids.visit}`, { status: 'done', satisfaction: 6 });
      expect(detailsOf(range).map((d) => d.path)).toEqual(['body.satisfaction']);
      const early = await client.patch(`/api/service-requests/${ids.visit}`, { satisfaction: 4 });
      expect(detailsOf(early)).toMatchObject([{ path: 'body.satisfaction', code: 'notAllowed' }]);
      const claim = await created(org.users.agent1, { customerId: c.own, kind: 'claim', dueDate: '2026-11-25' });
      const claimScore = await client.patch(`/api/service-requests/${claim.id}`, { status: 'done', satisfaction: 5 });
      expect(detailsOf(claimScore)).toMatchObject([{ path: 'body.satisfaction', code: 'notAllowed' }]);
      expect(await customerCounts(db)).toMatchObject({ ...before, service_requests: before.service_requests + 1, audit_log: before.audit_log + 1 });

      const types = ok<ActivityType[]>(await client.get('/api/activity/types'));
      const visit = ok<Activity>(await client.post('/api/activities', { typeId: types[0]!.id }), 201);
      const done = ok<ServiceRequest>(
        await client.patch(`/api/service-requests/${ids.visit}`, { status: 'done', satisfaction: 4, activityId: visit.id }),
      );
      expect(done).toMatchObject({ status: 'done', satisfaction: 4, activityId: visit.id });
      expect(done.completedAt).not.toBeNull();
      const audit = await auditOf(db, 'serviceRequest', ids.visit);
      expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
      expect(JSON.parse(audit[1]!.after_json!)).toMatchObject({ status: 'done', satisfaction: 4 });
      // Reopened: the score and the completion go.
      const reopened = ok<ServiceRequest>(await client.patch(`/api/service-requests/${ids.visit}`, { status: 'inProgress' }));
      expect(reopened).toMatchObject({ satisfaction: null, completedAt: null });
      ok(await client.patch(`/api/service-requests/${ids.visit}`, { status: 'done', satisfaction: 4 }));
    });
  });

  describe('overdue', () => {
    it('open or in progress past the due date is overdue; it shows in the list filter and on the customer', async () => {
      const late = await created(org.users.agent1, { customerId: c.own2, kind: 'policyChange', dueDate: '2026-11-17' });
      ids.late = late.id;
      expect(late.overdue).toBe(true);
      const dueToday = await created(org.users.agent1, { customerId: c.own2, kind: 'other', dueDate: TODAY });
      expect(dueToday.overdue).toBe(false);
      const client = await as(org.users.agent1);
      const overdue = ok<Page<ServiceRequest>>(await client.get('/api/service-requests?overdue=1'));
      expect(overdue.items.map((r) => r.id)).toEqual([late.id]);
      const detail = ok<CustomerDetail>(await client.get(`/api/customers/${c.own2}`));
      expect(detail.openServiceRequests.map((r) => [r.kind, r.overdue])).toEqual([
        ['policyChange', true],
        ['other', false],
      ]);
      // The next day the one due today is overdue too (tenant time zone: 00:30 in Shanghai).
      setClock(new Date('2026-11-18T16:30:00Z'));
      const tomorrow = ok<Page<ServiceRequest>>(await (await as(org.users.agent1)).get('/api/service-requests?overdue=1'));
      expect(tomorrow.items.map((r) => r.id).sort()).toEqual([late.id, dueToday.id].sort());
      setClock(shanghai(TODAY));
      ok(await client.patch(`/api/service-requests/${dueToday.id}`, { status: 'cancelled' }));
    });

    it("the supervisor sees the team's overdue requests; others do not", async () => {
      await created(org.users.agent1b, { customerId: c.peer, kind: 'claim', dueDate: '2026-11-01' });
      await created(org.users.agent2, { customerId: c.team2, kind: 'claim', dueDate: '2026-11-01' });
      const names = async (user: TestUser, query: string) =>
        ok<Page<ServiceRequest>>(await (await as(user)).get(`/api/service-requests?pageSize=100${query}`)).items
          .map((r) => r.customerName)
          .sort();
      expect(await names(org.users.sup1, '&overdue=1')).toEqual(['关羽', '张飞']);
      expect(await names(org.users.sup2, '&overdue=1')).toEqual(['曹操']);
      expect(await names(org.users.agent1, '&overdue=1')).toEqual(['关羽']);
      expect(await names(org.users.manager1, `&overdue=1&unitId=${org.units.team2}`)).toEqual(['曹操']);
      expect(await names(org.users.manager2, '&overdue=1')).toEqual([]);
    });
  });

  describe('scope', () => {
    it('lists, ids, changes and exports stay within scope', async () => {
      const agent = await as(org.users.agent1);
      const own = ok<Page<ServiceRequest>>(await agent.get('/api/service-requests?pageSize=100'));
      expect(new Set(own.items.map((r) => r.ownerId))).toEqual(new Set([org.users.agent1.id]));
      const peer = ok<Page<ServiceRequest>>(await (await as(org.users.agent1b)).get('/api/service-requests')).items[0]!;
      const team2 = ok<Page<ServiceRequest>>(await (await as(org.users.agent2)).get('/api/service-requests')).items[0]!;
      for (const id of [peer.id, team2.id]) {
        expect(errorOf(await agent.get(`/api/service-requests/${id}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
        expect(errorOf(await agent.patch(`/api/service-requests/${id}`, { notes: 'x' }))).toEqual({ status: 404, code: 'NOT_FOUND' });
      }
      expect(errorOf(await (await as(org.users.sup1)).get(`/api/service-requests/${team2.id}`)).status).toBe(404);
      expect(errorOf(await (await as(org.other.admin)).get(`/api/service-requests/${peer.id}`)).status).toBe(404);
      expect(ok<ServiceRequest>(await (await as(org.users.sup1)).get(`/api/service-requests/${peer.id}`)).customerName).toBe('张飞');
      expect(errorOf(await (await as(org.users.sup1)).patch(`/api/service-requests/${peer.id}`, { notes: 'x' }))).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
      expect(ok<ServiceRequest>(await (await as(org.users.manager1)).patch(`/api/service-requests/${peer.id}`, { notes: '经理跟进' })).notes).toBe('经理跟进');

      const exported = await sheetColumn(await agent.get('/api/service-requests/export'), '客户');
      expect([...new Set(exported)].sort()).toEqual(['关羽', '刘备']);
      const team = await sheetColumn(await (await as(org.users.sup1)).get('/api/service-requests/export?overdue=1&lang=en-US'), 'Customer');
      expect(team.sort()).toEqual(['关羽', '张飞']);
      expect((await auditOf(db, 'serviceRequestExport')).length).toBe(2);
    });
  });

  describe('the satisfaction figure', () => {
    beforeAll(async () => {
      // agent1: 4 (above) and 2; agent1b: 5; agent2: 3. agent3: 1, outside department 1.
      const visit = async (user: TestUser, customerId: string, score: number) => {
        const r = await created(user, { customerId, kind: 'returnVisit', dueDate: '2026-11-20' });
        ok(await (await as(user)).patch(`/api/service-requests/${r.id}`, { status: 'done', satisfaction: score }));
      };
      await visit(org.users.agent1, c.own2, 2);
      await visit(org.users.agent1b, c.peer, 5);
      await visit(org.users.agent2, c.team2, 3);
      await visit(org.users.agent3, c.team3, 1);
    });

    it('per team and agent within the reader scope; an agent sees their own', async () => {
      const mine = ok<Satisfaction>(await (await as(org.users.agent1)).get('/api/service-requests/satisfaction'));
      expect(mine).toMatchObject({ average: 3, count: 2, from: '2026-08-21', to: TODAY });
      expect(mine.agents).toEqual([{ userId: org.users.agent1.id, userName: expect.any(String), unitId: org.units.team1, average: 3, count: 2 }]);

      const dept = ok<Satisfaction>(await (await as(org.users.manager1)).get('/api/service-requests/satisfaction'));
      expect(dept).toMatchObject({ average: 3.5, count: 4 });
      expect(dept.teams.map((t) => [t.unitId, t.average, t.count])).toEqual([
        [org.units.team1, 3.67, 3],
        [org.units.team2, 3, 1],
      ]);
      expect(dept.agents.map((a) => [a.userId, a.average])).toEqual([
        [org.users.agent1b.id, 5],
        [org.users.agent1.id, 3],
        [org.users.agent2.id, 3],
      ]);
      const team2 = ok<Satisfaction>(await (await as(org.users.manager1)).get(`/api/service-requests/satisfaction?unitId=${org.units.team2}`));
      expect(team2).toMatchObject({ average: 3, count: 1 });
      const sup1 = ok<Satisfaction>(await (await as(org.users.sup1)).get('/api/service-requests/satisfaction'));
      expect(sup1).toMatchObject({ average: 3.67, count: 3 });
      const admin = ok<Satisfaction>(await (await as(org.users.admin)).get('/api/service-requests/satisfaction'));
      expect(admin).toMatchObject({ average: 3, count: 5 });
      expect(ok<Satisfaction>(await (await as(org.other.admin)).get('/api/service-requests/satisfaction'))).toMatchObject({ average: null, count: 0, teams: [] });
      // Before the visits were completed: nothing.
      const past = ok<Satisfaction>(await (await as(org.users.admin)).get('/api/service-requests/satisfaction?from=2026-01-01&to=2026-11-17'));
      expect(past.count).toBe(0);
      expect(errorOf(await (await as(org.users.sup1)).get(`/api/service-requests/satisfaction?unitId=${org.units.team3}`)).status).toBe(404);
      const bad = await (await as(org.users.sup1)).get('/api/service-requests/satisfaction?from=2026-11-30&to=2026-11-01');
      expect(detailsOf(bad).map((d) => d.path)).toEqual(['querystring.from']);
    });
  });

  it('numbers typed into the notes show masked in list, detail, the customer, export and audit', async () => {
    const customerId = await insertCustomer(db, org.users.agent1, { name: '号码服务' });
    const made = await created(org.users.agent1, { customerId, kind: 'claim', dueDate: '2026-11-10', notes: typedText('理赔') });
    const agent = await as(org.users.agent1);
    const patched = ok<ServiceRequest>(await agent.patch(`/api/service-requests/${made.id}`, { notes: typedText('补充') }));
    const stored = await db.selectFrom('service_requests').select('notes').where('id', '=', made.id).executeTakeFirstOrThrow();
    expect(stored.notes).toContain('13698765432');
    expectMaskedText(made.notes);
    expectMaskedText(patched.notes);
    for (const reader of [org.users.agent1, org.users.sup1]) {
      const client = await as(reader);
      const listed = ok<Page<ServiceRequest>>(await client.get(`/api/service-requests?customerId=${customerId}`)).items;
      expect(listed.map((r) => r.id)).toEqual([made.id]);
      expectMaskedText(listed[0]!.notes);
      const overdue = ok<Page<ServiceRequest>>(await client.get('/api/service-requests?overdue=1&pageSize=100')).items;
      expectMaskedText(overdue.find((r) => r.id === made.id)!.notes);
      expectMaskedText(ok<ServiceRequest>(await client.get(`/api/service-requests/${made.id}`)).notes);
      const detail = ok<CustomerDetail>(await client.get(`/api/customers/${customerId}`));
      expectMaskedText(detail.openServiceRequests.find((r) => r.id === made.id)!.notes);
      const exported = await client.get(`/api/service-requests/export?customerId=${customerId}`);
      expectMaskedText(await sheetText(exported));
      const notes = await sheetColumn(exported, '备注');
      expect(notes).toHaveLength(1);
      expectMaskedText(notes[0]);
    }
    const audit = await auditOf(db, 'serviceRequest', made.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    for (const a of audit) expectMaskedText(`${a.before_json ?? ''}${a.after_json ?? ''}`);
  });
});
