import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity, ActivityType } from '../../../contracts/activity.ts';
import type { Page } from '../../../contracts/common.ts';
import type { Prospect, ProspectBoard, ProspectDetail, ProspectListItem } from '../../../contracts/prospect.ts';
import type { DB } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { resetClock, setClock } from '../../lib/clock.ts';
import { makeTestApp } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg, type TestUser } from '../../test/factories.ts';
import { auditOf, clientsOf, countRows, detailsOf, errorOf, ok, shanghai } from '../activity/recording.test-helpers.ts';
import { insertPlanName } from './card.fixtures.ts';
import { clearFunnelCache } from './funnel.cache.ts';

const TODAY = '2026-11-18';
const PHONE = '13912345678';
const ID_NUMBER = '11010519491231002X';
/** Numbers typed into free text: they must come back masked like the number fields. */
const TYPED_MOBILE = '13698765432';
const TYPED_MOBILE_MASKED = '136****5432';
const ID_NUMBER_MASKED = '110***********002X';
const typed = (label: string) => `${label}：手机${TYPED_MOBILE}，身份证${ID_NUMBER}`;
const LEAK = /13698765432|11010519491231002X/i;

/** Counts of every table a card write may touch: a refused write leaves them as they were. */
async function cardCounts(db: DB) {
  const linked = await db
    .selectFrom('plan_names')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('prospect_id', 'is not', null)
    .executeTakeFirstOrThrow();
  return {
    prospects: await countRows(db, 'prospects'),
    changes: await countRows(db, 'prospect_stage_changes'),
    customers: await countRows(db, 'customers'),
    audit: await countRows(db, 'audit_log'),
    notifications: await countRows(db, 'notifications'),
    linkedNames: Number(linked.n),
  };
}

async function sheetRows(res: LightMyRequestResponse): Promise<string[][]> {
  expect(res.statusCode, res.body).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => {
    rows.push(
      (row.values as unknown[])
        .slice(1)
        .map((v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v as string | number))),
    );
  });
  return rows;
}

forEachDialect('prospect cards', (get) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  let u: TestOrg['users'];
  const as = clientsOf(() => app);

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    u = org.users;
    setClock(shanghai(TODAY));
    app = await makeTestApp(get());
  });
  afterAll(async () => {
    await app.close();
    resetClock();
  });

  const create = async (user: TestUser, body: object) => (await as(user)).post('/api/prospects', body);
  const created = async (user: TestUser, body: object) => ok<ProspectDetail>(await create(user, body), 201);
  const list = async (user: TestUser, query = '') => ok<Page<ProspectListItem>>(await (await as(user)).get(`/api/prospects${query}`));

  describe('a card from a Plan 100 name', () => {
    it('an A name becomes a card: name, phone, grade, score and rubric copied, the name linked, stage lead, audited', async () => {
      const nameId = await insertPlanName(db, u.agent1, { name: '王建国', grade: 'A', score: 22, phone: PHONE });
      const card = await created(u.agent1, { nameId, occupation: '教师', incomeBand: '100kTo300k', tags: ['老同学', '老同学', '教育金'] });
      expect(card).toMatchObject({
        ownerId: u.agent1.id,
        unitId: org.units.team1,
        nameId,
        name: '王建国',
        phone: '139****5678',
        grade: 'A',
        score: 22,
        rubricVersion: 1,
        source: 'plan100',
        stage: 'lead',
        occupation: '教师',
        incomeBand: '100kTo300k',
        tags: ['老同学', '教育金'],
        customerId: null,
        referrer: null,
        referrals: [],
      });
      expect(card.stageHistory).toMatchObject([{ fromStage: null, toStage: 'lead', changedBy: u.agent1.id, unitId: org.units.team1 }]);
      const name = await db.selectFrom('plan_names').select('prospect_id').where('id', '=', nameId).executeTakeFirstOrThrow();
      expect(name.prospect_id).toBe(card.id);
      const stored = await db.selectFrom('prospects').select(['phone']).where('id', '=', card.id).executeTakeFirstOrThrow();
      expect(stored.phone).toBe(PHONE);
      const audit = await auditOf(db, 'prospect', card.id);
      expect(audit).toMatchObject([{ action: 'create', actor_id: u.agent1.id }]);
      expect(audit[0]!.after_json).not.toContain(PHONE);
    });

    it("B is enough; C only by the agent's choice; unscored and excluded names are refused; a name has one card", async () => {
      const b = await insertPlanName(db, u.agent1, { grade: 'B' });
      expect((await created(u.agent1, { nameId: b })).grade).toBe('B');
      const c = await insertPlanName(db, u.agent1, { grade: 'C' });
      const unscored = await insertPlanName(db, u.agent1, { grade: null });
      const excluded = await insertPlanName(db, u.agent1, { grade: 'A', excluded: true });
      const before = await cardCounts(db);
      expect(errorOf(await create(u.agent1, { nameId: c }))).toEqual({ status: 422, code: 'PROSPECT_GRADE_C' });
      expect(errorOf(await create(u.agent1, { nameId: unscored, allowGradeC: true }))).toEqual({
        status: 422,
        code: 'PROSPECT_NAME_UNSCORED',
      });
      expect(errorOf(await create(u.agent1, { nameId: excluded }))).toEqual({ status: 422, code: 'PROSPECT_NAME_EXCLUDED' });
      expect(errorOf(await create(u.agent1, { nameId: b }))).toEqual({ status: 409, code: 'PROSPECT_NAME_HAS_CARD' });
      expect(await cardCounts(db)).toEqual(before);
      expect((await created(u.agent1, { nameId: c, allowGradeC: true })).grade).toBe('C');
    });

    it("another agent's name, another team's and another tenant's are 404", async () => {
      const peers = await insertPlanName(db, u.agent1b, { grade: 'A' });
      const otherTeam = await insertPlanName(db, u.agent2, { grade: 'A' });
      const otherTenant = await insertPlanName(db, org.other.agent, { grade: 'A' });
      const before = await cardCounts(db);
      for (const nameId of [peers, otherTeam, otherTenant, newId()])
        expect(errorOf(await create(u.agent1, { nameId }))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(await cardCounts(db)).toEqual(before);
    });
  });

  describe('a card made directly', () => {
    it('bad input answers 400 with the field paths and writes nothing', async () => {
      const before = await cardCounts(db);
      const res = await create(u.agent1, {
        name: '李四',
        source: 'referral',
        phone: '12345',
        idNumber: '110105194912310021',
      });
      expect(errorOf(res)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(detailsOf(res).map((d) => d.path)).toEqual(['body.referrerProspectId']);
      const tags = await create(u.agent1, { name: '李四', source: 'assigned', tags: Array.from({ length: 11 }, (_, i) => `t${i}`) });
      expect(detailsOf(tags).map((d) => d.path)).toEqual(['body.tags']);
      const numbers = await create(u.agent1, { name: '李四', source: 'assigned', phone: '12345', idNumber: '110105194912310021', birthDate: '2026-02-30' });
      expect(detailsOf(numbers).map((d) => d.path).sort()).toEqual(['body.birthDate', 'body.idNumber', 'body.phone']);
      const campaign = await create(u.agent1, { name: '李四', source: 'campaign' });
      expect(detailsOf(campaign).map((d) => d.path)).toEqual(['body.campaignRef']);
      const noName = await create(u.agent1, { source: 'plan100' });
      expect(detailsOf(noName).map((d) => d.path).sort()).toEqual(['body.name', 'body.nameId']);
      expect(await cardCounts(db)).toEqual(before);
    });

    it('a referral names a referrer in scope and shows on both cards; out of scope is 404', async () => {
      const referrer = await created(u.agent1, { name: '赵大', source: 'assigned', phone: PHONE, idNumber: ID_NUMBER });
      expect(referrer).toMatchObject({ phone: '139****5678', idNumber: '110***********002X' });
      const referred = await created(u.agent1, { name: '赵二', source: 'referral', referrerProspectId: referrer.id });
      expect(referred.referrer).toEqual({ id: referrer.id, name: '赵大', kind: 'prospect' });
      const again = ok<ProspectDetail>(await (await as(u.agent1)).get(`/api/prospects/${referrer.id}`));
      expect(again.referrals).toEqual([{ id: referred.id, name: '赵二', stage: 'lead' }]);
      await as(u.agent1b); // logged in (a login is audited) before counting
      const before = await cardCounts(db);
      expect(errorOf(await create(u.agent1b, { name: 'x', source: 'referral', referrerProspectId: referrer.id }))).toEqual({
        status: 404,
        code: 'NOT_FOUND',
      });
      expect(await cardCounts(db)).toEqual(before);
    });

    it('staff make a card for an agent in scope, who is notified; an agent cannot, nor for another team', async () => {
      const card = await created(u.staff1, { name: '公司客户', source: 'assigned', ownerId: u.agent2.id });
      expect(card).toMatchObject({ ownerId: u.agent2.id, unitId: org.units.team2, source: 'assigned' });
      const notes = await db.selectFrom('notifications').select(['kind', 'link']).where('user_id', '=', u.agent2.id).execute();
      expect(notes).toContainEqual({ kind: 'prospect.assigned', link: `/prospects/cards/${card.id}` });
      expect(errorOf(await create(u.agent1, { name: 'x', source: 'assigned', ownerId: u.agent1b.id }))).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
      expect(errorOf(await create(u.staff1, { name: 'x', source: 'assigned', ownerId: u.agent3.id }))).toEqual({
        status: 404,
        code: 'NOT_FOUND',
      });
    });
  });

  describe('scope', () => {
    let mine: ProspectDetail;
    let peers: ProspectDetail;
    let team2s: ProspectDetail;
    let team3s: ProspectDetail;
    let others: ProspectDetail;
    beforeAll(async () => {
      mine = await created(u.agent1, { name: '欧阳1', source: 'assigned', nextFollowUp: '2026-11-20' });
      peers = await created(u.agent1b, { name: '欧阳2', source: 'assigned', phone: PHONE });
      team2s = await created(u.agent2, { name: '欧阳3', source: 'assigned' });
      team3s = await created(u.agent3, { name: '欧阳4', source: 'assigned' });
      others = await created(org.other.agent, { name: '欧阳5', source: 'assigned' });
    });

    it('an agent sees only their own cards: list, search, by id, board, export', async () => {
      const names = (await list(u.agent1b, '?pageSize=200')).items.map((p) => p.name);
      expect(names).toContain('欧阳2');
      expect(names).not.toContain('欧阳1');
      expect((await list(u.agent1b, `?q=${encodeURIComponent('欧阳')}`)).items.map((p) => p.id)).toEqual([peers.id]);
      for (const id of [mine.id, team2s.id, team3s.id, others.id]) {
        expect(errorOf(await (await as(u.agent1b)).get(`/api/prospects/${id}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
        expect(errorOf(await (await as(u.agent1b)).get(`/api/prospects/${id}/activities`))).toEqual({ status: 404, code: 'NOT_FOUND' });
      }
      const board = ok<ProspectBoard>(await (await as(u.agent1b)).get('/api/prospects/board'));
      expect(board.columns.find((c) => c.stage === 'lead')).toMatchObject({ count: 1, items: [{ id: peers.id }] });
      expect(errorOf(await (await as(u.agent1b)).get(`/api/prospects/board?ownerId=${u.agent1.id}`))).toEqual({
        status: 404,
        code: 'NOT_FOUND',
      });
      expect(errorOf(await (await as(u.agent1b)).get(`/api/prospects?ownerId=${u.agent1.id}`))).toEqual({
        status: 404,
        code: 'NOT_FOUND',
      });
      const sheet = await sheetRows(await (await as(u.agent1b)).get('/api/prospects/export?lang=en-US'));
      expect(sheet[0]).toContain('Mobile');
      expect(sheet.slice(1).map((r) => r.slice(1, 3))).toEqual([['欧阳2', '139****5678']]);
      expect(await auditOf(db, 'prospectExport')).toMatchObject([{ action: 'export', actor_id: u.agent1b.id }]);
    });

    it("a supervisor sees their team's cards, not another team's; a manager the department's", async () => {
      const sup = (await list(u.sup1, `?q=${encodeURIComponent('欧阳')}&sort=name`)).items.map((p) => p.name);
      expect(sup).toEqual(['欧阳1', '欧阳2']);
      ok(await (await as(u.sup1)).get(`/api/prospects/${mine.id}`));
      expect(errorOf(await (await as(u.sup1)).get(`/api/prospects/${team2s.id}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(errorOf(await (await as(u.sup1)).get(`/api/prospects?unitId=${org.units.team2}`))).toEqual({
        status: 404,
        code: 'NOT_FOUND',
      });
      const board = ok<ProspectBoard>(await (await as(u.sup1)).get(`/api/prospects/board?ownerId=${u.agent1.id}`));
      expect(board.ownerId).toBe(u.agent1.id);
      const mgr = (await list(u.manager1, `?q=${encodeURIComponent('欧阳')}&sort=name`)).items.map((p) => p.name);
      expect(mgr).toEqual(['欧阳1', '欧阳2', '欧阳3']);
      const team2 = (await list(u.manager1, `?q=${encodeURIComponent('欧阳')}&unitId=${org.units.team2}`)).items.map((p) => p.name);
      expect(team2).toEqual(['欧阳3']);
      expect(errorOf(await (await as(org.other.admin)).get(`/api/prospects/${mine.id}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
    });

    it('filters by grade, stage and follow-up date; sorted by next follow-up with cards without one last', async () => {
      const a = await created(u.agent3, { name: '排序甲', source: 'assigned', grade: 'A', nextFollowUp: '2026-11-25' });
      const b = await created(u.agent3, { name: '排序乙', source: 'assigned', grade: 'B', nextFollowUp: '2026-11-19' });
      const n = await created(u.agent3, { name: '排序丙', source: 'assigned', grade: 'B' });
      const q = `?q=${encodeURIComponent('排序')}`;
      expect((await list(u.agent3, q)).items.map((p) => p.id)).toEqual([b.id, a.id, n.id]);
      expect((await list(u.agent3, `${q}&sort=-nextFollowUp`)).items.map((p) => p.id)).toEqual([a.id, b.id, n.id]);
      expect((await list(u.agent3, `${q}&grade=B`)).items.map((p) => p.id)).toEqual([b.id, n.id]);
      expect((await list(u.agent3, `${q}&grade=A,B&followUpBefore=2026-11-20`)).items.map((p) => p.id)).toEqual([b.id]);
      expect((await list(u.agent3, `${q}&stage=lead&stage=closing&pageSize=2`)).total).toBe(3);
      const bad = await (await as(u.agent3)).get('/api/prospects?grade=D&sort=phone');
      expect(errorOf(bad)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    });
  });

  describe('editing', () => {
    it('the owner edits; numbers validated and masked in the answer and the audit trail; others cannot', async () => {
      const card = await created(u.agent1, { name: '钱七', source: 'assigned' });
      await as(u.agent1b);
      await as(u.sup1);
      const before = await cardCounts(db);
      const bad = await (await as(u.agent1)).patch(`/api/prospects/${card.id}`, { phone: '1391234567', idNumber: '110105194912310021' });
      expect(detailsOf(bad).map((d) => d.path).sort()).toEqual(['body.idNumber', 'body.phone']);
      expect(errorOf(await (await as(u.agent1)).patch(`/api/prospects/${card.id}`, { tags: ['x'.repeat(21)] }))).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(errorOf(await (await as(u.agent1b)).patch(`/api/prospects/${card.id}`, { needs: 'x' }))).toEqual({
        status: 404,
        code: 'NOT_FOUND',
      });
      expect(errorOf(await (await as(u.sup1)).patch(`/api/prospects/${card.id}`, { needs: 'x' }))).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
      expect(await cardCounts(db)).toEqual(before);
      const saved = ok<ProspectDetail>(
        await (await as(u.agent1)).patch(`/api/prospects/${card.id}`, {
          phone: PHONE,
          idNumber: '11010519491231002x',
          gender: 'female',
          birthDate: '1990-05-01',
          family: '已婚，一子',
          needs: '子女教育金',
          nextFollowUp: '2026-11-30',
          consentNote: '同意电话联系',
          consentDate: TODAY,
        }),
      );
      expect(saved).toMatchObject({ phone: '139****5678', idNumber: '110***********002X', gender: 'female', nextFollowUp: '2026-11-30' });
      const stored = await db.selectFrom('prospects').select(['phone', 'id_number']).where('id', '=', card.id).executeTakeFirstOrThrow();
      expect(stored).toEqual({ phone: PHONE, id_number: ID_NUMBER });
      const audit = await auditOf(db, 'prospect', card.id);
      expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
      expect(`${audit[1]!.before_json}${audit[1]!.after_json}`).not.toMatch(/13912345678|11010519491231002X/i);
      const cleared = ok<ProspectDetail>(await (await as(u.agent1)).patch(`/api/prospects/${card.id}`, { phone: null }));
      expect(cleared.phone).toBeNull();
    });
  });

  describe('stage moves and signing', () => {
    it('same stage 422, paused and lost need a reason, moves recorded with the team, signing makes exactly one customer', async () => {
      const card = await created(u.agent1, { name: '孙八', source: 'assigned', phone: PHONE, idNumber: ID_NUMBER, gender: 'male', birthDate: '1985-01-02' });
      const move = async (body: object, user = u.agent1) => (await as(user)).post(`/api/prospects/${card.id}/stage`, body);
      const before = await cardCounts(db);
      expect(errorOf(await move({ stage: 'lead' }))).toEqual({ status: 422, code: 'PROSPECT_SAME_STAGE' });
      const noReason = await move({ stage: 'lost' });
      expect(detailsOf(noReason).map((d) => d.path)).toEqual(['body.reason']);
      expect(errorOf(await move({ stage: 'nowhere' }))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(errorOf(await move({ stage: 'appointment', at: '2020-01-01T00:00:00Z' }))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(errorOf(await move({ stage: 'appointment' }, u.agent1b))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(await cardCounts(db)).toEqual(before);

      const paused = ok<ProspectDetail>(await move({ stage: 'paused', reason: '出差' }));
      expect(paused).toMatchObject({ stage: 'paused', stageReason: '出差' });
      ok(await move({ stage: 'closing' }));
      const signed = ok<ProspectDetail>(await move({ stage: 'signed' }));
      expect(signed.stage).toBe('signed');
      expect(signed.customerId).not.toBeNull();
      expect(signed.stageHistory.map((h) => [h.fromStage, h.toStage, h.reason, h.unitId])).toEqual([
        [null, 'lead', null, org.units.team1],
        ['lead', 'paused', '出差', org.units.team1],
        ['paused', 'closing', null, org.units.team1],
        ['closing', 'signed', null, org.units.team1],
      ]);
      const customers = await db.selectFrom('customers').selectAll().where('prospect_id', '=', card.id).execute();
      expect(customers).toHaveLength(1);
      expect(customers[0]).toMatchObject({
        id: signed.customerId,
        name: '孙八',
        phone: PHONE,
        id_number: ID_NUMBER,
        gender: 'male',
        birth_date: '1985-01-02',
        owner_id: u.agent1.id,
        unit_id: org.units.team1,
      });
      // Back to closing and signed again: the same customer.
      ok(await move({ stage: 'closing' }));
      const again = ok<ProspectDetail>(await move({ stage: 'signed' }));
      expect(again.customerId).toBe(signed.customerId);
      expect(await db.selectFrom('customers').select('id').where('prospect_id', '=', card.id).execute()).toHaveLength(1);
      const audit = await auditOf(db, 'prospect', card.id);
      expect(audit.map((a) => a.action)).toEqual(['create', 'stage', 'stage', 'stage', 'stage', 'stage']);
      const customerAudit = await auditOf(db, 'customer', signed.customerId!);
      expect(customerAudit).toHaveLength(1);
      expect(customerAudit[0]!.after_json).not.toMatch(/13912345678|11010519491231002X/i);
    });
  });

  describe('numbers typed into free text', () => {
    it('family, occupation, needs, stage reason and consent note show them masked in every answer, the export and the audit trail', async () => {
      const card = await created(u.agent1, {
        name: '自由文本',
        source: 'assigned',
        family: typed('家庭'),
        occupation: typed('职业'),
        needs: typed('需求'),
        consentNote: typed('同意'),
        nextFollowUp: '2026-11-19',
      });
      const reason = typed('暂停');
      const moved = ok<ProspectDetail>(await (await as(u.agent1)).post(`/api/prospects/${card.id}/stage`, { stage: 'paused', reason }));
      const patched = ok<ProspectDetail>(await (await as(u.agent1)).patch(`/api/prospects/${card.id}`, { needs: typed('新需求') }));
      const stored = await db
        .selectFrom('prospects')
        .select(['family', 'occupation', 'needs', 'consent_note', 'stage_reason'])
        .where('id', '=', card.id)
        .executeTakeFirstOrThrow();
      expect(Object.values(stored).every((v) => v !== null && v.includes(TYPED_MOBILE) && v.includes(ID_NUMBER))).toBe(true);

      const masked = (text: string) => {
        expect(text).not.toMatch(LEAK);
        expect(text).toContain(TYPED_MOBILE_MASKED);
        expect(text).toContain(ID_NUMBER_MASKED);
      };
      const fieldsOf = (p: Prospect) => [p.family, p.occupation, p.needs, p.consentNote, p.stageReason];
      for (const answer of [card, moved, patched]) masked(JSON.stringify(answer));
      for (const reader of [u.agent1, u.sup1]) {
        const detail = ok<ProspectDetail>(await (await as(reader)).get(`/api/prospects/${card.id}`));
        for (const text of fieldsOf(detail)) masked(text!);
        masked(detail.stageHistory.find((h) => h.toStage === 'paused')!.reason!);
        const listed = (await list(reader, `?q=${encodeURIComponent('自由文本')}`)).items;
        expect(listed.map((p) => p.id)).toEqual([card.id]);
        // A list row carries two of the free-text fields (needs, the stage's reason).
        for (const text of [listed[0]!.needs, listed[0]!.stageReason]) masked(text!);
        const board = ok<ProspectBoard>(await (await as(reader)).get(`/api/prospects/board?ownerId=${u.agent1.id}`));
        const onBoard = board.columns.find((c) => c.stage === 'paused')!.items.find((p) => p.id === card.id)!;
        for (const text of fieldsOf(onBoard)) masked(text!);
        const sheet = await sheetRows(await (await as(reader)).get(`/api/prospects/export?q=${encodeURIComponent('自由文本')}`));
        expect(sheet).toHaveLength(2);
        masked(sheet[1]!.join(' '));
        // occupation, needs and the reason are columns of the export
        expect(sheet[1]!.filter((cell) => cell.includes(TYPED_MOBILE_MASKED))).toHaveLength(3);
      }
      clearFunnelCache();
      const funnel = ok<{ totals: { paused: { reasons: { reason: string }[] } } }>(
        await (await as(u.agent1)).get('/api/prospects/funnel?from=2026-11-01&to=2026-11-30'),
      );
      const reasons = funnel.totals.paused.reasons.map((r) => r.reason);
      expect(reasons).toContain(`暂停：手机${TYPED_MOBILE_MASKED}，身份证${ID_NUMBER_MASKED}`);
      expect(reasons.join(' ')).not.toMatch(LEAK);

      const audit = await auditOf(db, 'prospect', card.id);
      expect(audit.map((a) => a.action)).toEqual(['create', 'stage', 'update']);
      for (const a of audit) expect(`${a.before_json ?? ''}${a.after_json ?? ''}`).not.toMatch(LEAK);
      masked(audit[0]!.after_json!);
      masked(audit[1]!.after_json!);
    });
  });

  describe('activities linked to a card', () => {
    it("an activity naming the agent's own card shows in its history; another's card is 404", async () => {
      const card = await created(u.agent1, { name: '周九', source: 'assigned' });
      const types = ok<ActivityType[]>(await (await as(u.agent1)).get('/api/activity/types'));
      const interview = types.find((t) => t.code === 'interview')!.id;
      const logged = ok<Activity>(
        await (await as(u.agent1)).post('/api/activities', { typeId: interview, prospectId: card.id, prospectName: '别名' }),
        201,
      );
      expect(logged).toMatchObject({ prospectId: card.id, prospectName: '周九' });
      const peersCard = await created(u.agent1b, { name: '吴十', source: 'assigned' });
      const activities = await countRows(db, 'activities');
      expect(errorOf(await (await as(u.agent1)).post('/api/activities', { typeId: interview, prospectId: peersCard.id }))).toEqual({
        status: 404,
        code: 'NOT_FOUND',
      });
      expect(await countRows(db, 'activities')).toBe(activities);
      const history = ok<Page<Activity>>(await (await as(u.agent1)).get(`/api/prospects/${card.id}/activities`));
      expect(history.items.map((a) => a.id)).toEqual([logged.id]);
      expect(history.total).toBe(1);
      // The team's supervisor reads it too.
      expect(ok<Page<Activity>>(await (await as(u.sup1)).get(`/api/prospects/${card.id}/activities`)).total).toBe(1);
    });
  });
});
