import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Activity, ActivitySettings, ActivityType } from '../../../contracts/activity.ts';
import type { Page } from '../../../contracts/common.ts';
import type { DB } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { resetClock, setClock } from '../../lib/clock.ts';
import { makeTestApp } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, makeUser, type TestOrg, type TestUser } from '../../test/factories.ts';
import {
  auditOf,
  clientsOf,
  detailsOf,
  errorOf,
  ok,
  shanghai,
  writeCounts,
} from './recording.test-helpers.ts';
import { readRollups, rebuildRollups } from './rollup.repository.ts';

// Wednesday 18 November 2026, 10:00 in Shanghai; the default backdating window is 3 days.
const TODAY = '2026-11-18';

forEachDialect('activity settings, types and activities', (get) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  let mover: TestUser;
  let counter: TestUser;
  const as = clientsOf(() => app);
  let types: ActivityType[];
  const typeId = (code: string) => types.find((t) => t.code === code)!.id;

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    mover = await makeUser(db, org.tenant, org.units.team2, 'agent');
    counter = await makeUser(db, org.tenant, org.units.team3, 'agent');
    // The mover was in team 1 until 15 November and is in team 2 since the 16th.
    await db.deleteFrom('unit_memberships').where('user_id', '=', mover.id).execute();
    for (const [unit, start, end] of [
      [org.units.team1, '2024-01-01', '2026-11-15'],
      [org.units.team2, '2026-11-16', null],
    ] as const) {
      await db
        .insertInto('unit_memberships')
        .values({
          id: newId(),
          tenant_id: org.tenant.id,
          user_id: mover.id,
          unit_id: unit,
          start_date: start,
          end_date: end,
          created_at: '2024-01-01T00:00:00Z',
        })
        .execute();
    }
    app = await makeTestApp(get());
    setClock(shanghai(TODAY));
    types = ok<ActivityType[]>(await (await as(org.users.agent1)).get('/api/activity/types'));
  });
  afterAll(() => app.close());
  afterEach(() => setClock(shanghai(TODAY)));
  afterAll(() => resetClock());

  const log = async (user: TestUser, body: object) => (await as(user)).post('/api/activities', body);
  const logged = async (user: TestUser, body: object) => ok<Activity>(await log(user, body), 201);

  describe('settings', () => {
    it('everyone reads the defaults; only a configurer changes them, audited', async () => {
      expect(ok<ActivitySettings>(await (await as(org.users.agent1)).get('/api/activity/settings'))).toEqual({
        backdateDays: 3,
        logReminderAt: '20:00',
        reviewReminderHours: 24,
        loggingRoles: ['agent', 'supervisor'],
      });
      expect(
        errorOf(await (await as(org.users.sup1)).patch('/api/activity/settings', { backdateDays: 5 })),
      ).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
      const bad = await (
        await as(org.users.staff1)
      ).patch('/api/activity/settings', { backdateDays: 99, logReminderAt: '25:00' });
      expect(errorOf(bad)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(
        detailsOf(bad)
          .map((d) => d.path)
          .sort(),
      ).toEqual(['body.backdateDays', 'body.logReminderAt']);

      const saved = ok<ActivitySettings>(
        await (await as(org.users.staff1)).patch('/api/activity/settings', { logReminderAt: '19:30' }),
      );
      expect(saved).toMatchObject({ backdateDays: 3, logReminderAt: '19:30' });
      expect(
        ok<ActivitySettings>(await (await as(org.users.agent1)).get('/api/activity/settings')).logReminderAt,
      ).toBe('19:30');
      const audit = await auditOf(db, 'activitySettings', org.tenant.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'update', actor_id: org.users.staff1.id });
      expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ logReminderAt: '19:30' });
      ok(await (await as(org.users.staff1)).patch('/api/activity/settings', { logReminderAt: '20:00' }));
      // The other tenant keeps its own defaults.
      expect(
        ok<ActivitySettings>(await (await as(org.other.agent)).get('/api/activity/settings')).logReminderAt,
      ).toBe('20:00');
    });
  });

  describe('activity types', () => {
    it('every tenant starts with the defaults of practice, fractional points exact', () => {
      expect(types).toHaveLength(15);
      expect(types.find((t) => t.code === 'messageOneWay')).toMatchObject({
        points: 0.2,
        stage: 'contact',
        active: true,
      });
      expect(types.find((t) => t.code === 'interview')).toMatchObject({
        points: 3,
        stage: 'interview',
        name: '面谈',
      });
    });

    it('a configurer adds a type; a taken code is a 409 with its code; others may not', async () => {
      const admin = await as(org.users.admin);
      const body = {
        code: 'seminar',
        name: '产说会邀约',
        nameEn: 'Seminar invitation',
        stage: 'contact',
        points: 1.5,
      };
      expect(errorOf(await (await as(org.users.manager1)).post('/api/activity/types', body))).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
      const created = ok<ActivityType>(await admin.post('/api/activity/types', body), 201);
      expect(created).toMatchObject({
        code: 'seminar',
        points: 1.5,
        active: true,
        pointsHistory: [{ effectiveFrom: '2000-01-01', points: 1.5 }],
      });
      const before = await writeCounts(db);
      expect(errorOf(await admin.post('/api/activity/types', { ...body, name: '又一个' }))).toEqual({
        status: 409,
        code: 'ACTIVITY_TYPE_CODE_TAKEN',
      });
      expect(await writeCounts(db)).toEqual(before);
      // Another tenant may use the same code.
      ok(await (await as(org.other.admin)).post('/api/activity/types', body), 201);
      expect((await auditOf(db, 'activityType', created.id)).map((a) => a.action)).toEqual(['create']);
    });

    it('a points change applies from its date on; activities already written keep theirs', async () => {
      const admin = await as(org.users.admin);
      const phone = typeId('phoneAppointment');
      const early = await logged(counter, {
        typeId: phone,
        occurredAt: shanghai('2026-11-17', '09:00:00').toISOString(),
      });
      const todayOld = await logged(counter, { typeId: phone });
      expect([early.points, todayOld.points]).toEqual([1, 1]);

      expect(
        errorOf(await admin.patch(`/api/activity/types/${phone}`, { points: 2, pointsFrom: '2026-11-17' })),
      ).toEqual({
        status: 422,
        code: 'POINTS_DATE_IN_PAST',
      });
      const noPoints = await admin.patch(`/api/activity/types/${phone}`, { pointsFrom: '2026-11-20' });
      expect(errorOf(noPoints).code).toBe('VALIDATION_FAILED');
      expect(detailsOf(noPoints)[0]).toMatchObject({ path: 'body.pointsFrom', code: 'requiresPoints' });

      const changed = ok<ActivityType>(
        await admin.patch(`/api/activity/types/${phone}`, { points: 2, pointsFrom: '2026-11-19' }),
      );
      expect(changed.points).toBe(1);
      expect(changed.pointsHistory).toEqual([
        { effectiveFrom: '2000-01-01', points: 1 },
        { effectiveFrom: '2026-11-19', points: 2 },
      ]);
      // Today still earns 1; tomorrow (and a day backdated to before the change, tomorrow) the points in force then.
      expect((await logged(counter, { typeId: phone })).points).toBe(1);
      setClock(shanghai('2026-11-19'));
      expect((await logged(counter, { typeId: phone })).points).toBe(2);
      expect(
        (
          await logged(counter, {
            typeId: phone,
            occurredAt: shanghai('2026-11-18', '15:00:00').toISOString(),
          })
        ).points,
      ).toBe(1);
      // A second change dated today replaces nothing of the past: 3 from the 19th on, for new writes.
      ok(await (await as(org.users.admin)).patch(`/api/activity/types/${phone}`, { points: 3 }));
      expect((await logged(counter, { typeId: phone })).points).toBe(3);
      const history = await db
        .selectFrom('activities')
        .select(['date', 'points_milli'])
        .where('user_id', '=', counter.id)
        .where('type_id', '=', phone)
        .orderBy('created_at')
        .execute();
      expect(history).toEqual([
        { date: '2026-11-17', points_milli: 1000 },
        { date: '2026-11-18', points_milli: 1000 },
        { date: '2026-11-18', points_milli: 1000 },
        { date: '2026-11-19', points_milli: 2000 },
        { date: '2026-11-18', points_milli: 1000 },
        { date: '2026-11-19', points_milli: 3000 },
      ]);
      const audit = await auditOf(db, 'activityType', phone);
      expect(audit.map((a) => a.action)).toEqual(['update', 'update']);
      expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ pointsFrom: '2026-11-19' });
      expect(JSON.parse(audit[0]!.before_json!)).toMatchObject({ points: 1 });
    });

    it('an inactive type is hidden from the pickers, listed for configurers, refused for new activities', async () => {
      const admin = await as(org.users.admin);
      const recruit = typeId('recruitSigned');
      ok(await admin.patch(`/api/activity/types/${recruit}`, { active: false, name: '增员签约（停用）' }));
      const agent = await as(org.users.agent1);
      expect(ok<ActivityType[]>(await agent.get('/api/activity/types')).some((t) => t.id === recruit)).toBe(
        false,
      );
      expect(errorOf(await agent.get('/api/activity/types?all=1'))).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
      expect(
        ok<ActivityType[]>(await admin.get('/api/activity/types?all=1')).find((t) => t.id === recruit),
      ).toMatchObject({ active: false });
      const before = await writeCounts(db);
      expect(errorOf(await log(org.users.agent1, { typeId: recruit }))).toEqual({
        status: 422,
        code: 'ACTIVITY_TYPE_INACTIVE',
      });
      expect(await writeCounts(db)).toEqual(before);
      ok(await admin.patch(`/api/activity/types/${recruit}`, { active: true }));
      // A type of another tenant is unknown here.
      const foreign = ok<ActivityType[]>(await (await as(org.other.agent)).get('/api/activity/types'))[0]!.id;
      const res = await log(org.users.agent1, { typeId: foreign });
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
      expect(detailsOf(res)[0]).toMatchObject({ path: 'body.typeId', code: 'unknown' });
    });
  });

  describe('logging activities', () => {
    it("an agent logs only their own: a userId in the body is ignored; filed under the day's team", async () => {
      const a = await logged(org.users.agent1, {
        typeId: typeId('interview'),
        userId: org.users.agent1b.id,
        prospectName: '王先生',
        outcome: '约好下周递交建议书',
        nextStep: '递交建议书',
        nextStepDate: '2026-11-25',
        premiumFen: 0,
      });
      expect(a).toMatchObject({
        userId: org.users.agent1.id,
        userName: `测试${org.users.agent1.username}`,
        unitId: org.units.team1,
        typeName: '面谈',
        stage: 'interview',
        date: TODAY,
        points: 3,
        prospectId: null,
        prospectName: '王先生',
        nextStepDate: '2026-11-25',
        lateEntry: false,
      });
      expect(ok<Activity>(await (await as(org.users.agent1)).get(`/api/activities/${a.id}`))).toEqual(a);
      const audit = await auditOf(db, 'activity', a.id);
      expect(audit).toMatchObject([{ action: 'create', actor_id: org.users.agent1.id }]);
      expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ id: a.id, points: 3 });
    });

    it('the team of the day: a backdated activity is filed under the team the person was in then', async () => {
      const before = await logged(mover, {
        typeId: typeId('interview'),
        occurredAt: shanghai('2026-11-15', '16:00:00').toISOString(),
      });
      const now = await logged(mover, { typeId: typeId('interview') });
      expect([before.unitId, before.lateEntry, now.unitId, now.lateEntry]).toEqual([
        org.units.team1,
        true,
        org.units.team2,
        false,
      ]);
      // Supervisors see the activity of their team at the time.
      ok(await (await as(org.users.sup1)).get(`/api/activities/${before.id}`));
      expect(errorOf(await (await as(org.users.sup1)).get(`/api/activities/${now.id}`)).status).toBe(404);
      ok(await (await as(org.users.sup2)).get(`/api/activities/${now.id}`));
    });

    it('backdating: within the window a late entry, beyond it or in the future refused, nothing written', async () => {
      const at = (date: string, hms = '09:00:00') => shanghai(date, hms).toISOString();
      expect(
        (await logged(org.users.agent2, { typeId: typeId('interview'), occurredAt: at('2026-11-15') }))
          .lateEntry,
      ).toBe(true);
      const before = await writeCounts(db);
      expect(
        errorOf(
          await log(org.users.agent2, {
            typeId: typeId('interview'),
            occurredAt: at('2026-11-14', '23:59:00'),
          }),
        ),
      ).toEqual({
        status: 422,
        code: 'ACTIVITY_DATE_TOO_OLD',
      });
      expect(
        errorOf(
          await log(org.users.agent2, {
            typeId: typeId('interview'),
            occurredAt: at('2026-11-19', '00:01:00'),
          }),
        ),
      ).toEqual({
        status: 422,
        code: 'ACTIVITY_DATE_IN_FUTURE',
      });
      expect(
        errorOf(
          await log(org.users.agent2, { typeId: typeId('interview'), occurredAt: at(TODAY, '15:00:00') }),
        ).code,
      ).toBe('ACTIVITY_DATE_IN_FUTURE');
      expect(await writeCounts(db)).toEqual(before);
      // The business date is the tenant's: 23:30 UTC on the 17th is the 18th in Shanghai.
      expect(
        (await logged(org.users.agent2, { typeId: typeId('interview'), occurredAt: '2026-11-17T23:30:00Z' }))
          .date,
      ).toBe(TODAY);
    });

    it('bad input answers 400 with the field paths and writes nothing', async () => {
      const before = await writeCounts(db);
      const res = await log(org.users.agent1, {
        prospectName: 'x'.repeat(61),
        premiumFen: -1,
        occurredAt: 'yesterday',
      });
      expect(errorOf(res)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(
        detailsOf(res)
          .map((d) => d.path)
          .sort(),
      ).toEqual(['body.occurredAt', 'body.premiumFen', 'body.prospectName', 'body.typeId']);
      // A prospect card that does not exist (or is not the logger's) is a 404, nothing written.
      const prospect = await log(org.users.agent1, { typeId: typeId('interview'), prospectId: newId() });
      expect(errorOf(prospect)).toEqual({ status: 404, code: 'NOT_FOUND' });
      const badDate = await log(org.users.agent1, {
        typeId: typeId('interview'),
        nextStepDate: '2026-02-30',
      });
      expect(detailsOf(badDate)).toMatchObject([{ path: 'body.nextStepDate', code: 'invalidDate' }]);
      expect(await writeCounts(db)).toEqual(before);
    });

    it('a joint-visit partner is an active colleague of the tenant, never oneself', async () => {
      const a = await logged(org.users.agent1, {
        typeId: typeId('jointVisit'),
        partnerId: org.users.sup1.id,
      });
      expect(a).toMatchObject({
        partnerId: org.users.sup1.id,
        partnerName: `测试${org.users.sup1.username}`,
        stage: 'jointVisit',
      });
      for (const [partnerId, code] of [
        [org.other.agent.id, 'unknown'],
        [org.users.agent1.id, 'self'],
      ] as const) {
        const res = await log(org.users.agent1, { typeId: typeId('jointVisit'), partnerId });
        expect(errorOf(res).status).toBe(400);
        expect(detailsOf(res)).toMatchObject([{ path: 'body.partnerId', code }]);
      }
    });

    it('fractional points: 0.2 logged 35 times sums to exactly 7 in the rollups', async () => {
      const user = await makeUser(db, org.tenant, org.units.team3, 'agent');
      for (let i = 0; i < 35; i++) await logged(user, { typeId: typeId('messageOneWay') });
      const day = await db
        .selectFrom('activity_days')
        .selectAll()
        .where('user_id', '=', user.id)
        .executeTakeFirstOrThrow();
      expect([Number(day.points_milli), Number(day.activities), Number(day.contacts)]).toEqual([
        7000, 35, 35,
      ]);
      const page = ok<Page<Activity>>(await (await as(user)).get('/api/activities?pageSize=100'));
      expect(page.items.reduce((s, a) => s + a.points * 1000, 0) / 1000).toBe(7);
    });

    it('activities logged at once are committed together: every one stored, audited, counted once', async () => {
      const people = await Promise.all(
        Array.from({ length: 6 }, () => makeUser(db, org.tenant, org.units.team3, 'agent')),
      );
      const clients = await Promise.all(people.map((p) => as(p)));
      // Four each, all in flight together; one of them carries a bad type and must fail alone.
      const sends = clients.flatMap((c) =>
        Array.from({ length: 4 }, () => c.post('/api/activities', { typeId: typeId('interview') })),
      );
      const bad = clients[0]!.post('/api/activities', { typeId: newId() });
      const results = await Promise.all(sends);
      expect(results.map((r) => r.statusCode)).toEqual(results.map(() => 201));
      expect([400, 404]).toContain((await bad).statusCode);
      const ids = results.map((r) => ok<Activity>(r, 201).id);
      const stored = await db.selectFrom('activities').select('id').where('id', 'in', ids).execute();
      expect(stored).toHaveLength(24);
      const audited = await db
        .selectFrom('audit_log')
        .select('entity_id')
        .where('entity', '=', 'activity')
        .where('entity_id', 'in', ids)
        .execute();
      expect(audited).toHaveLength(24);
      const days = await db
        .selectFrom('activity_days')
        .select(['user_id', 'activities'])
        .where(
          'user_id',
          'in',
          people.map((p) => p.id),
        )
        .execute();
      expect(days.map((d) => Number(d.activities))).toEqual(people.map(() => 4));
    });
  });

  describe('scope', () => {
    let mine: Activity;
    beforeAll(async () => {
      setClock(shanghai(TODAY));
      mine = await logged(org.users.agent1, { typeId: typeId('proposal'), notes: '只有本人和上级能看到' });
    });

    it('a peer, another team, another department and another tenant see nothing: 404 by id, absent in lists', async () => {
      for (const user of [
        org.users.agent1b,
        org.users.agent2,
        org.users.sup2,
        org.users.sup3,
        org.users.manager2,
        org.other.admin,
        org.other.agent,
      ]) {
        const c = await as(user);
        expect(errorOf(await c.get(`/api/activities/${mine.id}`)), user.username).toEqual({
          status: 404,
          code: 'NOT_FOUND',
        });
        const page = ok<Page<Activity>>(await c.get('/api/activities?pageSize=200'));
        expect(
          page.items.some((a) => a.id === mine.id),
          user.username,
        ).toBe(false);
      }
      // Asking for the person or their team by filter does not open the scope.
      const peer = await as(org.users.agent1b);
      expect(
        ok<Page<Activity>>(await peer.get(`/api/activities?userId=${org.users.agent1.id}`)).items,
      ).toEqual([]);
      expect(
        errorOf(await (await as(org.users.sup2)).get(`/api/activities?unitId=${org.units.team1}`)).status,
      ).toBe(404);
    });

    it('the supervisor, the manager, staff and the admin above read it; only the owner changes it', async () => {
      for (const user of [
        org.users.sup1,
        org.users.manager1,
        org.users.staff1,
        org.users.exec,
        org.users.admin,
      ]) {
        expect(ok<Activity>(await (await as(user)).get(`/api/activities/${mine.id}`)).id, user.username).toBe(
          mine.id,
        );
      }
      const before = await writeCounts(db);
      expect(
        errorOf(await (await as(org.users.sup1)).patch(`/api/activities/${mine.id}`, { notes: '改' })),
      ).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect(errorOf(await (await as(org.users.sup1)).delete(`/api/activities/${mine.id}`))).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
      for (const user of [org.users.agent1b, org.other.agent]) {
        expect(
          errorOf(await (await as(user)).patch(`/api/activities/${mine.id}`, { notes: '改' })).status,
        ).toBe(404);
        expect(errorOf(await (await as(user)).delete(`/api/activities/${mine.id}`)).status).toBe(404);
      }
      expect(await writeCounts(db)).toEqual(before);
    });

    it('lists filter by person, team, type, stage and dates, page on the server, newest first', async () => {
      const sup = await as(org.users.sup1);
      const page = ok<Page<Activity>>(await sup.get(`/api/activities?unitId=${org.units.team1}&pageSize=2`));
      expect(page.items).toHaveLength(2);
      expect(page.total).toBeGreaterThan(2);
      expect(page.items[0]!.occurredAt >= page.items[1]!.occurredAt).toBe(true);
      const all = ok<Page<Activity>>(await sup.get(`/api/activities?unitId=${org.units.team1}&pageSize=200`));
      expect(all.total).toBe(page.total);
      expect(new Set(all.items.map((a) => a.unitId))).toEqual(new Set([org.units.team1]));
      const byStage = ok<Page<Activity>>(await sup.get('/api/activities?stage=proposal&pageSize=200'));
      expect(byStage.items.map((a) => a.id)).toContain(mine.id);
      expect(byStage.items.every((a) => a.stage === 'proposal')).toBe(true);
      const byDates = ok<Page<Activity>>(
        await (
          await as(org.users.manager1)
        ).get('/api/activities?from=2026-11-15&to=2026-11-15&pageSize=200'),
      );
      expect(byDates.items.length).toBeGreaterThan(0);
      expect(byDates.items.every((a) => a.date === '2026-11-15')).toBe(true);
      const byPoints = ok<Page<Activity>>(await sup.get('/api/activities?sort=points&pageSize=200'));
      const points = byPoints.items.map((a) => a.points);
      expect(points).toEqual([...points].sort((x, y) => x - y));
      expect(errorOf(await sup.get('/api/activities?sort=-password'))).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    });

    it('exports the list as .xlsx with zh-CN or en-US headers, audited', async () => {
      const sup = await as(org.users.sup1);
      const res = await sup.get(`/api/activities/export?unitId=${org.units.team1}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      const header = (ws.getRow(1).values as unknown[]).slice(1);
      expect(header.slice(0, 8)).toEqual([
        '工号',
        '姓名',
        '团队',
        '日期',
        '时间',
        '活动类型',
        '阶段',
        '积分',
      ]);
      const listed = ok<Page<Activity>>(
        await sup.get(`/api/activities?unitId=${org.units.team1}&pageSize=200`),
      );
      expect(ws.rowCount - 1).toBe(listed.total);
      const row = (ws.getRow(2).values as unknown[]).slice(1);
      expect(row[3]).toBe(listed.items[0]!.date);
      expect(row[5]).toBe(listed.items[0]!.typeName);
      const en = await sup.get(`/api/activities/export?unitId=${org.units.team1}&lang=en-US&stage=proposal`);
      const wbEn = new ExcelJS.Workbook();
      await wbEn.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
      const rowsEn = wbEn.worksheets[0]!;
      expect((rowsEn.getRow(1).values as unknown[]).slice(1, 9)).toEqual([
        'Username',
        'Name',
        'Team',
        'Date',
        'Time',
        'Activity type',
        'Stage',
        'Points',
      ]);
      expect((rowsEn.getRow(2).values as unknown[])[7]).toBe('Proposal');
      // An agent exports only their own.
      const own = await (await as(org.users.agent1b)).get('/api/activities/export');
      const wbOwn = new ExcelJS.Workbook();
      await wbOwn.xlsx.load(own.rawPayload as unknown as ArrayBuffer);
      expect(wbOwn.worksheets[0]!.rowCount).toBe(1);
      expect((await auditOf(db, 'activityExport')).length).toBe(3);
    });
  });

  describe('editing and deleting', () => {
    it('a new type or date earns its points; the rollups move by −old +new and equal a rebuild', async () => {
      const user = await makeUser(db, org.tenant, org.units.team3, 'agent');
      const c = await as(user);
      const a = await logged(user, { typeId: typeId('interview'), premiumFen: 100 });
      const moved = ok<Activity>(
        await c.patch(`/api/activities/${a.id}`, {
          typeId: typeId('sale'),
          occurredAt: shanghai('2026-11-16', '11:00:00').toISOString(),
          premiumFen: 500_000,
          notes: '签了',
        }),
      );
      expect(moved).toMatchObject({
        typeName: '签单',
        stage: 'sale',
        date: '2026-11-16',
        points: 5,
        premiumFen: 500_000,
        notes: '签了',
        lateEntry: true,
      });
      const days = await db
        .selectFrom('activity_days')
        .selectAll()
        .where('user_id', '=', user.id)
        .orderBy('date')
        .execute();
      expect(
        days.map((d) => [
          d.date,
          Number(d.activities),
          Number(d.points_milli),
          Number(d.interviews),
          Number(d.sales),
          Number(d.premium_fen),
        ]),
      ).toEqual([
        ['2026-11-16', 1, 5000, 0, 1, 500_000],
        [TODAY, 0, 0, 0, 0, 0],
      ]);
      // Notes only: the frozen points stay even after the type's points change.
      const kept = ok<Activity>(await c.patch(`/api/activities/${a.id}`, { notes: null, outcome: '成交' }));
      expect(kept).toMatchObject({ points: 5, notes: null, outcome: '成交' });
      ok(await c.delete(`/api/activities/${a.id}`));
      expect(errorOf(await c.get(`/api/activities/${a.id}`)).status).toBe(404);
      const audit = await auditOf(db, 'activity', a.id);
      expect(audit.map((x) => x.action)).toEqual(['create', 'update', 'update', 'delete']);
      expect(JSON.parse(audit[1]!.before_json!)).toMatchObject({ stage: 'interview', points: 3 });
      expect(JSON.parse(audit[1]!.after_json!)).toMatchObject({ stage: 'sale', points: 5 });
      expect(audit[3]!.after_json).toBeNull();
      const kept1 = await readRollups(db, org.tenant.id);
      await db.transaction().execute((trx) => rebuildRollups(trx, org.tenant.id));
      expect(await readRollups(db, org.tenant.id)).toEqual(kept1);
    });

    it('only within the window of its day and of a new day', async () => {
      const user = await makeUser(db, org.tenant, org.units.team3, 'agent');
      const a = await logged(user, {
        typeId: typeId('interview'),
        occurredAt: shanghai('2026-11-16').toISOString(),
      });
      const c = await as(user);
      const before = await writeCounts(db);
      expect(
        errorOf(
          await c.patch(`/api/activities/${a.id}`, { occurredAt: shanghai('2026-11-14').toISOString() }),
        ),
      ).toEqual({
        status: 422,
        code: 'ACTIVITY_DATE_TOO_OLD',
      });
      expect(await writeCounts(db)).toEqual(before);
      setClock(shanghai('2026-11-20'));
      const later = await as(user);
      const afterLogin = await writeCounts(db);
      expect(errorOf(await later.patch(`/api/activities/${a.id}`, { notes: '晚了' })).code).toBe(
        'ACTIVITY_DATE_TOO_OLD',
      );
      expect(errorOf(await later.delete(`/api/activities/${a.id}`)).code).toBe('ACTIVITY_DATE_TOO_OLD');
      expect(await writeCounts(db)).toEqual(afterLogin);
    });
  });
});
