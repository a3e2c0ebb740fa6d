import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDay, Location, RulesView } from '../../../contracts/attendance.ts';
import type { DB } from '../../db/database.ts';
import { loginAs, makeTestApp, type TestClient } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg } from '../../test/factories.ts';
import { DEFAULT_RULES, meetingRulesOf } from './attendance.rules.ts';
import { insertRecordIfAbsent, recordRow } from './record.repository.ts';

async function auditCount(db: DB, entity: string): Promise<number> {
  const r = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entity', '=', entity)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

forEachDialect('attendance configuration', (get) => {
  let app: FastifyInstance;
  let org: TestOrg;
  let db: DB;
  let admin: TestClient;
  let agent: TestClient;
  let sup: TestClient;
  let otherAdmin: TestClient;

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    app = await makeTestApp(get());
    admin = await loginAs(app, org.users.admin.username);
    agent = await loginAs(app, org.users.agent1.username);
    sup = await loginAs(app, org.users.sup1.username);
    otherAdmin = await loginAs(app, org.other.admin.username);
  });
  afterAll(() => app.close());

  describe('rules', () => {
    it('start from the defaults of practice', async () => {
      const res = await sup.get('/api/attendance/rules');
      expect(res.statusCode).toBe(200);
      expect(res.json<RulesView>()).toEqual({ tenant: DEFAULT_RULES, overrides: [] });
      expect((await agent.get('/api/attendance/rules')).statusCode).toBe(403);
    });

    it('the admin changes them; audited; another tenant keeps its own', async () => {
      const before = await auditCount(db, 'attendanceRules');
      const rules = {
        ...DEFAULT_RULES,
        meetingStart: '08:45',
        meetingEnd: '09:45',
        fines: { ...DEFAULT_RULES.fines, enabled: true },
      };
      const res = await admin.request('PUT', '/api/attendance/rules', rules);
      expect(res.statusCode).toBe(200);
      expect(res.json<RulesView>().tenant).toMatchObject({ meetingStart: '08:45', fines: { enabled: true } });
      expect(await auditCount(db, 'attendanceRules')).toBe(before + 1);
      expect((await otherAdmin.get('/api/attendance/rules')).json<RulesView>().tenant.meetingStart).toBe(
        '08:30',
      );
    });

    it('bad rules answer 400 with the fields, and change nothing', async () => {
      const cases: [object, string][] = [
        [{ ...DEFAULT_RULES, lateAfterMinutes: 20, absentAfterMinutes: 10 }, 'absentAfterMinutes'],
        [{ ...DEFAULT_RULES, meetingStart: '25:00' }, 'meetingStart'],
        [{ ...DEFAULT_RULES, meetingEnd: '08:00' }, 'meetingEnd'],
        [{ ...DEFAULT_RULES, allowanceTiers: [{ minRate: 0.8, cut: 0 }] }, 'allowanceTiers'],
        [{ ...DEFAULT_RULES, meetingWeekdays: [0] }, 'meetingWeekdays'],
        [
          {
            ...DEFAULT_RULES,
            fines: { ...DEFAULT_RULES.fines, agent: { perEventFen: -1, monthlyCapFen: null } },
          },
          'perEventFen',
        ],
        [{ meetingStart: '08:30' }, 'meetingEnd'],
      ];
      const before = await auditCount(db, 'attendanceRules');
      for (const [body, field] of cases) {
        const res = await admin.request('PUT', '/api/attendance/rules', body);
        expect(res.statusCode, field).toBe(400);
        expect(JSON.stringify(res.json()), field).toContain(field);
      }
      expect(await auditCount(db, 'attendanceRules')).toBe(before);
      expect((await admin.get('/api/attendance/rules')).json<RulesView>().tenant.meetingStart).toBe('08:45');
    });

    it('only the admin configures; another tenant’s unit is not found', async () => {
      expect((await sup.request('PUT', '/api/attendance/rules', DEFAULT_RULES)).statusCode).toBe(403);
      const meeting = meetingRulesOf(DEFAULT_RULES);
      expect(
        (await sup.request('PUT', `/api/attendance/rules/units/${org.units.team1}`, meeting)).statusCode,
      ).toBe(403);
      expect(
        (await admin.request('PUT', `/api/attendance/rules/units/${org.other.tenant.rootUnitId}`, meeting))
          .statusCode,
      ).toBe(404);
      expect(
        (await admin.request('DELETE', `/api/attendance/rules/units/${org.units.dept1}`)).statusCode,
      ).toBe(404);
    });

    it('a department overrides its meeting rules', async () => {
      const res = await admin.request('PUT', `/api/attendance/rules/units/${org.units.dept2}`, {
        ...meetingRulesOf(DEFAULT_RULES),
        meetingStart: '09:00',
        meetingEnd: '10:00',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json<RulesView>().overrides).toEqual([
        expect.objectContaining({
          unitId: org.units.dept2,
          unitName: '营服二部',
          rules: expect.objectContaining({ meetingStart: '09:00' }),
        }),
      ]);
      expect(
        (await admin.request('DELETE', `/api/attendance/rules/units/${org.units.dept2}`)).json<RulesView>()
          .overrides,
      ).toEqual([]);
    });

    it('changing how work months are counted refiles the monthly rollups', async () => {
      const at = '2026-01-01T00:00:00.000Z';
      await insertRecordIfAbsent(
        db,
        recordRow({
          tenant_id: org.tenant.id,
          user_id: org.users.agent2.id,
          unit_id: org.units.team2,
          date: '2026-10-28',
          month: '2026-11',
          status: 'present',
          check_in_at: at,
          method: 'app',
          created_at: at,
        }),
      );
      const current = (await admin.get('/api/attendance/rules')).json<RulesView>().tenant;
      expect(
        (
          await admin.request('PUT', '/api/attendance/rules', {
            ...current,
            workMonth: { kind: 'calendar', startDay: 26 },
          })
        ).statusCode,
      ).toBe(200);
      const stats = await db
        .selectFrom('attendance_month_stats')
        .select(['month', 'present'])
        .where('user_id', '=', org.users.agent2.id)
        .execute();
      expect(stats).toEqual([{ month: '2026-10', present: 1 }]);
      const rec = await db
        .selectFrom('attendance_records')
        .select('month')
        .where('user_id', '=', org.users.agent2.id)
        .executeTakeFirstOrThrow();
      expect(rec.month).toBe('2026-10');
      await admin.request('PUT', '/api/attendance/rules', current);
      expect(
        await db
          .selectFrom('attendance_month_stats')
          .select(['month', 'present'])
          .where('user_id', '=', org.users.agent2.id)
          .execute(),
      ).toEqual([{ month: '2026-11', present: 1 }]);
    });
  });

  describe('calendar', () => {
    it('shows statutory holidays and adjusted workdays', async () => {
      const days = (await agent.get('/api/attendance/calendar?year=2026')).json<CalendarDay[]>();
      expect(days).toHaveLength(365);
      expect(days.find((d) => d.date === '2026-02-14')).toMatchObject({
        workday: true,
        adjusted: true,
        meetingDay: true,
        source: 'builtin',
        name: '春节',
      });
      expect(days.find((d) => d.date === '2026-10-01')).toMatchObject({ workday: false, source: 'builtin' });
      expect((await agent.get('/api/attendance/calendar?year=1800')).statusCode).toBe(400);
    });

    it('the admin marks a day and resets it to the statutory calendar; both audited', async () => {
      const before = await auditCount(db, 'calendarDay');
      const put = await admin.request('PUT', '/api/attendance/calendar/2026-12-24', {
        kind: 'holiday',
        name: '公司年会',
      });
      expect(put.statusCode).toBe(200);
      expect(put.json<CalendarDay>()).toMatchObject({
        workday: false,
        meetingDay: false,
        source: 'tenant',
        name: '公司年会',
      });
      expect(
        (await otherAdmin.get('/api/attendance/calendar?year=2026'))
          .json<CalendarDay[]>()
          .find((d) => d.date === '2026-12-24')?.workday,
      ).toBe(true);
      const reset = await admin.request('DELETE', '/api/attendance/calendar/2026-12-24');
      expect(reset.json<CalendarDay>()).toMatchObject({ workday: true, source: 'default' });
      expect(await auditCount(db, 'calendarDay')).toBe(before + 2);
      expect((await admin.request('DELETE', '/api/attendance/calendar/2026-12-24')).statusCode).toBe(404);
    });

    it('refuses bad days and non-admins', async () => {
      expect(
        (await admin.request('PUT', '/api/attendance/calendar/2026-02-30', { kind: 'holiday' })).statusCode,
      ).toBe(400);
      expect(
        (await admin.request('PUT', '/api/attendance/calendar/2026-12-24', { kind: 'weekend' })).statusCode,
      ).toBe(400);
      expect(
        (await sup.request('PUT', '/api/attendance/calendar/2026-12-24', { kind: 'holiday' })).statusCode,
      ).toBe(403);
    });
  });

  describe('locations', () => {
    let loc: Location;
    it('the admin adds, edits and removes workplaces; audited', async () => {
      const before = await auditCount(db, 'attendanceLocation');
      const res = await admin.post('/api/attendance/locations', {
        name: '职场A',
        lat: 30.27,
        lng: 120.15,
        radiusM: 200,
      });
      expect(res.statusCode).toBe(200);
      loc = res.json<Location>();
      expect(loc).toMatchObject({ name: '职场A', radiusM: 200, active: true });
      const edit = await admin.request('PUT', `/api/attendance/locations/${loc.id}`, {
        name: '职场A',
        lat: 30.27,
        lng: 120.15,
        radiusM: 300,
        active: false,
      });
      expect(edit.json<Location>()).toMatchObject({ radiusM: 300, active: false });
      expect((await otherAdmin.get('/api/attendance/locations')).json<Location[]>()).toEqual([]);
      expect((await otherAdmin.request('DELETE', `/api/attendance/locations/${loc.id}`)).statusCode).toBe(
        404,
      );
      expect((await admin.request('DELETE', `/api/attendance/locations/${loc.id}`)).statusCode).toBe(200);
      expect(await auditCount(db, 'attendanceLocation')).toBe(before + 3);
    });

    it('refuses bad input with field details', async () => {
      const res = await admin.post('/api/attendance/locations', { name: '', lat: 91, lng: 0, radiusM: 5 });
      expect(res.statusCode).toBe(400);
      const text = JSON.stringify(res.json());
      for (const f of ['name', 'lat', 'radiusM']) expect(text).toContain(f);
      expect(
        (await sup.post('/api/attendance/locations', { name: 'x', lat: 0, lng: 0, radiusM: 100 })).statusCode,
      ).toBe(403);
    });
  });
});
