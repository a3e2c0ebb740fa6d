import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ActivityTodaySchema, type ActivityToday, type WorkLog } from '../../../contracts/activity.ts';
import type { DB } from '../../db/database.ts';
import { resetClock, setClock } from '../../lib/clock.ts';
import { loginAs, makeTestApp, type TestClient } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg, type TestUser } from '../../test/factories.ts';
import { activityConfig } from './config.service.ts';
import { addActivities, addActivity } from './figures.fixtures.ts';

/** The agent's today page over HTTP on both databases, with feedback given through the recording routes. */

// Wednesday 4 November 2026, 10:00 in Shanghai.
const NOW = '2026-11-04T02:00:00.000Z';

forEachDialect('activity today', (get) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  let u: TestOrg['users'];
  let typeId: (code: string) => string;
  const clients = new Map<string, TestClient>();
  const as = async (user: TestUser) => {
    let c = clients.get(user.username);
    if (!c) {
      c = await loginAs(app, user.username);
      clients.set(user.username, c);
    }
    return c;
  };
  const today = async (user: TestUser): Promise<ActivityToday> => {
    const res = await (await as(user)).get('/api/activity/today');
    expect(res.statusCode, res.body).toBe(200);
    return ActivityTodaySchema.parse(res.json());
  };

  beforeAll(async () => {
    setClock(NOW);
    db = get().db;
    org = await makeOrg(db);
    u = org.users;
    app = await makeTestApp(get());
    const cfg = await activityConfig(db, org.tenant.id);
    typeId = (code) => cfg.types.find((t) => t.row.code === code)!.row.id;
    await db.updateTable('users').set({ display_name: 'S1 赵主管' }).where('id', '=', u.sup1.id).execute();

    // Habits of the last 30 days: phone appointments most, then interviews, then a proposal.
    await addActivity(db, u.agent1, { type: 'proposal', date: '2026-10-20' });
    await addActivities(db, u.agent1, 'phoneAppointment', '2026-11-02', 5);
    // Today: two interviews with 王先生, then a call to 李女士.
    await addActivities(db, u.agent1, 'interview', '2026-11-04', 2, {
      prospectName: '王先生',
      time: '01:00:00',
    });
    await addActivity(db, u.agent1, {
      type: 'phoneAppointment',
      date: '2026-11-04',
      prospectName: '李女士',
      time: '01:30:00',
    });
    // Long ago: not a recent prospect.
    await addActivity(db, u.agent1, { type: 'interview', date: '2026-09-01', prospectName: '老客户' });
    await addActivity(db, u.agent1b, { type: 'interview', date: '2026-11-03' });
  });
  afterAll(async () => {
    await app.close();
    resetClock();
  });

  it("today's log and activities, planned vs done, points of the week and work month, team rank", async () => {
    const t = await today(u.agent1);
    expect(t).toMatchObject({ date: '2026-11-04', workday: true, backdateDays: 3 });
    expect(t.log).toMatchObject({ status: 'none', date: '2026-11-04', points: 7 });
    expect(t.log.activities).toHaveLength(3);
    // 日行三访: three interviews planned today, two done; the call was not planned.
    expect(t.plannedToday).toEqual([
      { typeId: typeId('phoneAppointment'), planned: 0, done: 1 },
      { typeId: typeId('interview'), planned: 3, done: 2 },
    ]);
    expect(t).toMatchObject({ plannedPoints: 9, weekPoints: 5 + 7, weekPlannedPoints: 45, monthPoints: 12 });
    expect(t.teamRank).toEqual({ rank: 1, of: 3 });
    expect((await today(u.agent1b)).teamRank).toEqual({ rank: 2, of: 3 });
  });

  it('quick types by use in the last 30 days, topped up with the usual ones; recent prospects newest first', async () => {
    const t = await today(u.agent1);
    expect(t.quickTypes).toEqual([
      typeId('phoneAppointment'),
      typeId('interview'),
      typeId('proposal'),
      typeId('service'),
    ]);
    expect(t.recentProspects).toEqual([
      { prospectId: null, name: '李女士' },
      { prospectId: null, name: '王先生' },
    ]);
    // Nobody's habits yet: the usual types.
    expect((await today(u.agent2)).quickTypes).toEqual([
      typeId('interview'),
      typeId('phoneAppointment'),
      typeId('proposal'),
      typeId('service'),
    ]);
  });

  it("feedback of the last 7 days: the supervisor's review and comment, coaching; not one's own answers", async () => {
    const agent = await as(u.agent1);
    const submitted = await agent.post('/api/work-logs/2026-11-03/submit', {
      noActivity: true,
      summary: '整理名单',
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const logId = submitted.json<WorkLog>().id!;
    const sup = await as(u.sup1);
    expect(
      (await sup.post(`/api/work-logs/${logId}/reviews`, { comment: '明天多约几个客户' })).statusCode,
    ).toBeLessThan(300);
    expect((await agent.post(`/api/work-logs/${logId}/comments`, { body: '好的' })).statusCode).toBeLessThan(
      300,
    );
    const coaching = await sup.post('/api/coaching', {
      userId: u.agent1.id,
      topic: '促成话术',
      agreed: '每天练习两次',
    });
    expect(coaching.statusCode, coaching.body).toBe(201);

    const t = await today(u.agent1);
    const kinds = t.feedback.map((f) => f.kind).sort();
    expect(kinds).toEqual(['coaching', 'comment', 'review']);
    expect(t.feedback.find((f) => f.kind === 'comment')).toMatchObject({
      by: 'S1 赵主管',
      text: '明天多约几个客户',
      date: '2026-11-03',
      logId,
    });
    expect(t.feedback.find((f) => f.kind === 'coaching')).toMatchObject({
      by: 'S1 赵主管',
      text: '促成话术：每天练习两次',
    });
    expect(t.feedback.find((f) => f.kind === 'review')).toMatchObject({ logId, date: '2026-11-03' });
    // Others see nothing of it.
    expect((await today(u.agent1b)).feedback).toEqual([]);
  });

  it('a plan for the week replaces the standard in what is planned today', async () => {
    const agent = await as(u.agent1);
    const res = await agent.put('/api/activity/plans/week/2026-11-02', {
      items: [{ typeId: typeId('interview'), target: 10, sprint: 12, challenge: 15 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const t = await today(u.agent1);
    expect(t.plannedToday.find((p) => p.typeId === typeId('interview'))).toEqual({
      typeId: typeId('interview'),
      planned: 2,
      done: 2,
    });
    expect(t).toMatchObject({ plannedPoints: 6, weekPlannedPoints: 30 });
  });
});
