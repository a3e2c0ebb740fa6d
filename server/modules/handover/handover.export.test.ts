import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../../contracts/common.ts';
import type { Handover, HandoverDetail } from '../../../contracts/handover.ts';
import type { DB } from '../../db/database.ts';
import { advanceClock, resetClock, setClock } from '../../lib/clock.ts';
import { makeTestApp } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, makeUser, type TestOrg, type TestUser } from '../../test/factories.ts';
import { auditOf, clientsOf, countRows, detailsOf, errorOf, ok, shanghai } from '../activity/recording.test-helpers.ts';
import { localDateTime } from '../attendance/request-export.service.ts';
import { expectMaskedText, TYPED, typedText } from '../customer/customer.fixtures.ts';
import { makePerson } from '../privacy/person.fixtures.ts';
import { handoverExportLimits } from './handover.export.ts';

const HEADERS = {
  'zh-CN': ['移交时间', '移出营销员', '接收营销员', '移交原因', '准主顾卡', '客户', '家庭', '保单', '服务事项', '计划100名单', '备注', '操作人'],
  'en-US': [
    'Handed over at',
    'From agent',
    'To agent',
    'Reason',
    'Cards',
    'Customers',
    'Households',
    'Policies',
    'Service requests',
    'Plan 100 names',
    'Note',
    'Done by',
  ],
};

const REASONS = { leaving: '离职', decision: '经理决定' };

/** The first sheet of an .xlsx answer, row by row (header first), every column's value or null. */
async function sheetOf(res: LightMyRequestResponse): Promise<unknown[][]> {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push(Array.from({ length: ws.columnCount }, (_, i) => row.getCell(i + 1).value ?? null)));
  return out;
}

/** What the export writes for a row of the list (zh-CN). */
function expectedRow(h: Handover): unknown[] {
  const c = h.counts;
  return [
    localDateTime(h.createdAt, 'Asia/Shanghai'),
    h.fromUserName,
    h.toUserName,
    REASONS[h.reason],
    c.prospects,
    c.customers,
    c.households,
    c.policies,
    c.serviceRequests,
    c.names,
    h.note,
    h.createdByName,
  ];
}

forEachDialect('handover history export', (get) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  let peer: TestUser;
  let agent3b: TestUser;
  const as = clientsOf(() => app);
  const ids: string[] = [];

  async function list(user: { username: string }, query = ''): Promise<Handover[]> {
    return ok<Page<Handover>>(await (await as(user)).get(`/api/handovers?pageSize=200${query}`)).items;
  }

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    app = await makeTestApp(get());
    setClock(shanghai('2026-11-18'));
    peer = await makeUser(db, org.tenant, org.units.team1, 'agent');
    agent3b = await makeUser(db, org.tenant, org.units.team3, 'agent');
    const otherAgent2 = await makeUser(db, org.other.tenant, org.other.tenant.rootUnitId, 'agent');
    const { agent1, agent1b, agent3 } = org.users;
    const a = await makePerson(db, agent1, { name: '甲', phone: TYPED.mobile, customer: true, policies: 2, serviceRequests: 1 });
    const b = await makePerson(db, agent1, { name: '乙' });
    await makePerson(db, agent1b, { name: '丙' });
    await makePerson(db, agent3, { name: '丁', customer: true, policies: 1 });
    await makePerson(db, org.other.agent, { name: '戊' });

    const hand = async (by: { username: string }, body: object) => {
      const h = ok<HandoverDetail>(await (await as(by)).post('/api/handovers', body), 201);
      ids.push(h.id);
      advanceClock(60_000);
    };
    await hand(org.users.manager1, {
      fromUserId: agent1.id,
      toUserId: org.users.agent2.id,
      reason: 'decision',
      note: typedText('移交说明'),
      prospectIds: [a.prospectId, b.prospectId],
      customerIds: [a.customerId],
      nameIds: [b.nameId],
    });
    await hand(org.users.manager1, { fromUserId: agent1b.id, toUserId: agent1.id, reason: 'leaving', all: true });
    await hand(org.users.manager2, { fromUserId: agent3.id, toUserId: agent3b.id, reason: 'leaving', all: true });
    await hand(org.other.admin, { fromUserId: org.other.agent.id, toUserId: otherAgent2.id, reason: 'decision', all: true });
  });
  afterAll(async () => {
    resetClock();
    handoverExportLimits.maxRows = 20_000;
    await app.close();
  });

  describe('rows', () => {
    it('a real workbook whose rows are the list’s rows, in its order, headers in Chinese by default', async () => {
      const items = await list(org.users.manager1);
      expect(items.map((h) => h.id)).toEqual([ids[1], ids[0]]);
      const res = await (await as(org.users.manager1)).get('/api/handovers/export');
      expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('移交记录-2026-11-18.xlsx');
      const [header, ...rows] = await sheetOf(res);
      expect(header).toEqual(HEADERS['zh-CN']);
      expect(rows).toEqual(items.map(expectedRow));
      // Newest first: everything agent1b held, then the chosen rows of agent1 with the note.
      expect(rows[0]!.slice(3, 10)).toEqual(['离职', 1, 0, 0, 0, 0, 1]);
      expect(rows[1]!.slice(3, 10)).toEqual(['经理决定', 2, 1, 0, 2, 1, 1]);
      expect(rows[0]![10]).toBeNull();
    });

    it('the note shows numbers typed into it masked; no full number anywhere', async () => {
      const [, ...rows] = await sheetOf(await (await as(org.users.manager1)).get('/api/handovers/export'));
      expectMaskedText(rows[1]![10] as string);
      expect(JSON.stringify(rows)).not.toMatch(/1[3-9]\d{9}/);
    });

    it('English headers with lang=en-US; userId narrows to either side, as in the list', async () => {
      const items = await list(org.users.manager1, `&userId=${org.users.agent2.id}`);
      expect(items.map((h) => h.id)).toEqual([ids[0]]);
      const res = await (await as(org.users.manager1)).get(`/api/handovers/export?userId=${org.users.agent2.id}&lang=en-US`);
      expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('handovers-2026-11-18.xlsx');
      const [header, ...rows] = await sheetOf(res);
      expect(header).toEqual(HEADERS['en-US']);
      expect(rows.map((r) => r.slice(1, 4))).toEqual([[items[0]!.fromUserName, items[0]!.toUserName, "Manager's decision"]]);
    });
  });

  describe('scope', () => {
    it('each reader exports exactly the rows their list shows', async () => {
      const readers = [
        org.users.manager1,
        org.users.manager2,
        org.users.sup1,
        org.users.sup2,
        org.users.agent1,
        org.users.agent2,
        peer,
        org.users.admin,
        org.other.admin,
      ];
      const counts: Record<string, number> = {};
      for (const u of readers) {
        const items = await list(u);
        const [, ...rows] = await sheetOf(await (await as(u)).get('/api/handovers/export'));
        expect(rows, u.username).toEqual(items.map(expectedRow));
        counts[u.username] = rows.length;
      }
      expect(counts).toEqual({
        [org.users.manager1.username]: 2,
        [org.users.manager2.username]: 1,
        [org.users.sup1.username]: 2,
        [org.users.sup2.username]: 1,
        // The from-agent of one, the to-agent of the other.
        [org.users.agent1.username]: 2,
        [org.users.agent2.username]: 1,
        // A peer of the same team, another department, another tenant: nothing of theirs.
        [peer.username]: 0,
        [org.users.admin.username]: 3,
        [org.other.admin.username]: 1,
      });
    });

    it('a userId out of scope narrows to nothing, as in the list', async () => {
      for (const u of [peer, org.users.manager2, org.other.admin]) {
        expect(await list(u, `&userId=${org.users.agent1.id}`)).toEqual([]);
        const sheet = await sheetOf(await (await as(u)).get(`/api/handovers/export?userId=${org.users.agent1.id}`));
        expect(sheet).toEqual([HEADERS['zh-CN']]);
      }
    });
  });

  describe('refusals and audit', () => {
    it('a bad query is 400 with the field named', async () => {
      const m = await as(org.users.manager1);
      const lang = await m.get('/api/handovers/export?lang=fr-FR');
      expect(errorOf(lang)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(detailsOf(lang).map((d) => d.path)).toEqual(['query.lang']);
      const user = await m.get('/api/handovers/export?userId=');
      expect(errorOf(user)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(detailsOf(user).map((d) => d.path)).toEqual(['query.userId']);
    });

    it('every export is audited with its filter and row count; a refused one writes nothing', async () => {
      const m = await as(org.users.manager1);
      const before = (await auditOf(db, 'handoverExport')).length;
      await sheetOf(await m.get(`/api/handovers/export?userId=${org.users.agent1.id}`));
      const rows = await auditOf(db, 'handoverExport');
      expect(rows).toHaveLength(before + 1);
      expect(rows.at(-1)).toMatchObject({ action: 'export', actor_id: org.users.manager1.id });
      expect(JSON.parse(rows.at(-1)!.after_json!)).toEqual({ filter: { userId: org.users.agent1.id }, rows: 2 });
      const audits = await countRows(db, 'audit_log');
      expect((await m.get('/api/handovers/export?lang=xx')).statusCode).toBe(400);
      expect(await countRows(db, 'audit_log')).toBe(audits);
    });

    it('more rows than the cap: EXPORT_TOO_LARGE, nothing audited; narrowed, it exports', async () => {
      const m = await as(org.users.manager1);
      expect(handoverExportLimits.maxRows).toBe(20_000);
      handoverExportLimits.maxRows = 1;
      try {
        const audits = await countRows(db, 'audit_log');
        const res = await m.get('/api/handovers/export');
        expect(errorOf(res)).toEqual({ status: 400, code: 'EXPORT_TOO_LARGE' });
        expect(res.json<{ error: { details: unknown } }>().error.details).toEqual({ maxRows: 1 });
        expect(await countRows(db, 'audit_log')).toBe(audits);
        const [, ...rows] = await sheetOf(await m.get(`/api/handovers/export?userId=${org.users.agent2.id}`));
        expect(rows).toHaveLength(1);
      } finally {
        handoverExportLimits.maxRows = 20_000;
      }
    });
  });
});
