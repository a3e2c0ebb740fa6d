import { gunzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  BoardSchema,
  MonthlySchema,
  TrendSchema,
  type Board,
  type DayStatus,
  type LeaveType,
  type Monthly,
} from '../../../contracts/attendance.ts';
import type { DB } from '../../db/database.ts';
import { advanceClock, now, resetClock, setClock } from '../../lib/clock.ts';
import { loginAs, makeTestApp, type TestClient } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, makeUnit, makeUser, type TestOrg, type TestUser } from '../../test/factories.ts';
import { DEFAULT_RULES, leaveRuleOf, workMonthOf } from './attendance.rules.ts';
import { closeDay } from './close.service.ts';
import { insertRecordIfAbsent, recordRow } from './record.repository.ts';
import { clearReportCache, reportCacheIdle } from './report.service.ts';

/** REPORT_CACHE_MS as the test app has it (the default): how stale a served answer may be. */
const BOUND = 1_000;

/** Wall-clock time in Shanghai on a date. */
const shanghai = (date: string, hms: string) => new Date(`${date}T${hms}+08:00`);

interface RecordSpec {
  status: DayStatus;
  /** HH:mm:ss of the check-in in Shanghai (present and late). */
  at?: string;
  leaveType?: LeaveType;
  earlyLeave?: boolean;
  method?: 'app' | 'qr' | 'manual' | 'system';
}

/** Writes a record through the repository, so the monthly rollup moves as it does in production. */
async function record(db: DB, user: TestUser, date: string, spec: RecordSpec): Promise<void> {
  const leave = spec.leaveType ? leaveRuleOf(DEFAULT_RULES, spec.leaveType) : undefined;
  const checkIn = spec.at ? shanghai(date, spec.at).toISOString() : null;
  const stamp = now().toISOString();
  const inserted = await insertRecordIfAbsent(
    db,
    recordRow({
      tenant_id: user.tenantId,
      user_id: user.id,
      unit_id: user.unitId,
      date,
      month: workMonthOf(date, DEFAULT_RULES.workMonth),
      status: spec.status,
      check_in_at: checkIn,
      early_leave: spec.earlyLeave ? 1 : 0,
      method: spec.method ?? (spec.status === 'leave' ? 'system' : checkIn ? 'app' : 'system'),
      leave_type: spec.leaveType ?? null,
      leave_counts: leave?.countsAs ?? null,
      created_at: stamp,
    }),
  );
  if (!inserted) throw new Error(`a record of ${user.username} on ${date} exists`);
}

async function sheetOf(body: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

function rowsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

const FINES = {
  enabled: true,
  agent: { perEventFen: 500, monthlyCapFen: 1000 },
  supervisor: { perEventFen: 1000, monthlyCapFen: 1500 },
};

forEachDialect('attendance reports', (get) => {
  let app: FastifyInstance;
  let org: TestOrg;
  let db: DB;
  let u: TestOrg['users'];
  let agentZero: TestUser;
  let agentLeft: TestUser;
  let agentNew: TestUser;
  const clients = new Map<string, { client: TestClient; at: number }>();
  // Sessions time out by the (moved) clock: log in again whenever the clock has moved.
  const as = async (user: TestUser) => {
    const hit = clients.get(user.username);
    if (hit && Math.abs(now().getTime() - hit.at) < 5 * 60_000) return hit.client;
    const client = await loginAs(app, user.username);
    clients.set(user.username, { client, at: now().getTime() });
    return client;
  };
  const getJson = async <T>(
    user: TestUser,
    url: string,
  ): Promise<{ res: LightMyRequestResponse; body: T }> => {
    const res = await (await as(user)).get(url);
    return { res, body: res.json<T>() };
  };

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    u = org.users;
    agentZero = await makeUser(db, org.tenant, org.units.team2, 'agent');
    agentLeft = await makeUser(db, org.tenant, org.units.team1, 'agent');
    agentNew = await makeUser(db, org.tenant, org.units.team2, 'agent');
    // The cast joined long before the simulated days (a day counts only people created before it).
    await db.updateTable('users').set({ created_at: '2024-01-01T00:00:00.000Z' }).execute();
    await db
      .updateTable('users')
      .set({ status: 'left', leave_date: '2026-08-01' })
      .where('id', '=', agentLeft.id)
      .execute();
    await db.updateTable('users').set({ join_date: '2026-11-10' }).where('id', '=', agentNew.id).execute();
    // Names that sort the same by code point and by any collation.
    const names: [TestUser, string][] = [
      [u.agent1, 'A1 张三'],
      [u.agent1b, 'A2 李四'],
      [u.agent2, 'B1 王五'],
      [u.sup1, 'S1 赵主管'],
      [u.sup2, 'S2 钱主管'],
      [u.sup3, 'S3 周主管'],
      [u.agent3, 'C1 吴六'],
      [agentZero, 'Z0 孙零'],
      [agentLeft, 'L0 离职'],
      [agentNew, 'N0 新人'],
    ];
    for (const [user, name] of names) {
      await db.updateTable('users').set({ display_name: name }).where('id', '=', user.id).execute();
    }
    app = await makeTestApp(get());
  });
  afterAll(() => app.close());
  afterEach(() => {
    vi.useRealTimers();
    resetClock();
  });

  // ---- Board ----------------------------------------------------------------------------------

  describe('board', () => {
    const D = '2026-11-02'; // Monday

    beforeAll(async () => {
      await record(db, u.agent1, D, { status: 'present', at: '08:20:00' });
      await record(db, u.agent1b, D, { status: 'late', at: '08:35:00' });
      await record(db, u.agent2, D, { status: 'leave', leaveType: 'sick' });
    });

    const statuses = (b: Board) =>
      Object.fromEntries(b.teams.flatMap((t) => t.people.map((p) => [p.displayName, p.status])));

    it('statuses: the record, else pending up to the absent threshold, then absent', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(shanghai(D, '08:40:00'));
      const { res, body } = await getJson<Board>(
        u.manager1,
        `/api/attendance/board?unitId=${org.units.dept1}`,
      );
      expect(res.statusCode).toBe(200);
      expect(BoardSchema.parse(body)).toEqual(body);
      expect(body).toMatchObject({
        date: D,
        unitId: org.units.dept1,
        unitName: '营服一部',
        meetingDay: true,
        meetingStart: '08:30',
        lateAt: shanghai(D, '08:30:00').toISOString(),
        absentAt: shanghai(D, '08:40:00').toISOString(),
      });
      // Exactly at the threshold a check-in is still late: nobody is absent yet.
      expect(statuses(body)).toEqual({
        'A1 张三': 'present',
        'A2 李四': 'late',
        'S1 赵主管': 'pending',
        'B1 王五': 'leave',
        'S2 钱主管': 'pending',
        'Z0 孙零': 'pending',
      });
      expect(body.totals).toEqual({ expected: 6, present: 1, late: 1, absent: 0, leave: 1, pending: 3 });

      vi.setSystemTime(shanghai(D, '08:40:00').getTime() + 1);
      const after = (await getJson<Board>(u.manager1, `/api/attendance/board?unitId=${org.units.dept1}`))
        .body;
      expect(statuses(after)).toMatchObject({
        'S1 赵主管': 'absent',
        'S2 钱主管': 'absent',
        'Z0 孙零': 'absent',
      });
      expect(after.totals).toEqual({ expected: 6, present: 1, late: 1, absent: 3, leave: 1, pending: 0 });
      const leave = after.teams.flatMap((t) => t.people).find((p) => p.displayName === 'B1 王五');
      expect(leave).toMatchObject({ status: 'leave', leaveType: 'sick', checkInAt: null });
      const present = after.teams.flatMap((t) => t.people).find((p) => p.displayName === 'A1 张三');
      expect(present).toMatchObject({
        userId: u.agent1.id,
        role: 'agent',
        method: 'app',
        checkInAt: shanghai(D, '08:20:00').toISOString(),
        delayed: false,
        outsideGeofence: false,
        earlyLeave: false,
      });
    });

    it('groups by team in org order, people by status then name, with counts per team', async () => {
      setClock(shanghai(D, '08:45:00'));
      const { body } = await getJson<Board>(
        u.manager1,
        `/api/attendance/board?unitId=${org.units.dept1}&date=${D}`,
      );
      expect(body.teams.map((t) => t.unitName)).toEqual(['一组', '二组']);
      const [team1, team2] = body.teams;
      expect(team1!.people.map((p) => [p.displayName, p.status])).toEqual([
        ['S1 赵主管', 'absent'],
        ['A2 李四', 'late'],
        ['A1 张三', 'present'],
      ]);
      expect(team1!.counts).toEqual({ expected: 3, present: 1, late: 1, absent: 1, leave: 0, pending: 0 });
      expect(team2!.people.map((p) => [p.displayName, p.status])).toEqual([
        ['S2 钱主管', 'absent'],
        ['Z0 孙零', 'absent'],
        ['B1 王五', 'leave'],
      ]);
      expect(team2!.counts).toEqual({ expected: 3, present: 0, late: 0, absent: 2, leave: 1, pending: 0 });
      // Nobody who left before the day, joined after it, or is not expected at the meeting.
      const ids = body.teams.flatMap((t) => t.people.map((p) => p.userId));
      for (const other of [agentLeft, agentNew, u.manager1, u.staff1, u.agent3])
        expect(ids).not.toContain(other.id);

      // The org's sort order comes before the name.
      await db.updateTable('org_units').set({ sort_order: -1 }).where('id', '=', org.units.team2).execute();
      clearReportCache();
      const reordered = (
        await getJson<Board>(u.manager1, `/api/attendance/board?unitId=${org.units.dept1}&date=${D}`)
      ).body;
      expect(reordered.teams.map((t) => t.unitName)).toEqual(['二组', '一组']);
      await db.updateTable('org_units').set({ sort_order: 0 }).where('id', '=', org.units.team2).execute();
      clearReportCache();
    });

    it('a department override moves its teams’ threshold; the branch shows every team', async () => {
      const admin = await as(u.admin);
      const { meetingEnd, lateAfterMinutes, absentAfterMinutes, earlyLeaveMinutes, opensBeforeMinutes } =
        DEFAULT_RULES;
      const put = await admin.request('PUT', `/api/attendance/rules/units/${org.units.dept2}`, {
        meetingStart: '09:00',
        meetingEnd,
        lateAfterMinutes,
        absentAfterMinutes,
        earlyLeaveMinutes,
        opensBeforeMinutes,
        selfCheckIn: 'tap',
        geofence: 'off',
      });
      expect(put.statusCode).toBe(200);
      try {
        setClock(shanghai(D, '08:45:00'));
        const branch = (await getJson<Board>(u.admin, `/api/attendance/board?unitId=${org.units.branch}`))
          .body;
        expect(branch.teams.map((t) => t.unitName)).toEqual(['一组', '二组', '三组']);
        expect(branch.teams[2]!.people.map((p) => p.status)).toEqual(['pending', 'pending']);
        expect(branch.totals).toMatchObject({ expected: 8, absent: 3, pending: 2 });
        const dept2 = (await getJson<Board>(u.admin, `/api/attendance/board?unitId=${org.units.dept2}`)).body;
        expect(dept2).toMatchObject({
          meetingStart: '09:00',
          absentAt: shanghai(D, '09:10:00').toISOString(),
        });
        setClock(shanghai(D, '09:11:00'));
        const later = (await getJson<Board>(u.admin, `/api/attendance/board?unitId=${org.units.branch}`))
          .body;
        expect(later.teams[2]!.people.map((p) => p.status)).toEqual(['absent', 'absent']);
      } finally {
        await admin.request('DELETE', `/api/attendance/rules/units/${org.units.dept2}`);
      }
    });

    it('a check-in shows within REPORT_CACHE_MS: the answer before it is served while it is refreshed', async () => {
      // Time stands still but for the test's moves: the ages below are exact however slow the machine.
      vi.useFakeTimers({ toFake: ['Date'] });
      setClock(shanghai('2026-11-03', '08:25:00'));
      const url = `/api/attendance/board?unitId=${org.units.team1}`;
      const before = (await getJson<Board>(u.sup1, url)).body;
      expect(before.date).toBe('2026-11-03');
      expect(before.totals).toMatchObject({ expected: 3, pending: 3 });
      const res = await (await as(u.agent1)).post('/api/attendance/check-ins', {});
      expect(res.statusCode).toBe(201);
      // Within the bound the answer computed before the check-in is served as it is…
      advanceClock(BOUND - 100);
      const stale = (await getJson<Board>(u.sup1, url)).body;
      expect(stale).toEqual(before);
      // …while one computation (started as the answer is over a quarter of the bound old) refreshes
      // it: the next reader gets the check-in.
      await reportCacheIdle();
      const after = (await getJson<Board>(u.sup1, url)).body;
      expect(after.totals).toMatchObject({ present: 1, pending: 2 });
      expect(after.generatedAt > before.generatedAt).toBe(true);

      // Older than the bound, a stale answer is not served: the reader waits for a new one.
      const late = await (await as(u.agent1b)).post('/api/attendance/check-ins', {});
      expect(late.statusCode).toBe(201);
      advanceClock(BOUND);
      const waited = (await getJson<Board>(u.sup1, url)).body;
      expect(waited.totals).toMatchObject({ present: 2, pending: 1 });

      setClock(shanghai('2026-11-03', '09:00:00'));
      const open = (await getJson<Board>(u.sup1, url)).body;
      await closeDay(db, org.tenant.id, '2026-11-03');
      advanceClock(BOUND);
      const closed = (await getJson<Board>(u.sup1, url)).body;
      const people = (b: Board) =>
        b.teams.flatMap((t) => t.people.map((p) => [p.displayName, p.status, p.method]));
      expect(people(open)).toEqual([
        ['S1 赵主管', 'absent', null],
        ['A1 张三', 'present', 'app'],
        ['A2 李四', 'present', 'app'],
      ]);
      expect(people(closed)).toEqual([
        ['S1 赵主管', 'absent', 'system'],
        ['A1 张三', 'present', 'app'],
        ['A2 李四', 'present', 'app'],
      ]);
      expect(closed.totals).toEqual({ expected: 3, present: 2, late: 0, absent: 1, leave: 0, pending: 0 });
    });

    it('is sent gzipped when the reader accepts it, decoding to the same JSON; Vary either way', async () => {
      // One answer for every read below (time stands still within the bound).
      vi.useFakeTimers({ toFake: ['Date'] });
      setClock(shanghai(D, '09:00:00'));
      const client = await as(u.manager1);
      for (const url of [
        `/api/attendance/board?unitId=${org.units.dept1}&date=${D}`,
        `/api/attendance/monthly?unitId=${org.units.dept1}&month=2026-11`,
      ]) {
        const plain = await client.get(url);
        expect(plain.statusCode).toBe(200);
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(plain.headers.vary).toBe('Accept-Encoding');
        expect(plain.rawPayload.length).toBeGreaterThan(1024);
        const gz = await client.request('GET', url, undefined, {
          headers: { 'accept-encoding': 'gzip, deflate, br' },
        });
        expect(gz.statusCode).toBe(200);
        expect(gz.headers['content-encoding']).toBe('gzip');
        expect(gz.headers.vary).toBe('Accept-Encoding');
        expect(gz.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(gz.rawPayload.length).toBeLessThan(plain.rawPayload.length);
        expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(plain.json());
        // Refused by q=0: plain.
        const refused = await client.request('GET', url, undefined, {
          headers: { 'accept-encoding': 'gzip;q=0' },
        });
        expect(refused.headers['content-encoding']).toBeUndefined();
        expect(refused.json()).toEqual(plain.json());
      }
    });

    it('a day without a meeting lists the people, all pending, with nobody expected', async () => {
      setClock(shanghai('2026-11-07', '10:00:00')); // Saturday
      const { body } = await getJson<Board>(u.sup1, `/api/attendance/board?unitId=${org.units.team1}`);
      expect(body.meetingDay).toBe(false);
      expect(body.teams[0]!.people.map((p) => p.status)).toEqual(['pending', 'pending', 'pending']);
      expect(body.totals).toEqual({ expected: 0, present: 0, late: 0, absent: 0, leave: 0, pending: 0 });
    });

    it('scope: a supervisor sees their team only; an agent is refused; other tenants are not found', async () => {
      setClock(shanghai(D, '09:00:00'));
      const board = (unit: string, date = D) => `/api/attendance/board?unitId=${unit}&date=${date}`;
      expect((await (await as(u.sup1)).get(board(org.units.team1))).statusCode).toBe(200);
      expect((await (await as(u.sup1)).get(board(org.units.team2))).statusCode).toBe(404);
      expect((await (await as(u.sup1)).get(board(org.units.dept1))).statusCode).toBe(404);
      expect((await (await as(u.manager1)).get(board(org.units.dept2))).statusCode).toBe(404);
      expect((await (await as(u.agent1)).get(board(org.units.team1))).statusCode).toBe(403);
      expect((await (await as(org.other.admin)).get(board(org.units.team1))).statusCode).toBe(404);
      expect((await (await as(u.admin)).get(board(org.other.tenant.rootUnitId))).statusCode).toBe(404);
      expect((await (await as(u.admin)).get(board('no-such-unit'))).statusCode).toBe(404);
      const bad = await (await as(u.admin)).get(board(org.units.team1, '2026-02-30'));
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({
        error: { code: 'VALIDATION_FAILED', details: [{ path: 'query.date' }] },
      });
    });

    it('a unit seen only as one’s own shows only the people one may see', async () => {
      // A second company: a supervisor who is a member of team 1 but leads team 2.
      const org2 = await makeOrg(db);
      await db.updateTable('users').set({ created_at: '2024-01-01T00:00:00.000Z' }).execute();
      const supX = await makeUser(db, org2.tenant, org2.units.team1, 'supervisor');
      await db
        .updateTable('users')
        .set({ created_at: '2024-01-01T00:00:00.000Z' })
        .where('id', '=', supX.id)
        .execute();
      await db
        .updateTable('org_units')
        .set({ leader_user_id: supX.id })
        .where('id', '=', org2.units.team2)
        .execute();
      setClock(shanghai(D, '09:00:00'));
      const own = (await getJson<Board>(supX, `/api/attendance/board?unitId=${org2.units.team1}`)).body;
      expect(own.teams.flatMap((t) => t.people.map((p) => p.userId))).toEqual([supX.id]);
      const led = (await getJson<Board>(supX, `/api/attendance/board?unitId=${org2.units.team2}`)).body;
      expect(led.teams.flatMap((t) => t.people.map((p) => p.userId)).sort()).toEqual(
        [org2.users.sup2.id, org2.users.agent2.id].sort(),
      );
      const monthly = (
        await getJson<Monthly>(supX, `/api/attendance/monthly?unitId=${org2.units.team1}&month=2026-11`)
      ).body;
      expect(monthly.items.map((i) => i.userId)).toEqual([supX.id]);
      expect(monthly.people).toBe(1);
    });
  });

  // ---- Monthly figures ----------------------------------------------------------------------

  describe('monthly figures', () => {
    const M = '2026-09'; // 2026-08-26 … 2026-09-25

    beforeAll(async () => {
      const admin = await loginAs(app, u.admin.username);
      const put = await admin.request('PUT', '/api/attendance/rules', { ...DEFAULT_RULES, fines: FINES });
      expect(put.statusCode).toBe(200);
      // agent1: 3 on time (one left early), 1 late, 1 absent → 4/5; 3 events → 1500 capped at 1000.
      await record(db, u.agent1, '2026-09-01', { status: 'present', at: '08:25:00', earlyLeave: true });
      await record(db, u.agent1, '2026-09-02', { status: 'present', at: '08:25:00' });
      await record(db, u.agent1, '2026-09-03', { status: 'present', at: '08:25:00' });
      await record(db, u.agent1, '2026-09-04', { status: 'late', at: '08:35:00' });
      await record(db, u.agent1, '2026-09-07', { status: 'absent' });
      // agent1b: 1 on time, 3 absent, sick leave (excused: off the required days) → 1/4; 1500 → 1000.
      await record(db, u.agent1b, '2026-09-01', { status: 'present', at: '08:25:00' });
      await record(db, u.agent1b, '2026-09-02', { status: 'absent' });
      await record(db, u.agent1b, '2026-09-03', { status: 'absent' });
      await record(db, u.agent1b, '2026-09-04', { status: 'absent' });
      await record(db, u.agent1b, '2026-09-07', { status: 'leave', leaveType: 'sick' });
      // agent2: 1 on time, 2 late, field work (attended), personal leave (required, not attended) → 4/5; 1000.
      await record(db, u.agent2, '2026-09-01', { status: 'present', at: '08:25:00' });
      await record(db, u.agent2, '2026-09-02', { status: 'late', at: '08:31:00' });
      await record(db, u.agent2, '2026-09-03', { status: 'late', at: '08:39:00' });
      await record(db, u.agent2, '2026-09-04', { status: 'leave', leaveType: 'field' });
      await record(db, u.agent2, '2026-09-07', { status: 'leave', leaveType: 'personal' });
      // sup1: 2 on time, 2 absent → 2/4; supervisors' rule: 2000 capped at 1500.
      await record(db, u.sup1, '2026-09-01', { status: 'present', at: '08:25:00' });
      await record(db, u.sup1, '2026-09-02', { status: 'present', at: '08:25:00' });
      await record(db, u.sup1, '2026-09-03', { status: 'absent' });
      await record(db, u.sup1, '2026-09-04', { status: 'absent' });
      // sup2: 4 on time, 1 absent → 4/5; 1000.
      for (const d of ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04']) {
        await record(db, u.sup2, d, { status: 'present', at: '08:25:00' });
      }
      await record(db, u.sup2, '2026-09-07', { status: 'absent' });
      // Not counted in department 1: the manager (not expected at meetings), agent3 (department 2).
      await record(db, u.manager1, '2026-09-01', { status: 'present', at: '08:25:00' });
      for (const d of ['2026-09-01', '2026-09-02'])
        await record(db, u.agent3, d, { status: 'present', at: '08:25:00' });
      // The month before and after: not in this month's figures.
      await record(db, u.agent1, '2026-08-25', { status: 'absent' });
      await record(db, u.agent1, '2026-09-28', { status: 'absent' });
    });

    const url = (q: string, unit = org.units.dept1) =>
      `/api/attendance/monthly?unitId=${unit}&month=${M}${q}`;
    const names = (m: Monthly) => m.items.map((i) => i.displayName);

    it('figures per person and totals, against hand-computed expectations', async () => {
      const { res, body } = await getJson<Monthly>(u.manager1, url('&pageSize=50'));
      expect(res.statusCode).toBe(200);
      expect(MonthlySchema.parse(body)).toEqual(body);
      expect(body).toMatchObject({
        month: M,
        from: '2026-08-26',
        to: '2026-09-25',
        unitId: org.units.dept1,
        unitName: '营服一部',
        people: 6,
        total: 6,
        page: 1,
        pageSize: 50,
      });
      const by = Object.fromEntries(body.items.map((i) => [i.displayName, i]));
      expect(by['A1 张三']).toEqual({
        userId: u.agent1.id,
        displayName: 'A1 张三',
        username: u.agent1.username,
        role: 'agent',
        unitId: org.units.team1,
        unitName: '一组',
        required: 5,
        attended: 4,
        present: 3,
        late: 1,
        absent: 1,
        leave: 0,
        earlyLeave: 1,
        rate: 0.8,
        finesFen: 1000,
        fullAttendance: true,
      });
      expect(by['A2 李四']).toMatchObject({
        required: 4,
        attended: 1,
        absent: 3,
        leave: 1,
        rate: 0.25,
        finesFen: 1000,
        fullAttendance: false,
      });
      expect(by['B1 王五']).toMatchObject({
        required: 5,
        attended: 4,
        late: 2,
        leave: 2,
        rate: 0.8,
        finesFen: 1000,
        fullAttendance: true,
      });
      expect(by['S1 赵主管']).toMatchObject({
        role: 'supervisor',
        required: 4,
        attended: 2,
        rate: 0.5,
        finesFen: 1500,
      });
      expect(by['S2 钱主管']).toMatchObject({ required: 5, attended: 4, rate: 0.8, finesFen: 1000 });
      expect(by['Z0 孙零']).toMatchObject({
        required: 0,
        attended: 0,
        rate: null,
        finesFen: 0,
        fullAttendance: false,
      });
      expect(body.totals).toEqual({
        required: 23,
        attended: 15,
        present: 11,
        late: 3,
        absent: 7,
        leave: 3,
        earlyLeave: 1,
        rate: 15 / 23,
        finesFen: 5500,
      });
    });

    it('sorts on the server, pages, and filters by name or username', async () => {
      const sorted = async (sort: string, extra = '') =>
        (await getJson<Monthly>(u.manager1, url(`&sort=${sort}${extra}`))).body;
      expect(names(await sorted('name'))).toEqual([
        'A1 张三',
        'A2 李四',
        'B1 王五',
        'S1 赵主管',
        'S2 钱主管',
        'Z0 孙零',
      ]);
      expect(names(await sorted('-name'))).toEqual([
        'Z0 孙零',
        'S2 钱主管',
        'S1 赵主管',
        'B1 王五',
        'A2 李四',
        'A1 张三',
      ]);
      // Nobody required (no rate) sorts last both ways; ties by name.
      expect(names(await sorted('rate'))).toEqual([
        'A2 李四',
        'S1 赵主管',
        'A1 张三',
        'B1 王五',
        'S2 钱主管',
        'Z0 孙零',
      ]);
      expect(names(await sorted('-rate'))).toEqual([
        'A1 张三',
        'B1 王五',
        'S2 钱主管',
        'S1 赵主管',
        'A2 李四',
        'Z0 孙零',
      ]);
      expect(names(await sorted('-absent'))).toEqual([
        'A2 李四',
        'S1 赵主管',
        'A1 张三',
        'S2 钱主管',
        'B1 王五',
        'Z0 孙零',
      ]);
      expect(names(await sorted('late'))).toEqual([
        'A2 李四',
        'S1 赵主管',
        'S2 钱主管',
        'Z0 孙零',
        'A1 张三',
        'B1 王五',
      ]);
      expect(names(await sorted('-finesFen'))).toEqual([
        'S1 赵主管',
        'A1 张三',
        'A2 李四',
        'B1 王五',
        'S2 钱主管',
        'Z0 孙零',
      ]);

      const page2 = await sorted('-absent', '&page=2&pageSize=2');
      expect(names(page2)).toEqual(['A1 张三', 'S2 钱主管']);
      expect(page2).toMatchObject({ total: 6, people: 6, page: 2, pageSize: 2 });
      // Totals are the whole unit's, whatever the page.
      expect(page2.totals.required).toBe(23);
      expect(names(await sorted('-absent', '&page=4&pageSize=2'))).toEqual([]);

      const search = await sorted('name', '&q=主管');
      expect(names(search)).toEqual(['S1 赵主管', 'S2 钱主管']);
      expect(search).toMatchObject({ total: 2, people: 6 });
      expect(search.totals.required).toBe(23);
      const byUsername = await sorted('name', `&q=${encodeURIComponent(u.agent1b.username.toUpperCase())}`);
      expect(names(byUsername)).toEqual(['A2 李四']);
      // A full page of a search is counted.
      expect((await sorted('name', '&q=%E4%B8%BB%E7%AE%A1&pageSize=1')).total).toBe(2);
      expect(names(await sorted('name', '&q=100%25'))).toEqual([]);

      const bad = await (await as(u.manager1)).get(url('&sort=salary'));
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({
        error: { code: 'VALIDATION_FAILED', details: [{ path: 'query.sort' }] },
      });
    });

    it('a supervisor sees their team; another team or the department is not found; agents are refused', async () => {
      const team = (await getJson<Monthly>(u.sup1, url('', org.units.team1))).body;
      expect(names(team)).toEqual(['A1 张三', 'A2 李四', 'S1 赵主管']);
      expect(team.totals).toMatchObject({ required: 13, attended: 7, finesFen: 3500 });
      expect((await (await as(u.sup1)).get(url('', org.units.team2))).statusCode).toBe(404);
      expect((await (await as(u.sup1)).get(url('', org.units.dept1))).statusCode).toBe(404);
      expect((await (await as(u.agent1)).get(url('', org.units.team1))).statusCode).toBe(403);
      expect((await (await as(org.other.admin)).get(url('', org.units.team1))).statusCode).toBe(404);
      const branch = (await getJson<Monthly>(u.exec, url('', org.units.branch))).body;
      expect(branch.people).toBe(8);
      expect(branch.totals).toMatchObject({ required: 25, attended: 17 });
    });

    it('exports every matching person in the list’s order as .xlsx, audited', async () => {
      const res = await (
        await as(u.manager1)
      ).get(`/api/attendance/monthly/export?unitId=${org.units.dept1}&month=${M}&sort=-rate`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('出勤月报'));
      const rows = rowsOf(await sheetOf(res.rawPayload));
      expect(rows[0]).toEqual([
        '工号',
        '姓名',
        '角色',
        '团队',
        '应出勤',
        '实出勤',
        '准时',
        '迟到',
        '缺勤',
        '请假',
        '早退',
        '出勤率',
        '罚款(元)',
        '满勤',
      ]);
      expect(rows.slice(1)).toEqual([
        [u.agent1.username, 'A1 张三', '营销员', '一组', 5, 4, 3, 1, 1, 0, 1, '80.0%', 10, '是'],
        [u.agent2.username, 'B1 王五', '营销员', '二组', 5, 4, 1, 2, 0, 2, 0, '80.0%', 10, '是'],
        [u.sup2.username, 'S2 钱主管', '主管', '二组', 5, 4, 4, 0, 1, 0, 0, '80.0%', 10, '是'],
        [u.sup1.username, 'S1 赵主管', '主管', '一组', 4, 2, 2, 0, 2, 0, 0, '50.0%', 15, '否'],
        [u.agent1b.username, 'A2 李四', '营销员', '一组', 4, 1, 1, 0, 3, 1, 0, '25.0%', 10, '否'],
        [agentZero.username, 'Z0 孙零', '营销员', '二组', 0, 0, 0, 0, 0, 0, 0, undefined, 0, '否'],
      ]);
      const audit = await db
        .selectFrom('audit_log')
        .select(['action', 'actor_id', 'after_json'])
        .where('entity', '=', 'attendanceMonthlyExport')
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'export', actor_id: u.manager1.id });
      expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({
        rows: 6,
        filter: { unitId: org.units.dept1, month: M },
      });
      expect(
        (await (await as(u.sup1)).get(`/api/attendance/monthly/export?unitId=${org.units.dept1}&month=${M}`))
          .statusCode,
      ).toBe(404);
    });

    it('a new record shows in the figures within REPORT_CACHE_MS', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      // Past the age of any answer of earlier tests: `before` is computed now.
      advanceClock(BOUND);
      const before = (await getJson<Monthly>(u.manager1, url('&q=Z0'))).body;
      expect(before.items[0]).toMatchObject({ required: 0 });
      await record(db, agentZero, '2026-09-08', { status: 'late', at: '08:35:00' });
      // Served as computed before the record within the bound; refreshed in the background once it
      // is a quarter of the bound old.
      advanceClock(BOUND / 2);
      expect((await getJson<Monthly>(u.manager1, url('&q=Z0'))).body).toEqual(before);
      await reportCacheIdle();
      const after = (await getJson<Monthly>(u.manager1, url('&q=Z0'))).body;
      expect(after.items[0]).toMatchObject({ required: 1, attended: 1, late: 1, rate: 1, finesFen: 500 });
      expect(after.totals).toMatchObject({ required: 24, attended: 16, finesFen: 6000 });
      // The totals are kept apart from the page: another page, sort or search shows the same.
      const other = (await getJson<Monthly>(u.manager1, url('&sort=-rate&pageSize=2&page=2'))).body;
      expect(other.totals).toEqual(after.totals);
      expect(other.people).toBe(after.people);
    });

    it('a check-in today leaves a closed month’s figures cached: it marks stale its day and month only', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      setClock(shanghai('2026-11-05', '08:20:00'));
      const closedMonth = url('&q=A1');
      const currentMonth = `/api/attendance/monthly?unitId=${org.units.dept1}&month=2026-11&q=A1`;
      const board = `/api/attendance/board?unitId=${org.units.team1}`;
      const closed0 = (await getJson<Monthly>(u.manager1, closedMonth)).body;
      const current0 = (await getJson<Monthly>(u.manager1, currentMonth)).body;
      const board0 = (await getJson<Board>(u.manager1, board)).body;
      const name = (m: Monthly) => m.items[0]!.displayName;
      expect([name(closed0), name(current0)]).toEqual(['A1 张三', 'A1 张三']);
      // A change no tag covers (written straight to the database): shows only in answers computed anew.
      await db
        .updateTable('users')
        .set({ display_name: 'A1 张三丰' })
        .where('id', '=', u.agent1.id)
        .execute();
      try {
        const res = await (await as(u.agent1)).post('/api/attendance/check-ins', {});
        expect(res.statusCode).toBe(201);
        // Every reader within the bound gets the answers of before; the stale ones, a quarter of the
        // bound old, start a refresh.
        advanceClock(BOUND / 2);
        expect((await getJson<Monthly>(u.manager1, closedMonth)).body).toEqual(closed0);
        expect((await getJson<Monthly>(u.manager1, currentMonth)).body).toEqual(current0);
        expect((await getJson<Board>(u.manager1, board)).body).toEqual(board0);
        await reportCacheIdle();
        // The day's board and the current month were recomputed; the closed month was not.
        const board1 = (await getJson<Board>(u.manager1, board)).body;
        const agent1 = board1.teams.flatMap((t) => t.people).find((p) => p.userId === u.agent1.id);
        expect(agent1).toMatchObject({ displayName: 'A1 张三丰', status: 'present' });
        expect(name((await getJson<Monthly>(u.manager1, currentMonth)).body)).toBe('A1 张三丰');
        expect(name((await getJson<Monthly>(u.manager1, closedMonth)).body)).toBe('A1 张三');
        // Past the bound every answer is computed anew.
        advanceClock(BOUND);
        expect(name((await getJson<Monthly>(u.manager1, closedMonth)).body)).toBe('A1 张三丰');
      } finally {
        await db
          .updateTable('users')
          .set({ display_name: 'A1 张三' })
          .where('id', '=', u.agent1.id)
          .execute();
      }
    });
  });

  // ---- Trend ----------------------------------------------------------------------------------

  describe('trend', () => {
    it('a unit’s totals and a person’s figures per work month, ending at the current one', async () => {
      setClock(shanghai('2026-10-15', '12:00:00'));
      const { res, body } = await getJson<{ month: string; required: number; rate: number | null }[]>(
        u.manager1,
        `/api/attendance/trend?unitId=${org.units.dept1}&months=3`,
      );
      expect(res.statusCode).toBe(200);
      expect(TrendSchema.parse(body)).toEqual(body);
      expect(body.map((m) => m.month)).toEqual(['2026-08', '2026-09', '2026-10']);
      // August (to the 25th) and October (from 26 September) each hold one absence of agent1;
      // September the figures above (with Z0's late day).
      expect(body[0]).toMatchObject({ required: 1, attended: 0, absent: 1, rate: 0 });
      expect(body[1]).toMatchObject({ required: 24, attended: 16, finesFen: 6000, rate: 16 / 24 });
      expect(body[2]).toMatchObject({ required: 1, absent: 1, rate: 0, finesFen: 500 });

      const person = (
        await getJson<{ month: string; required: number }[]>(
          u.sup1,
          `/api/attendance/trend?userId=${u.agent1.id}&months=2`,
        )
      ).body;
      expect(person).toEqual([
        {
          month: '2026-09',
          required: 5,
          attended: 4,
          present: 3,
          late: 1,
          absent: 1,
          leave: 0,
          earlyLeave: 1,
          rate: 0.8,
          finesFen: 1000,
        },
        {
          month: '2026-10',
          required: 1,
          attended: 0,
          present: 0,
          late: 0,
          absent: 1,
          leave: 0,
          earlyLeave: 0,
          rate: 0,
          finesFen: 500,
        },
      ]);
      const six = (await getJson<unknown[]>(u.sup1, `/api/attendance/trend?userId=${u.agent1.id}`)).body;
      expect(six).toHaveLength(6);
    });

    it('is scope-checked: out of scope is not found; one of unitId or userId is required', async () => {
      setClock(shanghai('2026-10-15', '12:00:00'));
      const get = async (user: TestUser, q: string) =>
        (await (await as(user)).get(`/api/attendance/trend?${q}`)).statusCode;
      expect(await get(u.sup1, `userId=${u.agent2.id}`)).toBe(404);
      expect(await get(u.sup1, `unitId=${org.units.team2}`)).toBe(404);
      expect(await get(u.manager1, `userId=${org.other.agent.id}`)).toBe(404);
      // An agent reads their own trend, and nobody else's, nor a unit's.
      expect(await get(u.agent1, `userId=${u.agent1.id}`)).toBe(200);
      expect(await get(u.agent1, `userId=${u.agent1b.id}`)).toBe(403);
      expect(await get(u.agent1, `unitId=${org.units.team1}`)).toBe(403);
      expect(await get(u.manager1, '')).toBe(400);
      expect(await get(u.manager1, `unitId=${org.units.dept1}&userId=${u.agent1.id}`)).toBe(400);
      expect(await get(u.manager1, `unitId=${org.units.dept1}&months=25`)).toBe(400);
    });
  });

  it('a larger team: everyone on the board, one page of the figures, the whole team in the totals', async () => {
    const unit = await makeUnit(db, org.tenant, org.units.dept2, 'team', '大组');
    for (let i = 0; i < 60; i++) await makeUser(db, org.tenant, unit, 'agent');
    await db
      .updateTable('users')
      .set({ created_at: '2024-01-01T00:00:00.000Z' })
      .where('unit_id', '=', unit)
      .execute();
    clearReportCache();
    setClock(shanghai('2026-11-04', '08:50:00'));
    const board = (await getJson<Board>(u.admin, `/api/attendance/board?unitId=${unit}`)).body;
    expect(board.totals).toMatchObject({ expected: 60, absent: 60 });
    const page = (
      await getJson<Monthly>(u.admin, `/api/attendance/monthly?unitId=${unit}&month=2026-11&pageSize=50`)
    ).body;
    expect(page).toMatchObject({ people: 60, total: 60 });
    expect(page.items).toHaveLength(50);
  });
});
