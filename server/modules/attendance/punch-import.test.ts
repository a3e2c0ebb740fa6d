import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarImportResult, PunchImportResult } from '../../../contracts/attendance.ts';
import type { DB } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { AttendanceRecordTable } from '../../db/schema.ts';
import { resetClock, setClock } from '../../lib/clock.ts';
import { loginAs, makeTestApp, type TestClient } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, makeUser, type TestOrg } from '../../test/factories.ts';
import { DEFAULT_RULES } from './attendance.rules.ts';
import { parseDayKind } from './calendar-import.service.ts';
import { closeDay } from './close.service.ts';
import { outcomeOf, parseDateTime, parseTimeOfDay } from './punch-import.service.ts';
import * as repo from './record.repository.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PUNCH_URL = '/api/attendance/punch-imports';
const CALENDAR_URL = '/api/attendance/calendar/import';
/** "Now" for the whole file: the Friday after the simulated days. */
const NOW = '2026-11-20T12:00:00+08:00';
const shanghai = (date: string, hms: string) => new Date(`${date}T${hms}+08:00`).toISOString();

async function xlsxOf(rows: (string | number | Date | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('打卡记录');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

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
    headers: { 'content-type': request.headers.get('content-type')! },
  });
}

async function sheetOf(body: Buffer, index = 0): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb.worksheets[index]!;
}

const errorsAt = (result: { rows: PunchImportResult['rows'] | CalendarImportResult['rows'] }, n: number) =>
  result.rows.find((r) => r.rowNumber === n)?.errors.map((e) => `${e.field}:${e.code}`) ?? [];
const punchAt = (result: PunchImportResult, n: number) => result.rows.find((r) => r.rowNumber === n)?.punch;

async function count(db: DB, table: 'attendance_records' | 'audit_log' | 'attendance_calendar_days') {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The rollups as stored, and as a rebuild from the records computes them. */
async function statsAndRebuild(db: DB, tenantId: string) {
  const read = () =>
    db
      .selectFrom('attendance_month_stats')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('user_id')
      .orderBy('month')
      .execute();
  const stored = await read();
  await repo.rebuildMonthStats(db, tenantId, DEFAULT_RULES.workMonth);
  return { stored, rebuilt: await read() };
}

describe('punch values', () => {
  it.each([
    ['08:21', 8 * 3600 + 21 * 60],
    ['8:21:35', 8 * 3600 + 21 * 60 + 35],
    ['08:21 12:02 17:45', 8 * 3600 + 21 * 60],
    ['17:45;07:59:10', 7 * 3600 + 59 * 60 + 10],
    ['08：05', 8 * 3600 + 5 * 60],
    ['0.35', Math.round(0.35 * 86_400)],
    ['25:00', null],
    ['08:61', null],
    ['早上', null],
    ['2026-11-02', null],
  ])('time %s → %s', (raw, seconds) => {
    expect(parseTimeOfDay(raw)).toBe(seconds);
  });

  it.each([
    ['2026-11-02 08:21:35', { date: '2026-11-02', seconds: 8 * 3600 + 21 * 60 + 35 }],
    ['2026/11/2 8:21', { date: '2026-11-02', seconds: 8 * 3600 + 21 * 60 }],
    ['2026-11-02T08:21:35.000', { date: '2026-11-02', seconds: 8 * 3600 + 21 * 60 + 35 }],
    ['2026年11月2日 08:21', { date: '2026-11-02', seconds: 8 * 3600 + 21 * 60 }],
    ['46328.35', { date: '2026-11-02', seconds: Math.round(0.35 * 86_400) }],
    ['2026-11-02', null],
    ['2026-13-02 08:00', null],
    ['yesterday 08:00', null],
  ])('date and time %s', (raw, expected) => {
    expect(parseDateTime(raw)).toEqual(expected);
  });

  it.each([
    [undefined, 'present', 'create'],
    [{ status: 'present', check_in_at: 'x' }, 'present', 'keep'],
    [{ status: 'late', check_in_at: 'x' }, 'present', 'keep'],
    [{ status: 'absent', check_in_at: null }, 'absent', 'replace'],
    [{ status: 'absent', check_in_at: null }, 'present', 'replace'],
    [{ status: 'leave', check_in_at: null }, 'late', 'replace'],
    [{ status: 'leave', check_in_at: null }, 'absent', 'keep'],
  ] as const)('existing %o, punch %s → %s', (existing, judged, outcome) => {
    expect(outcomeOf(existing, judged)).toBe(outcome);
  });

  it.each([
    ['工作日', 'workday'],
    ['补班', 'workday'],
    ['Workday', 'workday'],
    ['休息日', 'holiday'],
    ['节假日', 'holiday'],
    [' HOLIDAY ', 'holiday'],
    ['半天', null],
  ])('day kind %s → %s', (raw, kind) => {
    expect(parseDayKind(raw)).toBe(kind);
  });
});

forEachDialect('attendance imports', (get) => {
  let app: FastifyInstance;
  let org: TestOrg;
  let db: DB;
  let leaver: { id: string; username: string };
  let appRecord: AttendanceRecordTable;
  const clients = new Map<string, TestClient>();
  const as = async (username: string) => {
    const hit = clients.get(username);
    if (hit) return hit;
    const c = await loginAs(app, username);
    clients.set(username, c);
    return c;
  };

  beforeAll(async () => {
    setClock(NOW);
    db = get().db;
    org = await makeOrg(db);
    await db.updateTable('users').set({ created_at: '2024-01-01T00:00:00.000Z' }).execute();
    const left = await makeUser(db, org.tenant, org.units.team1, 'agent');
    await db
      .updateTable('users')
      .set({ status: 'left', leave_date: '2026-11-05' })
      .where('id', '=', left.id)
      .execute();
    leaver = left;
    // Monday 2 November: agent1 checked in with the app at 08:18. Tuesday 3 November was closed,
    // so everyone else of the cast has a system absence that day.
    appRecord = repo.recordRow({
      tenant_id: org.tenant.id,
      user_id: org.users.agent1.id,
      unit_id: org.units.team1,
      date: '2026-11-03',
      month: '2026-11',
      status: 'present',
      check_in_at: shanghai('2026-11-03', '08:18:00'),
      method: 'app',
      recorded_by: org.users.agent1.id,
      created_at: shanghai('2026-11-03', '08:18:00'),
    });
    await repo.insertRecordIfAbsent(db, appRecord);
    // Approved leave: agent2 on field work on Wednesday 4th, agent1b sick on Thursday 5th.
    const leave = (userId: string, unitId: string, date: string, type: string, counts: string) =>
      repo.insertRecordIfAbsent(db, {
        ...appRecord,
        id: newId(),
        user_id: userId,
        unit_id: unitId,
        date,
        status: 'leave',
        check_in_at: null,
        method: 'system',
        leave_type: type,
        leave_counts: counts,
        recorded_by: org.users.sup1.id,
      });
    await leave(org.users.agent2.id, org.units.team2, '2026-11-04', 'field', 'attended');
    await leave(org.users.agent1b.id, org.units.team1, '2026-11-05', 'sick', 'excused');
    await closeDay(db, org.tenant.id, '2026-11-03', new Date(shanghai('2026-11-03', '09:00:00')));
    app = await makeTestApp(get());
  });
  afterAll(async () => {
    resetClock();
    await app.close();
  });

  describe('punch template', () => {
    it('is an .xlsx with 工号, 日期, 时间, 备注, an example row and notes', async () => {
      const c = await as(org.users.staff1.username);
      const res = await c.get(`${PUNCH_URL}/template`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX);
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('打卡记录导入模板.xlsx'));
      const ws = await sheetOf(res.rawPayload);
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['工号', '日期', '时间', '备注']);
      expect(ws.getCell('A2').value).toBe('zhang.san');
      expect((await sheetOf(res.rawPayload, 1)).getCell('A1').value).toContain('填写说明');
      const en = await c.get(`${PUNCH_URL}/template?lang=en-US`);
      expect(((await sheetOf(en.rawPayload)).getRow(1).values as unknown[]).slice(1)).toEqual([
        'Username',
        'Date',
        'Time',
        'Note',
      ]);
    });

    it('is refused to roles that may not record attendance', async () => {
      for (const u of [org.users.agent1, org.users.sup1, org.users.manager1]) {
        expect((await (await as(u.username)).get(`${PUNCH_URL}/template`)).statusCode).toBe(403);
      }
    });
  });

  describe('punch preview', () => {
    it('judges every punch, takes the earliest of a day, reports row errors and writes nothing', async () => {
      const c = await as(org.users.staff1.username);
      const file = await xlsxOf([
        ['工号', '姓名', '日期', '时间', '备注'],
        [org.users.agent1.username, '甲', '2026-11-02', '12:01:00', ''], // 2: later punch
        [org.users.agent1.username, '甲', '2026-11-02', '08:25:10', '机器一'], // 3: the check-in
        [org.users.agent1b.username, '乙', '2026/11/2', '08:35', ''], // 4: late
        [org.users.agent2.username, '丙', '2026-11-02', '08:40:01', ''], // 5: absent
        [org.users.agent1.username, '甲', '2026-11-03', '08:20', ''], // 6: app check-in kept
        [org.users.agent1b.username, '乙', '2026-11-03', '08:22', ''], // 7: replaces the absence
        [org.users.agent3.username, '丁', '2026-11-02', '08:20', ''], // 8: other department
        ['nobody.here', '无', '2026-11-02', '08:20', ''], // 9: unknown
        [org.other.agent.username, '外', '2026-11-02', '08:20', ''], // 10: other tenant
        [org.users.agent1.username, '甲', '2026-11-07', '08:20', ''], // 11: Saturday
        [org.users.agent1.username, '甲', '2026-13-01', '25:00', ''], // 12: bad date and time
        [org.users.agent1.username, '甲', '2026-11-23', '08:20', ''], // 13: future
        [org.users.agent1.username, '甲', '', '', ''], // 14: no date, no time
        [org.users.agent1.username, '甲', '2026-11-02', '08:25:10', ''], // 15: same punch as row 3
        [leaver.username, '离', '2026-11-05', '08:20', ''], // 16: left that day
        [leaver.username, '离', '2026-11-04', '08:20', ''], // 17: still employed
      ]);
      const before = await Promise.all([count(db, 'attendance_records'), count(db, 'audit_log')]);
      const res = await postForm(c, PUNCH_URL, {}, { name: '考勤机.xlsx', content: file });
      expect(res.statusCode).toBe(200);
      const result = res.json<PunchImportResult>();
      expect(result).toMatchObject({ committed: false, createdCount: 0, missing: [] });
      expect(result.mapping).toEqual({
        username: '工号',
        date: '日期',
        time: '时间',
        datetime: null,
        note: '备注',
      });

      expect(punchAt(result, 2)).toMatchObject({ outcome: 'later', status: 'absent' });
      expect(punchAt(result, 3)).toEqual({
        userId: org.users.agent1.id,
        displayName: expect.any(String),
        date: '2026-11-02',
        at: shanghai('2026-11-02', '08:25:10'),
        status: 'present',
        outcome: 'create',
        existing: null,
      });
      expect(punchAt(result, 4)).toMatchObject({ status: 'late', outcome: 'create' });
      expect(punchAt(result, 5)).toMatchObject({ status: 'absent', outcome: 'create' });
      expect(punchAt(result, 6)).toMatchObject({
        status: 'present',
        outcome: 'keep',
        existing: { status: 'present', method: 'app', checkInAt: appRecord.check_in_at },
      });
      expect(punchAt(result, 7)).toMatchObject({
        status: 'present',
        outcome: 'replace',
        existing: { status: 'absent', method: 'system', checkInAt: null },
      });
      expect(punchAt(result, 17)).toMatchObject({ outcome: 'create' });
      for (const n of [2, 3, 4, 5, 6, 7, 17]) expect(errorsAt(result, n)).toEqual([]);

      // Out of scope, unknown and another tenant's read the same.
      for (const n of [8, 9, 10]) {
        expect(result.rows.find((r) => r.rowNumber === n)?.errors).toEqual([
          { field: 'username', code: 'unknown', message: 'Unknown person' },
        ]);
        expect(punchAt(result, n)).toBeNull();
      }
      expect(errorsAt(result, 11)).toEqual(['date:notMeetingDay']);
      expect(errorsAt(result, 12)).toEqual(['date:invalid', 'time:invalid']);
      expect(errorsAt(result, 13)).toEqual(['date:future']);
      expect(errorsAt(result, 14)).toEqual(['datetime:required']);
      expect(errorsAt(result, 15)).toEqual(['row:duplicateInFile']);
      expect(errorsAt(result, 16)).toEqual(['date:notEmployed']);
      expect(result.summary).toEqual({ create: 4, replace: 1, keep: 1, later: 1 });
      expect(result.validCount).toBe(7);
      expect(result.errorCount).toBe(9);
      expect(await Promise.all([count(db, 'attendance_records'), count(db, 'audit_log')])).toEqual(before);

      // A commit of the same file is refused whole, with the row errors.
      const refused = await postForm(c, PUNCH_URL, { dryRun: 'false' }, { name: 'a.xlsx', content: file });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ error: { code: 'IMPORT_HAS_ERRORS' } });
      expect(refused.json().error.details).toContainEqual(
        expect.objectContaining({ path: 'rows.8.username', code: 'unknown' }),
      );
      expect(await Promise.all([count(db, 'attendance_records'), count(db, 'audit_log')])).toEqual(before);
    });

    it('reads one date-and-time column from a CSV with English headers, and several punches in one cell', async () => {
      const c = await as(org.users.admin.username);
      const csv = [
        '\uFEFFEmployee ID,Punch time,Remark',
        `${org.users.agent3.username},2026-11-04 08:29:59,`,
        `${org.users.agent3.username},2026-11-04 08:10:00,早到`,
      ].join('\r\n');
      const res = await postForm(
        c,
        PUNCH_URL,
        {},
        { name: 'p.csv', content: Buffer.from(csv), type: 'text/csv' },
      );
      const result = res.json<PunchImportResult>();
      expect(result.mapping).toEqual({
        username: 'Employee ID',
        date: null,
        time: null,
        datetime: 'Punch time',
        note: 'Remark',
      });
      expect(punchAt(result, 2)).toMatchObject({ outcome: 'later' });
      expect(punchAt(result, 3)).toMatchObject({ outcome: 'create', at: shanghai('2026-11-04', '08:10:00') });

      const cells = await xlsxOf([
        ['考勤号码', '日期', '签到时刻'],
        [org.users.agent3.username, '2026-11-05', '12:00 08:36 17:30'],
      ]);
      const mapped = await postForm(
        c,
        PUNCH_URL,
        { mapping: JSON.stringify({ time: '签到时刻' }) },
        { name: 'a.xlsx', content: cells },
      );
      expect(punchAt(mapped.json<PunchImportResult>(), 2)).toMatchObject({
        status: 'late',
        at: shanghai('2026-11-05', '08:36:00'),
      });
    });

    it('judges by the department’s own meeting rules', async () => {
      const admin = await as(org.users.admin.username);
      const rules = { ...DEFAULT_RULES, meetingStart: '09:00', meetingEnd: '10:00' };
      const { meetingStart, meetingEnd, lateAfterMinutes, absentAfterMinutes } = rules;
      const put = await admin.put(`/api/attendance/rules/units/${org.units.dept2}`, {
        meetingStart,
        meetingEnd,
        lateAfterMinutes,
        absentAfterMinutes,
        earlyLeaveMinutes: rules.earlyLeaveMinutes,
        opensBeforeMinutes: rules.opensBeforeMinutes,
        selfCheckIn: rules.selfCheckIn,
        geofence: rules.geofence,
      });
      expect(put.statusCode).toBe(200);
      const file = await xlsxOf([
        ['用户名', '打卡时间'],
        [org.users.agent3.username, '2026-11-06 08:50'],
        [org.users.agent2.username, '2026-11-06 08:50'],
      ]);
      const result = (
        await postForm(admin, PUNCH_URL, {}, { name: 'a.xlsx', content: file })
      ).json<PunchImportResult>();
      expect(punchAt(result, 2)?.status).toBe('present');
      expect(punchAt(result, 3)?.status).toBe('absent');
      await admin.delete(`/api/attendance/rules/units/${org.units.dept2}`);
    });

    it('answers 400 for bad uploads and 403 to supervisors and agents', async () => {
      const c = await as(org.users.staff1.username);
      expect((await postForm(c, PUNCH_URL, {})).statusCode).toBe(400);
      const pdf = await postForm(c, PUNCH_URL, {}, { name: 'a.pdf', content: Buffer.from('%PDF-1.4') });
      expect(pdf.json()).toMatchObject({ error: { code: 'UNSUPPORTED_FILE' } });
      const file = await xlsxOf([
        ['工号', '日期', '时间'],
        [org.users.agent1.username, '2026-11-02', '08:00'],
      ]);
      const bad = await postForm(
        c,
        PUNCH_URL,
        { mapping: '{"time": "没有"}' },
        { name: 'a.xlsx', content: file },
      );
      expect(bad.json().error.details).toEqual([expect.objectContaining({ path: 'body.mapping.time' })]);
      for (const u of [org.users.sup1, org.users.agent1]) {
        const res = await postForm(await as(u.username), PUNCH_URL, {}, { name: 'a.xlsx', content: file });
        expect(res.statusCode).toBe(403);
      }
    });
  });

  describe('punch commit', () => {
    it('writes the check-ins in one go, keeps app check-ins, moves the rollups, audits once', async () => {
      const c = await as(org.users.staff1.username);
      const file = await xlsxOf([
        ['工号', '日期', '时间', '备注'],
        [org.users.agent1.username, '2026-11-02', '12:01:00', ''],
        [org.users.agent1.username, '2026-11-02', '08:25:10', '机器一'],
        [org.users.agent1b.username, '2026-11-02', '08:35', ''],
        [org.users.agent2.username, '2026-11-02', '08:40:01', ''],
        [org.users.agent1.username, '2026-11-03', '08:20', ''],
        [org.users.agent1b.username, '2026-11-03', '08:22', '补打卡'],
        [org.users.sup1.username, '2026-11-04', '08:05', ''],
        [org.users.agent2.username, '2026-11-04', '10:30', '外勤回来'],
        [org.users.agent1b.username, '2026-11-05', '08:20', ''],
      ]);
      const records = await count(db, 'attendance_records');
      const audits = await count(db, 'audit_log');
      const res = await postForm(c, PUNCH_URL, { dryRun: 'false' }, { name: '十一月.xlsx', content: file });
      expect(res.statusCode).toBe(200);
      const result = res.json<PunchImportResult>();
      expect(result).toMatchObject({ committed: true, createdCount: 6, errorCount: 0, validCount: 9 });
      expect(result.summary).toEqual({ create: 4, replace: 2, keep: 2, later: 1 });
      // Four new records; the absence and the sick leave were replaced in place.
      expect(await count(db, 'attendance_records')).toBe(records + 4);

      const mine = await db
        .selectFrom('attendance_records')
        .selectAll()
        .where('method', '=', 'import')
        .where('tenant_id', '=', org.tenant.id)
        .orderBy('date')
        .orderBy('user_id')
        .execute();
      expect(mine).toHaveLength(6);
      expect(mine.every((r) => r.recorded_by === org.users.staff1.id)).toBe(true);
      const agent1Day = mine.find((r) => r.user_id === org.users.agent1.id && r.date === '2026-11-02')!;
      expect(agent1Day).toMatchObject({
        status: 'present',
        check_in_at: shanghai('2026-11-02', '08:25:10'),
        note: '机器一',
        unit_id: org.units.team1,
        month: '2026-11',
      });
      expect(mine.find((r) => r.user_id === org.users.agent2.id)?.status).toBe('absent');
      expect(mine.find((r) => r.user_id === org.users.agent1b.id && r.date === '2026-11-02')?.status).toBe(
        'late',
      );
      expect(mine.find((r) => r.user_id === org.users.agent1b.id && r.date === '2026-11-03')).toMatchObject({
        status: 'present',
        note: '补打卡',
      });
      const kept = await repo.findRecord(db, org.tenant.id, org.users.agent1.id, '2026-11-03');
      expect(kept).toMatchObject({ id: appRecord.id, method: 'app', check_in_at: appRecord.check_in_at });
      // Back from field work at 10:30: the leave stays. Came after all despite the sick leave: present.
      expect(await repo.findRecord(db, org.tenant.id, org.users.agent2.id, '2026-11-04')).toMatchObject({
        status: 'leave',
        leave_type: 'field',
      });
      expect(mine.find((r) => r.user_id === org.users.agent1b.id && r.date === '2026-11-05')).toMatchObject({
        status: 'present',
        leave_type: null,
      });

      const audit = await db
        .selectFrom('audit_log')
        .select(['entity', 'action', 'actor_id', 'after_json'])
        .where('entity', '=', 'attendanceImport')
        .execute();
      expect(await count(db, 'audit_log')).toBe(audits + 1);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'import', actor_id: org.users.staff1.id });
      const after = JSON.parse(audit[0]!.after_json!);
      expect(after).toMatchObject({ fileName: '十一月.xlsx', created: 4, replaced: 2, kept: 2 });
      expect(after.records).toHaveLength(6);

      const { stored, rebuilt } = await statsAndRebuild(db, org.tenant.id);
      expect(stored).toEqual(rebuilt);
      expect(stored.find((s) => s.user_id === org.users.agent1b.id)).toMatchObject({
        present: 2,
        late: 1,
        absent: 0,
        leave_excused: 0,
      });
      expect(stored.find((s) => s.user_id === org.users.agent2.id)).toMatchObject({
        absent: 2,
        leave_attended: 1,
      });

      // The same file again changes nothing: every day now has a check-in, which is kept.
      const again = (
        await postForm(c, PUNCH_URL, { dryRun: 'false' }, { name: '十一月.xlsx', content: file })
      ).json<PunchImportResult>();
      expect(again).toMatchObject({ committed: true, createdCount: 0 });
      expect(again.summary).toEqual({ create: 0, replace: 0, keep: 8, later: 1 });
      expect(await count(db, 'attendance_records')).toBe(records + 4);
    });

    it('commits a file of thousands of punches within seconds', async () => {
      const people = await Promise.all(
        Array.from({ length: 40 }, () => makeUser(db, org.tenant, org.units.team2, 'agent')),
      );
      const days = ['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13', '2026-11-16'];
      const rows: string[][] = [['工号', '日期', '时间']];
      for (const p of people) {
        for (const [i, d] of days.entries()) {
          for (const t of ['12:00:00', `08:${String(10 + ((i * 7) % 30)).padStart(2, '0')}:00`, '17:31:00']) {
            rows.push([p.username, d, t]);
          }
        }
      }
      const file = await xlsxOf(rows);
      const admin = await as(org.users.admin.username);
      const started = performance.now();
      const res = await postForm(admin, PUNCH_URL, { dryRun: 'false' }, { name: 'big.xlsx', content: file });
      const ms = performance.now() - started;
      expect(res.statusCode).toBe(200);
      expect(res.json<PunchImportResult>()).toMatchObject({ createdCount: 240, validCount: 720 });
      expect(ms).toBeLessThan(15_000);
      const { stored, rebuilt } = await statsAndRebuild(db, org.tenant.id);
      expect(stored).toEqual(rebuilt);
    });
  });

  describe('calendar import', () => {
    it('has a template for admins only', async () => {
      const admin = await as(org.users.admin.username);
      const res = await admin.get(`${CALENDAR_URL}/template`);
      expect(res.statusCode).toBe(200);
      const ws = await sheetOf(res.rawPayload);
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['日期', '类型', '名称']);
      expect((await (await as(org.users.staff1.username)).get(`${CALENDAR_URL}/template`)).statusCode).toBe(
        403,
      );
    });

    it('previews each day against the current calendar, then commits the entries', async () => {
      const admin = await as(org.users.admin.username);
      const file = await xlsxOf([
        ['日期', '类型', '名称'],
        ['2026-11-23', '节假日', '公司周年庆'],
        ['2026/11/28', '工作日', '年终冲刺'],
        ['2026-11-23', '休息日', ''],
        ['2026-02-30', '工作日', ''],
        ['2026-11-24', '半天', ''],
        ['', '工作日', ''],
        ['2026-11-25', '休息日', '名'.repeat(41)],
      ]);
      const entries = await count(db, 'attendance_calendar_days');
      const preview = (
        await postForm(admin, CALENDAR_URL, {}, { name: 'c.xlsx', content: file })
      ).json<CalendarImportResult>();
      expect(preview.committed).toBe(false);
      expect(preview.rows[0]?.day).toMatchObject({
        date: '2026-11-23',
        kind: 'holiday',
        name: '公司周年庆',
        before: { workday: true, meetingDay: true, source: 'default' },
      });
      expect(preview.rows[1]?.day).toMatchObject({
        date: '2026-11-28',
        kind: 'workday',
        before: { workday: false, source: 'default' },
      });
      expect(errorsAt(preview, 4)).toEqual(['date:duplicateInFile']);
      expect(errorsAt(preview, 5)).toEqual(['date:invalid']);
      expect(errorsAt(preview, 6)).toEqual(['kind:invalid']);
      expect(errorsAt(preview, 7)).toEqual(['date:required']);
      expect(errorsAt(preview, 8)).toEqual(['name:invalid']);
      const refused = await postForm(
        admin,
        CALENDAR_URL,
        { dryRun: 'false' },
        { name: 'c.xlsx', content: file },
      );
      expect(refused.json()).toMatchObject({ error: { code: 'IMPORT_HAS_ERRORS' } });
      expect(await count(db, 'attendance_calendar_days')).toBe(entries);

      const good = await xlsxOf([
        ['Date', 'Kind', 'Name'],
        ['2026-11-19', 'holiday', '公司周年庆'],
        ['2026-11-28', 'workday', '年终冲刺'],
      ]);
      const audits = await count(db, 'audit_log');
      const res = await postForm(admin, CALENDAR_URL, { dryRun: 'false' }, { name: 'c.xlsx', content: good });
      expect(res.json<CalendarImportResult>()).toMatchObject({ committed: true, createdCount: 2 });
      expect(await count(db, 'attendance_calendar_days')).toBe(entries + 2);
      expect(await count(db, 'audit_log')).toBe(audits + 1);
      const year = (await admin.get('/api/attendance/calendar?year=2026')).json<
        { date: string; workday: boolean; meetingDay: boolean; name: string | null; source: string }[]
      >();
      expect(year.find((d) => d.date === '2026-11-19')).toMatchObject({
        workday: false,
        meetingDay: false,
        name: '公司周年庆',
        source: 'tenant',
      });
      expect(year.find((d) => d.date === '2026-11-28')).toMatchObject({ workday: true, meetingDay: true });

      // The new holiday is no meeting day for a punch file either.
      const punches = await xlsxOf([
        ['工号', '日期', '时间'],
        [org.users.agent1.username, '2026-11-19', '08:20'],
      ]);
      const p = (
        await postForm(admin, PUNCH_URL, {}, { name: 'a.xlsx', content: punches })
      ).json<PunchImportResult>();
      expect(errorsAt(p, 2)).toEqual(['date:notMeetingDay']);
    });

    it('is refused to staff and other roles', async () => {
      const file = await xlsxOf([
        ['日期', '类型'],
        ['2026-12-01', '休息日'],
      ]);
      for (const u of [org.users.staff1, org.users.manager1, org.users.agent1]) {
        const res = await postForm(await as(u.username), CALENDAR_URL, {}, { name: 'c.xlsx', content: file });
        expect(res.statusCode).toBe(403);
      }
    });
  });
});
