import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  PlanName,
  PlanNameBulkResult,
  PlanNameImportResult,
  PlanNamePage,
} from '../../../contracts/plan100.ts';
import type { DB } from '../../db/database.ts';
import type { TestClient } from '../../test/app.ts';
import { makeTestApp } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg } from '../../test/factories.ts';
import { auditOf, clientsOf, countRows, detailsOf, errorOf, ok } from '../activity/recording.test-helpers.ts';

const PHONE = '13912345678';
const MASKED = '139****5678';

/** An .xlsx upload as multipart/form-data. */
function multipart(file: Buffer, filename: string, fields: Record<string, string>) {
  const boundary = `----sb${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
    ),
  );
  parts.push(file, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(client: TestClient, url: string, file: Buffer, fields: Record<string, string>): Promise<LightMyRequestResponse> {
  const { payload, headers } = multipart(file, 'names.xlsx', fields);
  return client.request('POST', url, payload, { headers });
}

async function sheetOf(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readXlsx(body: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const out: string[][] = [];
  ws.eachRow((row) => {
    const values = Array.from((row.values as (string | number | null | undefined)[]).slice(1), (v) => (v === null || v === undefined ? '' : String(v)));
    out.push(values);
  });
  return out;
}

forEachDialect('Plan 100 names', (get) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  const as = clientsOf(() => app);
  const names = () => countRows(db, 'plan_names');

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    app = await makeTestApp(get());
  });
  afterAll(() => app.close());

  let first: PlanName;

  describe('entering names', () => {
    it('an agent adds a name; the phone comes back masked; the write is audited with the phone masked', async () => {
      const agent = await as(org.users.agent1);
      first = ok<PlanName>(await agent.post('/api/names', { name: ' 张三 ', category: 'relatives', phone: PHONE, note: '表哥' }), 201);
      expect(first).toMatchObject({
        ownerId: org.users.agent1.id,
        name: '张三',
        category: 'relatives',
        phone: MASKED,
        note: '表哥',
        excluded: false,
        score: null,
        grade: null,
        rubricVersion: null,
        prospectId: null,
        duplicate: false,
      });
      const audit = await auditOf(db, 'planName', first.id);
      expect(audit.map((a) => a.action)).toEqual(['create']);
      expect(audit[0]!.actor_id).toBe(org.users.agent1.id);
      expect(audit[0]!.after_json).toContain(MASKED);
      expect(audit[0]!.after_json).not.toContain(PHONE);
    });

    it('a number typed into the note is shown masked, in the answer and the audit trail', async () => {
      const agent = await as(org.users.agent1b);
      const n = ok<PlanName>(await agent.post('/api/names', { name: '备注号', category: 'friends', note: '太太电话13800001111' }), 201);
      expect(n.note).toBe('太太电话138****1111');
      const audit = await auditOf(db, 'planName', n.id);
      expect(audit[0]!.after_json).not.toContain('13800001111');
      ok(await agent.delete(`/api/names/${n.id}`));
    });

    it('bad input answers 400 with field details and writes nothing', async () => {
      const agent = await as(org.users.agent1);
      const before = await names();
      const audits = await countRows(db, 'audit_log');
      for (const body of [
        { name: '李四', category: 'relatives', phone: '12345' },
        { name: '', category: 'relatives' },
        { name: '李四', category: 'cousins' },
        { name: '李四' },
        { name: 'x'.repeat(41), category: 'friends' },
      ]) {
        const res = await agent.post('/api/names', body);
        expect(errorOf(res), JSON.stringify(body)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
        expect(detailsOf(res).length).toBeGreaterThan(0);
      }
      expect(detailsOf(await agent.post('/api/names', { name: '李四', category: 'relatives', phone: '12345' }))[0]?.path).toBe(
        'body.phone',
      );
      expect(await names()).toBe(before);
      expect(await countRows(db, 'audit_log')).toBe(audits);
    });

    it('pasted lines: categories by code or Chinese label, phones, notes; all or nothing', async () => {
      const agent = await as(org.users.agent1);
      const before = await names();
      const text = ['李四 朋友 13800138000 大学室友', '', '王五 同事', '赵六 13800', '钱七 邻居 住楼下'].join('\n');
      const bad = await agent.post('/api/names/bulk', { text });
      expect(errorOf(bad)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(detailsOf(bad)).toEqual([expect.objectContaining({ path: 'lines.4.phone', code: 'invalid' })]);
      expect(await names()).toBe(before);

      const preview = ok<PlanNameBulkResult>(await agent.request('POST', '/api/names/bulk?dryRun=1', { text }));
      expect(preview.committed).toBe(false);
      expect(preview.lines.map((l) => [l.line, l.name, l.category, l.phone, l.note, l.errors.length])).toEqual([
        [1, '李四', 'friends', '138****8000', '大学室友', 0],
        [3, '王五', 'colleagues', null, null, 0],
        [4, '赵六', 'referrals', null, null, 1],
        [5, '钱七', 'neighbours', null, '住楼下', 0],
      ]);
      expect(await names()).toBe(before);

      const done = ok<PlanNameBulkResult>(await agent.request('POST', '/api/names/bulk?skipInvalid=1', { text }));
      expect(done).toMatchObject({ committed: true, createdCount: 3, skippedCount: 1 });
      expect(done.items.map((n) => n.name)).toEqual(['李四', '王五', '钱七']);
      expect(await names()).toBe(before + 3);
      for (const n of done.items) expect((await auditOf(db, 'planName', n.id)).map((a) => a.action)).toEqual(['create']);
    });

    it('names as objects, with a default category; too many at once is refused', async () => {
      const agent = await as(org.users.agent1);
      const done = ok<PlanNameBulkResult>(
        await agent.post('/api/names/bulk', {
          names: [{ name: '孙八' }, { name: '周九', category: '同学', phone: '138 0000 9999' }],
          defaultCategory: 'hobbies',
        }),
      );
      expect(done.items.map((n) => [n.name, n.category, n.phone])).toEqual([
        ['孙八', 'hobbies', null],
        ['周九', 'classmates', '138****9999'],
      ]);
      const before = await names();
      const many = Array.from({ length: 501 }, (_, i) => `名字${i}`).join('\n');
      expect(errorOf(await agent.post('/api/names/bulk', { text: many }))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await names()).toBe(before);
    });

    it('duplicates within a list are flagged: same name (case and space blind) or same phone', async () => {
      const agent = await as(org.users.agent1);
      const again = ok<PlanName>(await agent.post('/api/names', { name: '张 三', category: 'friends' }), 201);
      expect(again.duplicate).toBe(true);
      const samePhone = ok<PlanName>(await agent.post('/api/names', { name: '张叁', category: 'friends', phone: PHONE }), 201);
      expect(samePhone.duplicate).toBe(true);
      const page = ok<PlanNamePage>(await agent.get('/api/names?pageSize=100'));
      const dup = new Map(page.items.map((n) => [n.id, n.duplicate]));
      expect(dup.get(first.id)).toBe(true);
      expect(page.items.find((n) => n.name === '王五')?.duplicate).toBe(false);
      // Another agent's identical name is not a duplicate of this list.
      const other = ok<PlanName>(await (await as(org.users.agent1b)).post('/api/names', { name: '张三', category: 'friends', phone: PHONE }), 201);
      expect(other.duplicate).toBe(false);
    });
  });

  describe('the list', () => {
    it('progress counts names not excluded; excluding one takes it out; filters, prefix search and sort', async () => {
      const agent = await as(org.users.agent1);
      const page = ok<PlanNamePage>(await agent.get('/api/names?pageSize=100'));
      const count = page.total;
      expect(page.progress).toMatchObject({ count, target: 100, excludedCount: 0 });
      expect(page.progress.grades.none).toBe(count);
      expect(page.currentRubricVersion).toBe(1);

      const excluded = ok<PlanName>(await agent.patch(`/api/names/${first.id}`, { excluded: true }));
      expect(excluded.excluded).toBe(true);
      expect((await auditOf(db, 'planName', first.id)).map((a) => a.action)).toEqual(['create', 'exclude']);
      const after = ok<PlanNamePage>(await agent.get('/api/names?pageSize=1'));
      expect(after.progress).toMatchObject({ count: count - 1, excludedCount: 1 });
      expect(after.items).toHaveLength(1);
      expect(after.total).toBe(count);

      expect(ok<PlanNamePage>(await agent.get('/api/names?excluded=1')).items.map((n) => n.id)).toEqual([first.id]);
      expect(ok<PlanNamePage>(await agent.get('/api/names?category=neighbours')).items.map((n) => n.name)).toEqual(['钱七']);
      expect(
        ok<PlanNamePage>(await agent.get(`/api/names?q=${encodeURIComponent('张')}&sort=createdAt`)).items.map((n) => n.name),
      ).toEqual(['张三', '张 三', '张叁']);
      expect(ok<PlanNamePage>(await agent.get('/api/names?q=%25')).items).toEqual([]);
      expect(errorOf(await agent.get('/api/names?sort=phone'))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      ok(await agent.patch(`/api/names/${first.id}`, { excluded: false }));
    });

    it('PATCH changes the fields; bad input writes nothing', async () => {
      const agent = await as(org.users.agent1);
      const changed = ok<PlanName>(await agent.patch(`/api/names/${first.id}`, { note: '表哥，在银行', phone: null }));
      expect(changed).toMatchObject({ note: '表哥，在银行', phone: null });
      const before = await db.selectFrom('plan_names').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
      expect(errorOf(await agent.patch(`/api/names/${first.id}`, { phone: '999' }))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(errorOf(await agent.patch(`/api/names/${first.id}`, { category: 'aliens' }))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await db.selectFrom('plan_names').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow()).toEqual(before);
    });

    it('a name that became a card is not deleted (409); another is, audited', async () => {
      const agent = await as(org.users.agent1);
      const card = ok<PlanName>(await agent.post('/api/names', { name: '建卡', category: 'friends' }), 201);
      await db.updateTable('plan_names').set({ prospect_id: 'p-1' }).where('id', '=', card.id).execute();
      expect(errorOf(await agent.delete(`/api/names/${card.id}`))).toEqual({ status: 409, code: 'NAME_HAS_CARD' });
      const gone = ok<PlanName>(await agent.post('/api/names', { name: '删掉', category: 'friends' }), 201);
      ok(await agent.delete(`/api/names/${gone.id}`));
      expect(errorOf(await agent.get(`/api/names/${gone.id}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect((await auditOf(db, 'planName', gone.id)).map((a) => a.action)).toEqual(['create', 'delete']);
    });
  });

  describe('scope', () => {
    it('an agent never sees another agent’s names: list, progress, by id, search, export', async () => {
      const peer = await as(org.users.agent1b);
      const own = ok<PlanNamePage>(await peer.get('/api/names?pageSize=100'));
      expect(own.items.every((n) => n.ownerId === org.users.agent1b.id)).toBe(true);
      expect(own.progress.count).toBe(own.total);
      expect(ok<PlanNamePage>(await peer.get(`/api/names?q=${encodeURIComponent('李')}`)).items).toEqual([]);
      expect(errorOf(await peer.get(`/api/names?ownerId=${org.users.agent1.id}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(errorOf(await peer.get(`/api/names/export?ownerId=${org.users.agent1.id}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
      for (const res of [
        await peer.get(`/api/names/${first.id}`),
        await peer.patch(`/api/names/${first.id}`, { note: 'x' }),
        await peer.delete(`/api/names/${first.id}`),
        await peer.post(`/api/names/${first.id}/score`, { answers: {} }),
      ]) {
        expect(errorOf(res)).toEqual({ status: 404, code: 'NOT_FOUND' });
      }
      const rows = await readXlsx((await peer.get('/api/names/export')).rawPayload);
      expect(rows.slice(1).map((r) => r[0])).toEqual(own.items.map((n) => n.name));
    });

    it('the team’s supervisor and the department manager read the list; another team, department or tenant get 404', async () => {
      for (const lead of [org.users.sup1, org.users.manager1, org.users.admin]) {
        const c = await as(lead);
        const page = ok<PlanNamePage>(await c.get(`/api/names?ownerId=${org.users.agent1.id}&pageSize=100`));
        expect(page.items.length).toBeGreaterThan(5);
        expect(page.items.every((n) => n.ownerId === org.users.agent1.id)).toBe(true);
        expect(ok<PlanName>(await c.get(`/api/names/${first.id}`)).phone).toBeNull();
        // Reading is not writing: the list is the agent's.
        expect(errorOf(await c.patch(`/api/names/${first.id}`, { note: 'x' }))).toEqual({ status: 403, code: 'FORBIDDEN' });
      }
      for (const outsider of [org.users.sup2, org.users.manager2, org.users.sup3, org.other.admin, org.other.agent]) {
        const c = await as(outsider);
        expect(errorOf(await c.get(`/api/names?ownerId=${org.users.agent1.id}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
        expect(errorOf(await c.get(`/api/names/${first.id}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
        expect(errorOf(await c.get(`/api/names/export?ownerId=${org.users.agent1.id}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
      }
      // Without ownerId a lead reads their own (empty) list.
      expect(ok<PlanNamePage>(await (await as(org.users.sup1)).get('/api/names')).items).toEqual([]);
    });
  });

  describe('import and export', () => {
    it('an .xlsx made with exceljs: preview, then commit; duplicates flagged; a bad row refuses the whole file', async () => {
      const agent = await as(org.users.agent2);
      const file = await sheetOf([
        ['姓名', '关系类别', '手机号', '备注'],
        ['陈一', '亲戚', '13700000001', '舅舅'],
        ['陈二', 'friends', '', ''],
        ['陈一', '同学', '', '同名'],
        ['陈三', '', '137-0000-0003', ''],
      ]);
      const before = await names();
      const preview = ok<PlanNameImportResult>(await upload(agent, '/api/names/import', file, {}));
      expect(preview).toMatchObject({ committed: false, validCount: 4, errorCount: 0, createdCount: 0 });
      expect(preview.rows.map((r) => [r.rowNumber, r.duplicate])).toEqual([
        [2, false],
        [3, false],
        [4, true],
        [5, false],
      ]);
      expect(await names()).toBe(before);

      const done = ok<PlanNameImportResult>(await upload(agent, '/api/names/import', file, { dryRun: 'false' }));
      expect(done).toMatchObject({ committed: true, createdCount: 4 });
      const list = ok<PlanNamePage>(await agent.get('/api/names?sort=createdAt&pageSize=100'));
      expect(list.items.map((n) => [n.name, n.category, n.phone])).toEqual([
        ['陈一', 'relatives', '137****0001'],
        ['陈二', 'friends', null],
        ['陈一', 'classmates', null],
        ['陈三', 'referrals', '137****0003'],
      ]);
      expect((await auditOf(db, 'planName')).filter((a) => a.action === 'import')).toHaveLength(4);
      expect(await auditOf(db, 'planNameImport')).toHaveLength(1);

      const bad = await sheetOf([
        ['姓名', '关系', '手机'],
        ['好人', '朋友', '13700000009'],
        ['坏人', '外星人', '123'],
      ]);
      const mid = await names();
      const refused = await upload(agent, '/api/names/import', bad, { dryRun: 'false' });
      expect(errorOf(refused)).toEqual({ status: 400, code: 'IMPORT_HAS_ERRORS' });
      expect(detailsOf(refused).map((d) => d.path).sort()).toEqual(['rows.3.category', 'rows.3.phone']);
      expect(await names()).toBe(mid);
    });

    it('the export is a real .xlsx of the own list with phones masked, audited', async () => {
      const agent = await as(org.users.agent2);
      const res = await agent.get('/api/names/export?sort=createdAt&lang=en-US');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const rows = await readXlsx(res.rawPayload);
      expect(rows[0]!.slice(0, 4)).toEqual(['Name', 'Category', 'Mobile', 'Note']);
      expect(rows.slice(1).map((r) => [r[0], r[2]])).toEqual([
        ['陈一', '137****0001'],
        ['陈二', ''],
        ['陈一', ''],
        ['陈三', '137****0003'],
      ]);
      expect(rows.flat().join(' ')).not.toContain('13700000001');
      expect(await auditOf(db, 'planNameExport')).not.toHaveLength(0);
      // The supervisor exports the agent's list, still masked.
      const sup = await as(org.users.sup2);
      const theirs = await readXlsx((await sup.get(`/api/names/export?ownerId=${org.users.agent2.id}`)).rawPayload);
      expect(theirs).toHaveLength(5);
      expect(theirs.flat().join(' ')).not.toContain('13700000001');
    });
  });
});
