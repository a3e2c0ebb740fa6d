import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Activity, ActivityType, WorkLog } from '../../../contracts/activity.ts';
import type { Page } from '../../../contracts/common.ts';
import type { DB } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { advanceClock, resetClock, setClock } from '../../lib/clock.ts';
import { makeTestApp } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, makeUser, type TestOrg, type TestUser } from '../../test/factories.ts';
import {
  auditOf,
  clientsOf,
  errorOf,
  notificationsOf,
  ok,
  shanghai,
  writeCounts,
} from './recording.test-helpers.ts';
import { readRollups, rebuildRollups } from './rollup.repository.ts';

// Wednesday 18 November 2026 in Shanghai; default window 3 days; default standard 3 interviews a workday.
const TODAY = '2026-11-18';

interface QueueItem {
  logId: string;
  userId: string;
  date: string;
  reviewedAt: string | null;
  activities: number;
  points: number;
  plannedPoints: number;
  comments: number;
  noActivity: boolean;
}

forEachDialect('work logs, review and comments', (get) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  const as = clientsOf(() => app);
  let types: ActivityType[];
  const typeId = (code: string) => types.find((t) => t.code === code)!.id;

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    app = await makeTestApp(get());
    setClock(shanghai(TODAY));
    types = ok<ActivityType[]>(await (await as(org.users.agent1)).get('/api/activity/types'));
  });
  afterAll(() => app.close());
  afterEach(() => setClock(shanghai(TODAY)));
  afterAll(() => resetClock());

  const logActivity = async (user: TestUser, code: string, date = TODAY) =>
    ok<Activity>(
      await (
        await as(user)
      ).post('/api/activities', {
        typeId: typeId(code),
        occurredAt: shanghai(date, '09:30:00').toISOString(),
      }),
      201,
    );
  const day = async (user: TestUser, date = TODAY, userId?: string) =>
    (await as(user)).get(`/api/work-logs/${date}${userId ? `?userId=${userId}` : ''}`);
  const submit = async (user: TestUser, date: string, body: object = {}) =>
    (await as(user)).post(`/api/work-logs/${date}/submit`, body);
  const rollupDay = (userId: string, date: string) =>
    db
      .selectFrom('activity_days')
      .selectAll()
      .where('user_id', '=', userId)
      .where('date', '=', date)
      .executeTakeFirst();

  describe("one's own day", () => {
    it('a day with nothing saved reads as status none with its activities', async () => {
      const user = await makeUser(db, org.tenant, org.units.team1, 'agent');
      await logActivity(user, 'interview');
      await logActivity(user, 'messageOneWay');
      const d = ok<WorkLog>(await day(user));
      expect(d).toMatchObject({
        id: null,
        status: 'none',
        userId: user.id,
        unitId: org.units.team1,
        date: TODAY,
        points: 3.2,
        comments: [],
      });
      expect(d.activities.map((a) => a.typeName)).toEqual(['面谈', '信息问候（单向）']);
    });

    it('saves a draft, submits it, may submit again before the review keeping the first time', async () => {
      const user = await makeUser(db, org.tenant, org.units.team1, 'agent');
      await logActivity(user, 'interview');
      const c = await as(user);
      const draft = ok<WorkLog>(
        await c.put(`/api/work-logs/${TODAY}`, { summary: '拜访两位老客户', tomorrowPlan: '约访三位' }),
      );
      expect(draft).toMatchObject({
        status: 'draft',
        summary: '拜访两位老客户',
        tomorrowPlan: '约访三位',
        submittedAt: null,
      });
      expect(await rollupDay(user.id, TODAY)).toMatchObject({ log_submitted: 0 });
      const sent = ok<WorkLog>(await submit(user, TODAY, { summary: '拜访三位老客户' }));
      expect(sent).toMatchObject({
        status: 'submitted',
        summary: '拜访三位老客户',
        tomorrowPlan: '约访三位',
        noActivity: false,
      });
      expect(Number((await rollupDay(user.id, TODAY))!.log_submitted)).toBe(1);
      advanceClock(3_600_000);
      const again = ok<WorkLog>(await submit(user, TODAY, { tomorrowPlan: '约访四位' }));
      expect(again).toMatchObject({
        status: 'submitted',
        submittedAt: sent.submittedAt,
        tomorrowPlan: '约访四位',
      });
      // Editing the text of a submitted log before the review keeps it submitted.
      expect(
        ok<WorkLog>(await (await as(user)).put(`/api/work-logs/${TODAY}`, { summary: '改' })),
      ).toMatchObject({ status: 'submitted', summary: '改' });
      const audit = await auditOf(db, 'workLog', draft.id!);
      expect(audit.map((a) => a.action)).toEqual(['create', 'submit', 'submit', 'update']);
      expect(audit.every((a) => a.actor_id === user.id)).toBe(true);
    });

    it('a day without activity is submitted only as such; an activity logged later clears the flag', async () => {
      const user = await makeUser(db, org.tenant, org.units.team1, 'agent');
      await as(user);
      const before = await writeCounts(db);
      expect(errorOf(await submit(user, TODAY))).toEqual({ status: 422, code: 'WORK_LOG_EMPTY' });
      expect(await writeCounts(db)).toEqual(before);
      const zero = ok<WorkLog>(await submit(user, TODAY, { noActivity: true, summary: '今天在家休息' }));
      expect(zero).toMatchObject({ status: 'submitted', noActivity: true, points: 0, activities: [] });
      expect(await rollupDay(user.id, TODAY)).toMatchObject({ activities: 0 });
      expect(Number((await rollupDay(user.id, TODAY))!.log_submitted)).toBe(1);
      await logActivity(user, 'phoneAppointment');
      expect(ok<WorkLog>(await day(user))).toMatchObject({ noActivity: false, points: 1 });
    });

    it('only today or a day within the window; never a future day; a real calendar date', async () => {
      const user = await makeUser(db, org.tenant, org.units.team1, 'agent');
      const c = await as(user);
      const before = await writeCounts(db);
      expect(errorOf(await c.put('/api/work-logs/2026-11-14', { summary: 'x' }))).toEqual({
        status: 422,
        code: 'ACTIVITY_DATE_TOO_OLD',
      });
      expect(errorOf(await c.put('/api/work-logs/2026-11-19', { summary: 'x' }))).toEqual({
        status: 422,
        code: 'ACTIVITY_DATE_IN_FUTURE',
      });
      expect(errorOf(await submit(user, '2026-11-14', { noActivity: true })).code).toBe(
        'ACTIVITY_DATE_TOO_OLD',
      );
      expect(errorOf(await c.put('/api/work-logs/2026-11-31', { summary: 'x' }))).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(errorOf(await c.put(`/api/work-logs/${TODAY}`, { summary: 'x'.repeat(2001) }))).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(await writeCounts(db)).toEqual(before);
      expect(ok<WorkLog>(await submit(user, '2026-11-15', { noActivity: true }))).toMatchObject({
        status: 'submitted',
        date: '2026-11-15',
      });
    });
  });

  describe('scope', () => {
    let log: WorkLog;
    beforeAll(async () => {
      setClock(shanghai(TODAY));
      await logActivity(org.users.agent1, 'interview');
      log = ok<WorkLog>(await submit(org.users.agent1, TODAY, { summary: '一组的日志' }));
    });

    it("the supervisor and those above read a person's day; a peer, another team and another tenant get 404", async () => {
      for (const user of [org.users.sup1, org.users.manager1, org.users.staff1, org.users.admin]) {
        expect(ok<WorkLog>(await day(user, TODAY, org.users.agent1.id)).id, user.username).toBe(log.id);
      }
      for (const user of [org.users.agent1b, org.users.sup2, org.users.manager2, org.other.admin]) {
        expect(errorOf(await day(user, TODAY, org.users.agent1.id)), user.username).toEqual({
          status: 404,
          code: 'NOT_FOUND',
        });
      }
    });

    it("the review queue holds the submitted logs of the reviewer's scope, never their own, newest first", async () => {
      await logActivity(org.users.sup1, 'jointVisit');
      ok(await submit(org.users.sup1, TODAY));
      await logActivity(org.users.agent2, 'interview');
      ok(await submit(org.users.agent2, TODAY));
      ok(await submit(org.users.agent1b, '2026-11-17', { noActivity: true }));
      const sup1 = ok<Page<QueueItem>>(await (await as(org.users.sup1)).get('/api/work-logs?pageSize=100'));
      const users = new Set(sup1.items.map((i) => i.userId));
      expect(users.has(org.users.agent1.id)).toBe(true);
      expect(users.has(org.users.agent1b.id)).toBe(true);
      expect(users.has(org.users.sup1.id)).toBe(false);
      expect(users.has(org.users.agent2.id)).toBe(false);
      const dates = sup1.items.map((i) => i.date);
      expect(dates).toEqual([...dates].sort().reverse());
      const mine = sup1.items.find((i) => i.logId === log.id)!;
      // Planned: the default standard, three interviews at 3 points on a workday.
      expect(mine).toMatchObject({
        activities: 1,
        points: 3,
        plannedPoints: 9,
        comments: 0,
        reviewedAt: null,
      });
      // An approved week plan plans its days instead: 50 points over the week's 5 workdays.
      await db
        .insertInto('activity_plans')
        .values({
          id: newId(),
          tenant_id: org.tenant.id,
          user_id: org.users.agent1b.id,
          unit_id: org.units.team1,
          period_kind: 'week',
          period: '2026-11-16',
          date_from: '2026-11-16',
          date_to: '2026-11-22',
          status: 'approved',
          items: '[]',
          target_points_milli: 50_000,
          sprint_points_milli: 60_000,
          challenge_points_milli: 75_000,
          note: null,
          review_comment: null,
          approved_by: org.users.sup1.id,
          approved_at: '2026-11-16T01:00:00.000Z',
          created_at: '2026-11-16T01:00:00.000Z',
          updated_at: '2026-11-16T01:00:00.000Z',
        })
        .execute();
      const planned = ok<Page<QueueItem>>(
        await (await as(org.users.sup1)).get(`/api/work-logs?userId=${org.users.agent1b.id}`),
      );
      expect(planned.items.map((i) => [i.date, i.noActivity, i.plannedPoints])).toEqual([
        ['2026-11-17', true, 10],
      ]);
      const manager = ok<Page<QueueItem>>(
        await (await as(org.users.manager1)).get('/api/work-logs?pageSize=100'),
      );
      const seen = new Set(manager.items.map((i) => i.userId));
      expect([org.users.agent1.id, org.users.sup1.id, org.users.agent2.id].every((id) => seen.has(id))).toBe(
        true,
      );
      const sup2 = ok<Page<QueueItem>>(await (await as(org.users.sup2)).get('/api/work-logs?pageSize=100'));
      expect(sup2.items.map((i) => i.userId)).toEqual([org.users.agent2.id]);
      expect(errorOf(await (await as(org.users.agent1b)).get('/api/work-logs'))).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
      expect(
        errorOf(await (await as(org.users.sup2)).get(`/api/work-logs?unitId=${org.units.team1}`)).status,
      ).toBe(404);
      const filtered = ok<Page<QueueItem>>(
        await (
          await as(org.users.manager1)
        ).get(`/api/work-logs?unitId=${org.units.team1}&from=${TODAY}&to=${TODAY}&reviewed=no`),
      );
      expect(filtered.items.every((i) => i.date === TODAY && i.reviewedAt === null)).toBe(true);
      expect(new Set(filtered.items.map((i) => i.userId)).has(org.users.agent2.id)).toBe(false);
    });

    it("a supervisor reviews only their team's submitted logs, never their own; the owner is notified", async () => {
      for (const user of [org.users.sup2, org.users.agent1b, org.other.admin, org.users.sup1]) await as(user);
      const before = await writeCounts(db);
      expect(errorOf(await (await as(org.users.sup2)).post(`/api/work-logs/${log.id}/reviews`, {}))).toEqual({
        status: 404,
        code: 'NOT_FOUND',
      });
      expect(
        errorOf(await (await as(org.users.agent1b)).post(`/api/work-logs/${log.id}/reviews`, {})),
      ).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect(
        errorOf(await (await as(org.other.admin)).post(`/api/work-logs/${log.id}/reviews`, {})).status,
      ).toBe(404);
      const own = ok<WorkLog>(await day(org.users.sup1));
      expect(errorOf(await (await as(org.users.sup1)).post(`/api/work-logs/${own.id}/reviews`, {}))).toEqual({
        status: 403,
        code: 'OWN_WORK_LOG',
      });
      expect(await writeCounts(db)).toEqual(before);
      const draftUser = await makeUser(db, org.tenant, org.units.team1, 'agent');
      const draft = ok<WorkLog>(
        await (await as(draftUser)).put(`/api/work-logs/${TODAY}`, { summary: '草稿' }),
      );
      const mid = await writeCounts(db);
      expect(
        errorOf(await (await as(org.users.sup1)).post(`/api/work-logs/${draft.id}/reviews`, {})),
      ).toEqual({
        status: 409,
        code: 'WORK_LOG_NOT_SUBMITTED',
      });
      expect(await writeCounts(db)).toEqual(mid);

      const activityId = log.activities[0]!.id;
      advanceClock(2 * 3_600_000);
      const reviewed = ok<WorkLog>(
        await (
          await as(org.users.sup1)
        ).post(`/api/work-logs/${log.id}/reviews`, { comment: '面谈记录很清楚，明天跟进建议书', activityId }),
      );
      expect(reviewed).toMatchObject({
        reviewedBy: org.users.sup1.id,
        reviewedByName: `测试${org.users.sup1.username}`,
      });
      expect(reviewed.comments).toMatchObject([
        { activityId, authorId: org.users.sup1.id, byOwner: false, body: '面谈记录很清楚，明天跟进建议书' },
      ]);
      const told = await notificationsOf(db, org.users.agent1.id, 'activity.logReviewed');
      expect(told).toHaveLength(1);
      expect(JSON.parse(told[0]!.params_json!)).toMatchObject({ logId: log.id, date: TODAY, activityId });
      const flags = await rollupDay(org.users.agent1.id, TODAY);
      expect([
        Number(flags!.log_submitted),
        Number(flags!.log_reviewed),
        Number(flags!.log_reviewed_24h),
      ]).toEqual([1, 1, 1]);

      // A later review by the manager keeps the first reviewer and time, and adds its comment.
      advanceClock(30 * 3_600_000);
      const second = ok<WorkLog>(
        await (await as(org.users.manager1)).post(`/api/work-logs/${log.id}/reviews`, { comment: '同意' }),
      );
      expect(second).toMatchObject({ reviewedAt: reviewed.reviewedAt, reviewedBy: org.users.sup1.id });
      expect(second.comments).toHaveLength(2);
      expect((await auditOf(db, 'workLog', log.id!)).map((a) => a.action)).toEqual([
        'submit',
        'review',
        'review',
      ]);

      // Reviewed: the text is final; the owner answers in the thread instead.
      expect(
        errorOf(await (await as(org.users.agent1)).put(`/api/work-logs/${TODAY}`, { summary: '改' })),
      ).toEqual({
        status: 409,
        code: 'WORK_LOG_REVIEWED',
      });
      expect(errorOf(await submit(org.users.agent1, TODAY))).toEqual({
        status: 409,
        code: 'WORK_LOG_REVIEWED',
      });
    });

    it('a comment outside the log refers to nothing: 400; bad input writes nothing', async () => {
      const other = await logActivity(org.users.agent1b, 'interview');
      await as(org.users.sup1);
      const before = await writeCounts(db);
      const res = await (
        await as(org.users.sup1)
      ).post(`/api/work-logs/${log.id}/comments`, { body: '看这条', activityId: other.id });
      expect(errorOf(res)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(
        errorOf(await (await as(org.users.sup1)).post(`/api/work-logs/${log.id}/comments`, { body: '' }))
          .status,
      ).toBe(400);
      expect(
        errorOf(
          await (await as(org.users.sup1)).post(`/api/work-logs/${log.id}/reviews`, { activityId: other.id }),
        ).status,
      ).toBe(400);
      expect(await writeCounts(db)).toEqual(before);
    });

    it('the owner answers, the reviewers are told; a reviewer comments, the owner is told; others may not', async () => {
      // After the reviews of the test before (the clock went on by 32 hours there).
      setClock(shanghai('2026-11-20'));
      const answer = ok<{ id: string; byOwner: boolean }>(
        await (
          await as(org.users.agent1)
        ).post(`/api/work-logs/${log.id}/comments`, { body: '好的，明天递交' }),
        201,
      );
      expect(answer.byOwner).toBe(true);
      expect((await notificationsOf(db, org.users.sup1.id, 'activity.logAnswered')).length).toBe(1);
      expect((await notificationsOf(db, org.users.manager1.id, 'activity.logAnswered')).length).toBe(1);
      ok(await (await as(org.users.sup1)).post(`/api/work-logs/${log.id}/comments`, { body: '加油' }), 201);
      const told = await notificationsOf(db, org.users.agent1.id, 'activity.logCommented');
      expect(told.map((n) => n.body)).toEqual(['加油']);
      expect(
        errorOf(
          await (await as(org.users.staff1)).post(`/api/work-logs/${log.id}/comments`, { body: '路过' }),
        ),
      ).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
      for (const user of [org.users.agent1b, org.users.sup2, org.other.agent]) {
        expect(
          errorOf(await (await as(user)).post(`/api/work-logs/${log.id}/comments`, { body: '路过' })).status,
          user.username,
        ).toBe(404);
      }
      const thread = ok<WorkLog>(await day(org.users.agent1)).comments;
      expect(thread.map((c) => [c.body, c.byOwner])).toEqual([
        ['面谈记录很清楚，明天跟进建议书', false],
        ['同意', false],
        ['好的，明天递交', true],
        ['加油', false],
      ]);
      expect((await auditOf(db, 'workLogComment')).length).toBe(2);
    });

    it('an answer on a log nobody has reviewed goes to the nearest leader who may review', async () => {
      const user = await makeUser(db, org.tenant, org.units.team2, 'agent');
      await logActivity(user, 'interview');
      const l = ok<WorkLog>(await submit(user, TODAY));
      ok(await (await as(user)).post(`/api/work-logs/${l.id}/comments`, { body: '请主管看看' }), 201);
      const told = await notificationsOf(db, org.users.sup2.id, 'activity.logAnswered');
      expect(told.map((n) => n.body)).toEqual(['请主管看看']);
    });
  });

  it('a review after 24 hours counts as reviewed but not within 24 h; rollups equal a rebuild', async () => {
    const user = await makeUser(db, org.tenant, org.units.team3, 'agent');
    await logActivity(user, 'interview');
    const l = ok<WorkLog>(await submit(user, TODAY));
    advanceClock(25 * 3_600_000);
    ok(await (await as(org.users.sup3)).post(`/api/work-logs/${l.id}/reviews`, {}));
    const flags = await rollupDay(user.id, TODAY);
    expect([
      Number(flags!.log_submitted),
      Number(flags!.log_reviewed),
      Number(flags!.log_reviewed_24h),
    ]).toEqual([1, 1, 0]);
    const kept = await readRollups(db, org.tenant.id);
    await db.transaction().execute((trx) => rebuildRollups(trx, org.tenant.id));
    expect(await readRollups(db, org.tenant.id)).toEqual(kept);
  });
});
