import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ActivityTrendSchema,
  completeLeanRow,
  LeaderboardSchema,
  SummarySchema,
  type LeanSummaryRow,
  type Leaderboard,
  type Summary,
  type SummaryRow,
} from '../../../contracts/activity.ts';
import type { DB } from '../../db/database.ts';
import { advanceClock, resetClock, setClock } from '../../lib/clock.ts';
import { loginAs, makeTestApp, type TestClient } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, makeUser, type TestOrg, type TestUser } from '../../test/factories.ts';
import { addActivities, addActivity, addLog, ctxAs } from './figures.fixtures.ts';
import { FIGURES_CACHE_MS, clearFiguresCache, figuresCacheIdle } from './figures.cache.ts';
import { readerStats } from './figures.reader.ts';
import { applyActivity } from './rollup.repository.ts';
import { computeSummary, computeSummaryFromRaw, type SummaryQuery } from './summary.service.ts';

/**
 * The reading side over HTTP on both databases: the summary (plan vs actual over a work month and
 * over a calendar month, funnel ratios and weakest steps, rates, units, scope, export), the same
 * figures computed from the raw rows, the trend and the leaderboards.
 */

// Friday 27 November 2026, 10:00 in Shanghai. Work month 2026-11 is 26 Oct – 25 Nov (23 workdays).
const NOW = '2026-11-27T02:00:00.000Z';

interface ErrorBody {
  error: { code: string; details?: { path: string }[] };
}

forEachDialect('activity figures', (get, dialect) => {
  let app: FastifyInstance;
  let db: DB;
  let org: TestOrg;
  let u: TestOrg['users'];
  let mover: TestUser;
  const clients = new Map<string, TestClient>();
  const as = async (user: TestUser) => {
    let c = clients.get(user.username);
    if (!c) {
      c = await loginAs(app, user.username);
      clients.set(user.username, c);
    }
    return c;
  };
  const summary = async (user: TestUser, query: string): Promise<Summary> => {
    const res = await (await as(user)).get(`/api/activity/summary?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return SummarySchema.parse(res.json());
  };
  const rowOf = (s: Summary, id: string): SummaryRow => {
    const r = s.rows.find((x) => x.id === id);
    if (!r) throw new Error(`no row ${id}`);
    return r;
  };
  const month = (unitId: string, extra = '') => `unitId=${unitId}&period=month&date=2026-11-10${extra}`;

  beforeAll(async () => {
    setClock(NOW);
    db = get().db;
    org = await makeOrg(db);
    u = org.users;
    // Moved from team 1 to team 2 during the work month: earlier rows stay filed under team 1.
    mover = await makeUser(db, org.tenant, org.units.team2, 'agent');
    const names: [TestUser, string][] = [
      [u.agent1, 'A1 张三'],
      [u.agent1b, 'A2 李四'],
      [u.sup1, 'S1 赵主管'],
      [mover, 'M0 调动'],
      [u.agent2, 'B1 王五'],
      [u.sup2, 'S2 钱主管'],
    ];
    for (const [user, name] of names)
      await db.updateTable('users').set({ display_name: name }).where('id', '=', user.id).execute();
    app = await makeTestApp(get());

    // agent1: the funnel 10 → 5 → 2 → 1 → 1 over the work month, and an interview the day after it.
    await addActivities(db, u.agent1, 'phoneAppointment', '2026-10-27', 4);
    await addActivities(db, u.agent1, 'interview', '2026-10-27', 2, { prospectName: '王先生' });
    await addActivities(db, u.agent1, 'phoneAppointment', '2026-11-03', 6);
    await addActivities(db, u.agent1, 'interview', '2026-11-03', 3);
    await addActivities(db, u.agent1, 'proposal', '2026-11-03', 2);
    await addActivity(db, u.agent1, { type: 'closing', date: '2026-11-03' });
    await addActivity(db, u.agent1, { type: 'sale', date: '2026-11-03', premiumFen: 500_000 });
    await addActivity(db, u.agent1, { type: 'interview', date: '2026-11-26' });
    // agent1b: 10 → 2 → 2 → 2 → 1.
    await addActivities(db, u.agent1b, 'phoneAppointment', '2026-11-04', 10);
    await addActivities(db, u.agent1b, 'interview', '2026-11-04', 2);
    await addActivities(db, u.agent1b, 'proposal', '2026-11-04', 2);
    await addActivities(db, u.agent1b, 'closing', '2026-11-04', 2);
    await addActivity(db, u.agent1b, { type: 'sale', date: '2026-11-04', premiumFen: 300_000 });
    // The mover: after-sales service (outside the funnel) under team 1, then under team 2.
    await addActivities(db, mover, 'service', '2026-10-28', 2, { unitId: org.units.team1 });
    await addActivity(db, mover, { type: 'service', date: '2026-11-10' });
    // Team 2: a tie between agent2 and its supervisor.
    await addActivities(db, u.agent2, 'interview', '2026-11-05', 3);
    await addActivities(db, u.sup2, 'interview', '2026-11-06', 3);
    await addActivity(db, u.agent3, { type: 'interview', date: '2026-11-05' });

    // agent1's logs: reviewed in 2 h, reviewed after 30 h, and one of a Saturday never reviewed.
    await addLog(db, u.agent1, {
      date: '2026-10-27',
      submittedAt: '2026-10-27T12:00:00.000Z',
      reviewedAt: '2026-10-27T14:00:00.000Z',
      reviewer: u.sup1,
    });
    await addLog(db, u.agent1, {
      date: '2026-11-03',
      submittedAt: '2026-11-03T12:00:00.000Z',
      reviewedAt: '2026-11-04T18:00:00.000Z',
      reviewer: u.sup1,
    });
    await addLog(db, u.agent1, { date: '2026-11-07', submittedAt: '2026-11-07T12:00:00.000Z' });

    // agent1's work month plan, approved by the supervisor: 69 points.
    const res = await (
      await as(u.sup1)
    ).post(`/api/activity/plans/month/2026-11/decision?userId=${u.agent1.id}`, {
      decision: 'approve',
      items: [
        {
          typeId: (
            await db
              .selectFrom('activity_types')
              .select('id')
              .where('tenant_id', '=', org.tenant.id)
              .where('code', '=', 'interview')
              .executeTakeFirstOrThrow()
          ).id,
          target: 23,
          sprint: 28,
          challenge: 35,
        },
      ],
      targetPoints: 69,
    });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(async () => {
    await app.close();
    resetClock();
  });

  describe('summary', () => {
    it('plan vs actual over a work month: the approved plan, else the standard × workdays', async () => {
      const s = await summary(u.sup1, month(org.units.team1));
      expect(s).toMatchObject({ from: '2026-10-26', to: '2026-11-25', total: 4 });
      const a1 = rowOf(s, u.agent1.id);
      expect(a1).toMatchObject({
        kind: 'person',
        name: 'A1 张三',
        activities: 19,
        points: 41,
        plannedPoints: 69,
        premiumFen: 500_000,
      });
      // Ratios go out to four decimal places: 41 / 69 = 0.59420…
      expect(a1.achievement).toBe(0.5942);
      // No plan: 日行三访, 9 points × 23 workdays.
      expect(rowOf(s, u.agent1b.id)).toMatchObject({ points: 37, plannedPoints: 207 });
      expect(rowOf(s, u.sup1.id)).toMatchObject({
        activities: 0,
        points: 0,
        plannedPoints: 207,
        achievement: 0,
        weakestStep: null,
      });
      // The mover counts in team 1 for the days filed there; planned by their standard.
      expect(rowOf(s, mover.id)).toMatchObject({ activities: 2, points: 4, plannedPoints: 207 });
      expect(a1.byType).toMatchObject({
        [Object.keys(a1.byType).find((k) => a1.byType[k]!.planned === 23)!]: { done: 5, planned: 23 },
      });
      expect(s.totals).toMatchObject({
        people: 4,
        activePeople: 3,
        activityRate: 0.75,
        activities: 38,
        points: 82,
        plannedPoints: 690,
      });
      expect(s.totals.pointsPerPerson).toBe(20.5);
    });

    it('plan vs actual over a calendar month that the work month crosses', async () => {
      const s = await summary(
        u.sup1,
        `unitId=${org.units.team1}&period=custom&from=2026-11-01&to=2026-11-30`,
      );
      // 18 of the plan's 23 workdays fall in November (69 × 18/23 = 54), then 26, 27 and 30 November by the standard.
      expect(rowOf(s, u.agent1.id)).toMatchObject({ points: 34, plannedPoints: 54 + 27 });
      expect(rowOf(s, u.agent1b.id)).toMatchObject({ plannedPoints: 9 * 21 });
    });

    it('funnel, ratios and the weakest step against the team', async () => {
      const s = await summary(u.sup1, month(org.units.team1));
      expect(s.totals.funnel).toEqual({ contact: 20, interview: 7, proposal: 4, closing: 3, sale: 2 });
      // 7 / 20, 4 / 7, 3 / 4, 2 / 3 to four places.
      expect(s.totals.funnelRatios).toEqual([0.35, 0.5714, 0.75, 0.6667]);
      const a1 = rowOf(s, u.agent1.id);
      expect(a1.funnel).toEqual({ contact: 10, interview: 5, proposal: 2, closing: 1, sale: 1 });
      expect(a1.funnelRatios).toEqual([0.5, 0.4, 0.5, 1]);
      // 40 % against the team's 57 % (30 % short) vs 50 % against 75 % (33 % short): the proposal step.
      expect(a1.weakestStep).toBe(2);
      expect(rowOf(s, u.agent1b.id).weakestStep).toBe(0);
    });

    it('log submission over workdays up to today, and review within 24 hours', async () => {
      const s = await summary(u.sup1, month(org.units.team1));
      const a1 = rowOf(s, u.agent1.id);
      expect(a1).toMatchObject({ workdays: 23, logsSubmitted: 3, logsReviewed: 2, logsReviewedIn24h: 1 });
      // The Saturday's log is not a workday's.
      // 2 / 23 = 0.08695…, 1 / 3 to four places.
      expect(a1.submissionRate).toBe(0.087);
      expect(a1.reviewRate).toBe(0.3333);
      expect(s.totals.workdays).toBe(4 * 23);
      // This week so far: Monday to Friday.
      const week = await summary(u.sup1, `unitId=${org.units.team1}&period=week`);
      expect(week).toMatchObject({ from: '2026-11-23', to: '2026-11-29' });
      expect(rowOf(week, u.agent1.id)).toMatchObject({ workdays: 5, submissionRate: 0, reviewRate: null });
    });

    it('sorts, searches and pages on the server', async () => {
      const byPoints = await summary(u.sup1, month(org.units.team1, '&sort=-points&pageSize=2'));
      expect(byPoints.rows.map((r) => r.id)).toEqual([u.agent1.id, u.agent1b.id]);
      expect(byPoints.total).toBe(4);
      const page2 = await summary(u.sup1, month(org.units.team1, '&sort=-points&pageSize=2&page=2'));
      expect(page2.rows.map((r) => r.id)).toEqual([mover.id, u.sup1.id]);
      const byName = await summary(u.sup1, month(org.units.team1));
      expect(byName.rows.map((r) => r.name)).toEqual(['A1 张三', 'A2 李四', 'M0 调动', 'S1 赵主管']);
      const found = await summary(u.sup1, month(org.units.team1, '&q=%E6%9D%8E'));
      expect(found.rows.map((r) => r.id)).toEqual([u.agent1b.id]);
      expect(found.total).toBe(1);
      // Unknown rates sort last both ways.
      const review = await summary(u.sup1, month(org.units.team1, '&sort=-reviewRate'));
      expect(review.rows[0]!.id).toBe(u.agent1.id);
      const bad = await (
        await as(u.sup1)
      ).get(`/api/activity/summary?${month(org.units.team1, '&sort=bogus')}`);
      expect(bad.statusCode).toBe(400);
      expect(bad.json<ErrorBody>().error.details![0]!.path).toBe('query.sort');
    });

    it('rows per child unit: a mover counts where each day was filed', async () => {
      const s = await summary(u.manager1, month(org.units.dept1, '&rows=units'));
      expect(s.rows.map((r) => r.id).sort()).toEqual([org.units.team1, org.units.team2].sort());
      const t1 = rowOf(s, org.units.team1);
      const t2 = rowOf(s, org.units.team2);
      expect(t1).toMatchObject({ kind: 'unit', people: 4, activePeople: 3, activities: 38, points: 82 });
      // Team 2: its supervisor, agent2 and the mover (whose plan and workdays follow their last day, in team 2).
      expect(t2).toMatchObject({
        people: 3,
        activePeople: 3,
        activities: 7,
        points: 20,
        plannedPoints: 3 * 207,
      });
      expect(t1.plannedPoints).toBe(69 + 207 + 207);
      expect(s.totals).toMatchObject({
        people: 6,
        activePeople: 5,
        activities: 45,
        points: 102,
        plannedPoints: 69 + 5 * 207,
      });
    });

    it('scope: another team, department or tenant is not found; agents may not read summaries', async () => {
      const expectStatus = async (user: TestUser, query: string, status: number) =>
        expect((await (await as(user)).get(`/api/activity/summary?${query}`)).statusCode).toBe(status);
      await expectStatus(u.sup1, month(org.units.team2), 404);
      await expectStatus(u.sup1, month(org.units.dept1), 404);
      await expectStatus(u.manager2, month(org.units.dept1), 404);
      await expectStatus(u.manager2, month(org.units.team1), 404);
      await expectStatus(org.other.admin, month(org.units.team1), 404);
      await expectStatus(u.agent1, month(org.units.team1), 403);
      await expectStatus(u.staff1, month(org.units.dept1), 200);
      await expectStatus(u.exec, month(org.units.branch, '&rows=units'), 200);
    });

    it('bad periods answer 400 with the field', async () => {
      const res = await (
        await as(u.sup1)
      ).get(`/api/activity/summary?unitId=${org.units.team1}&period=custom&from=2026-11-10`);
      expect(res.statusCode).toBe(400);
      expect(res.json<ErrorBody>().error.details!.map((d) => d.path)).toEqual(['query.to']);
      const order = await (
        await as(u.sup1)
      ).get(`/api/activity/summary?unitId=${org.units.team1}&period=custom&from=2026-11-10&to=2026-11-01`);
      expect(order.statusCode).toBe(400);
    });

    it('a write of a day in the period refreshes the cached answer', async () => {
      const before = await summary(u.sup1, month(org.units.team1));
      const extra = await addActivity(db, u.agent1b, { type: 'interview', date: '2026-11-05' });
      // Within the age bound the stale answer is served while one recomputation runs (once it is
      // old enough to be refreshed); then the fresh answer.
      advanceClock(FIGURES_CACHE_MS / 2);
      await summary(u.sup1, month(org.units.team1));
      await figuresCacheIdle();
      const after = await summary(u.sup1, month(org.units.team1));
      expect(after.totals.points).toBe(before.totals.points + 3);
      // A day outside the period leaves it alone; undo the extra activity.
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('activities').where('id', '=', extra.id).execute();
        await applyActivity(tx, extra, -1);
      });
      advanceClock(FIGURES_CACHE_MS / 2);
      await summary(u.sup1, month(org.units.team1));
      await figuresCacheIdle();
      expect((await summary(u.sup1, month(org.units.team1))).totals.points).toBe(before.totals.points);
      setClock(NOW);
    });

    it('exports every row and a totals row to .xlsx; audited', async () => {
      const res: LightMyRequestResponse = await (
        await as(u.manager1)
      ).get(`/api/activity/summary/export?${month(org.units.team1, '&sort=-points&lang=zh-CN')}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      const rows: unknown[][] = [];
      ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      expect(rows[0]!.slice(0, 3)).toEqual(['姓名', '团队', '人数']);
      expect(rows).toHaveLength(1 + 4 + 1);
      expect(rows[1]![0]).toBe('A1 张三');
      expect(rows[5]![0]).toBe('合计');
      const audit = await db
        .selectFrom('audit_log')
        .select('action')
        .where('entity', '=', 'activitySummaryExport')
        .execute();
      expect(audit).toHaveLength(1);
    });
  });

  describe('rollups and raw rows agree', () => {
    it('on generated data, the summary from the rollups equals the one computed from activities and logs', async () => {
      // Random activity for team 3 and a few more people over the work month and beyond, some
      // deleted again, logs with reviews at random delays, one person filed under two teams.
      let seed = 42;
      const rand = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % n;
      };
      const extra = [
        u.agent3,
        u.sup3,
        await makeUser(db, org.tenant, org.units.team3, 'agent'),
        await makeUser(db, org.tenant, org.units.team3, 'agent'),
      ];
      const codes = [
        'phoneAppointment',
        'messageOneWay',
        'interview',
        'needsAnalysis',
        'proposal',
        'closing',
        'sale',
        'service',
        'referral',
      ];
      const day = (i: number) => new Date(Date.UTC(2026, 9, 20 + i)).toISOString().slice(0, 10);
      for (let i = 0; i < 160; i++) {
        const who = extra[rand(extra.length)]!;
        const date = day(rand(40));
        const type = codes[rand(codes.length)]!;
        const unitId = who === extra[3] && date < '2026-11-10' ? org.units.team2 : who.unitId;
        const a = await addActivity(db, who, {
          type,
          date,
          unitId,
          ...(type === 'sale' ? { premiumFen: 1000 * (1 + rand(500)) } : {}),
        });
        if (rand(7) === 0) {
          await db.transaction().execute(async (tx) => {
            await tx.deleteFrom('activities').where('id', '=', a.id).execute();
            await applyActivity(tx, a, -1);
          });
        }
      }
      for (const who of extra) {
        for (let i = 0; i < 40; i += 1 + rand(3)) {
          const date = day(i);
          const submitted = new Date(`${date}T12:00:00.000Z`);
          const delayH = rand(4) === 0 ? null : rand(48);
          await addLog(db, who, {
            date,
            submittedAt: submitted.toISOString(),
            ...(delayH === null
              ? {}
              : {
                  reviewedAt: new Date(submitted.getTime() + delayH * 3_600_000).toISOString(),
                  reviewer: u.sup3,
                }),
          });
        }
      }
      const queries: Partial<SummaryQuery>[] = [
        { unitId: org.units.team3, period: 'month', date: '2026-11-10', rows: 'people' },
        { unitId: org.units.dept2, period: 'month', date: '2026-11-10', rows: 'units' },
        { unitId: org.units.dept1, period: 'custom', from: '2026-11-01', to: '2026-11-30', rows: 'people' },
        { unitId: org.tenant.rootUnitId, period: 'quarter', date: '2026-11-10', rows: 'units' },
        {
          unitId: org.units.branch,
          period: 'custom',
          from: '2026-10-20',
          to: '2026-11-28',
          rows: 'people',
          sort: '-points',
        },
      ];
      const ctx = await ctxAs(db, u.admin);
      for (const q of queries) {
        const full = { page: 1, pageSize: 1000, period: 'month', rows: 'people', ...q } as SummaryQuery;
        const fromRollups = await computeSummary(ctx, full);
        const fromRaw = await computeSummaryFromRaw(ctx, full);
        expect(fromRollups.rows.length).toBeGreaterThan(0);
        expect(fromRaw).toEqual(fromRollups);
      }
      // On SQLite the sums were read by the reader thread, none fell back to the event loop.
      if (dialect === 'sqlite') expect(readerStats).toMatchObject({ fallback: 0 });
      if (dialect === 'sqlite') expect(readerStats.inWorker).toBeGreaterThan(0);
      // The cached answer over HTTP is the same as one computed afresh.
      clearFiguresCache();
      const served = await summary(
        u.admin,
        `unitId=${org.units.team3}&period=month&date=2026-11-10&pageSize=1000`,
      );
      const computed = await computeSummary(ctx, {
        unitId: org.units.team3,
        period: 'month',
        date: '2026-11-10',
        rows: 'people',
        page: 1,
        pageSize: 1000,
        form: 'full',
      });
      expect(served).toEqual(computed);
      // The lean form: rows without their counts per type and the ratios that follow from their
      // counts, which completeLeanRow puts back exactly.
      const leanRes = await (await as(u.admin)).get(
        `/api/activity/summary?unitId=${org.units.team3}&period=month&date=2026-11-10&pageSize=1000&form=lean`,
      );
      const lean = leanRes.json<Omit<Summary, 'rows'> & { rows: LeanSummaryRow[] }>();
      expect(computed.rows.some((r) => Object.keys(r.byType).length > 0)).toBe(true);
      expect(computed.rows.some((r) => r.achievement !== null && r.reviewRate !== null)).toBe(true);
      expect(lean.rows.every((r) => !('achievement' in r) && !('funnelRatios' in r) && !('reviewRate' in r))).toBe(true);
      expect({ ...lean, rows: lean.rows.map(completeLeanRow) }).toEqual({
        ...computed,
        rows: computed.rows.map((r) => ({ ...r, byType: {} })),
      });
    });
  });

  describe('trend', () => {
    it("a person's points and planned points per work month, oldest first", async () => {
      const res = await (await as(u.agent1)).get('/api/activity/trend?grain=month');
      expect(res.statusCode).toBe(200);
      const trend = ActivityTrendSchema.parse(res.json());
      expect(trend.map((t) => t.period)).toEqual([
        '2026-07',
        '2026-08',
        '2026-09',
        '2026-10',
        '2026-11',
        '2026-12',
      ]);
      expect(trend[4]).toMatchObject({
        from: '2026-10-26',
        to: '2026-11-25',
        activities: 19,
        points: 41,
        plannedPoints: 69,
      });
      expect(trend[5]).toMatchObject({ activities: 1, points: 3 });
      expect((await (await as(u.sup1)).get(`/api/activity/trend?userId=${u.agent1.id}`)).statusCode).toBe(
        200,
      );
      expect((await (await as(u.agent1b)).get(`/api/activity/trend?userId=${u.agent1.id}`)).statusCode).toBe(
        403,
      );
      expect((await (await as(u.sup2)).get(`/api/activity/trend?userId=${u.agent1.id}`)).statusCode).toBe(
        404,
      );
    });

    it("a unit's points per week", async () => {
      const res = await (await as(u.sup1)).get(`/api/activity/trend?unitId=${org.units.team1}&grain=week`);
      const trend = ActivityTrendSchema.parse(res.json());
      expect(trend).toHaveLength(12);
      expect(trend[11]!.period).toBe('2026-11-23');
      const w = trend.find((t) => t.period === '2026-11-02')!;
      expect(w).toMatchObject({ activities: 13 + 17, points: 31 + 37 });
      // agent1's approved month plan spread over its workdays (5 of 23), the others 日行三访.
      expect(w.plannedPoints).toBe(15 + 3 * 45);
      expect((await (await as(u.sup2)).get(`/api/activity/trend?unitId=${org.units.team1}`)).statusCode).toBe(
        404,
      );
    });
  });

  describe('leaderboard', () => {
    const board = async (user: TestUser, query: string): Promise<Leaderboard> => {
      const res = await (await as(user)).get(`/api/activity/leaderboard?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return LeaderboardSchema.parse(res.json());
    };

    it("ranks the team's week by points; `me` for a reader beyond the rows", async () => {
      const b = await board(u.agent1, 'period=week&date=2026-11-03');
      expect(b).toMatchObject({
        unitId: org.units.team1,
        from: '2026-11-02',
        to: '2026-11-08',
        by: 'points',
      });
      expect(b.rows.map((r) => [r.rank, r.userName, r.points])).toEqual([
        [1, 'A2 李四', 37],
        [2, 'A1 张三', 31],
      ]);
      expect(b.me).toBeNull();
      const top1 = await board(u.agent1, 'period=week&date=2026-11-03&limit=1');
      expect(top1.rows).toHaveLength(1);
      expect(top1.me).toEqual({ rank: 2, points: 31, sales: 1 });
      // The supervisor with nothing logged that week is ranked last, not listed.
      expect((await board(u.sup1, 'period=week&date=2026-11-03')).me).toEqual({
        rank: 3,
        points: 0,
        sales: 0,
      });
    });

    it('by sales, ties broken by premium; equal scores share a rank', async () => {
      const sales = await board(u.agent1, 'period=month&date=2026-11-10&by=sales');
      expect(sales.rows.map((r) => [r.rank, r.userName, r.sales, r.premiumFen])).toEqual([
        [1, 'A1 张三', 1, 500_000],
        [2, 'A2 李四', 1, 300_000],
      ]);
      const team2 = await board(u.agent2, 'period=month&date=2026-11-10');
      expect(team2.rows.map((r) => [r.rank, r.userName, r.points])).toEqual([
        [1, 'B1 王五', 9],
        [1, 'S2 钱主管', 9],
        [3, 'M0 调动', 2],
      ]);
    });

    it('everyone reads their team and department; managers units in scope; nothing else', async () => {
      const dept = await board(u.agent1, `unitId=${org.units.dept1}&period=month&date=2026-11-10`);
      expect(dept.rows[0]).toMatchObject({ userName: 'A1 张三', points: 41, unitName: '一组' });
      expect(
        (await board(u.manager1, `unitId=${org.units.team2}&period=month&date=2026-11-10`)).rows,
      ).toHaveLength(3);
      const status = async (user: TestUser, unitId: string) =>
        (await (await as(user)).get(`/api/activity/leaderboard?unitId=${unitId}`)).statusCode;
      expect(await status(u.agent1, org.units.team2)).toBe(404);
      expect(await status(u.agent1, org.units.branch)).toBe(404);
      expect(await status(u.manager2, org.units.team1)).toBe(404);
      expect(await status(org.other.agent, org.units.team1)).toBe(404);
    });
  });
});
