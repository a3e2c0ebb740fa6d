import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../../contracts/import.ts';
import type { DB } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { loginAs, makeTestApp, type TestClient } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, makeUnit, type TestOrg } from '../../test/factories.ts';
import { businessDate } from '../../lib/clock.ts';
import { normalisePhone, parseRole } from './roster.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PASSWORD = 'roster-initial-pass-2024';
const HEADERS = ['用户名', '姓名', '角色', '所属单位', '职级', '手机号', '身份证号', '性别', '出生日期', '入司日期', '推荐人'];

async function xlsxOf(rows: (string | number | Date | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function sheetOf(body: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

/** Sends a multipart form through the client's session (the harness's extra headers replace its own, so they are repeated here). */
async function postForm(
  c: TestClient,
  url: string,
  fields: Record<string, string>,
  file?: { name: string; content: Buffer; type?: string },
): Promise<LightMyRequestResponse> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new Blob([new Uint8Array(file.content)], { type: file.type ?? XLSX }), file.name);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  const payload = Buffer.from(await request.arrayBuffer());
  return c.request('POST', url, payload, {
    headers: {
      host: 'localhost',
      origin: 'http://localhost',
      cookie: c.cookie ?? '',
      'content-type': request.headers.get('content-type')!,
    },
  });
}

async function getBuffer(c: TestClient, url: string): Promise<LightMyRequestResponse & { raw: Buffer }> {
  const res = await c.request('GET', url, undefined, {
    headers: { host: 'localhost', origin: 'http://localhost', cookie: c.cookie ?? '' },
  });
  return Object.assign(res, { raw: res.rawPayload });
}

async function count(db: DB, table: 'users' | 'audit_log' | 'unit_memberships'): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('roster value parsing', () => {
  it.each([
    ['营销员', 'agent'],
    ['业务员', 'agent'],
    ['主管', 'supervisor'],
    ['营服经理', 'manager'],
    ['经理', 'manager'],
    ['内勤', 'staff'],
    ['机构领导', 'executive'],
    ['系统管理员', 'admin'],
    ['Agent', 'agent'],
    [' SUPERVISOR ', 'supervisor'],
    ['Department manager', 'manager'],
    ['老板', null],
  ])('role %s → %s', (raw, role) => {
    expect(parseRole(raw)).toBe(role);
  });

  it('normalises phone numbers', () => {
    expect(normalisePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalisePhone('138 1234 5678')).toBe('13812345678');
  });
});

forEachDialect('roster import and export', (get) => {
  let app: FastifyInstance;
  let org: TestOrg;
  let rankId: string;
  let db: DB;
  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    // A second "一组" in the other department: the bare name is ambiguous for whoever sees both.
    await makeUnit(db, org.tenant, org.units.dept2, 'team', '一组');
    rankId = newId();
    await db
      .insertInto('ranks')
      .values({ id: rankId, tenant_id: org.tenant.id, name: '业务员', level: 1, created_at: new Date().toISOString() })
      .execute();
    app = await makeTestApp(get());
  });
  afterAll(() => app.close());

  const errorsAt = (result: ImportResult, rowNumber: number) =>
    result.rows.find((r) => r.rowNumber === rowNumber)?.errors.map((e) => `${e.field}:${e.code}`) ?? [];

  describe('template', () => {
    it('is an .xlsx with the Chinese headers and an example row, not shadowed by /users/:id', async () => {
      const c = await loginAs(app, org.users.staff1.username);
      const res = await getBuffer(c, '/api/users/import/template');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX);
      expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('人员导入模板.xlsx')}`);
      const ws = await sheetOf(res.raw);
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
      expect(ws.getCell('A2').value).toBe('zhang.san');
      expect(ws.getCell('C2').value).toBe('营销员');
      expect(ws.getRow(1).font?.bold).toBe(true);
    });

    it('is refused to roles that may not import', async () => {
      const c = await loginAs(app, org.users.agent1.username);
      expect((await c.get('/api/users/import/template')).statusCode).toBe(403);
      const m = await loginAs(app, org.users.manager1.username);
      expect((await m.get('/api/users/import/template')).statusCode).toBe(403);
    });
  });

  describe('preview', () => {
    it('reports the errors of each row and writes nothing', async () => {
      const c = await loginAs(app, org.users.admin.username);
      const file = await xlsxOf([
        HEADERS,
        ['ok.one', '新人甲', '营销员', '营服一部/一组', '业务员', '13812340001', '11010519491231002X', '男', '1949-12-31', '2024-03-01', org.users.agent1.username],
        ['no.unit', '新人乙', '营销员', '', '', '', '', '', '', '', ''],
        ['OK.ONE', '重复', '营销员', '营服一部/一组', '', '', '', '', '', '', ''],
        [org.users.agent1b.username, '已存在', '营销员', '营服一部/一组', '', '', '', '', '', '', ''],
        ['bad.phone', '坏手机', '营销员', '营服一部/一组', '', '12345', '', '', '', '', ''],
        ['bad.id', '坏身份证', '营销员', '营服一部/一组', '', '', '110105194912310021', '', '', '', ''],
        ['bad.unit', '坏单位', '营销员', '不存在的组', '', '', '', '', '', '', ''],
        ['bad.date', '坏日期', '营销员', '营服一部/一组', '', '', '', '', '2024-13-01', '昨天', ''],
        ['bad.role', '坏角色', '老板', '营服一部/一组', '高级总监', '', '', '不详', '', '', 'nobody.here'],
        ['ambiguous', '重名', '营销员', '一组', '', '', '', '', '', '', ''],
      ]);
      const users = await count(db, 'users');
      const audits = await count(db, 'audit_log');
      const res = await postForm(c, '/api/users/import', {}, { name: '名单.xlsx', content: file });
      expect(res.statusCode).toBe(200);
      const result = JSON.parse(res.body) as ImportResult;
      expect(result.committed).toBe(false);
      expect(result.createdCount).toBe(0);
      expect(result.columns).toEqual(HEADERS);
      expect(result.mapping).toMatchObject({ username: '用户名', unit: '所属单位', recruiter: '推荐人' });
      expect(result.missing).toEqual([]);
      expect(result.rows.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(errorsAt(result, 2)).toEqual([]);
      // Personal numbers read from the file come back masked (PIPL), like every list.
      expect(result.rows[0]?.values).toMatchObject({ username: 'ok.one', unit: '营服一部/一组', phone: '138****0001', idNumber: '110***********002X' });
      expect(errorsAt(result, 3)).toEqual(['unit:required']);
      expect(errorsAt(result, 4)).toEqual(['username:duplicateInFile']);
      expect(errorsAt(result, 5)).toEqual(['username:taken']);
      expect(errorsAt(result, 6)).toEqual(['phone:invalid']);
      expect(errorsAt(result, 7)).toEqual(['idNumber:invalid']);
      expect(errorsAt(result, 8)).toEqual(['unit:unknown']);
      expect(errorsAt(result, 9)).toEqual(['birthDate:invalid', 'joinDate:invalid']);
      expect(errorsAt(result, 10).sort()).toEqual(['gender:invalid', 'rank:unknown', 'recruiter:unknown', 'role:invalid']);
      expect(errorsAt(result, 11)).toEqual(['unit:ambiguous']);
      expect(result.validCount).toBe(1);
      expect(result.errorCount).toBe(9);
      expect(await count(db, 'users')).toBe(users);
      expect(await count(db, 'audit_log')).toBe(audits);
    });

    it("checks the actor's scope and the roles they may hand out (staff of one department)", async () => {
      const c = await loginAs(app, org.users.staff1.username);
      const file = await xlsxOf([
        HEADERS,
        ['scope.ok', '本部', '业务员', '一组', '', '', '', '', '', '', ''],
        ['scope.other', '外部', '营销员', '营服二部/三组', '', '', '', '', '', '', ''],
        ['scope.role', '经理', '营服经理', '二组', '', '', '', '', '', '', ''],
      ]);
      const result = JSON.parse((await postForm(c, '/api/users/import', { dryRun: 'true' }, { name: 'a.xlsx', content: file })).body) as ImportResult;
      // Staff see only their department, where "一组" is unique.
      expect(errorsAt(result, 2)).toEqual([]);
      expect(errorsAt(result, 3)).toEqual(['unit:unknown']);
      expect(errorsAt(result, 4)).toEqual(['role:notAllowed']);
    });

    it("another tenant's admin cannot reach this tenant's units", async () => {
      const c = await loginAs(app, org.other.admin.username);
      const file = await xlsxOf([HEADERS, ['x.other', '外人', '营销员', '营服一部/一组', '', '', '', '', '', '', '']]);
      const result = JSON.parse((await postForm(c, '/api/users/import', {}, { name: 'a.xlsx', content: file })).body) as ImportResult;
      expect(errorsAt(result, 2)).toEqual(['unit:unknown']);
    });

    it('reads a CSV with a BOM and English headers, and applies an explicit mapping', async () => {
      const c = await loginAs(app, org.users.admin.username);
      const csv = '\uFEFFLogin,Name,Role,Team,Contact\r\ncsv.one,Csv One,agent,营服一部/二组,13900002222\r\n';
      const res = await postForm(
        c,
        '/api/users/import',
        { mapping: JSON.stringify({ username: 'Login', phone: 'Contact' }) },
        { name: 'people.csv', content: Buffer.from(csv, 'utf8'), type: 'text/csv' },
      );
      expect(res.statusCode).toBe(200);
      const result = JSON.parse(res.body) as ImportResult;
      expect(result.mapping).toMatchObject({ username: 'Login', displayName: 'Name', role: 'Role', unit: 'Team', phone: 'Contact' });
      expect(result.rows[0]?.errors).toEqual([]);
      expect(result.validCount).toBe(1);
    });

    it('reports a required column the file lacks', async () => {
      const c = await loginAs(app, org.users.admin.username);
      const file = await xlsxOf([['用户名', '姓名', '角色'], ['no.col', '缺列', '营销员']]);
      const result = JSON.parse((await postForm(c, '/api/users/import', {}, { name: 'a.xlsx', content: file })).body) as ImportResult;
      expect(result.missing).toEqual(['unit']);
      expect(errorsAt(result, 2)).toEqual(['unit:missingColumn']);
    });

    it('answers 400 for bad uploads: no file, another file type, bad mapping, bad dryRun', async () => {
      const c = await loginAs(app, org.users.admin.username);
      const users = await count(db, 'users');
      const noFile = await postForm(c, '/api/users/import', { dryRun: 'true' });
      expect(noFile.statusCode).toBe(400);
      expect(JSON.parse(noFile.body).error.details).toEqual([expect.objectContaining({ path: 'body.file' })]);
      const pdf = await postForm(c, '/api/users/import', {}, { name: 'a.pdf', content: Buffer.from('%PDF-1.4 x'), type: 'application/pdf' });
      expect(pdf.statusCode).toBe(400);
      expect(JSON.parse(pdf.body).error.code).toBe('UNSUPPORTED_FILE');
      const file = await xlsxOf([HEADERS, ['m.one', '甲', '营销员', '一组']]);
      const badMapping = await postForm(c, '/api/users/import', { mapping: '{"username": "没有这一列"}' }, { name: 'a.xlsx', content: file });
      expect(badMapping.statusCode).toBe(400);
      expect(JSON.parse(badMapping.body).error.details).toEqual([expect.objectContaining({ path: 'body.mapping.username' })]);
      const notJson = await postForm(c, '/api/users/import', { mapping: '{oops' }, { name: 'a.xlsx', content: file });
      expect(notJson.statusCode).toBe(400);
      expect(JSON.parse(notJson.body).error.details[0].path).toBe('body.mapping');
      const badDryRun = await postForm(c, '/api/users/import', { dryRun: 'maybe' }, { name: 'a.xlsx', content: file });
      expect(badDryRun.statusCode).toBe(400);
      expect(JSON.parse(badDryRun.body).error.details[0].path).toBe('body.dryRun');
      const json = await c.post('/api/users/import', { file: 'x' });
      expect(json.statusCode).toBe(400);
      expect(await count(db, 'users')).toBe(users);
    });

    it('is refused to agents and supervisors', async () => {
      const file = await xlsxOf([HEADERS]);
      for (const who of [org.users.agent1, org.users.sup1]) {
        const c = await loginAs(app, who.username);
        expect((await postForm(c, '/api/users/import', {}, { name: 'a.xlsx', content: file })).statusCode).toBe(403);
      }
    });
  });

  describe('commit', () => {
    it('refuses a file with an error and writes nothing', async () => {
      const c = await loginAs(app, org.users.admin.username);
      const file = await xlsxOf([
        HEADERS,
        ['err.one', '甲', '营销员', '营服一部/一组', '', '', '', '', '', '', ''],
        ['err.two', '乙', '营销员', '营服一部/一组', '', '1234', '', '', '', '', ''],
      ]);
      const before = await Promise.all([count(db, 'users'), count(db, 'audit_log'), count(db, 'unit_memberships')]);
      const res = await postForm(c, '/api/users/import', { dryRun: 'false', initialPassword: PASSWORD }, { name: 'a.xlsx', content: file });
      expect(res.statusCode).toBe(400);
      const error = JSON.parse(res.body).error as { code: string; details: { path: string; code: string }[] };
      expect(error.code).toBe('IMPORT_HAS_ERRORS');
      expect(error.details).toEqual([expect.objectContaining({ path: 'rows.3.phone', code: 'invalid' })]);
      expect(await Promise.all([count(db, 'users'), count(db, 'audit_log'), count(db, 'unit_memberships')])).toEqual(before);
    });

    it('needs an initial password that meets the policy', async () => {
      const c = await loginAs(app, org.users.admin.username);
      const file = await xlsxOf([HEADERS, ['pw.one', '甲', '营销员', '营服一部/一组']]);
      const users = await count(db, 'users');
      const missing = await postForm(c, '/api/users/import', { dryRun: 'false' }, { name: 'a.xlsx', content: file });
      expect(missing.statusCode).toBe(400);
      expect(JSON.parse(missing.body).error.details[0].path).toBe('body.initialPassword');
      const weak = await postForm(c, '/api/users/import', { dryRun: 'false', initialPassword: 'short' }, { name: 'a.xlsx', content: file });
      expect(weak.statusCode).toBe(400);
      expect(JSON.parse(weak.body).error).toMatchObject({ code: 'WEAK_PASSWORD', details: [{ path: 'body.initialPassword' }] });
      const withName = await postForm(
        c,
        '/api/users/import',
        { dryRun: 'false', initialPassword: 'pw.one-is-my-password' },
        { name: 'a.xlsx', content: file },
      );
      expect(withName.statusCode).toBe(400);
      expect(JSON.parse(withName.body).error.code).toBe('WEAK_PASSWORD');
      expect(await count(db, 'users')).toBe(users);
    });

    it('creates every person of a clean file in one go; each can log in with the initial password', async () => {
      const c = await loginAs(app, org.users.staff1.username);
      const file = await xlsxOf([
        HEADERS,
        // Recruited by the next row of the same file: the recruiter is created first.
        ['new.agent', '新营销员', '营销员', '一组', '业务员', '138 1234 0002', '11010519491231002X', '', '', new Date(Date.UTC(2024, 2, 1)), 'new.sup'],
        ['new.sup', '新主管', '主管', '营服一部/二组', '', '13812340003', '', '女', '1985/6/7', '2020-01-02', org.users.sup1.username],
        ['new.plain', '新人丙', 'agent', '营服一部', '', '', '', '', '', '', ''],
      ]);
      const audits = await count(db, 'audit_log');
      const res = await postForm(c, '/api/users/import', { dryRun: 'false', initialPassword: PASSWORD }, { name: '新人名单.xlsx', content: file });
      expect(res.statusCode).toBe(200);
      const result = JSON.parse(res.body) as ImportResult;
      expect(result).toMatchObject({ committed: true, createdCount: 3, validCount: 3, errorCount: 0 });

      const created = await db
        .selectFrom('users')
        .selectAll()
        .where('username', 'in', ['new.agent', 'new.sup', 'new.plain'])
        .execute();
      const by = new Map(created.map((u) => [u.username, u]));
      expect(by.get('new.agent')).toMatchObject({
        tenant_id: org.tenant.id,
        display_name: '新营销员',
        role: 'agent',
        unit_id: org.units.team1,
        rank_id: rankId,
        phone: '13812340002',
        id_number: '11010519491231002X',
        // Taken from the ID number when the columns are blank.
        gender: 'female',
        birth_date: '1949-12-31',
        join_date: '2024-03-01',
        recruiter_id: by.get('new.sup')?.id,
        must_change_password: 1,
      });
      expect(by.get('new.sup')).toMatchObject({
        role: 'supervisor',
        unit_id: org.units.team2,
        gender: 'female',
        birth_date: '1985-06-07',
        recruiter_id: org.users.sup1.id,
      });
      expect(by.get('new.plain')).toMatchObject({ role: 'agent', unit_id: org.units.dept1, join_date: businessDate() });

      const memberships = await db
        .selectFrom('unit_memberships')
        .select(['user_id', 'unit_id', 'start_date'])
        .where('user_id', 'in', created.map((u) => u.id))
        .execute();
      expect(memberships).toHaveLength(3);
      expect(memberships.find((m) => m.user_id === by.get('new.agent')?.id)).toMatchObject({ start_date: '2024-03-01' });

      const trail = await db
        .selectFrom('audit_log')
        .select(['entity', 'entity_id', 'action', 'actor_id', 'after_json'])
        .where('tenant_id', '=', org.tenant.id)
        .where('entity', 'in', ['user', 'userImport'])
        .where('action', 'in', ['create', 'import'])
        .where('actor_id', '=', org.users.staff1.id)
        .execute();
      expect(trail.filter((a) => a.entity === 'user').map((a) => a.entity_id).sort()).toEqual(created.map((u) => u.id).sort());
      const summary = trail.find((a) => a.entity === 'userImport');
      expect(JSON.parse(summary!.after_json!)).toMatchObject({ fileName: '新人名单.xlsx', created: 3 });
      // Personal numbers are masked in the trail.
      expect(trail.map((a) => a.after_json).join()).not.toContain('13812340002');
      expect(await count(db, 'audit_log')).toBe(audits + 4);

      const me = await loginAs(app, 'new.agent', PASSWORD);
      const profile = JSON.parse((await me.get('/api/auth/me')).body) as { mustChangePassword: boolean; unitId: string };
      expect(profile).toMatchObject({ mustChangePassword: true, unitId: org.units.team1 });
      await loginAs(app, 'new.sup', PASSWORD);
    });

    it('refuses to commit a file without data rows', async () => {
      const c = await loginAs(app, org.users.admin.username);
      const res = await postForm(c, '/api/users/import', { dryRun: 'false', initialPassword: PASSWORD }, { name: 'a.xlsx', content: await xlsxOf([HEADERS]) });
      expect(res.statusCode).toBe(400);
      expect(JSON.parse(res.body).error.details[0].path).toBe('body.file');
      const preview = await postForm(c, '/api/users/import', {}, { name: 'a.xlsx', content: await xlsxOf([HEADERS]) });
      expect(JSON.parse(preview.body)).toMatchObject({ rows: [], validCount: 0, errorCount: 0 });
    });

    it('refuses recruiters who recruit each other in a loop', async () => {
      const c = await loginAs(app, org.users.admin.username);
      const file = await xlsxOf([
        HEADERS,
        ['loop.a', '甲', '营销员', '营服一部/一组', '', '', '', '', '', '', 'loop.b'],
        ['loop.b', '乙', '营销员', '营服一部/一组', '', '', '', '', '', '', 'loop.a'],
      ]);
      const result = JSON.parse((await postForm(c, '/api/users/import', {}, { name: 'a.xlsx', content: file })).body) as ImportResult;
      expect(errorsAt(result, 2)).toEqual(['recruiter:cycle']);
      expect(errorsAt(result, 3)).toEqual(['recruiter:cycle']);
    });
  });

  describe('export', () => {
    it('exports the visible people with masked numbers and Chinese headers', async () => {
      const c = await loginAs(app, org.users.admin.username);
      const total = JSON.parse((await c.get('/api/users?pageSize=200')).body).total as number;
      const audits = await count(db, 'audit_log');
      const res = await getBuffer(c, '/api/users/export');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX);
      expect(res.headers['content-disposition']).toMatch(/filename\*=UTF-8''%E4%BA%BA%E5%91%98%E5%90%8D%E5%8D%95-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const ws = await sheetOf(res.raw);
      expect((ws.getRow(1).values as unknown[]).slice(1, 8)).toEqual(['用户名', '姓名', '角色', '所属单位', '职级', '手机号', '身份证号']);
      expect(ws.rowCount).toBe(total + 1);
      const agentRow = ws.getRows(2, ws.rowCount - 1)!.find((r) => r.getCell(1).value === org.users.agent1.username)!;
      expect(agentRow.getCell(3).value).toBe('营销员');
      expect(agentRow.getCell(4).value).toBe('一组');
      expect(agentRow.getCell(6).value).toBe('139****1111');
      expect(agentRow.getCell(7).value).toBe('110***********002X');
      expect(agentRow.getCell(12).value).toBe('在职');
      const numbers = ws.getRows(2, ws.rowCount - 1)!.flatMap((r) => [r.getCell(6).text, r.getCell(7).text]);
      expect(numbers.filter((n) => n !== '' && !n.includes('*'))).toEqual([]);
      expect(await count(db, 'audit_log')).toBe(audits + 1);
    });

    it('uses English headers with lang=en-US and applies the list filters', async () => {
      const c = await loginAs(app, org.users.admin.username);
      const res = await getBuffer(c, `/api/users/export?lang=en-US&unitId=${org.units.team1}&role=agent`);
      expect(res.statusCode).toBe(200);
      const ws = await sheetOf(res.raw);
      expect((ws.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['Username', 'Name', 'Role']);
      const names = ws.getRows(2, ws.rowCount - 1)!.map((r) => r.getCell(1).value);
      expect(names).toEqual(expect.arrayContaining([org.users.agent1.username, org.users.agent1b.username, 'new.agent']));
      expect(names).not.toContain(org.users.sup1.username);
      expect(names).not.toContain(org.users.agent2.username);
      expect(ws.getRows(2, ws.rowCount - 1)!.every((r) => r.getCell(3).value === 'Agent')).toBe(true);
    });

    it('keeps the order of the list on screen', async () => {
      const c = await loginAs(app, org.users.admin.username);
      const res = await getBuffer(c, `/api/users/export?role=agent&sort=-username`);
      const ws = await sheetOf(res.raw);
      const names = ws.getRows(2, ws.rowCount - 1)!.map((r) => r.getCell(1).text);
      expect(names.length).toBeGreaterThan(2);
      expect(names).toEqual([...names].sort().reverse());
    });

    it('holds only what the actor may see', async () => {
      const exported = async (username: string, query = '') => {
        const c = await loginAs(app, username);
        const res = await getBuffer(c, `/api/users/export${query}`);
        expect(res.statusCode).toBe(200);
        const ws = await sheetOf(res.raw);
        return ws.rowCount > 1 ? ws.getRows(2, ws.rowCount - 1)!.map((r) => r.getCell(1).value as string) : [];
      };
      const sup = await exported(org.users.sup1.username);
      expect(sup).toEqual(expect.arrayContaining([org.users.agent1.username, org.users.agent1b.username]));
      expect(sup).not.toContain(org.users.agent2.username);
      const manager = await exported(org.users.manager1.username);
      expect(manager).toContain(org.users.agent2.username);
      expect(manager).not.toContain(org.users.agent3.username);
      // A filter on a unit out of scope yields nothing, not that unit's people.
      expect(await exported(org.users.manager1.username, `?unitId=${org.units.team3}`)).toEqual([]);
      const other = await exported(org.other.admin.username);
      expect(other.sort()).toEqual([org.other.admin.username, org.other.agent.username].sort());
    });

    it('is refused to agents and answers 400 to a bad filter', async () => {
      const agent = await loginAs(app, org.users.agent1.username);
      expect((await agent.get('/api/users/export')).statusCode).toBe(403);
      const admin = await loginAs(app, org.users.admin.username);
      const bad = await admin.get('/api/users/export?role=boss&lang=fr');
      expect(bad.statusCode).toBe(400);
      const details = (JSON.parse(bad.body) as { error: { details: { path: string }[] } }).error.details;
      expect(details.map((d) => d.path).sort()).toEqual(['query.lang', 'query.role']);
    });

    it('does not shadow GET /users/:id', async () => {
      const c = await loginAs(app, org.users.admin.username);
      const res = await c.get(`/api/users/${org.users.agent1.id}`);
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.body).id).toBe(org.users.agent1.id);
    });
  });
});
