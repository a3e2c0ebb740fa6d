import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../../contracts/common.ts';
import type { SpotCheck, SpotCheckDetail } from '../../../contracts/spot-check.ts';
import type { DB } from '../../db/database.ts';
import { advanceClock, resetClock, setClock } from '../../lib/clock.ts';
import { makeTestApp } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, makeUser, type TestOrg, type TestUser } from '../../test/factories.ts';
import { auditOf, clientsOf, countRows, detailsOf, errorOf, ok, shanghai } from '../activity/recording.test-helpers.ts';
import { localDateTime } from '../attendance/request-export.service.ts';
import { spotCheckExportLimits } from './spotcheck.export.ts';
import { insertCards } from './spotcheck.fixtures.ts';

const HEADERS = {
  'zh-CN': ['抽查时间', '营销员', '团队', '抽查人', '要求抽取张数', '抽取张数', '已点评', '未读点评', '营销员已读'],
  'en-US': ['Checked at', 'Agent', 'Team', 'Checked by', 'Sample size asked', 'Cards drawn', 'Commented', 'Unread comments', 'Read by agent'],
};

/** The first sheet of an .xlsx answer, row by row (header first), cells as their values. */
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
function expectedRow(c: SpotCheck, teamName: string): unknown[] {
  const read = c.commentedCount === 0 ? '—' : c.unseenCount > 0 ? `${c.unseenCount} 条未读` : '已读';
  return [
    localDateTime(c.createdAt, 'Asia/Shanghai'),
    c.agentName,
    teamName,
    c.supervisorName,
    c.sampleSize,
    c.itemCount,
    c.commentedCount,
    c.unseenCount,
    read,
  ];
}

forEachDialect('spot-check history export', (get) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  let otherSup: TestUser;
  const as = clientsOf(() => app);
  let teamNames: Map<string, string>;

  async function list(user: { username: string }, query = ''): Promise<SpotCheck[]> {
    return ok<Page<SpotCheck>>(await (await as(user)).get(`/api/spot-checks?pageSize=200${query}`)).items;
  }

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    app = await makeTestApp(get());
    setClock(shanghai('2026-11-18'));
    const t = org.tenant.id;
    await insertCards(db, { tenantId: t, ownerId: org.users.agent1.id, unitId: org.units.team1 }, 10);
    await insertCards(db, { tenantId: t, ownerId: org.users.agent1b.id, unitId: org.units.team1, phone: '13900002222' }, 4);
    await insertCards(db, { tenantId: t, ownerId: org.users.agent2.id, unitId: org.units.team2 }, 5);
    await insertCards(db, { tenantId: org.other.tenant.id, ownerId: org.other.agent.id, unitId: org.other.tenant.rootUnitId }, 3);
    otherSup = await makeUser(db, org.other.tenant, org.other.tenant.rootUnitId, 'supervisor', { leads: true });

    const draw = async (by: { username: string }, agentId: string, size: number) => {
      const d = ok<SpotCheckDetail>(await (await as(by)).post('/api/spot-checks', { agentId, size }), 201);
      advanceClock(60_000);
      return d;
    };
    const first = await draw(org.users.sup1, org.users.agent1.id, 3);
    await draw(org.users.sup1, org.users.agent1b.id, 10);
    await draw(org.users.sup2, org.users.agent2.id, 2);
    const last = await draw(org.users.sup1, org.users.agent1.id, 2);
    await draw(org.other.admin, org.other.agent.id, 2);
    // One check fully commented and read, one with an unread comment (a number typed into it).
    const sup1 = await as(org.users.sup1);
    for (const item of first.items) {
      ok(await sup1.post(`/api/spot-checks/${first.id}/items/${item.id}/comment`, { comment: '需求写得清楚' }));
    }
    ok(await (await as(org.users.agent1)).post(`/api/spot-checks/${first.id}/seen`));
    ok(await sup1.post(`/api/spot-checks/${last.id}/items/${last.items[0]!.id}/comment`, { comment: '电话13800001111待核实' }));
    teamNames = new Map(
      (await db.selectFrom('org_units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]),
    );
  });
  afterAll(async () => {
    resetClock();
    spotCheckExportLimits.maxRows = 20_000;
    await app.close();
  });

  describe('rows', () => {
    it('a real workbook whose rows are the list’s rows, in its order, headers in Chinese by default', async () => {
      const items = await list(org.users.sup1);
      expect(items.map((c) => c.agentId)).toEqual([org.users.agent1.id, org.users.agent1b.id, org.users.agent1.id]);
      const res = await (await as(org.users.sup1)).get('/api/spot-checks/export');
      expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('抽查记录-2026-11-18.xlsx');
      const [header, ...rows] = await sheetOf(res);
      expect(header).toEqual(HEADERS['zh-CN']);
      expect(rows).toEqual(items.map((c) => expectedRow(c, teamNames.get(c.unitId)!)));
      // The last check drawn is first; the first, fully commented and read, is last.
      expect(rows[0]!.slice(4)).toEqual([2, 2, 1, 1, '1 条未读']);
      expect(rows[1]!.slice(4)).toEqual([10, 4, 0, 0, '—']);
      expect(rows[2]!.slice(4)).toEqual([3, 3, 3, 0, '已读']);
    });

    it('English headers with lang=en-US; agentId narrows as in the list', async () => {
      const items = await list(org.users.sup1, `&agentId=${org.users.agent1.id}`);
      expect(items).toHaveLength(2);
      const res = await (await as(org.users.sup1)).get(`/api/spot-checks/export?agentId=${org.users.agent1.id}&lang=en-US`);
      expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('spot-checks-2026-11-18.xlsx');
      const [header, ...rows] = await sheetOf(res);
      expect(header).toEqual(HEADERS['en-US']);
      expect(rows.map((r) => r.slice(1, 6))).toEqual(
        items.map((c) => [c.agentName, teamNames.get(c.unitId), c.supervisorName, c.sampleSize, c.itemCount]),
      );
      expect(rows.map((r) => r[8])).toEqual(['1 unread', 'Read']);
    });

    it('no personal numbers in the workbook', async () => {
      const res = await (await as(org.users.manager1)).get('/api/spot-checks/export');
      const text = JSON.stringify(await sheetOf(res));
      expect(text).not.toMatch(/1[3-9]\d{9}/);
    });
  });

  describe('scope', () => {
    it('each reader exports exactly the rows their list shows', async () => {
      for (const u of [org.users.sup1, org.users.sup2, org.users.manager1, org.users.manager2, org.users.admin, org.other.admin, otherSup]) {
        const items = await list(u);
        const [, ...rows] = await sheetOf(await (await as(u)).get('/api/spot-checks/export'));
        expect(rows, u.username).toEqual(items.map((c) => expectedRow(c, teamNames.get(c.unitId)!)));
      }
      const rowsOf = async (u: { username: string }) => (await sheetOf(await (await as(u)).get('/api/spot-checks/export'))).length - 1;
      expect(await rowsOf(org.users.manager1)).toBe(4);
      expect(await rowsOf(org.users.sup2)).toBe(1);
      // Another department and another tenant's supervisor: nothing of this team.
      expect(await rowsOf(org.users.manager2)).toBe(0);
      expect(await rowsOf(otherSup)).toBe(1);
      expect(await rowsOf(org.other.admin)).toBe(1);
    });

    it('an agent out of scope is 404 and agents or staff may not export, as the list', async () => {
      for (const u of [org.users.sup2, org.users.manager2, org.other.admin]) {
        const url = `?agentId=${org.users.agent1.id}`;
        expect(errorOf(await (await as(u)).get(`/api/spot-checks${url}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
        expect(errorOf(await (await as(u)).get(`/api/spot-checks/export${url}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
      }
      for (const u of [org.users.agent1, org.users.agent1b, org.users.staff1]) {
        expect(errorOf(await (await as(u)).get('/api/spot-checks'))).toEqual({ status: 403, code: 'FORBIDDEN' });
        expect(errorOf(await (await as(u)).get('/api/spot-checks/export'))).toEqual({ status: 403, code: 'FORBIDDEN' });
      }
    });
  });

  describe('refusals and audit', () => {
    it('a bad query is 400 with the field named', async () => {
      const sup = await as(org.users.sup1);
      const lang = await sup.get('/api/spot-checks/export?lang=fr-FR');
      expect(errorOf(lang)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(detailsOf(lang).map((d) => d.path)).toEqual(['query.lang']);
      const agent = await sup.get('/api/spot-checks/export?agentId=');
      expect(errorOf(agent)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(detailsOf(agent).map((d) => d.path)).toEqual(['query.agentId']);
    });

    it('every export is audited with its filter and row count; a refused one writes nothing', async () => {
      const sup = await as(org.users.sup1);
      const before = (await auditOf(db, 'spotCheckExport')).length;
      await sheetOf(await sup.get(`/api/spot-checks/export?agentId=${org.users.agent1.id}`));
      const rows = await auditOf(db, 'spotCheckExport');
      expect(rows).toHaveLength(before + 1);
      expect(rows.at(-1)).toMatchObject({ action: 'export', actor_id: org.users.sup1.id });
      expect(JSON.parse(rows.at(-1)!.after_json!)).toEqual({ filter: { agentId: org.users.agent1.id }, rows: 2 });
      await as(org.users.sup2);
      const audits = await countRows(db, 'audit_log');
      expect((await (await as(org.users.sup2)).get(`/api/spot-checks/export?agentId=${org.users.agent1.id}`)).statusCode).toBe(404);
      expect((await sup.get('/api/spot-checks/export?lang=xx')).statusCode).toBe(400);
      expect(await countRows(db, 'audit_log')).toBe(audits);
    });

    it('more rows than the cap: EXPORT_TOO_LARGE, nothing audited; narrowed, it exports', async () => {
      const sup = await as(org.users.sup1);
      expect(spotCheckExportLimits.maxRows).toBe(20_000);
      spotCheckExportLimits.maxRows = 2;
      try {
        const audits = await countRows(db, 'audit_log');
        const res = await sup.get('/api/spot-checks/export');
        expect(errorOf(res)).toEqual({ status: 400, code: 'EXPORT_TOO_LARGE' });
        expect(res.json<{ error: { details: unknown } }>().error.details).toEqual({ maxRows: 2 });
        expect(await countRows(db, 'audit_log')).toBe(audits);
        const [, ...rows] = await sheetOf(await sup.get(`/api/spot-checks/export?agentId=${org.users.agent1.id}`));
        expect(rows).toHaveLength(2);
      } finally {
        spotCheckExportLimits.maxRows = 20_000;
      }
    });
  });
});
