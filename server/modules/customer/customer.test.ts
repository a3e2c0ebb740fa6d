import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../../contracts/common.ts';
import type { Customer, CustomerDetail, Household, ReviewCard } from '../../../contracts/customer.ts';
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
  insertProspect,
  sheetColumn,
  sheetText,
  typedText,
} from './customer.fixtures.ts';

const TODAY = '2026-11-18';

forEachDialect('customers and households', (get) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  const as = clientsOf(() => app);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    app = await makeTestApp(get());
    setClock(shanghai(TODAY));
  });
  afterAll(async () => {
    resetClock();
    await app.close();
  });

  const create = async (user: TestUser, body: object) => (await as(user)).post('/api/customers', body);
  const created = async (user: TestUser, body: object) => ok<Customer>(await create(user, body), 201);

  describe('entering customers', () => {
    it('an agent enters a customer by hand: numbers masked in the answer and the audit trail', async () => {
      const c = await created(org.users.agent1, {
        name: '张伟',
        phone: '13912345678',
        idNumber: '440304199001011233',
        gender: 'male',
        birthDate: '1990-01-01',
        address: '深圳市福田区',
        notes: '朋友介绍',
      });
      ids.zhang = c.id;
      expect(c).toMatchObject({
        name: '张伟',
        ownerId: org.users.agent1.id,
        unitId: org.units.team1,
        phone: '139****5678',
        idNumber: '440***********1233',
        gender: 'male',
        prospectId: null,
        householdId: null,
        erased: false,
      });
      const audit = await auditOf(db, 'customer', c.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'create', actor_id: org.users.agent1.id });
      expect(audit[0]!.after_json).not.toContain('13912345678');
      expect(audit[0]!.after_json).not.toContain('440304199001011233');
    });

    it('bad input answers 400 with every field and writes nothing', async () => {
      const before = await customerCounts(db);
      const shape = await create(org.users.agent1, { name: '', phone: '12345', gender: 'x', householdRole: 'cousin' });
      expect(errorOf(shape)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(detailsOf(shape).map((d) => d.path).sort()).toEqual([
        'body.gender',
        'body.householdRole',
        'body.name',
        'body.phone',
      ]);
      const checks = await create(org.users.agent1, {
        name: '李四',
        idNumber: '110105194912310020',
        birthDate: '2026-02-30',
      });
      expect(errorOf(checks)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(detailsOf(checks).map((d) => d.path).sort()).toEqual(['body.birthDate', 'body.idNumber']);
      const future = await create(org.users.agent1, { name: '李四', birthDate: '2027-01-01' });
      expect(detailsOf(future).map((d) => d.code)).toEqual(['future']);
      const patch = await (await as(org.users.agent1)).patch(`/api/customers/${ids.zhang}`, { idNumber: '110105194912310020' });
      expect(errorOf(patch)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await customerCounts(db)).toEqual(before);
    });

    it('an agent cannot give a customer to someone else; a manager can, in scope', async () => {
      const res = await create(org.users.agent1, { name: '王五', ownerId: org.users.agent1b.id });
      expect(errorOf(res)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(detailsOf(res)[0]!.path).toBe('body.ownerId');
      const byManager = await created(org.users.manager1, { name: '王五', ownerId: org.users.agent1b.id });
      expect(byManager).toMatchObject({ ownerId: org.users.agent1b.id, unitId: org.units.team1 });
      ids.wang = byManager.id;
      const outOfScope = await create(org.users.manager1, { name: '赵六', ownerId: org.users.agent3.id });
      expect(detailsOf(outOfScope)[0]!.path).toBe('body.ownerId');
    });
  });

  describe('scope', () => {
    beforeAll(async () => {
      ids.zhang2 = (await created(org.users.agent1, { name: '张敏' })).id;
      ids.team2 = (await created(org.users.agent2, { name: '张三丰', phone: '13700001111' })).id;
      ids.team3 = (await created(org.users.agent3, { name: '张无忌' })).id;
      ids.otherTenant = (await created(org.other.agent, { name: '张外' })).id;
    });

    const names = async (user: TestUser, query = '') =>
      ok<Page<Customer>>(await (await as(user)).get(`/api/customers?pageSize=100${query}`)).items.map((c) => c.name).sort();

    it('an agent sees only their own: list, search, by id, export', async () => {
      expect(await names(org.users.agent1)).toEqual(['张伟', '张敏']);
      expect(await names(org.users.agent1, `&q=${encodeURIComponent('张')}`)).toEqual(['张伟', '张敏']);
      expect(await names(org.users.agent1, `&q=${encodeURIComponent('张伟')}`)).toEqual(['张伟']);
      expect(await names(org.users.agent1, `&ownerId=${org.users.agent1b.id}`)).toEqual([]);
      const client = await as(org.users.agent1);
      for (const id of [ids.wang, ids.team2, ids.team3, ids.otherTenant]) {
        expect(errorOf(await client.get(`/api/customers/${id}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
        expect(errorOf(await client.get(`/api/customers/${id}/review-card`))).toEqual({ status: 404, code: 'NOT_FOUND' });
        expect(errorOf(await client.patch(`/api/customers/${id}`, { notes: 'x' }))).toEqual({ status: 404, code: 'NOT_FOUND' });
      }
      expect((await sheetColumn(await client.get('/api/customers/export'), '客户姓名')).sort()).toEqual(['张伟', '张敏']);
      const phones = await sheetColumn(await client.get('/api/customers/export'), '手机号');
      expect(phones).toContain('139****5678');
      expect(errorOf(await client.get(`/api/customers?unitId=${org.units.team2}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
    });

    it('a supervisor sees their team, a manager their department; the other tenant nothing', async () => {
      expect(await names(org.users.sup1)).toEqual(['张伟', '张敏', '王五']);
      expect(await names(org.users.sup2)).toEqual(['张三丰']);
      expect(await names(org.users.manager1)).toEqual(['张三丰', '张伟', '张敏', '王五']);
      expect(await names(org.users.manager1, `&unitId=${org.units.team2}`)).toEqual(['张三丰']);
      expect(await names(org.users.manager2)).toEqual(['张无忌']);
      expect(await names(org.other.admin)).toEqual(['张外']);
      expect(errorOf(await (await as(org.users.sup1)).get(`/api/customers/${ids.team2}`))).toEqual({
        status: 404,
        code: 'NOT_FOUND',
      });
      expect(errorOf(await (await as(org.other.admin)).get(`/api/customers/${ids.zhang}`))).toEqual({
        status: 404,
        code: 'NOT_FOUND',
      });
      const sup = await as(org.users.sup1);
      expect((await sheetColumn(await sup.get('/api/customers/export?lang=en-US'), 'Customer')).sort()).toEqual([
        '张伟',
        '张敏',
        '王五',
      ]);
      const detail = ok<CustomerDetail>(await sup.get(`/api/customers/${ids.zhang}`));
      expect(detail).toMatchObject({ name: '张伟', phone: '139****5678' });
    });

    it('a supervisor reads but does not change; a manager does; every change audited', async () => {
      expect(errorOf(await (await as(org.users.sup1)).patch(`/api/customers/${ids.zhang}`, { notes: 'x' }))).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
      const changed = ok<Customer>(
        await (await as(org.users.manager1)).patch(`/api/customers/${ids.zhang}`, { notes: '经理补充', phone: null }),
      );
      expect(changed).toMatchObject({ notes: '经理补充', phone: null });
      const audit = await auditOf(db, 'customer', ids.zhang);
      expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
      expect(audit[1]!.actor_id).toBe(org.users.manager1.id);
      expect(JSON.parse(audit[1]!.before_json!)).toMatchObject({ phone: '139****5678', notes: '朋友介绍' });
    });
  });

  describe('households', () => {
    let household: Household;
    it('an agent groups their own customers; a customer of another owner is refused', async () => {
      const client = await as(org.users.agent1);
      const bad = await client.post('/api/households', { name: '张家', memberIds: [ids.zhang, ids.wang] });
      expect(errorOf(bad)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(detailsOf(bad).map((d) => d.path)).toEqual(['body.memberIds.1']);
      const mixed = await (await as(org.users.manager1)).post('/api/households', {
        name: '混合',
        memberIds: [ids.zhang, ids.wang],
      });
      expect(detailsOf(mixed)).toMatchObject([{ path: 'body.memberIds.1', code: 'otherOwner' }]);
      expect(await customerCounts(db)).toMatchObject({ households: 0 });

      household = ok<Household>(await client.post('/api/households', { name: '张家', memberIds: [ids.zhang] }), 201);
      expect(household).toMatchObject({ name: '张家', ownerId: org.users.agent1.id, members: [{ id: ids.zhang }] });
      expect((await auditOf(db, 'household', household.id)).map((a) => a.action)).toEqual(['create']);
    });

    it('members are added, given roles and removed; the detail shows the household', async () => {
      const client = await as(org.users.agent1);
      const grown = ok<Household>(
        await client.patch(`/api/households/${household.id}`, { name: '张伟家', addMemberIds: [ids.zhang2] }),
      );
      expect(grown.name).toBe('张伟家');
      expect(grown.members.map((m) => m.id).sort()).toEqual([ids.zhang, ids.zhang2].sort());
      ok(await client.patch(`/api/customers/${ids.zhang2}`, { householdRole: 'spouse' }));
      const detail = ok<CustomerDetail>(await client.get(`/api/customers/${ids.zhang}`));
      expect(detail.household).toMatchObject({ id: household.id, name: '张伟家' });
      expect(detail.household!.members.find((m) => m.id === ids.zhang2)).toMatchObject({ name: '张敏', householdRole: 'spouse' });
      expect(
        ok<Page<Customer>>(await client.get(`/api/customers?householdId=${household.id}`)).items.map((c) => c.name).sort(),
      ).toEqual(['张伟', '张敏']);

      const notMember = await client.patch(`/api/households/${household.id}`, { removeMemberIds: [ids.team2] });
      expect(detailsOf(notMember)[0]).toMatchObject({ path: 'body.removeMemberIds.0', code: 'notMember' });
      const shrunk = ok<Household>(await client.patch(`/api/households/${household.id}`, { removeMemberIds: [ids.zhang2] }));
      expect(shrunk.members.map((m) => m.id)).toEqual([ids.zhang]);
      const out = ok<CustomerDetail>(await client.get(`/api/customers/${ids.zhang2}`));
      expect(out).toMatchObject({ householdId: null, householdRole: null, household: null });
      expect((await auditOf(db, 'household', household.id)).map((a) => a.action)).toEqual(['create', 'update', 'update']);

      const foreign = await client.patch(`/api/customers/${ids.zhang2}`, { householdId: household.id });
      expect(foreign.statusCode).toBe(200);
      const wrongOwner = await (await as(org.users.manager1)).patch(`/api/customers/${ids.wang}`, { householdId: household.id });
      expect(detailsOf(wrongOwner)[0]).toMatchObject({ path: 'body.householdId', code: 'otherOwner' });
    });

    it('households of others are out of sight', async () => {
      expect(errorOf(await (await as(org.users.agent1b)).get(`/api/households/${household.id}`))).toEqual({
        status: 404,
        code: 'NOT_FOUND',
      });
      expect(
        errorOf(await (await as(org.users.agent2)).patch(`/api/households/${household.id}`, { name: 'x' })),
      ).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(errorOf(await (await as(org.users.sup1)).patch(`/api/households/${household.id}`, { name: 'x' }))).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
      expect(ok<Household>(await (await as(org.users.sup1)).get(`/api/households/${household.id}`)).name).toBe('张伟家');
    });
  });

  it('a customer made from a signed card names the card it came from', async () => {
    const prospectId = await insertProspect(db, org.users.agent1, { name: '孙七', stage: 'signed' });
    const id = await insertCustomer(db, org.users.agent1, { name: '孙七', prospect_id: prospectId });
    const detail = ok<CustomerDetail>(await (await as(org.users.agent1)).get(`/api/customers/${id}`));
    expect(detail).toMatchObject({ prospectId, policies: [], openServiceRequests: [], household: null });
  });

  it('sorting by an unknown key is a 400', async () => {
    const res = await (await as(org.users.agent1)).get('/api/customers?sort=-phone');
    expect(detailsOf(res)[0]!.path).toBe('querystring.sort');
  });

  it('numbers typed into notes, address and household name show masked in list, detail, export, review card and audit', async () => {
    const agent = await as(org.users.agent1);
    const c = await created(org.users.agent1, { name: '号码客', notes: typedText('备注'), address: typedText('地址') });
    const h = ok<Household>(await agent.post('/api/households', { name: typedText('家'), memberIds: [c.id] }), 201);
    const patched = ok<Customer>(await agent.patch(`/api/customers/${c.id}`, { notes: typedText('新备注') }));
    const renamed = ok<Household>(await agent.patch(`/api/households/${h.id}`, { name: typedText('新家') }));
    const stored = await db.selectFrom('customers').select(['notes', 'address']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(stored.notes).toContain('13698765432');
    for (const text of [c.notes, c.address, h.name, patched.notes, patched.householdName, renamed.name]) expectMaskedText(text);

    const fields = (x: Customer) => [x.notes, x.address, x.householdName];
    for (const reader of [org.users.agent1, org.users.sup1]) {
      const client = await as(reader);
      const listed = ok<Page<Customer>>(await client.get(`/api/customers?q=${encodeURIComponent('号码客')}`)).items;
      expect(listed.map((x) => x.id)).toEqual([c.id]);
      for (const text of fields(listed[0]!)) expectMaskedText(text);
      const detail = ok<CustomerDetail>(await client.get(`/api/customers/${c.id}`));
      for (const text of [...fields(detail), detail.household!.name]) expectMaskedText(text);
      expectMaskedText(ok<Household>(await client.get(`/api/households/${h.id}`)).name);
      expectMaskedText(ok<ReviewCard>(await client.get(`/api/customers/${c.id}/review-card`)).householdName);
      const sheet = await sheetText(await client.get(`/api/customers/export?q=${encodeURIComponent('号码客')}`));
      expectMaskedText(sheet);
      for (const header of ['备注', '地址', '家庭']) {
        const column = await sheetColumn(await client.get(`/api/customers/export?q=${encodeURIComponent('号码客')}`), header);
        expect(column).toHaveLength(1);
        expectMaskedText(column[0]);
      }
    }
    const audit = [...(await auditOf(db, 'customer', c.id)), ...(await auditOf(db, 'household', h.id))];
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'create', 'update']);
    for (const a of audit) expectMaskedText(`${a.before_json ?? ''}${a.after_json ?? ''}`);
  });
});
