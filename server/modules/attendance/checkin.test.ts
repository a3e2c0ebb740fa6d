import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AttendanceRecord, MyAttendanceSchema } from '../../../contracts/attendance.ts';
import type { z } from 'zod';
import type { DB } from '../../db/database.ts';
import { advanceClock, now, resetClock, setClock } from '../../lib/clock.ts';
import { loginAs, makeTestApp, type TestClient } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg } from '../../test/factories.ts';
import { DEFAULT_RULES } from './attendance.rules.ts';
import { closeDay, closeDueDays } from './close.service.ts';
import { invalidateTenantConfig } from './config.service.ts';

/** Wall-clock time in Shanghai on a date. */
const shanghai = (date: string, hms: string) => new Date(`${date}T${hms}+08:00`);

async function recordCount(db: DB, userId?: string): Promise<number> {
  let q = db.selectFrom('attendance_records').select((eb) => eb.fn.countAll<number>().as('n'));
  if (userId) q = q.where('user_id', '=', userId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

async function stats(db: DB, userId: string) {
  return db.selectFrom('attendance_month_stats').selectAll().where('user_id', '=', userId).execute();
}

forEachDialect('attendance check-in', (get) => {
  let app: FastifyInstance;
  let org: TestOrg;
  let db: DB;
  const clients = new Map<string, { client: TestClient; at: number }>();
  // Sessions time out by the (moved) clock: log in again whenever the clock has moved.
  const as = async (username: string) => {
    const hit = clients.get(username);
    if (hit && Math.abs(now().getTime() - hit.at) < 5 * 60_000) return hit.client;
    const client = await loginAs(app, username);
    clients.set(username, { client, at: now().getTime() });
    return client;
  };

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    // The cast joined long before the simulated days (closing a day skips people created after it).
    await db.updateTable('users').set({ created_at: '2024-01-01T00:00:00.000Z' }).execute();
    app = await makeTestApp(get());
  });
  afterAll(() => app.close());
  afterEach(() => resetClock());

  const checkIn = (c: TestClient, body: object, key?: string) =>
    c.request('POST', '/api/attendance/check-ins', body, key ? { headers: { 'idempotency-key': key } } : {});

  it('an agent checks in with one tap; a second tap returns the same record', async () => {
    setClock(shanghai('2026-11-02', '08:20:00'));
    const agent = await as(org.users.agent1.username);
    const first = await checkIn(agent, {}, 'key-00000001');
    expect(first.statusCode).toBe(201);
    const rec = first.json<AttendanceRecord>();
    expect(rec).toMatchObject({
      userId: org.users.agent1.id,
      date: '2026-11-02',
      status: 'present',
      method: 'app',
      delayed: false,
    });
    const again = await checkIn(agent, {});
    expect(again.statusCode).toBe(200);
    expect(again.json<AttendanceRecord>().id).toBe(rec.id);
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('entity', '=', 'attendanceRecord')
      .where('entity_id', '=', rec.id)
      .execute();
    expect(audit).toEqual([{ action: 'checkIn', actor_id: org.users.agent1.id }]);
    expect(await stats(db, org.users.agent1.id)).toMatchObject([{ month: '2026-11', present: 1, late: 0 }]);
  });

  it('concurrent duplicates, with the same key or different keys, leave exactly one record', async () => {
    setClock(shanghai('2026-11-03', '08:33:00'));
    const agent = await as(org.users.agent1b.username);
    const sameKey = await Promise.all(Array.from({ length: 15 }, () => checkIn(agent, {}, 'same-key-0001')));
    const otherKeys = await Promise.all(
      Array.from({ length: 15 }, (_, i) => checkIn(agent, {}, `other-key-${i}000`)),
    );
    const all = [...sameKey, ...otherKeys];
    expect(all.every((r) => r.statusCode === 200 || r.statusCode === 201)).toBe(true);
    expect(all.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(new Set(all.map((r) => r.json<AttendanceRecord>().id)).size).toBe(1);
    expect(all[0]!.json<AttendanceRecord>().status).toBe('late');
    expect(await recordCount(db, org.users.agent1b.id)).toBe(1);
    expect(await stats(db, org.users.agent1b.id)).toMatchObject([{ late: 1, present: 0 }]);
  });

  it('a retry with the same key after the day has passed still returns the first result', async () => {
    setClock(shanghai('2026-11-04', '08:29:00'));
    const agent = await as(org.users.agent1b.username);
    const res = await checkIn(agent, {}, 'same-key-0001');
    expect(res.statusCode).toBe(200);
    expect(res.json<AttendanceRecord>().date).toBe('2026-11-03');
  });

  it.each([
    ['08:30:00', 'present'],
    ['08:40:00', 'late'],
    ['08:40:01', 'absent'],
  ])('a check-in at %s is %s', async (hms, status) => {
    const date = { '08:30:00': '2026-11-05', '08:40:00': '2026-11-06', '08:40:01': '2026-11-09' }[hms]!;
    setClock(shanghai(date, hms));
    // The clock runs on while the request is made: send the exact instant being judged.
    const res = await checkIn(await as(org.users.agent2.username), { at: shanghai(date, hms).toISOString() });
    expect(res.statusCode).toBe(201);
    expect(res.json<AttendanceRecord>().status).toBe(status);
  });

  it('refuses days without a meeting and check-ins before the opening', async () => {
    const agent = await as(org.users.agent3.username);
    setClock(shanghai('2026-11-07', '08:20:00')); // Saturday
    expect((await checkIn(agent, {})).json()).toMatchObject({ error: { code: 'NOT_A_MEETING_DAY' } });
    setClock(shanghai('2026-10-01', '08:20:00')); // National Day
    expect((await checkIn(agent, {})).statusCode).toBe(409);
    setClock(shanghai('2026-11-10', '07:00:00'));
    expect((await checkIn(agent, {})).json()).toMatchObject({ error: { code: 'CHECK_IN_NOT_OPEN' } });
    expect(await recordCount(db, org.users.agent3.id)).toBe(0);
  });

  it('an offline check-in is judged by when it was made, within the tolerance, and marked delayed', async () => {
    const agent = await as(org.users.agent3.username);
    setClock(shanghai('2026-11-11', '09:15:00'));
    const res = await checkIn(
      agent,
      { at: shanghai('2026-11-11', '08:25:00').toISOString() },
      'offline-0001',
    );
    expect(res.statusCode).toBe(201);
    expect(res.json<AttendanceRecord>()).toMatchObject({
      status: 'present',
      delayed: true,
      checkInAt: '2026-11-11T00:25:00.000Z',
    });
    setClock(shanghai('2026-11-12', '11:00:00'));
    const old = await checkIn(agent, { at: shanghai('2026-11-12', '08:25:00').toISOString() });
    expect(old.json()).toMatchObject({ error: { code: 'CHECK_IN_TOO_OLD' } });
    const future = await checkIn(agent, { at: shanghai('2026-11-12', '11:30:00').toISOString() });
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: [{ path: 'body.at' }] },
    });
  });

  it('bad input answers 400 with field details and writes nothing', async () => {
    setClock(shanghai('2026-11-13', '08:20:00'));
    const agent = await as(org.users.agent3.username);
    const before = await recordCount(db);
    const cases: [object, string | undefined, string][] = [
      [{ method: 'qr' }, undefined, 'qrToken'],
      [{ method: 'teleport' }, undefined, 'method'],
      [{ at: 'yesterday' }, undefined, 'at'],
      [{ position: { lat: 200, lng: 0 } }, undefined, 'position'],
      [{}, 'bad key!', 'idempotency-key'],
      [{ userId: org.users.agent1.id }, undefined, 'userId'],
    ];
    for (const [body, key, field] of cases) {
      const res = await checkIn(agent, body, key);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.json())).toContain(field);
    }
    expect(await recordCount(db)).toBe(before);
  });

  describe('QR codes', () => {
    it('a code shown by the supervisor checks their team in; forged, expired and foreign codes are refused', async () => {
      setClock(shanghai('2026-11-16', '08:25:00'));
      const sup = await as(org.users.sup1.username);
      const agent = await as(org.users.agent1.username);
      const qr = await sup.get(`/api/attendance/qr?unitId=${org.units.team1}`);
      expect(qr.statusCode).toBe(200);
      const { token, url } = qr.json<{ token: string; url: string }>();
      expect(url).toContain(encodeURIComponent(token));

      const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
      expect((await checkIn(agent, { method: 'qr', qrToken: forged })).json()).toMatchObject({
        error: { code: 'QR_INVALID' },
      });
      expect((await checkIn(agent, { method: 'qr', qrToken: 'not-a-token' })).json()).toMatchObject({
        error: { code: 'QR_INVALID' },
      });

      // Team 2's code does not check in a member of team 1.
      const sup2 = await as(org.users.sup2.username);
      const team2Token = (await sup2.get(`/api/attendance/qr?unitId=${org.units.team2}`)).json<{
        token: string;
      }>().token;
      expect((await checkIn(agent, { method: 'qr', qrToken: team2Token })).json()).toMatchObject({
        error: { code: 'QR_INVALID' },
      });

      // The same code photographed and sent on a minute later no longer works.
      advanceClock(61_000);
      expect((await checkIn(agent, { method: 'qr', qrToken: token })).json()).toMatchObject({
        error: { code: 'QR_EXPIRED' },
      });
      expect(await recordCount(db, org.users.agent1.id)).toBe(1);

      const fresh = (await sup.get(`/api/attendance/qr?unitId=${org.units.team1}`)).json<{ token: string }>()
        .token;
      const ok = await checkIn(agent, { method: 'qr', qrToken: fresh });
      expect(ok.statusCode).toBe(201);
      expect(ok.json<AttendanceRecord>()).toMatchObject({ method: 'qr', status: 'present' });
    });

    it('a department code serves its teams; an agent cannot show a code; another team is not found', async () => {
      setClock(shanghai('2026-11-17', '08:25:00'));
      const manager = await as(org.users.manager1.username);
      const token = (await manager.get(`/api/attendance/qr?unitId=${org.units.dept1}`)).json<{
        token: string;
      }>().token;
      expect(
        (await checkIn(await as(org.users.agent2.username), { method: 'qr', qrToken: token })).statusCode,
      ).toBe(201);
      expect(
        (await (await as(org.users.agent1.username)).get(`/api/attendance/qr?unitId=${org.units.team1}`))
          .statusCode,
      ).toBe(403);
      expect(
        (await (await as(org.users.sup1.username)).get(`/api/attendance/qr?unitId=${org.units.team2}`))
          .statusCode,
      ).toBe(404);
    });

    it('another tenant’s code is refused', async () => {
      setClock(shanghai('2026-11-17', '08:26:00'));
      const otherAdmin = await as(org.other.admin.username);
      const token = (await otherAdmin.get(`/api/attendance/qr?unitId=${org.other.tenant.rootUnitId}`)).json<{
        token: string;
      }>().token;
      expect(
        (await checkIn(await as(org.users.agent3.username), { method: 'qr', qrToken: token })).json(),
      ).toMatchObject({ error: { code: 'QR_INVALID' } });
    });

    it('with QR-only rules a tap is refused', async () => {
      setClock(shanghai('2026-11-18', '08:25:00'));
      const admin = await as(org.users.admin.username);
      const put = await admin.request('PUT', `/api/attendance/rules/units/${org.units.dept2}`, {
        ...meeting(),
        selfCheckIn: 'qrOnly',
      });
      expect(put.statusCode).toBe(200);
      expect((await checkIn(await as(org.users.agent3.username), {})).json()).toMatchObject({
        error: { code: 'QR_REQUIRED' },
      });
      expect((await checkIn(await as(org.users.agent2.username), {})).statusCode).toBe(201);
      expect(
        (await admin.request('DELETE', `/api/attendance/rules/units/${org.units.dept2}`)).statusCode,
      ).toBe(200);
    });
  });

  function meeting() {
    const {
      meetingStart,
      meetingEnd,
      lateAfterMinutes,
      absentAfterMinutes,
      earlyLeaveMinutes,
      opensBeforeMinutes,
      selfCheckIn,
      geofence,
    } = DEFAULT_RULES;
    return {
      meetingStart,
      meetingEnd,
      lateAfterMinutes,
      absentAfterMinutes,
      earlyLeaveMinutes,
      opensBeforeMinutes,
      selfCheckIn,
      geofence,
    };
  }

  describe('geofence', () => {
    const office = { lat: 30.2741, lng: 120.1551 };
    const near = { lat: 30.2745, lng: 120.1553 }; // about 50 m
    const home = { lat: 30.3, lng: 120.2 }; // kilometres away

    beforeAll(async () => {
      const admin = await as(org.users.admin.username);
      const loc = await admin.post('/api/attendance/locations', { name: '职场', ...office, radiusM: 200 });
      expect(loc.statusCode).toBe(200);
    });

    it('refuse: outside is refused and nothing is written; inside is accepted', async () => {
      setClock(shanghai('2026-11-19', '08:25:00'));
      const admin = await as(org.users.admin.username);
      await admin.request('PUT', `/api/attendance/rules/units/${org.units.dept1}`, {
        ...meeting(),
        geofence: 'refuse',
      });
      const agent = await as(org.users.agent1.username);
      expect((await checkIn(agent, { position: home })).json()).toMatchObject({
        error: { code: 'OUTSIDE_GEOFENCE' },
      });
      expect((await checkIn(agent, {})).json()).toMatchObject({ error: { code: 'POSITION_REQUIRED' } });
      expect(
        await db
          .selectFrom('attendance_records')
          .select('id')
          .where('user_id', '=', org.users.agent1.id)
          .where('date', '=', '2026-11-19')
          .execute(),
      ).toEqual([]);
      const ok = await checkIn(agent, { position: near });
      expect(ok.statusCode).toBe(201);
      expect(ok.json<AttendanceRecord>().outsideGeofence).toBe(false);
    });

    it('flag: outside is accepted and flagged', async () => {
      setClock(shanghai('2026-11-20', '08:25:00'));
      const admin = await as(org.users.admin.username);
      await admin.request('PUT', `/api/attendance/rules/units/${org.units.dept1}`, {
        ...meeting(),
        geofence: 'flag',
      });
      const res = await checkIn(await as(org.users.agent1.username), { position: home });
      expect(res.statusCode).toBe(201);
      expect(res.json<AttendanceRecord>().outsideGeofence).toBe(true);
      await admin.request('DELETE', `/api/attendance/rules/units/${org.units.dept1}`);
    });
  });

  describe('manual records', () => {
    it('staff record a check-in for someone in their department, with a reason, audited', async () => {
      setClock(shanghai('2026-11-23', '10:00:00'));
      const staff = await as(org.users.staff1.username);
      const res = await checkIn(staff, {
        method: 'manual',
        userId: org.users.agent2.id,
        at: shanghai('2026-11-23', '08:35:00').toISOString(),
        reason: '手机没电',
      });
      expect(res.statusCode).toBe(201);
      const rec = res.json<AttendanceRecord>();
      expect(rec).toMatchObject({
        method: 'manual',
        status: 'late',
        note: '手机没电',
        recordedBy: org.users.staff1.id,
      });
      const audit = await db
        .selectFrom('audit_log')
        .select(['action', 'actor_id', 'after_json'])
        .where('entity_id', '=', rec.id)
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'record', actor_id: org.users.staff1.id });
      expect(audit[0]!.after_json).toContain('手机没电');
      // A correction replaces the judgement and moves the month's counters.
      const fix = await checkIn(staff, {
        method: 'manual',
        userId: org.users.agent2.id,
        at: shanghai('2026-11-23', '08:28:00').toISOString(),
        reason: '打卡机故障',
      });
      expect(fix.statusCode).toBe(200);
      expect(fix.json<AttendanceRecord>()).toMatchObject({ id: rec.id, status: 'present' });
    });

    it('an agent cannot check in someone else; staff cannot reach another department (404)', async () => {
      setClock(shanghai('2026-11-24', '08:20:00'));
      const agent = await as(org.users.agent1.username);
      expect(
        (await checkIn(agent, { method: 'manual', userId: org.users.agent1b.id, reason: 'x' })).statusCode,
      ).toBe(403);
      const staff = await as(org.users.staff1.username);
      expect(
        (await checkIn(staff, { method: 'manual', userId: org.users.agent3.id, reason: 'x' })).statusCode,
      ).toBe(404);
      expect(
        (await checkIn(staff, { method: 'manual', userId: org.other.agent.id, reason: 'x' })).statusCode,
      ).toBe(404);
      expect(
        await db.selectFrom('attendance_records').select('id').where('date', '=', '2026-11-24').execute(),
      ).toEqual([]);
    });
  });

  it('checking out 10 minutes or more before the end is early leave', async () => {
    setClock(shanghai('2026-11-25', '08:10:00'));
    const agent = await as(org.users.agent1b.username);
    expect((await agent.post('/api/attendance/check-outs', {})).json()).toMatchObject({
      error: { code: 'NOT_CHECKED_IN' },
    });
    await checkIn(agent, {});
    setClock(shanghai('2026-11-25', '09:19:00'));
    const out = await agent.post('/api/attendance/check-outs', {});
    expect(out.statusCode).toBe(200);
    expect(out.json<AttendanceRecord>()).toMatchObject({ earlyLeave: true, status: 'present' });
    const s = await db
      .selectFrom('attendance_month_stats')
      .selectAll()
      .where('user_id', '=', org.users.agent1b.id)
      .where('month', '=', '2026-11')
      .executeTakeFirst();
    expect(s).toMatchObject({ present: 1, early_leave: 1 });
  });

  it('closing a day marks everyone expected without a record absent, once', async () => {
    const date = '2026-11-26';
    setClock(shanghai(date, '08:20:00'));
    await checkIn(await as(org.users.agent1.username), {});
    setClock(shanghai(date, '12:00:00'));
    invalidateTenantConfig(org.tenant.id);
    const closed = await closeDay(db, org.tenant.id, date);
    // Agents and supervisors are expected: 4 agents + 3 supervisors, one of whom checked in.
    expect(closed).toBe(6);
    expect(await closeDay(db, org.tenant.id, date)).toBe(0);
    const rows = await db
      .selectFrom('attendance_records')
      .select(['user_id', 'status', 'method'])
      .where('date', '=', date)
      .where('tenant_id', '=', org.tenant.id)
      .execute();
    expect(rows).toHaveLength(7);
    expect(rows.filter((r) => r.status === 'absent' && r.method === 'system')).toHaveLength(6);
    // A person who comes after the close replaces the absence with their (absent, late-arrival) check-in.
    const late = await checkIn(await as(org.users.agent2.username), {});
    expect(late.statusCode).toBe(201);
    expect(late.json<AttendanceRecord>()).toMatchObject({ status: 'absent', method: 'app' });
    expect(
      await db
        .selectFrom('attendance_records')
        .select('id')
        .where('user_id', '=', org.users.agent2.id)
        .where('date', '=', date)
        .execute(),
    ).toHaveLength(1);
    // The due-days job closes nothing twice.
    const again = await closeDueDays(db, shanghai(date, '23:00:00'));
    expect(again.filter((d) => d.date === date && d.absent > 0)).toEqual([]);
  });

  it('my attendance shows today and the month', async () => {
    setClock(shanghai('2026-11-26', '12:00:00'));
    const res = await (await as(org.users.agent1.username)).get('/api/attendance/me');
    expect(res.statusCode).toBe(200);
    const me = res.json<z.infer<typeof MyAttendanceSchema>>();
    expect(me.today).toMatchObject({ date: '2026-11-26', meetingDay: true, meetingStart: '08:30' });
    expect(me.today.record?.status).toBe('present');
    expect(me.workMonth).toEqual({
      month: '2026-12',
      from: '2026-11-26',
      to: '2026-12-31',
      current: '2026-12',
    });
    expect(me.days.at(-1)).toMatchObject({ date: '2026-11-26', status: 'present' });
  });

  it('my month lists no days before I joined, except days with a record', async () => {
    setClock(shanghai('2026-11-25', '12:00:00'));
    await db
      .updateTable('users')
      .set({ join_date: '2026-11-20' })
      .where('id', '=', org.users.agent3.id)
      .execute();
    const me = (await (await as(org.users.agent3.username)).get('/api/attendance/me')).json<
      z.infer<typeof MyAttendanceSchema>
    >();
    expect(me.days.map((d) => d.date)).toEqual([
      '2026-11-11',
      '2026-11-20',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
    ]);
    expect(me.days[0]!.status).toBe('present');
    expect(me.days.slice(1).every((d) => d.status === 'absent' || d.status === 'pending' || d.record)).toBe(
      true,
    );
  });
});

describe('clock', () => {
  it('is reset after each test', () => {
    expect(Math.abs(Date.now() - new Date().getTime())).toBeLessThan(1000);
  });
});
