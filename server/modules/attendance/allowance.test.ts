import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllowanceSchema, type Allowance, type DayStatus } from '../../../contracts/attendance.ts';
import type { ImportResult } from '../../../contracts/import.ts';
import type { DB } from '../../db/database.ts';
import { nowIso } from '../../lib/clock.ts';
import { loginAs, makeTestApp, type TestClient } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, makeUser, type TestOrg, type TestUser } from '../../test/factories.ts';
import { parseYuan, tierLabel } from './allowance.service.ts';
import { DEFAULT_RULES, workMonthOf } from './attendance.rules.ts';
import { insertRecordIfAbsent, recordRow } from './record.repository.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const M = '2026-09';

async function record(db: DB, user: TestUser, date: string, status: DayStatus): Promise<void> {
  const at = nowIso();
  await insertRecordIfAbsent(
    db,
    recordRow({
      tenant_id: user.tenantId,
      user_id: user.id,
      unit_id: user.unitId,
      date,
      month: workMonthOf(date, DEFAULT_RULES.workMonth),
      status,
      check_in_at: status === 'absent' ? null : `${date}T00:25:00.000Z`,
      method: status === 'absent' ? 'system' : 'app',
      created_at: at,
    }),
  );
}

/** Present on the first `present` days, absent on the next `absent` ones (September's weekdays). */
async function month(db: DB, user: TestUser, present: number, absent: number): Promise<void> {
  const days = ['01', '02', '03', '04', '07', '08', '09', '10', '11', '14'].map((d) => `2026-09-${d}`);
  for (let i = 0; i < present + absent; i++)
    await record(db, user, days[i]!, i < present ? 'present' : 'absent');
}

async function xlsxOf(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('基数');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Cell values row by row, as wide as the header (trailing empty cells are not stored). */
function rowsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  const width = ws.getRow(1).cellCount;
  ws.eachRow((row) => {
    const values = row.values as unknown[];
    out.push(Array.from({ length: width }, (_, i) => values[i + 1]));
  });
  return out;
}

async function sheetOf(body: Buffer, index = 0): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb.worksheets[index]!;
}

/** Sends a multipart form through the client's session. */
async function postForm(
  c: TestClient,
  url: string,
  fields: Record<string, string>,
  file?: { name: string; content: Buffer; type?: string },
): Promise<LightMyRequestResponse> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file)
    form.append('file', new Blob([new Uint8Array(file.content)], { type: file.type ?? XLSX }), file.name);
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

describe('allowance rules', () => {
  it('reads yuan as fen', () => {
    expect(parseYuan('1500')).toBe(150_000);
    expect(parseYuan('1,500.5')).toBe(150_050);
    expect(parseYuan(' ￥1,500.05 ')).toBe(150_005);
    expect(parseYuan('1500元')).toBe(150_000);
    expect(parseYuan('0')).toBe(0);
    for (const bad of ['', '-5', '1.234', 'abc', '1e3', '1.']) expect(parseYuan(bad)).toBeNull();
  });

  it('labels tiers by the band of rates they cover', () => {
    const tiers = [
      { minRate: 0.8, cut: 0 },
      { minRate: 0.5, cut: 0.2 },
      { minRate: 0, cut: 1 },
    ];
    expect([0, 1, 2].map((i) => tierLabel(tiers, i))).toEqual(['≥80%', '50%–80%', '<50%']);
  });
});

forEachDialect('supervisor allowance', (get) => {
  let app: FastifyInstance;
  let org: TestOrg;
  let db: DB;
  let u: TestOrg['users'];
  let supZero: TestUser;
  let supLeft: TestUser;
  const clients = new Map<string, TestClient>();
  const as = async (user: TestUser) => {
    let c = clients.get(user.username);
    if (!c) clients.set(user.username, (c = await loginAs(app, user.username)));
    return c;
  };
  const allowance = async (user: TestUser, q = '') =>
    (await as(user)).get(`/api/attendance/allowance?month=${M}${q}`);
  const putBases = async (user: TestUser, bases: { userId: string; baseFen: number | null }[], m = M) =>
    (await as(user)).put('/api/attendance/allowance/bases', { month: m, bases });
  const storedBases = async () =>
    Object.fromEntries(
      (
        await db
          .selectFrom('attendance_allowance_bases')
          .select(['user_id', 'base_fen'])
          .where('month', '=', M)
          .execute()
      ).map((b) => [b.user_id, Number(b.base_fen)]),
    );

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    u = org.users;
    supZero = await makeUser(db, org.tenant, org.units.team1, 'supervisor');
    supLeft = await makeUser(db, org.tenant, org.units.team2, 'supervisor');
    await db.updateTable('users').set({ created_at: '2024-01-01T00:00:00.000Z' }).execute();
    await db
      .updateTable('users')
      .set({ status: 'left', leave_date: '2026-08-01' })
      .where('id', '=', supLeft.id)
      .execute();
    for (const [user, name] of [
      [u.sup1, 'S1 赵主管'],
      [u.sup2, 'S2 钱主管'],
      [u.sup3, 'S3 周主管'],
      [supZero, 'S4 零主管'],
    ] as const) {
      await db.updateTable('users').set({ display_name: name }).where('id', '=', user.id).execute();
    }
    await month(db, u.sup1, 4, 1); // exactly 80 %
    await month(db, u.sup2, 1, 1); // exactly 50 %
    await month(db, u.sup3, 1, 2); // a third
    await month(db, u.agent1, 0, 5); // not a supervisor
    app = await makeTestApp(get());
  });
  afterAll(() => app.close());

  it('tiers: exactly 80 % cuts nothing, exactly 50 % is the middle tier, below cuts all', async () => {
    const res = await allowance(u.admin);
    expect(res.statusCode).toBe(200);
    const body = res.json<Allowance>();
    expect(AllowanceSchema.parse(body)).toEqual(body);
    expect(body).toMatchObject({
      month: M,
      from: '2026-08-26',
      to: '2026-09-25',
      tiers: DEFAULT_RULES.allowanceTiers,
    });
    expect(
      body.rows.map((r) => [r.displayName, r.unitName, r.required, r.attended, r.rate, r.tier, r.cut]),
    ).toEqual([
      ['S1 赵主管', '一组', 5, 4, 0.8, 0, 0],
      ['S4 零主管', '一组', 0, 0, null, 0, 0],
      ['S2 钱主管', '二组', 2, 1, 0.5, 1, 0.2],
      ['S3 周主管', '三组', 3, 1, 1 / 3, 2, 1],
    ]);
    expect(body.rows.every((r) => r.baseFen === null && r.cutFen === null)).toBe(true);
  });

  it('bases: set by staff for supervisors in scope; the amount cut follows the tier', async () => {
    const res = await putBases(u.staff1, [
      { userId: u.sup1.id, baseFen: 200_000 },
      { userId: u.sup2.id, baseFen: 150_050 },
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ month: M, saved: 2, removed: 0 });
    expect((await putBases(u.admin, [{ userId: u.sup3.id, baseFen: 100_000 }])).statusCode).toBe(200);
    const rows = (await allowance(u.admin)).json<Allowance>().rows;
    expect(rows.map((r) => [r.displayName, r.baseFen, r.cutFen])).toEqual([
      ['S1 赵主管', 200_000, 0],
      ['S4 零主管', null, null],
      ['S2 钱主管', 150_050, 30_010],
      ['S3 周主管', 100_000, 100_000],
    ]);
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_id', 'action', 'before_json', 'after_json'])
      .where('entity', '=', 'attendanceAllowanceBases')
      .orderBy('at')
      .execute();
    expect(audit[0]).toMatchObject({ actor_id: u.staff1.id, action: 'update' });
    expect(JSON.parse(audit[0]!.after_json!)).toEqual({
      month: M,
      bases: { [u.sup1.id]: 200_000, [u.sup2.id]: 150_050 },
    });
    // A second write replaces the base and records what it was.
    expect((await putBases(u.staff1, [{ userId: u.sup1.id, baseFen: 210_000 }])).statusCode).toBe(200);
    const last = await db
      .selectFrom('audit_log')
      .select(['before_json'])
      .where('entity', '=', 'attendanceAllowanceBases')
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(last.before_json!)).toEqual({ month: M, bases: { [u.sup1.id]: 200_000 } });
    expect(await storedBases()).toMatchObject({ [u.sup1.id]: 210_000 });
  });

  it('bad input answers 400 with details and writes nothing', async () => {
    const before = await storedBases();
    const cases: [unknown, string][] = [
      [{ month: M, bases: [{ userId: u.sup1.id, baseFen: -5 }] }, 'body.bases.0.baseFen'],
      [{ month: M, bases: [{ userId: u.sup1.id, baseFen: 1.5 }] }, 'body.bases.0.baseFen'],
      [{ month: '2026-13', bases: [{ userId: u.sup1.id, baseFen: 1 }] }, 'body.month'],
      [{ month: M, bases: [] }, 'body.bases'],
      [{ month: M, bases: [{ baseFen: 1 }] }, 'body.bases.0.userId'],
      [
        {
          month: M,
          bases: [
            { userId: u.sup1.id, baseFen: 1 },
            { userId: u.sup1.id, baseFen: 2 },
          ],
        },
        'body.bases.1.userId',
      ],
    ];
    for (const [body, path] of cases) {
      const res = await (await as(u.staff1)).put('/api/attendance/allowance/bases', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const err = res.json<{ error: { code: string; details: { path: string }[] } }>().error;
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.details.map((d) => d.path)).toContain(path);
    }
    expect(await storedBases()).toEqual(before);
  });

  it('anyone out of scope, not a supervisor or of another tenant: 404 naming nobody, nothing written', async () => {
    const before = await storedBases();
    for (const other of [u.sup3, u.agent1, org.other.admin, { id: 'no-such-user' }]) {
      const res = await putBases(u.staff1, [
        { userId: u.sup1.id, baseFen: 1 },
        { userId: other.id, baseFen: 2 },
      ]);
      expect(res.statusCode).toBe(404);
      expect(JSON.stringify(res.json())).not.toContain(other.id);
    }
    expect(await storedBases()).toEqual(before);
    // Reading the allowance does not give the right to change it; supervisors and agents read none.
    expect((await putBases(u.manager1, [{ userId: u.sup1.id, baseFen: 1 }])).statusCode).toBe(403);
    expect((await allowance(u.sup1)).statusCode).toBe(403);
    expect((await allowance(u.agent1)).statusCode).toBe(403);
  });

  it('null removes a base', async () => {
    const res = await putBases(u.staff1, [
      { userId: u.sup2.id, baseFen: null },
      { userId: supZero.id, baseFen: null },
    ]);
    expect(res.json()).toEqual({ month: M, saved: 0, removed: 1 });
    expect(await storedBases()).not.toHaveProperty(u.sup2.id);
    const row = (await allowance(u.staff1)).json<Allowance>().rows.find((r) => r.userId === u.sup2.id);
    expect(row).toMatchObject({ baseFen: null, cutFen: null, cut: 0.2 });
    expect((await putBases(u.staff1, [{ userId: u.sup2.id, baseFen: 150_050 }])).statusCode).toBe(200);
  });

  it('scope: a manager sees the supervisors of their department; a unit narrows it', async () => {
    const names = async (user: TestUser, q = '') =>
      (await allowance(user, q)).json<Allowance>().rows.map((r) => r.displayName);
    expect(await names(u.manager1)).toEqual(['S1 赵主管', 'S4 零主管', 'S2 钱主管']);
    expect(await names(u.manager1, `&unitId=${org.units.team2}`)).toEqual(['S2 钱主管']);
    expect(await names(u.exec)).toEqual(['S1 赵主管', 'S4 零主管', 'S2 钱主管', 'S3 周主管']);
    expect((await allowance(u.manager1, `&unitId=${org.units.dept2}`)).statusCode).toBe(404);
    expect((await allowance(org.other.admin, `&unitId=${org.units.team1}`)).statusCode).toBe(404);
    expect((await allowance(org.other.admin)).json<Allowance>().rows).toEqual([]);
  });

  it('exports the report for payroll, headers in Chinese, row by row; audited', async () => {
    const res = await (await as(u.admin)).get(`/api/attendance/allowance/export?month=${M}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(`主管津贴-${M}.xlsx`));
    const ws = await sheetOf(res.rawPayload);
    expect(rowsOf(ws)).toEqual([
      [
        '工号',
        '姓名',
        '团队',
        '应出勤',
        '实出勤',
        '出勤率',
        '档位',
        '扣发比例',
        '津贴基数(元)',
        '扣发金额(元)',
      ],
      [u.sup1.username, 'S1 赵主管', '一组', 5, 4, '80.0%', '≥80%', '0%', 2100, 0],
      [supZero.username, 'S4 零主管', '一组', 0, 0, undefined, '≥80%', '0%', undefined, undefined],
      [u.sup2.username, 'S2 钱主管', '二组', 2, 1, '50.0%', '50%–80%', '20%', 1500.5, 300.1],
      [u.sup3.username, 'S3 周主管', '三组', 3, 1, '33.3%', '<50%', '100%', 1000, 1000],
    ]);
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_id', 'action', 'after_json'])
      .where('entity', '=', 'attendanceAllowanceExport')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: u.admin.id, action: 'export' });
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ rows: 4, filter: { month: M } });

    const en = await (await as(u.manager1)).get(`/api/attendance/allowance/export?month=${M}&lang=en-US`);
    const enRows = rowsOf(await sheetOf(en.rawPayload));
    expect(enRows[0]).toEqual([
      'Username',
      'Name',
      'Team',
      'Required',
      'Attended',
      'Rate',
      'Tier',
      'Cut',
      'Allowance base (yuan)',
      'Amount cut (yuan)',
    ]);
    expect(enRows).toHaveLength(4);
    expect((await (await as(u.sup1)).get(`/api/attendance/allowance/export?month=${M}`)).statusCode).toBe(
      403,
    );
  });

  describe('import of bases', () => {
    const url = '/api/attendance/allowance/bases/import';

    it('the template has the columns and an example', async () => {
      const res = await (await as(u.staff1)).get(`${url}/template`);
      expect(res.statusCode).toBe(200);
      const rows = rowsOf(await sheetOf(res.rawPayload));
      expect(rows[0]).toEqual(['工号', '姓名', '津贴基数(元)']);
      expect(rows).toHaveLength(2);
      expect((await (await as(u.manager1)).get(`${url}/template`)).statusCode).toBe(403);
    });

    it('a preview reports every row’s errors; a commit with errors writes nothing', async () => {
      const before = await storedBases();
      const file = await xlsxOf([
        ['主管津贴基数 2026年9月'],
        ['工号', '姓名', '津贴基数（元）'],
        [u.sup1.username, 'S1 赵主管', '2,500.00'],
        [u.sup2.username, '错名', '1800'],
        [u.agent1.username, null, '100'],
        ['nobody-here', null, '100'],
        [u.sup3.username, null, '100'],
        [supZero.username, null, 'abc'],
        [u.sup1.username, null, '100'],
        [supZero.username, 'S4 零主管', null],
      ]);
      const preview = await postForm(
        await as(u.staff1),
        url,
        { month: M },
        { name: 'bases.xlsx', content: file },
      );
      expect(preview.statusCode).toBe(200);
      const result = preview.json<ImportResult>();
      expect(result).toMatchObject({
        mapping: { username: '工号', displayName: '姓名', base: '津贴基数（元）' },
        missing: [],
        validCount: 1,
        errorCount: 7,
        committed: false,
        createdCount: 0,
      });
      expect(result.rows.map((r) => [r.rowNumber, r.errors.map((e) => `${e.field}:${e.code}`)])).toEqual([
        [3, []],
        [4, ['displayName:mismatch']],
        [5, ['username:notSupervisor']],
        [6, ['username:unknown']],
        [7, ['username:unknown']],
        [8, ['base:invalid']],
        [9, ['username:duplicateInFile']],
        // The same supervisor as row 8, and no amount.
        [10, ['base:required', 'username:duplicateInFile']],
      ]);
      const commit = await postForm(
        await as(u.staff1),
        url,
        { month: M, dryRun: 'false' },
        { name: 'bases.xlsx', content: file },
      );
      expect(commit.statusCode).toBe(400);
      expect(commit.json()).toMatchObject({ error: { code: 'IMPORT_HAS_ERRORS' } });
      expect(await storedBases()).toEqual(before);
    });

    it('a commit writes every base in yuan as fen, audited; a CSV file works the same', async () => {
      const csv = Buffer.from(
        `工号,姓名,津贴基数\n${u.sup1.username},S1 赵主管,2500\n${u.sup2.username},,"￥1,800.5"\n${supZero.username},,1200元\n`,
      );
      const res = await postForm(
        await as(u.staff1),
        url,
        { month: M, dryRun: 'false' },
        { name: 'bases.csv', content: csv, type: 'text/csv' },
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ committed: true, createdCount: 3, errorCount: 0 });
      expect(await storedBases()).toMatchObject({
        [u.sup1.id]: 250_000,
        [u.sup2.id]: 180_050,
        [supZero.id]: 120_000,
        [u.sup3.id]: 100_000,
      });
      const audit = await db
        .selectFrom('audit_log')
        .select(['actor_id', 'after_json'])
        .where('entity', '=', 'attendanceAllowanceBases')
        .where('action', '=', 'import')
        .execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ month: M, fileName: 'bases.csv' });
      const rows = (await allowance(u.staff1)).json<Allowance>().rows;
      expect(rows.find((r) => r.userId === u.sup2.id)).toMatchObject({ baseFen: 180_050, cutFen: 36_010 });
    });

    it('the month is required and checked; only writers may import', async () => {
      const csv = {
        name: 'b.csv',
        content: Buffer.from(`工号,津贴基数\n${u.sup1.username},1\n`),
        type: 'text/csv',
      };
      const missing = await postForm(await as(u.staff1), url, {}, csv);
      expect(missing.statusCode).toBe(400);
      expect(missing.json()).toMatchObject({ error: { details: [{ path: 'body.month' }] } });
      expect((await postForm(await as(u.staff1), url, { month: '2026-9' }, csv)).statusCode).toBe(400);
      expect((await postForm(await as(u.manager1), url, { month: M }, csv)).statusCode).toBe(403);
    });
  });
});
