import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Coaching, WorkLog } from '../../../contracts/activity.ts';
import type { Page } from '../../../contracts/common.ts';
import type { DB } from '../../db/database.ts';
import { resetClock, setClock } from '../../lib/clock.ts';
import { makeTestApp } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg } from '../../test/factories.ts';
import {
  auditOf,
  clientsOf,
  detailsOf,
  errorOf,
  notificationsOf,
  ok,
  shanghai,
  writeCounts,
} from './recording.test-helpers.ts';

const TODAY = '2026-11-18';

forEachDialect('coaching', (get) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  const as = clientsOf(() => app);
  let record: Coaching;

  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    app = await makeTestApp(get());
    setClock(shanghai(TODAY));
  });
  afterAll(() => app.close());
  afterEach(() => setClock(shanghai(TODAY)));
  afterAll(() => resetClock());

  const body = (userId: string, extra: object = {}) => ({
    userId,
    topic: '促成话术',
    agreed: '每天练习两遍异议处理，周五再演练',
    followUpDate: '2026-11-20',
    ...extra,
  });

  it('the supervisor records coaching of a person of their team, on a log of theirs; the person is told', async () => {
    const log = ok<WorkLog>(
      await (await as(org.users.agent1)).post(`/api/work-logs/${TODAY}/submit`, { noActivity: true }),
    );
    record = ok<Coaching>(
      await (await as(org.users.sup1)).post('/api/coaching', body(org.users.agent1.id, { logId: log.id })),
      201,
    );
    expect(record).toMatchObject({
      userId: org.users.agent1.id,
      coachId: org.users.sup1.id,
      coachName: `测试${org.users.sup1.username}`,
      logId: log.id,
      date: TODAY,
      topic: '促成话术',
      followUpDate: '2026-11-20',
      reply: null,
      followedUpAt: null,
    });
    const told = await notificationsOf(db, org.users.agent1.id, 'activity.coaching');
    expect(told).toHaveLength(1);
    expect(JSON.parse(told[0]!.params_json!)).toMatchObject({ coachingId: record.id });
    expect((await auditOf(db, 'coaching', record.id)).map((a) => a.action)).toEqual(['create']);
  });

  it('only a reviewer, only for someone else in their scope; bad input writes nothing', async () => {
    for (const u of [org.users.agent1b, org.users.sup1, org.users.sup2, org.users.staff1]) await as(u);
    const before = await writeCounts(db);
    expect(
      errorOf(await (await as(org.users.agent1b)).post('/api/coaching', body(org.users.agent1.id))),
    ).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(
      errorOf(await (await as(org.users.staff1)).post('/api/coaching', body(org.users.agent1.id))),
    ).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(
      errorOf(await (await as(org.users.sup2)).post('/api/coaching', body(org.users.agent1.id))),
    ).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(errorOf(await (await as(org.users.sup1)).post('/api/coaching', body(org.other.agent.id)))).toEqual(
      { status: 404, code: 'NOT_FOUND' },
    );
    expect(errorOf(await (await as(org.users.sup1)).post('/api/coaching', body(org.users.sup1.id)))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    const bad = await (
      await as(org.users.sup1)
    ).post('/api/coaching', { userId: org.users.agent1.id, topic: '', followUpDate: '2026-13-01' });
    expect(errorOf(bad)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(
      detailsOf(bad)
        .map((d) => d.path)
        .sort(),
    ).toEqual(['body.agreed', 'body.topic']);
    const badDate = await (
      await as(org.users.sup1)
    ).post('/api/coaching', body(org.users.agent1.id, { followUpDate: '2026-02-30' }));
    expect(detailsOf(badDate)).toMatchObject([{ path: 'body.followUpDate', code: 'invalidDate' }]);
    const otherLog = ok<WorkLog>(
      await (await as(org.users.agent1b)).post(`/api/work-logs/${TODAY}/submit`, { noActivity: true }),
    );
    const mid = await writeCounts(db);
    const wrongLog = await (
      await as(org.users.sup1)
    ).post('/api/coaching', body(org.users.agent1.id, { logId: otherLog.id }));
    expect(detailsOf(wrongLog)).toMatchObject([{ path: 'body.logId', code: 'unknown' }]);
    expect(await writeCounts(db)).toEqual(mid);
    expect(before.coaching_records).toBe(mid.coaching_records);
  });

  it('the person, the coach and those above read it; a peer, another team and another tenant get 404', async () => {
    for (const u of [org.users.agent1, org.users.sup1, org.users.manager1, org.users.admin]) {
      expect(ok<Coaching>(await (await as(u)).get(`/api/coaching/${record.id}`)).id, u.username).toBe(
        record.id,
      );
      expect(
        ok<Page<Coaching>>(await (await as(u)).get('/api/coaching')).items.map((c) => c.id),
        u.username,
      ).toContain(record.id);
    }
    for (const u of [org.users.agent1b, org.users.sup2, org.users.manager2, org.other.admin]) {
      expect(errorOf(await (await as(u)).get(`/api/coaching/${record.id}`)), u.username).toEqual({
        status: 404,
        code: 'NOT_FOUND',
      });
      expect(
        ok<Page<Coaching>>(await (await as(u)).get('/api/coaching')).items.map((c) => c.id),
        u.username,
      ).not.toContain(record.id);
    }
    const filtered = ok<Page<Coaching>>(
      await (await as(org.users.manager1)).get(`/api/coaching?unitId=${org.units.team2}`),
    );
    expect(filtered.items).toEqual([]);
    const byPerson = ok<Page<Coaching>>(
      await (
        await as(org.users.manager1)
      ).get(`/api/coaching?userId=${org.users.agent1.id}&from=${TODAY}&to=${TODAY}`),
    );
    expect(byPerson.items.map((c) => c.id)).toEqual([record.id]);
  });

  it('the person only answers (the coach is told); the coach edits and marks the follow-up; nobody else changes it', async () => {
    setClock(shanghai(TODAY, '12:00:00'));
    for (const u of [org.users.agent1, org.users.agent1b, org.users.sup1, org.users.manager1]) await as(u);
    const before = await writeCounts(db);
    expect(
      errorOf(await (await as(org.users.agent1)).patch(`/api/coaching/${record.id}`, { topic: '改题目' })),
    ).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(
      errorOf(await (await as(org.users.sup1)).patch(`/api/coaching/${record.id}`, { reply: '代答' })),
    ).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(
      errorOf(await (await as(org.users.manager1)).patch(`/api/coaching/${record.id}`, { agreed: '改' })),
    ).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(
      errorOf(await (await as(org.users.agent1b)).patch(`/api/coaching/${record.id}`, { reply: '路过' }))
        .status,
    ).toBe(404);
    expect(await writeCounts(db)).toEqual(before);

    const replied = ok<Coaching>(
      await (await as(org.users.agent1)).patch(`/api/coaching/${record.id}`, { reply: '收到，周五演练' }),
    );
    expect(replied.reply).toBe('收到，周五演练');
    expect(replied.repliedAt).not.toBeNull();
    expect(
      (await notificationsOf(db, org.users.sup1.id, 'activity.coachingReplied')).map((n) => n.body),
    ).toEqual(['收到，周五演练']);

    setClock(shanghai('2026-11-20', '17:00:00'));
    const done = ok<Coaching>(
      await (
        await as(org.users.sup1)
      ).patch(`/api/coaching/${record.id}`, { followedUp: true, agreed: '已演练，下周实战' }),
    );
    expect(done).toMatchObject({ agreed: '已演练，下周实战', reply: '收到，周五演练' });
    expect(done.followedUpAt?.startsWith('2026-11-20T09:00')).toBe(true);
    const undone = ok<Coaching>(
      await (
        await as(org.users.sup1)
      ).patch(`/api/coaching/${record.id}`, { followedUp: false, followUpDate: null }),
    );
    expect([undone.followedUpAt, undone.followUpDate]).toEqual([null, null]);
    expect((await auditOf(db, 'coaching', record.id)).map((a) => a.action)).toEqual([
      'create',
      'reply',
      'update',
      'update',
    ]);
  });
});
