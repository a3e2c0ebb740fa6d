import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ActivityType, WorkLog } from '../../../contracts/activity.ts';
import type { DB } from '../../db/database.ts';
import { resetClock, setClock } from '../../lib/clock.ts';
import { makeTestApp, testConfig } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, makeUnit, makeUser, type TestOrg, type TestUser } from '../../test/factories.ts';
import { createJobQueue, registerCoreJobs } from '../job/job.service.ts';
import { ACTIVITY_REMINDERS_JOB, sendActivityReminders } from './reminder.service.ts';
import { clientsOf, ok, shanghai } from './recording.test-helpers.ts';

// Wednesday 18 November 2026; the default evening reminder is at 20:00, the review reminder after 24 hours.

forEachDialect('activity reminders', (get) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  let orphan: TestUser;
  let gone: TestUser;
  const as = clientsOf(() => app);

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    const team4 = await makeUnit(db, org.tenant, org.units.dept1, 'team', '四组（无主管）');
    orphan = await makeUser(db, org.tenant, team4, 'agent');
    gone = await makeUser(db, org.tenant, org.units.team1, 'agent');
    await db
      .updateTable('users')
      .set({ status: 'left', leave_date: '2026-11-01' })
      .where('id', '=', gone.id)
      .execute();
    app = await makeTestApp(get());
  });
  afterAll(async () => {
    resetClock();
    await app.close();
  });

  const at = (date: string, hms: string) => {
    const d = shanghai(date, hms);
    setClock(d);
    return d;
  };
  const reminded = async (kind: string) =>
    (
      await db
        .selectFrom('notifications')
        .select(['user_id', 'dedupe_key', 'params_json'])
        .where('kind', '=', kind)
        .execute()
    ).map((n) => ({
      userId: n.user_id,
      key: n.dedupe_key,
      params: JSON.parse(n.params_json ?? '{}') as Record<string, unknown>,
    }));

  it('the job is registered every 15 minutes', async () => {
    const queue = createJobQueue({ db, dialect: get().dialect, config: testConfig() });
    await registerCoreJobs(queue, { db });
    const row = await db
      .selectFrom('job_schedules')
      .selectAll()
      .where('name', '=', ACTIVITY_REMINDERS_JOB)
      .executeTakeFirstOrThrow();
    expect(row.cron).toContain('*/15 * * * *');
  });

  it('a tenant that does not use activity management is never reminded', async () => {
    expect(await sendActivityReminders(db, at('2026-11-18', '21:00:00'))).toEqual([]);
  });

  let agentLog: WorkLog;
  it('after the evening time of a workday, each logger without a submitted log is reminded once', async () => {
    at('2026-11-18', '10:00:00');
    const types = ok<ActivityType[]>(await (await as(org.users.agent1)).get('/api/activity/types'));
    const interview = types.find((t) => t.code === 'interview')!.id;
    ok(await (await as(org.users.agent1)).post('/api/activities', { typeId: interview }), 201);
    agentLog = ok<WorkLog>(await (await as(org.users.agent1)).post('/api/work-logs/2026-11-18/submit', {}));
    // A draft is not a submitted log.
    ok(await (await as(org.users.agent2)).put('/api/work-logs/2026-11-18', { summary: '写了一半' }));

    expect(await sendActivityReminders(db, at('2026-11-18', '19:59:00'))).toEqual([]);
    const sent = await sendActivityReminders(db, at('2026-11-18', '20:00:00'));
    expect(sent).toEqual([{ tenantId: org.tenant.id, logReminders: 7, reviewReminders: 0 }]);
    const who = (await reminded('activity.logReminder')).map((n) => n.userId).sort();
    const expected = [
      org.users.agent1b,
      org.users.agent2,
      org.users.agent3,
      org.users.sup1,
      org.users.sup2,
      org.users.sup3,
      orphan,
    ].map((u) => u.id);
    // agent1 submitted; managers, staff, the executive and the admin do not log; people who left are not asked.
    expect(who).toEqual(expected.sort());
    expect(
      (await reminded('activity.logReminder')).every((n) => n.key === 'activity.logReminder:2026-11-18'),
    ).toBe(true);
    // Again later the same evening: nothing new.
    expect(await sendActivityReminders(db, at('2026-11-18', '20:15:00'))).toEqual([]);
    expect(await sendActivityReminders(db, at('2026-11-18', '23:45:00'))).toEqual([]);
    expect((await reminded('activity.logReminder')).length).toBe(7);
  });

  it('no evening reminder on a day off; the logging roles come from the settings', async () => {
    // (agent1's log of the 18th is overdue for review by now: that reminder is the next test's.)
    const saturday = await sendActivityReminders(db, at('2026-11-21', '20:30:00'));
    expect(saturday.every((r) => r.logReminders === 0)).toBe(true);
    ok(await (await as(org.users.admin)).patch('/api/activity/settings', { loggingRoles: ['agent'] }));
    const sent = await sendActivityReminders(db, at('2026-11-23', '20:30:00'));
    const monday = (await reminded('activity.logReminder')).filter(
      (n) => n.key === 'activity.logReminder:2026-11-23',
    );
    expect(monday.map((n) => n.userId).sort()).toEqual(
      [org.users.agent1, org.users.agent1b, org.users.agent2, org.users.agent3, orphan]
        .map((u) => u.id)
        .sort(),
    );
    expect(sent[0]!.logReminders).toBe(5);
    ok(
      await (
        await as(org.users.admin)
      ).patch('/api/activity/settings', { loggingRoles: ['agent', 'supervisor'] }),
    );
  });

  it('a log unreviewed for 24 hours reminds the nearest leader who may review, once per log', async () => {
    await db.deleteFrom('notifications').execute();
    at('2026-11-19', '10:00:00');
    const orphanLog = ok<WorkLog>(
      await (await as(orphan)).post('/api/work-logs/2026-11-19/submit', { noActivity: true }),
    );
    const reviewedLog = ok<WorkLog>(
      await (await as(org.users.agent3)).post('/api/work-logs/2026-11-19/submit', { noActivity: true }),
    );
    ok(await (await as(org.users.sup3)).post(`/api/work-logs/${reviewedLog.id}/reviews`, {}));

    // agent1's log of the 18th was submitted at 10:00 that day: due at 10:00 on the 19th.
    const first = await sendActivityReminders(db, at('2026-11-19', '10:10:00'));
    expect(first).toEqual([{ tenantId: org.tenant.id, logReminders: 0, reviewReminders: 1 }]);
    expect(await reminded('activity.reviewReminder')).toEqual([
      {
        userId: org.users.sup1.id,
        key: `activity.reviewReminder:${agentLog.id}`,
        params: expect.objectContaining({
          logId: agentLog.id,
          date: '2026-11-18',
          userId: org.users.agent1.id,
        }) as unknown,
      },
    ]);
    expect(await sendActivityReminders(db, at('2026-11-19', '10:25:00'))).toEqual([]);

    // The team without a supervisor: its department manager; a reviewed log reminds nobody.
    await sendActivityReminders(db, at('2026-11-20', '10:30:00'));
    const all = await reminded('activity.reviewReminder');
    expect(all.map((n) => [n.userId, n.params.logId])).toEqual([
      [org.users.sup1.id, agentLog.id],
      [org.users.manager1.id, orphanLog.id],
    ]);
    // Reviewed now, or older than a week: no more reminders ever.
    expect(
      (await sendActivityReminders(db, at('2026-11-28', '10:30:00'))).every((r) => r.reviewReminders === 0),
    ).toBe(true);
  });
});
