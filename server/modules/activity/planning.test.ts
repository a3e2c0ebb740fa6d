import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PlanSchema,
  SkillTrendSchema,
  StandardSchema,
  TeamPlansSchema,
  type Plan,
  type Standard,
} from '../../../contracts/activity.ts';
import type { DB } from '../../db/database.ts';
import { resetClock, setClock } from '../../lib/clock.ts';
import { loginAs, makeTestApp, type TestClient } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg, type TestUser } from '../../test/factories.ts';
import { activityConfig } from './config.service.ts';

/** Team standards, plans and their approval, skill assessments: over HTTP on both databases. */

// Wednesday 4 November 2026, 10:00 in Shanghai: the week of Monday 2 November, work month 2026-11 (26 Oct – 25 Nov).
const NOW = '2026-11-04T02:00:00.000Z';
const WEEK = '2026-11-02';
const LAST_WEEK = '2026-10-26';

forEachDialect('activity planning', (get) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  let u: TestOrg['users'];
  let types: Map<string, string>;
  const clients = new Map<string, TestClient>();
  const as = async (user: TestUser) => {
    let c = clients.get(user.username);
    if (!c) {
      c = await loginAs(app, user.username);
      clients.set(user.username, c);
    }
    return c;
  };
  const standardAudits = async () =>
    (await db.selectFrom('audit_log').select('id').where('entity', '=', 'activityStandard').execute()).length;
  const count = async (table: 'activity_plans' | 'activity_standards' | 'skill_assessments') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const notifications = (user: TestUser, kind: string) =>
    db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', user.id)
      .where('kind', '=', kind)
      .execute();

  beforeAll(async () => {
    setClock(NOW);
    db = get().db;
    org = await makeOrg(db);
    u = org.users;
    app = await makeTestApp(get());
    const cfg = await activityConfig(db, org.tenant.id);
    types = new Map(cfg.types.map((t) => [t.row.code, t.row.id]));
  });
  afterAll(async () => {
    await app.close();
    resetClock();
  });

  const t = (code: string) => types.get(code)!;

  describe('team standards', () => {
    it('defaults to 日行三访: three interviews a workday, 9 points', async () => {
      const res = await (await as(u.agent1)).get(`/api/activity/standards/${org.units.team1}`);
      expect(res.statusCode).toBe(200);
      const s = StandardSchema.parse(res.json());
      expect(s).toMatchObject({ source: 'default', inheritedFrom: null, pointsPerWorkday: 9 });
      expect(s.items).toEqual([{ typeId: t('interview'), perWorkday: 3 }]);
    });

    it('the tenant default is set by activity.configure only; audited', async () => {
      const body = {
        items: [
          { typeId: t('interview'), perWorkday: 2 },
          { typeId: t('phoneAppointment'), perWorkday: 5 },
        ],
        pointsPerWorkday: 0,
      };
      expect((await (await as(u.manager1)).put('/api/activity/standards/tenant', body)).statusCode).toBe(403);
      const admin = await as(u.admin);
      const audits = await standardAudits();
      const res = await admin.put('/api/activity/standards/tenant', body);
      expect(res.statusCode).toBe(200);
      // Points 0: the items' points, 2 × 3 + 5 × 1.
      expect(res.json<Standard>()).toMatchObject({ source: 'tenant', pointsPerWorkday: 11 });
      expect(await standardAudits()).toBe(audits + 1);
      const inherited = (
        await (await as(u.agent2)).get(`/api/activity/standards/${org.units.team2}`)
      ).json<Standard>();
      expect(inherited).toMatchObject({ source: 'tenant', inheritedFrom: null, pointsPerWorkday: 11 });
    });

    it('a unit standard is set by its leader or a leader above, and inherited below', async () => {
      const body = { items: [{ typeId: t('interview'), perWorkday: 3 }], pointsPerWorkday: 9 };
      const res = await (await as(u.manager1)).put(`/api/activity/standards/${org.units.dept1}`, body);
      expect(res.statusCode).toBe(200);
      expect(res.json<Standard>()).toMatchObject({
        scopeKey: org.units.dept1,
        source: 'unit',
        inheritedFrom: org.units.dept1,
      });
      const team = (
        await (await as(u.sup1)).get(`/api/activity/standards/${org.units.team1}`)
      ).json<Standard>();
      expect(team).toMatchObject({ source: 'unit', inheritedFrom: org.units.dept1, pointsPerWorkday: 9 });
      // The team's supervisor sets their own team's; the agent may not.
      const five = { items: [{ typeId: t('interview'), perWorkday: 5 }], pointsPerWorkday: 15 };
      expect(
        (await (await as(u.agent1)).put(`/api/activity/standards/${org.units.team1}`, five)).statusCode,
      ).toBe(403);
      expect(
        (await (await as(u.sup1)).put(`/api/activity/standards/${org.units.team1}`, five)).statusCode,
      ).toBe(200);
      // Another team, department or tenant: not found.
      expect(
        (await (await as(u.sup1)).put(`/api/activity/standards/${org.units.team2}`, five)).statusCode,
      ).toBe(404);
      expect(
        (await (await as(u.manager2)).get(`/api/activity/standards/${org.units.team1}`)).statusCode,
      ).toBe(404);
      expect(
        (await (await as(org.other.admin)).get(`/api/activity/standards/${org.units.team1}`)).statusCode,
      ).toBe(404);
    });

    it('refuses unknown and repeated types with field paths and writes nothing', async () => {
      const before = await count('activity_standards');
      const res = await (
        await as(u.admin)
      ).put(`/api/activity/standards/${org.units.team3}`, {
        items: [
          { typeId: 'nope', perWorkday: 1 },
          { typeId: t('interview'), perWorkday: 1 },
          { typeId: t('interview'), perWorkday: 2 },
        ],
        pointsPerWorkday: 3,
      });
      expect(res.statusCode).toBe(400);
      const paths = res.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path);
      expect(paths).toEqual(['body.items.0.typeId', 'body.items.2.typeId']);
      expect(await count('activity_standards')).toBe(before);
    });

    it('removing a unit standard inherits again', async () => {
      const res = await (await as(u.sup1)).delete(`/api/activity/standards/${org.units.team1}`);
      expect(res.json<Standard>()).toMatchObject({ inheritedFrom: org.units.dept1, pointsPerWorkday: 9 });
    });
  });

  describe('plans', () => {
    const url = (kind: string, period: string, userId?: string, suffix = '') =>
      `/api/activity/plans/${kind}/${period}${suffix}${userId ? `?userId=${userId}` : ''}`;

    it('an unsaved plan is pre-filled from the standard × the workdays, with sprint and challenge tiers', async () => {
      const res = await (await as(u.agent1)).get(url('week', WEEK));
      expect(res.statusCode).toBe(200);
      const p = PlanSchema.parse(res.json());
      expect(p).toMatchObject({
        status: 'none',
        id: null,
        from: '2026-11-02',
        to: '2026-11-08',
        targetPoints: 45,
        sprintPoints: 54,
        challengePoints: 67.5,
      });
      expect(p.items).toEqual([{ typeId: t('interview'), target: 15, sprint: 18, challenge: 23 }]);
      // A work month: 26 Oct – 25 Nov, 23 workdays.
      const m = (await (await as(u.agent1)).get(url('month', '2026-11'))).json<Plan>();
      expect(m).toMatchObject({ from: '2026-10-26', to: '2026-11-25', targetPoints: 207 });
    });

    it('names weeks by their Monday and months as YYYY-MM', async () => {
      const res = await (await as(u.agent1)).get(url('week', '2026-11-03'));
      expect(res.statusCode).toBe(400);
      expect(res.json<{ error: { details: { path: string }[] } }>().error.details[0]!.path).toBe(
        'params.period',
      );
      expect((await (await as(u.agent1)).get(url('month', '2026-11-02'))).statusCode).toBe(400);
    });

    it('bad items answer 400 with field paths and write nothing', async () => {
      const before = await count('activity_plans');
      const res = await (
        await as(u.agent1)
      ).put(url('week', WEEK), {
        items: [
          { typeId: 'unknown', target: 1, sprint: 1, challenge: 1 },
          { typeId: t('interview'), target: 10, sprint: 8, challenge: 12 },
        ],
      });
      expect(res.statusCode).toBe(400);
      const paths = res.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path);
      expect(paths).toEqual(['body.items.0.typeId', 'body.items.1.sprint']);
      expect(await count('activity_plans')).toBe(before);
    });

    it('the owner drafts and submits; the supervisor is told, approves with an adjustment; the owner is told', async () => {
      const agent = await as(u.agent1);
      const items = [
        { typeId: t('interview'), target: 12, sprint: 15, challenge: 18 },
        { typeId: t('phoneAppointment'), target: 20, sprint: 25, challenge: 30 },
      ];
      const saved = await agent.put(url('week', WEEK), { items, note: '本周重点老客户' });
      expect(saved.statusCode).toBe(200);
      // Points from the items: 12 × 3 + 20 × 1.
      expect(saved.json<Plan>()).toMatchObject({
        status: 'draft',
        targetPoints: 56,
        sprintPoints: 70,
        challengePoints: 84,
        note: '本周重点老客户',
      });

      const submitted = await agent.post(url('week', WEEK, undefined, '/submit'));
      expect(submitted.json<Plan>().status).toBe('submitted');
      expect(await notifications(u.sup1, 'activity.planSubmitted')).toHaveLength(1);

      // Not one's own, not someone out of scope.
      expect(
        (
          await (await as(u.sup1)).post(url('week', WEEK, u.sup1.id, '/decision'), { decision: 'approve' })
        ).json<{ error: { code: string } }>().error.code,
      ).toBe('OWN_PLAN');
      expect(
        (await (await as(u.sup2)).post(url('week', WEEK, u.agent1.id, '/decision'), { decision: 'approve' }))
          .statusCode,
      ).toBe(404);
      expect(
        (
          await (
            await as(u.agent1b)
          ).post(url('week', WEEK, u.agent1.id, '/decision'), { decision: 'approve' })
        ).statusCode,
      ).toBe(403);

      const approved = await (
        await as(u.sup1)
      ).post(url('week', WEEK, u.agent1.id, '/decision'), {
        decision: 'approve',
        comment: '面谈再加三次',
        items: [{ typeId: t('interview'), target: 15, sprint: 18, challenge: 21 }, items[1]],
      });
      expect(approved.statusCode).toBe(200);
      expect(approved.json<Plan>()).toMatchObject({
        status: 'approved',
        approvedBy: u.sup1.id,
        reviewComment: '面谈再加三次',
        targetPoints: 65,
      });
      const told = await notifications(u.agent1, 'activity.planApproved');
      expect(told).toHaveLength(1);
      expect(told[0]!.body).toBe('面谈再加三次');

      // Approved: the owner can no longer change it.
      const locked = await agent.put(url('week', WEEK), { items });
      expect(locked.statusCode).toBe(409);
      expect(locked.json<{ error: { code: string } }>().error.code).toBe('PLAN_LOCKED');
      const audits = await db
        .selectFrom('audit_log')
        .select('action')
        .where('entity', '=', 'activityPlan')
        .execute();
      expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['update', 'submit', 'approve']));
    });

    it('the supervisor returns a plan with a comment; a draft cannot be returned', async () => {
      const agent = await as(u.agent1b);
      await agent.put(url('month', '2026-11'), { items: [], targetPoints: 100 });
      const draft = await (
        await as(u.sup1)
      ).post(url('month', '2026-11', u.agent1b.id, '/decision'), { decision: 'return', comment: '太少' });
      expect(draft.json<{ error: { code: string } }>().error.code).toBe('PLAN_NOT_SUBMITTED');
      await agent.post(url('month', '2026-11', undefined, '/submit'));
      const noComment = await (
        await as(u.sup1)
      ).post(url('month', '2026-11', u.agent1b.id, '/decision'), { decision: 'return' });
      expect(noComment.statusCode).toBe(400);
      const returned = await (
        await as(u.sup1)
      ).post(url('month', '2026-11', u.agent1b.id, '/decision'), { decision: 'return', comment: '太少' });
      expect(returned.json<Plan>()).toMatchObject({
        status: 'returned',
        reviewComment: '太少',
        approvedBy: null,
        targetPoints: 100,
        sprintPoints: 120,
        challengePoints: 150,
      });
      expect(await notifications(u.agent1b, 'activity.planReturned')).toHaveLength(1);
      // The owner revises: back to draft.
      expect(
        (await agent.put(url('month', '2026-11'), { items: [], targetPoints: 180 })).json<Plan>().status,
      ).toBe('draft');
    });

    it('a supervisor adjusting someone’s plan keeps its state and tells the owner', async () => {
      const res = await (
        await as(u.sup1)
      ).put(url('month', '2026-11', u.agent1b.id), { items: [], targetPoints: 200 });
      expect(res.json<Plan>()).toMatchObject({ status: 'draft', targetPoints: 200, sprintPoints: 240 });
      expect(await notifications(u.agent1b, 'activity.planAdjusted')).toHaveLength(1);
    });

    it('a period that has ended cannot be changed or submitted by its owner', async () => {
      const res = await (await as(u.agent2)).put(url('week', LAST_WEEK), { items: [] });
      expect(res.statusCode).toBe(409);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('PLAN_PERIOD_ENDED');
      expect((await (await as(u.agent2)).post(url('week', LAST_WEEK, undefined, '/submit'))).statusCode).toBe(
        409,
      );
    });

    it('plans are read by the owner and by readers in scope only', async () => {
      expect((await (await as(u.sup1)).get(url('week', WEEK, u.agent1.id))).json<Plan>().status).toBe(
        'approved',
      );
      expect((await (await as(u.manager1)).get(url('week', WEEK, u.agent1.id))).statusCode).toBe(200);
      expect((await (await as(u.agent1b)).get(url('week', WEEK, u.agent1.id))).statusCode).toBe(403);
      expect((await (await as(u.sup2)).get(url('week', WEEK, u.agent1.id))).statusCode).toBe(404);
      expect((await (await as(u.manager2)).get(url('week', WEEK, u.agent1.id))).statusCode).toBe(404);
      expect((await (await as(org.other.admin)).get(url('week', WEEK, u.agent1.id))).statusCode).toBe(404);
    });

    it("the team's plans: a row per active member, those without one pre-filled", async () => {
      const res = await (
        await as(u.sup1)
      ).get(`/api/activity/plans?unitId=${org.units.team1}&kind=week&period=${WEEK}`);
      expect(res.statusCode).toBe(200);
      const team = TeamPlansSchema.parse(res.json());
      const byUser = new Map(team.items.map((p) => [p.userId, p]));
      expect([...byUser.keys()].sort()).toEqual([u.sup1.id, u.agent1.id, u.agent1b.id].sort());
      expect(byUser.get(u.agent1.id)!.status).toBe('approved');
      expect(byUser.get(u.agent1b.id)).toMatchObject({ status: 'none', targetPoints: 45, actualPoints: 0 });
      expect(
        (
          await (
            await as(u.sup2)
          ).get(`/api/activity/plans?unitId=${org.units.team1}&kind=week&period=${WEEK}`)
        ).statusCode,
      ).toBe(404);
      expect(
        (
          await (
            await as(u.agent1)
          ).get(`/api/activity/plans?unitId=${org.units.team1}&kind=week&period=${WEEK}`)
        ).statusCode,
      ).toBe(403);
    });
  });

  describe('skills', () => {
    const ratings = (n: number) => ({
      approach: n,
      factFinding: n,
      presentation: n,
      objectionHandling: n,
      closing: n,
      referral: n,
    });

    it('self-rating, the supervisor beside it, and the trend oldest first', async () => {
      const agent = await as(u.agent1);
      expect((await agent.put('/api/activity/skills/2026-10', { ratings: ratings(2) })).statusCode).toBe(200);
      expect(
        (await agent.put('/api/activity/skills/2026-11', { ratings: ratings(3), note: '促成还弱' }))
          .statusCode,
      ).toBe(200);
      const sup = await (
        await as(u.sup1)
      ).put(`/api/activity/skills/2026-11?userId=${u.agent1.id}`, { ratings: ratings(4) });
      expect(sup.statusCode).toBe(200);
      const trend = SkillTrendSchema.parse((await agent.get('/api/activity/skills?months=6')).json());
      expect(trend.map((s) => s.period)).toEqual(['2026-10', '2026-11']);
      expect(trend[1]).toMatchObject({ self: ratings(3), selfNote: '促成还弱', supervisor: ratings(4) });
      expect(trend[1]!.supervisorName).toBeTruthy();
      const byManager = await (await as(u.manager1)).get(`/api/activity/skills?userId=${u.agent1.id}`);
      expect(byManager.json<unknown[]>()).toHaveLength(2);
    });

    it('refuses a month ahead, ratings out of range, and people out of scope; writes nothing', async () => {
      const before = await count('skill_assessments');
      const ahead = await (await as(u.agent1)).put('/api/activity/skills/2026-12', { ratings: ratings(3) });
      expect(ahead.statusCode).toBe(400);
      const bad = await (
        await as(u.agent1)
      ).put('/api/activity/skills/2026-11', { ratings: { ...ratings(3), closing: 6 } });
      expect(bad.statusCode).toBe(400);
      expect(
        (
          await (
            await as(u.agent1b)
          ).put(`/api/activity/skills/2026-11?userId=${u.agent1.id}`, { ratings: ratings(1) })
        ).statusCode,
      ).toBe(403);
      expect(
        (
          await (
            await as(u.sup2)
          ).put(`/api/activity/skills/2026-11?userId=${u.agent1.id}`, { ratings: ratings(1) })
        ).statusCode,
      ).toBe(404);
      expect(
        (await (await as(org.other.admin)).get(`/api/activity/skills?userId=${u.agent1.id}`)).statusCode,
      ).toBe(404);
      expect(await count('skill_assessments')).toBe(before);
    });
  });
});
