import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AttendanceRecord, AttendanceRequest } from '../../../contracts/attendance.ts';
import type { Page } from '../../../contracts/common.ts';
import type { DB } from '../../db/database.ts';
import { advanceClock, now, resetClock, setClock } from '../../lib/clock.ts';
import { loginAs, makeTestApp, type TestClient } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, makeUnit, makeUser, type TestOrg, type TestUser } from '../../test/factories.ts';
import { DEFAULT_RULES } from './attendance.rules.ts';
import { insertRecordIfAbsent, recordRow } from './record.repository.ts';

/** Wall-clock time in Shanghai on a date. */
const shanghai = (date: string, hms: string) => new Date(`${date}T${hms}+08:00`);

// November 2026: Monday the 2nd, 9th, 16th, 23rd, 30th. Work month 2026-11 runs 26 Oct – 25 Nov,
// 2026-12 from 26 Nov. Default rules: personal leave 1 day notice, 2 days a month; sick and field
// leave the same day; make-ups within 3 days, 3 a month.

forEachDialect('attendance requests', (get) => {
  let app: FastifyInstance;
  let org: TestOrg;
  let db: DB;
  /** People of their own for scenarios that count (limits, rollups), so tests do not see each other's days. */
  let extra: Record<'leaver' | 'mender' | 'tardy' | 'racer' | 'lister' | 'orphan', TestUser>;
  const clients = new Map<string, { client: TestClient; at: number }>();
  // Sessions time out by the (moved) clock: log in again whenever the clock has moved.
  const as = async (user: { username: string }) => {
    const hit = clients.get(user.username);
    if (hit && Math.abs(now().getTime() - hit.at) < 5 * 60_000) return hit.client;
    const client = await loginAs(app, user.username);
    clients.set(user.username, { client, at: now().getTime() });
    return client;
  };

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    const team4 = await makeUnit(db, org.tenant, org.units.dept1, 'team', '四组（无主管）');
    extra = {
      leaver: await makeUser(db, org.tenant, org.units.team1, 'agent'),
      mender: await makeUser(db, org.tenant, org.units.team1, 'agent'),
      tardy: await makeUser(db, org.tenant, org.units.team3, 'agent'),
      racer: await makeUser(db, org.tenant, org.units.team1, 'agent'),
      lister: await makeUser(db, org.tenant, org.units.team2, 'agent'),
      orphan: await makeUser(db, org.tenant, team4, 'agent'),
    };
    // The cast joined long before the simulated days.
    await db.updateTable('users').set({ created_at: '2024-01-01T00:00:00.000Z' }).execute();
    app = await makeTestApp(get());
  });
  afterAll(() => app.close());
  afterEach(() => resetClock());

  const ask = (c: TestClient, body: object) => c.post('/api/attendance/requests', body);
  const leave = (leaveType: string, startDate: string, endDate = startDate, reason = '家中有事') => ({
    kind: 'leave',
    leaveType,
    startDate,
    endDate,
    reason,
  });
  const makeUp = (date: string, time: string, reason = '手机没电，忘记打卡') => ({
    kind: 'makeUp',
    date,
    time,
    reason,
  });
  const decide = (c: TestClient, id: string, verb: 'approve' | 'reject' | 'cancel', comment?: string) =>
    c.post(`/api/attendance/requests/${id}/${verb}`, comment === undefined ? {} : { comment });

  function created(res: LightMyRequestResponse): AttendanceRequest {
    expect(res.statusCode, res.body).toBe(201);
    return res.json<AttendanceRequest>();
  }
  function errorOf(res: LightMyRequestResponse): { status: number; code: string } {
    return { status: res.statusCode, code: res.json<{ error?: { code: string } }>().error?.code ?? '' };
  }

  const recordsOf = (userId: string) =>
    db.selectFrom('attendance_records').selectAll().where('user_id', '=', userId).orderBy('date').execute();
  const statsOf = async (userId: string, month: string) =>
    db
      .selectFrom('attendance_month_stats')
      .select(['present', 'late', 'absent', 'leave_attended', 'leave_excused', 'leave_unexcused'])
      .where('user_id', '=', userId)
      .where('month', '=', month)
      .executeTakeFirst()
      .then(
        (s) =>
          s ?? {
            present: 0,
            late: 0,
            absent: 0,
            leave_attended: 0,
            leave_excused: 0,
            leave_unexcused: 0,
          },
      );
  const notificationsOf = (userId: string, kind: string) =>
    db
      .selectFrom('notifications')
      .select(['kind', 'title', 'body', 'link', 'params_json'])
      .where('user_id', '=', userId)
      .where('kind', '=', kind)
      .orderBy('created_at')
      .execute();
  /** Who was asked to decide a request. */
  const notifiedOf = async (requestId: string) =>
    (
      await db
        .selectFrom('notifications')
        .select(['user_id', 'params_json'])
        .where('kind', '=', 'attendance.requestSubmitted')
        .execute()
    )
      .filter((n) => (JSON.parse(n.params_json ?? '{}') as { requestId?: string }).requestId === requestId)
      .map((n) => n.user_id);
  const count = async (table: 'attendance_requests' | 'attendance_records' | 'notifications') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** The absence a closed meeting day leaves for someone without a record. */
  async function markAbsent(user: TestUser, date: string): Promise<void> {
    const at = now().toISOString();
    await insertRecordIfAbsent(
      db,
      recordRow({
        tenant_id: org.tenant.id,
        user_id: user.id,
        unit_id: user.unitId,
        date,
        month: date >= '2026-11-26' ? '2026-12' : '2026-11',
        status: 'absent',
        method: 'system',
        created_at: at,
      }),
    );
  }

  describe('leave', () => {
    it('an agent asks for leave; the supervisor is notified, approves, and the days become leave', async () => {
      setClock(shanghai('2026-11-02', '10:00:00'));
      const agent = await as(org.users.agent1);
      const req = created(await ask(agent, leave('personal', '2026-11-03', '2026-11-04')));
      expect(req).toMatchObject({
        kind: 'leave',
        userId: org.users.agent1.id,
        userName: `测试${org.users.agent1.username}`,
        unitName: '一组',
        leaveType: 'personal',
        startDate: '2026-11-03',
        endDate: '2026-11-04',
        time: null,
        status: 'pending',
        decidedBy: null,
      });
      expect(await notifiedOf(req.id)).toEqual([org.users.sup1.id]);
      const asked = await notificationsOf(org.users.sup1.id, 'attendance.requestSubmitted');
      expect(asked).toHaveLength(1);
      expect(asked[0]!.link).toBe('/attendance/approvals');
      expect(JSON.parse(asked[0]!.params_json!)).toMatchObject({
        requestId: req.id,
        startDate: '2026-11-03',
      });

      const sup = await as(org.users.sup1);
      const res = await decide(sup, req.id, 'approve', '注意安全');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<AttendanceRequest>()).toMatchObject({
        status: 'approved',
        decidedBy: org.users.sup1.id,
        decidedByName: `测试${org.users.sup1.username}`,
        decisionComment: '注意安全',
      });

      const rows = await recordsOf(org.users.agent1.id);
      expect(
        rows.map((r) => [r.date, r.status, r.method, r.leave_type, r.leave_counts, r.request_id]),
      ).toEqual([
        ['2026-11-03', 'leave', 'system', 'personal', 'notAttended', req.id],
        ['2026-11-04', 'leave', 'system', 'personal', 'notAttended', req.id],
      ]);
      expect(await statsOf(org.users.agent1.id, '2026-11')).toMatchObject({ leave_unexcused: 2, absent: 0 });

      const told = await notificationsOf(org.users.agent1.id, 'attendance.requestApproved');
      expect(told).toHaveLength(1);
      expect(told[0]!.link).toBe('/checkin/requests');
      expect(JSON.parse(told[0]!.params_json!)).toMatchObject({ requestId: req.id, comment: '注意安全' });

      const audit = await db
        .selectFrom('audit_log')
        .select(['entity', 'action', 'actor_id', 'before_json'])
        .where((eb) =>
          eb.or([
            eb('entity_id', '=', req.id),
            eb(
              'entity_id',
              'in',
              rows.map((r) => r.id),
            ),
          ]),
        )
        .orderBy('at')
        .execute();
      expect(audit.map((a) => `${a.entity}.${a.action}`).sort()).toEqual([
        'attendanceRecord.leave',
        'attendanceRecord.leave',
        'attendanceRequest.approve',
        'attendanceRequest.create',
      ]);
      const approval = audit.find((a) => a.action === 'approve')!;
      expect(approval.actor_id).toBe(org.users.sup1.id);
      expect(JSON.parse(approval.before_json!)).toMatchObject({ status: 'pending' });

      // The agent's own page shows the days as leave.
      setClock(shanghai('2026-11-04', '12:00:00'));
      const me = (await (await as(org.users.agent1)).get('/api/attendance/me')).json<{
        today: { record: AttendanceRecord | null };
      }>();
      expect(me.today.record).toMatchObject({ status: 'leave', leaveType: 'personal', method: 'system' });
    });

    it('approval replaces a closed day’s absence but keeps a day the person did check in', async () => {
      const person = org.users.agent1b;
      setClock(shanghai('2026-11-10', '12:00:00'));
      await markAbsent(person, '2026-11-10'); // the day was closed before the request
      const req = created(await ask(await as(person), leave('sick', '2026-11-10', '2026-11-12', '发烧')));
      setClock(shanghai('2026-11-11', '08:20:00'));
      expect((await (await as(person)).post('/api/attendance/check-ins', {})).statusCode).toBe(201);
      expect(await statsOf(person.id, '2026-11')).toMatchObject({ absent: 1, present: 1, leave_excused: 0 });

      setClock(shanghai('2026-11-11', '10:00:00'));
      const res = await decide(await as(org.users.sup1), req.id, 'approve');
      expect(res.statusCode, res.body).toBe(200);
      expect((await recordsOf(person.id)).map((r) => [r.date, r.status, r.method])).toEqual([
        ['2026-11-10', 'leave', 'system'],
        ['2026-11-11', 'present', 'app'],
        ['2026-11-12', 'leave', 'system'],
      ]);
      // Sick leave is excused: off the required days, the absence gone.
      expect(await statsOf(person.id, '2026-11')).toMatchObject({ absent: 0, present: 1, leave_excused: 2 });
    });

    it('a rejection writes no record and frees the days for a new request', async () => {
      const person = org.users.agent2;
      setClock(shanghai('2026-11-16', '10:00:00'));
      const req = created(await ask(await as(person), leave('annual', '2026-11-17', '2026-11-18')));
      const before = await statsOf(person.id, '2026-11');
      const res = await decide(await as(org.users.sup2), req.id, 'reject', '月底人手紧张');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<AttendanceRequest>()).toMatchObject({
        status: 'rejected',
        decisionComment: '月底人手紧张',
      });
      expect(
        (await recordsOf(person.id)).filter((r) => r.date >= '2026-11-17' && r.date <= '2026-11-18'),
      ).toEqual([]);
      expect(await statsOf(person.id, '2026-11')).toEqual(before);
      const told = await notificationsOf(person.id, 'attendance.requestRejected');
      expect(told).toHaveLength(1);
      expect(told[0]!.body).toBe('月底人手紧张');
      created(await ask(await as(person), leave('annual', '2026-11-17', '2026-11-18')));
    });

    it('advance notice counts whole days in the tenant’s zone: exactly N days is enough', async () => {
      const person = org.users.agent3;
      // 23:30 in Shanghai on the 16th: personal leave (1 day notice) may start on the 17th, not the 16th.
      setClock(shanghai('2026-11-16', '23:30:00'));
      const short = await ask(await as(person), leave('personal', '2026-11-16'));
      expect(errorOf(short)).toEqual({ status: 422, code: 'LEAVE_NOTICE_TOO_SHORT' });
      expect(short.json().error.details).toMatchObject({
        advanceNoticeDays: 1,
        earliestStartDate: '2026-11-17',
      });
      created(await ask(await as(person), leave('personal', '2026-11-17')));
      // 00:30 in Shanghai on the 19th is still the 18th in UTC: sick leave (no notice) starts today, not yesterday.
      setClock(shanghai('2026-11-19', '00:30:00'));
      expect(errorOf(await ask(await as(person), leave('sick', '2026-11-18')))).toEqual({
        status: 422,
        code: 'LEAVE_NOTICE_TOO_SHORT',
      });
      created(await ask(await as(person), leave('sick', '2026-11-19')));
    });

    it('the monthly limit counts pending and approved meeting days per work month', async () => {
      const person = extra.leaver;
      setClock(shanghai('2026-11-16', '10:00:00'));
      const c = await as(person);
      const first = created(await ask(c, leave('personal', '2026-11-19', '2026-11-20'))); // the 2 days allowed
      const over = await ask(c, leave('personal', '2026-11-23'));
      expect(errorOf(over)).toEqual({ status: 422, code: 'LEAVE_LIMIT_REACHED' });
      expect(over.json().error.details).toMatchObject({ month: '2026-11', taken: 2, asked: 1, limit: 2 });
      // The 24th and 25th still belong to work month 2026-11, the 26th to 2026-12.
      expect(errorOf(await ask(c, leave('personal', '2026-11-25', '2026-11-26')))).toEqual({
        status: 422,
        code: 'LEAVE_LIMIT_REACHED',
      });
      created(await ask(c, leave('personal', '2026-11-26', '2026-11-27')));
      // Other types have their own (here: no) limit.
      created(await ask(c, leave('annual', '2026-11-23', '2026-11-25')));
      expect(errorOf(await ask(c, leave('personal', '2026-11-20', '2026-11-23')))).toEqual({
        status: 409,
        code: 'REQUEST_OVERLAPS',
      });
      expect(errorOf(await ask(c, leave('personal', '2026-11-21', '2026-11-22')))).toEqual({
        status: 409,
        code: 'NOT_A_MEETING_DAY',
      });
      // Withdrawn, the first request no longer counts; only meeting days count (Fri–Mon is 2 days).
      const cancelled = await decide(c, first.id, 'cancel');
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(cancelled.json<AttendanceRequest>().status).toBe('cancelled');
      expect(errorOf(await ask(c, leave('personal', '2026-11-20', '2026-11-23')))).toEqual({
        status: 409,
        code: 'REQUEST_OVERLAPS', // the annual leave from the 23rd
      });
      created(await ask(c, leave('personal', '2026-11-19', '2026-11-22')));
    });

    it('leave types, notice and limits are the tenant’s rules', async () => {
      const admin = await as(org.users.admin);
      const rules = (over: Partial<Record<string, object>>) => ({
        ...DEFAULT_RULES,
        leaveTypes: DEFAULT_RULES.leaveTypes.map((t) => ({ ...t, ...over[t.type] })),
      });
      const put = await admin.put(
        '/api/attendance/rules',
        rules({ annual: { advanceNoticeDays: 3 }, field: { enabled: false }, sick: { monthlyLimitDays: 0 } }),
      );
      expect(put.statusCode, put.body).toBe(200);
      try {
        setClock(shanghai('2026-11-23', '10:00:00'));
        const c = await as(org.users.agent3);
        expect(errorOf(await ask(c, leave('annual', '2026-11-25')))).toEqual({
          status: 422,
          code: 'LEAVE_NOTICE_TOO_SHORT',
        });
        created(await ask(c, leave('annual', '2026-11-26')));
        const off = await ask(c, leave('field', '2026-11-27'));
        expect(errorOf(off)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
        expect(off.json().error.details).toMatchObject([{ path: 'body.leaveType' }]);
        expect(errorOf(await ask(c, leave('sick', '2026-11-27')))).toEqual({
          status: 422,
          code: 'LEAVE_LIMIT_REACHED',
        });
      } finally {
        expect(
          (await (await as(org.users.admin)).put('/api/attendance/rules', DEFAULT_RULES)).statusCode,
        ).toBe(200);
      }
    });

    it('a supervisor’s request goes to the department manager; a team without a leader goes up too', async () => {
      setClock(shanghai('2026-11-02', '10:00:00'));
      const sup = await as(org.users.sup1);
      const own = created(await ask(sup, leave('annual', '2026-11-06')));
      expect(await notifiedOf(own.id)).toEqual([org.users.manager1.id]);
      expect(errorOf(await decide(sup, own.id, 'approve'))).toEqual({ status: 403, code: 'OWN_REQUEST' });
      const mine = await sup.get('/api/attendance/requests?view=toApprove');
      expect(mine.json<Page<AttendanceRequest>>().items.map((r) => r.id)).not.toContain(own.id);
      const ok = await decide(await as(org.users.manager1), own.id, 'approve');
      expect(ok.statusCode, ok.body).toBe(200);
      expect((await recordsOf(org.users.sup1.id)).map((r) => [r.date, r.status])).toEqual([
        ['2026-11-06', 'leave'],
      ]);

      const orphan = created(await ask(await as(extra.orphan), leave('sick', '2026-11-02')));
      expect(await notifiedOf(orphan.id)).toEqual([org.users.manager1.id]);
    });
  });

  describe('make-up', () => {
    it('an approved make-up turns the day into a check-in judged by the time given', async () => {
      const person = extra.mender;
      setClock(shanghai('2026-11-20', '10:00:00'));
      await markAbsent(person, '2026-11-18');
      const c = await as(person);
      const sup = await as(org.users.sup1);
      const first = created(await ask(c, makeUp('2026-11-18', '08:25')));
      expect(first).toMatchObject({
        kind: 'makeUp',
        startDate: '2026-11-18',
        endDate: '2026-11-18',
        time: '08:25',
      });
      expect(errorOf(await ask(c, makeUp('2026-11-18', '08:20')))).toEqual({
        status: 409,
        code: 'REQUEST_OVERLAPS',
      });
      expect((await decide(sup, first.id, 'approve')).statusCode).toBe(200);
      const [rec] = await recordsOf(person.id);
      expect(rec).toMatchObject({
        date: '2026-11-18',
        status: 'present',
        method: 'makeUp',
        check_in_at: '2026-11-18T00:25:00.000Z',
        note: '手机没电，忘记打卡',
        request_id: first.id,
        recorded_by: org.users.sup1.id,
      });
      expect(await statsOf(person.id, '2026-11')).toMatchObject({ absent: 0, present: 1 });
      // The day is attended now: nothing to make up.
      expect(errorOf(await ask(c, makeUp('2026-11-18', '08:20')))).toEqual({ status: 409, code: 'CONFLICT' });

      const second = created(await ask(c, makeUp('2026-11-19', '08:35')));
      expect((await decide(sup, second.id, 'approve')).statusCode).toBe(200);
      expect((await recordsOf(person.id)).map((r) => [r.date, r.status, r.check_in_at])).toEqual([
        ['2026-11-18', 'present', '2026-11-18T00:25:00.000Z'],
        ['2026-11-19', 'late', '2026-11-19T00:35:00.000Z'],
      ]);
      expect(await statsOf(person.id, '2026-11')).toMatchObject({ absent: 0, present: 1, late: 1 });

      // The third of the work month (pending counts); a fourth is refused.
      const third = created(await ask(c, makeUp('2026-11-17', '08:41')));
      const fourth = await ask(c, makeUp('2026-11-20', '08:20'));
      expect(errorOf(fourth)).toEqual({ status: 422, code: 'MAKE_UP_LIMIT_REACHED' });
      expect(fourth.json().error.details).toMatchObject({ month: '2026-11', limit: 3, used: 3 });

      // A new work month starts on the 26th.
      setClock(shanghai('2026-11-27', '10:00:00'));
      created(await ask(await as(person), makeUp('2026-11-26', '08:20')));
      // Past the absent threshold a made-up check-in is still absent.
      expect((await decide(await as(org.users.sup1), third.id, 'approve')).statusCode).toBe(200);
      expect((await recordsOf(person.id)).find((r) => r.date === '2026-11-17')).toMatchObject({
        status: 'absent',
        method: 'makeUp',
      });
    });

    it('the deadline: exactly N days back is allowed, N+1 is too late; never a future day or hour', async () => {
      const c = async () => as(extra.tardy);
      setClock(shanghai('2026-11-20', '10:00:00'));
      created(await ask(await c(), makeUp('2026-11-17', '08:30'))); // 3 days back
      expect(errorOf(await ask(await c(), makeUp('2026-11-16', '08:30')))).toEqual({
        status: 422,
        code: 'MAKE_UP_TOO_LATE',
      });
      const tomorrow = await ask(await c(), makeUp('2026-11-21', '08:30'));
      expect(errorOf(tomorrow)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(tomorrow.json().error.details).toMatchObject([{ path: 'body.date' }]);
      const laterToday = await ask(await c(), makeUp('2026-11-20', '10:30'));
      expect(laterToday.json().error.details).toMatchObject([{ path: 'body.time' }]);
      created(await ask(await c(), makeUp('2026-11-20', '08:20')));
      setClock(shanghai('2026-11-23', '10:00:00'));
      expect(errorOf(await ask(await c(), makeUp('2026-11-21', '08:30')))).toEqual({
        status: 409,
        code: 'NOT_A_MEETING_DAY',
      });
    });
  });

  describe('access', () => {
    it('only approvers in scope see and decide; the requester alone cancels', async () => {
      setClock(shanghai('2026-11-02', '10:00:00'));
      const agent = await as(org.users.agent1);
      const req = created(await ask(agent, leave('sick', '2026-11-05')));
      const url = `/api/attendance/requests/${req.id}`;
      const status = async (user: { username: string }, verb?: 'approve' | 'reject' | 'cancel') =>
        verb
          ? (await decide(await as(user), req.id, verb)).statusCode
          : (await (await as(user)).get(url)).statusCode;

      expect(await status(org.users.agent1)).toBe(200);
      // Agents decide nothing, not even their own; a peer does not learn the request exists.
      expect(await status(org.users.agent1, 'approve')).toBe(403);
      expect(await status(org.users.agent1b, 'approve')).toBe(403);
      expect(await status(org.users.agent1b)).toBe(404);
      expect(await status(org.users.agent1b, 'cancel')).toBe(404);
      expect((await agent.get('/api/attendance/requests?view=toApprove')).statusCode).toBe(403);
      // Another team's supervisor and another tenant: not found.
      expect(await status(org.users.sup2)).toBe(404);
      expect(await status(org.users.sup2, 'approve')).toBe(404);
      expect(await status(org.users.sup2, 'reject')).toBe(404);
      expect(await status(org.other.admin)).toBe(404);
      expect(await status(org.other.admin, 'approve')).toBe(404);
      const sup2List = await (await as(org.users.sup2)).get('/api/attendance/requests?view=toApprove');
      expect(sup2List.json<Page<AttendanceRequest>>().items.map((r) => r.id)).not.toContain(req.id);
      // Staff and executives read their department's requests but do not decide them.
      expect(await status(org.users.staff1)).toBe(200);
      expect(await status(org.users.staff1, 'approve')).toBe(403);
      expect(await status(org.users.exec)).toBe(200);
      expect(await status(org.users.exec, 'reject')).toBe(403);
      expect(await status(org.users.manager2)).toBe(404);
      // The supervisor sees it but may not withdraw it for the agent.
      expect(await status(org.users.sup1, 'cancel')).toBe(403);
      expect((await (await as(org.users.sup1)).get(url)).json()).toMatchObject({ status: 'pending' });

      expect(await status(org.users.manager1, 'approve')).toBe(200);
      const again = await decide(await as(org.users.sup1), req.id, 'reject');
      expect(errorOf(again)).toEqual({ status: 409, code: 'REQUEST_NOT_PENDING' });
      expect(errorOf(await decide(agent, req.id, 'cancel'))).toEqual({
        status: 409,
        code: 'REQUEST_NOT_PENDING',
      });
      expect((await agent.get(url)).json()).toMatchObject({
        status: 'approved',
        decidedByName: `测试${org.users.manager1.username}`,
      });
    });

    it('bad input answers 400 with field details and writes nothing', async () => {
      setClock(shanghai('2026-11-02', '10:00:00'));
      const c = await as(org.users.agent2);
      const before = [await count('attendance_requests'), await count('notifications')];
      const cases: [object, string][] = [
        [{ ...leave('vacation', '2026-11-05') }, 'body.leaveType'],
        [{ ...leave('sick', '2026-11-05', '2026-11-04') }, 'body.endDate'],
        [{ ...leave('sick', '2026-11-05', '2026-12-06') }, 'body.endDate'], // 32 days
        [{ ...leave('sick', '2026-02-30', '2026-03-02') }, 'body.startDate'],
        [{ ...leave('sick', '5 Nov', '2026-11-06') }, 'body.startDate'],
        [{ ...leave('sick', '2026-11-05'), reason: '   ' }, 'body.reason'],
        [{ ...leave('sick', '2026-11-05'), reason: 'x'.repeat(501) }, 'body.reason'],
        [{ kind: 'leave', leaveType: 'sick', startDate: '2026-11-05', endDate: '2026-11-05' }, 'body.reason'],
        [{ ...makeUp('2026-11-02', '8:30') }, 'body.time'],
        [{ ...makeUp('2026-11-02', '24:00') }, 'body.time'],
        [{ ...makeUp('2026-11-31', '08:30') }, 'body.date'],
        [{ kind: 'overtime', date: '2026-11-02' }, 'body.kind'],
      ];
      for (const [body, path] of cases) {
        const res = await ask(c, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().error.code).toBe('VALIDATION_FAILED');
        expect(JSON.stringify(res.json().error.details), JSON.stringify(body)).toContain(path);
      }
      const sup = await as(org.users.sup2);
      expect((await sup.get('/api/attendance/requests/not-an-id')).statusCode).toBe(404);
      const comment = await decide(sup, 'whatever', 'approve', 'x'.repeat(501));
      expect(comment.json().error.details).toMatchObject([{ path: 'body.comment' }]);
      expect((await c.get('/api/attendance/requests?view=everyone')).statusCode).toBe(400);
      expect((await c.get('/api/attendance/requests?status=done')).statusCode).toBe(400);
      expect([await count('attendance_requests'), await count('notifications')]).toEqual(before);
    });
  });

  describe('lists', () => {
    it('mine and toApprove: newest first, filtered, paged, with names', async () => {
      const person = extra.lister;
      setClock(shanghai('2026-11-20', '10:00:00'));
      const a = created(await ask(await as(person), makeUp('2026-11-19', '08:20')));
      advanceClock(1000);
      const b = created(await ask(await as(person), leave('sick', '2026-11-23')));
      advanceClock(1000);
      const c = created(await ask(await as(person), leave('annual', '2026-11-24', '2026-11-25')));
      const sup = await as(org.users.sup2);
      expect((await decide(sup, b.id, 'reject')).statusCode).toBe(200);

      const mine = (await (await as(person)).get('/api/attendance/requests')).json<Page<AttendanceRequest>>();
      expect(mine.items.map((r) => r.id)).toEqual([c.id, b.id, a.id]);
      expect(mine.total).toBe(3);
      const page2 = (
        await (await as(person)).get('/api/attendance/requests?view=mine&page=2&pageSize=2')
      ).json<Page<AttendanceRequest>>();
      expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(page2.items.map((r) => r.id)).toEqual([a.id]);
      const makeUps = (await (await as(person)).get('/api/attendance/requests?kind=makeUp')).json<
        Page<AttendanceRequest>
      >();
      expect(makeUps.items.map((r) => r.id)).toEqual([a.id]);

      const waiting = (await sup.get('/api/attendance/requests?view=toApprove&status=pending')).json<
        Page<AttendanceRequest>
      >();
      // The waiting queue reads oldest first.
      const ids = waiting.items.map((r) => r.id);
      expect(ids).toEqual(expect.arrayContaining([a.id, c.id]));
      expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(c.id));
      expect(waiting.items.every((r) => r.status === 'pending' && r.userId !== org.users.sup2.id)).toBe(true);
      expect(waiting.items.find((r) => r.id === c.id)).toMatchObject({
        userName: `测试${person.username}`,
        unitName: '二组',
      });
      const rejected = (await sup.get('/api/attendance/requests?view=toApprove&status=rejected')).json<
        Page<AttendanceRequest>
      >();
      expect(rejected.items.find((r) => r.id === b.id)).toMatchObject({
        decidedByName: `测试${org.users.sup2.username}`,
      });
      // The tenant admin sees every team's requests; the other tenant's admin none of them.
      const all = (
        await (await as(org.users.admin)).get('/api/attendance/requests?view=toApprove&pageSize=200')
      )
        .json<Page<AttendanceRequest>>()
        .items.map((r) => r.id);
      expect(all).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
      const foreign = await (await as(org.other.admin)).get('/api/attendance/requests?view=toApprove');
      expect(foreign.json<Page<AttendanceRequest>>()).toMatchObject({ items: [], total: 0 });
    });
  });

  it('of a concurrent approval and rejection exactly one wins', async () => {
    const person = extra.racer;
    setClock(shanghai('2026-11-02', '10:00:00'));
    const dates = ['2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'];
    const outcomes: string[] = [];
    const [requester, sup, manager] = [
      await as(person),
      await as(org.users.sup1),
      await as(org.users.manager1),
    ];
    for (const date of dates) {
      const req = created(await ask(requester, leave('field', date)));
      const [approve, reject] = await Promise.all([
        decide(sup, req.id, 'approve'),
        decide(manager, req.id, 'reject'),
      ]);
      const codes = [approve.statusCode, reject.statusCode].sort();
      expect(codes).toEqual([200, 409]);
      const loser = approve.statusCode === 409 ? approve : reject;
      expect(loser.json().error.code).toBe('REQUEST_NOT_PENDING');
      const winner = approve.statusCode === 200 ? 'approved' : 'rejected';
      outcomes.push(winner);
      const stored = await db
        .selectFrom('attendance_requests')
        .select(['status', 'decided_by'])
        .where('id', '=', req.id)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({
        status: winner,
        decided_by: winner === 'approved' ? org.users.sup1.id : org.users.manager1.id,
      });
      const decisions = await db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', req.id)
        .where('action', 'in', ['approve', 'reject'])
        .execute();
      expect(decisions).toHaveLength(1);
    }
    const approvedDates = dates.filter((_, i) => outcomes[i] === 'approved');
    expect((await recordsOf(person.id)).map((r) => r.date)).toEqual(approvedDates);
    expect((await statsOf(person.id, '2026-11')).leave_attended).toBe(approvedDates.length);
    const decided = [
      ...(await notificationsOf(person.id, 'attendance.requestApproved')),
      ...(await notificationsOf(person.id, 'attendance.requestRejected')),
    ];
    expect(decided).toHaveLength(dates.length);
  });

  it('a request sent twice at once (a double tap) is stored once', async () => {
    const person = extra.racer;
    setClock(shanghai('2026-11-09', '10:00:00'));
    const c = await as(person);
    for (const body of [leave('field', '2026-11-10', '2026-11-11'), makeUp('2026-11-09', '08:25')]) {
      const results = await Promise.all(Array.from({ length: 4 }, () => ask(c, body)));
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
      expect(results.filter((r) => r.statusCode === 409).map((r) => errorOf(r).code)).toEqual([
        'REQUEST_OVERLAPS',
        'REQUEST_OVERLAPS',
        'REQUEST_OVERLAPS',
      ]);
    }
    const stored = await db
      .selectFrom('attendance_requests')
      .select(['kind', 'start_date'])
      .where('user_id', '=', person.id)
      .where('start_date', '>=', '2026-11-09')
      .orderBy('start_date')
      .execute();
    expect(stored).toEqual([
      { kind: 'makeUp', start_date: '2026-11-09' },
      { kind: 'leave', start_date: '2026-11-10' },
    ]);
  });
});
