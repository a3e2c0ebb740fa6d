import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Summary } from '../../contracts/activity.ts';
import type { DB } from '../db/database.ts';
import { toNumber } from '../db/dialect.ts';
import { businessDate, now } from '../lib/clock.ts';
import { DEFAULT_TYPES } from '../modules/activity/activity.rules.ts';
import { readRollups, rebuildRollups } from '../modules/activity/rollup.repository.ts';
import { addDays } from '../modules/attendance/attendance.rules.ts';
import { dayOf, tenantConfig } from '../modules/attendance/config.service.ts';
import { loginAs, makeTestApp } from '../test/app.ts';
import { createTestDatabase, forEachDialect } from '../test/dialects.ts';
import {
  ACTIVITY_DEMO_DAYS,
  DEMO_FIVE_VISIT_LEADER,
  DEMO_LATE_REVIEWER,
  demoProfiles,
  reviewRateOf,
  type DemoProfile,
} from './activity-demo.ts';
import { DEMO_PASSWORD, seedDemo } from './demo.ts';

/** The demo company's activity data, read back: the shape a manager's analysis page should show. */
forEachDialect('demo activity', (get, dialect) => {
  let db: DB;
  let tenantId: string;
  let today: string;
  let from: string;
  let seedMs: number;
  const users = new Map<
    string,
    { id: string; username: string; role: string; unit_id: string; join_date: string | null; status: string }
  >();
  const usernameOf = new Map<string, string>();
  let profiles: Map<string, DemoProfile>;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = get().db;
    const started = performance.now();
    await seedDemo(db);
    seedMs = performance.now() - started;
    tenantId = (
      await db.selectFrom('tenants').select('id').where('code', '=', 'demo').executeTakeFirstOrThrow()
    ).id;
    today = businessDate(now(), 'Asia/Shanghai');
    from = addDays(today, -ACTIVITY_DEMO_DAYS);
    for (const u of await db
      .selectFrom('users')
      .select(['id', 'username', 'role', 'unit_id', 'join_date', 'status'])
      .where('tenant_id', '=', tenantId)
      .execute()) {
      users.set(u.username, u);
      usernameOf.set(u.id, u.username);
    }
    profiles = demoProfiles(
      [...users.values()].filter((u) => u.role === 'agent'),
      from,
    );
    app = await makeTestApp(get());
  });
  afterAll(() => app.close());

  const pointsByUser = async (range?: { from: string; to: string }) => {
    let q = db
      .selectFrom('activity_days')
      .select([
        'user_id',
        (eb) => eb.fn.sum<number>('points_milli').as('points'),
        (eb) => eb.fn.sum<number>('activities').as('n'),
      ])
      .where('tenant_id', '=', tenantId)
      .groupBy('user_id');
    if (range) q = q.where('date', '>=', range.from).where('date', '<=', range.to);
    const rows = await q.execute();
    return new Map(rows.map((r) => [usernameOf.get(r.user_id)!, toNumber(r.points)]));
  };

  it('seeds the whole demo, activity included, in a few seconds', () => {
    console.info(`demo seed with activity on ${dialect}: ${Math.round(seedMs)} ms`);
    // Generous: test files run side by side on a shared machine; the figure printed above is what to watch.
    expect(seedMs).toBeLessThan(30_000);
  });

  it('has a few stars, a steady middle and some who fade, stars > middle > faders in points', async () => {
    const counts = { star: 0, middle: 0, fader: 0 };
    for (const p of profiles.values()) counts[p]++;
    expect(counts.star).toBe(4);
    expect(counts.fader).toBe(5);
    expect(counts.middle).toBeGreaterThan(30);
    expect(profiles.get('agent001')).toBe('middle');

    // Average points per person, over people who were there for the whole period.
    const points = await pointsByUser();
    const avg = (p: DemoProfile) => {
      const list = [...profiles.entries()]
        .filter(
          ([u, q]) =>
            q === p &&
            users.get(u)!.status === 'active' &&
            (!users.get(u)!.join_date || users.get(u)!.join_date! <= from),
        )
        .map(([u]) => points.get(u) ?? 0);
      return list.reduce((a, b) => a + b, 0) / list.length;
    };
    expect(avg('star')).toBeGreaterThan(avg('middle') * 1.4);
    expect(avg('middle')).toBeGreaterThan(avg('fader') * 1.3);
    // Every star beats every fader.
    const of = (p: DemoProfile) =>
      [...profiles.entries()].filter(([, q]) => q === p).map(([u]) => points.get(u) ?? 0);
    expect(Math.min(...of('star'))).toBeGreaterThan(Math.max(...of('fader')));

    // Faders fade: their last month is well below their first.
    const first = await pointsByUser({ from, to: addDays(from, 29) });
    const last = await pointsByUser({ from: addDays(today, -30), to: addDays(today, -1) });
    for (const [u] of [...profiles.entries()].filter(([, q]) => q === 'fader')) {
      expect(last.get(u) ?? 0, u).toBeLessThan((first.get(u) ?? 0) * 0.6);
    }
  });

  it('keeps the middle near 日行三访 and every group funnel-shaped', async () => {
    const rows = await db
      .selectFrom('activity_days')
      .select(['user_id', 'date', 'contacts', 'interviews', 'proposals', 'closings', 'sales'])
      .where('tenant_id', '=', tenantId)
      .execute();
    const cfg = await tenantConfig(db, tenantId);
    const groups = new Map<string, number[]>();
    const middleWorkdayVisits: number[] = [];
    for (const r of rows) {
      const username = usernameOf.get(r.user_id)!;
      const group = users.get(username)!.role === 'agent' ? profiles.get(username)! : 'supervisor';
      const f = [r.contacts, r.interviews, r.proposals, r.closings, r.sales].map(toNumber);
      const sum = groups.get(group) ?? [0, 0, 0, 0, 0];
      groups.set(
        group,
        sum.map((v, i) => v + f[i]!),
      );
      if (group === 'middle' && dayOf(cfg, r.date).workday) middleWorkdayVisits.push(f[1]!);
    }
    for (const g of ['star', 'middle', 'fader', 'all']) {
      const f =
        g === 'all'
          ? [...groups.values()].reduce((a, b) => a.map((v, i) => v + b[i]!), [0, 0, 0, 0, 0])
          : groups.get(g)!;
      for (let i = 0; i < 4; i++)
        expect(f[i]!, `${g} step ${i}: ${f.join(' > ')}`).toBeGreaterThan(f[i + 1]!);
      expect(f[4]!, g).toBeGreaterThan(0);
    }
    const avgVisits = middleWorkdayVisits.reduce((a, b) => a + b, 0) / middleWorkdayVisits.length;
    expect(avgVisits).toBeGreaterThan(2.3);
    expect(avgVisits).toBeLessThan(3.8);
  });

  it('writes activities with frozen points, 0.2 messages, premiums only on sales, on the team of the day', async () => {
    const acts = await db
      .selectFrom('activities')
      .innerJoin('activity_types', 'activity_types.id', 'activities.type_id')
      .select([
        'activities.user_id',
        'activities.unit_id',
        'activities.date',
        'activities.stage',
        'activities.points_milli',
        'activities.premium_fen',
        'activities.occurred_at',
        'activities.created_at',
        'activities.late_entry',
        'activity_types.code',
        'activity_types.stage as type_stage',
      ])
      .where('activities.tenant_id', '=', tenantId)
      .execute();
    expect(acts.length).toBeGreaterThan(15_000);
    const pointsOf = new Map(DEFAULT_TYPES.map((t) => [t.code, t.pointsMilli]));
    const wrong = acts.filter(
      (a) =>
        a.points_milli !== pointsOf.get(a.code) ||
        a.stage !== a.type_stage ||
        !(a.date >= from && a.date < today) ||
        (a.premium_fen !== null) !== (a.stage === 'sale') ||
        a.created_at < a.occurred_at,
    );
    expect(wrong).toEqual([]);
    expect(acts.filter((a) => a.points_milli === 200).length).toBeGreaterThan(500);
    expect(acts.filter((a) => a.late_entry === 1).length).toBeGreaterThan(100);
    // Every activity is filed under the person's team on its date (the membership history).
    const memberships = await db
      .selectFrom('unit_memberships')
      .select(['user_id', 'unit_id', 'start_date', 'end_date'])
      .where('tenant_id', '=', tenantId)
      .execute();
    const teamOn = (userId: string, date: string) =>
      memberships.find(
        (m) => m.user_id === userId && m.start_date <= date && (m.end_date === null || m.end_date >= date),
      )?.unit_id;
    const misfiled = acts.filter((a, i) => i % 7 === 0 && teamOn(a.user_id, a.date) !== a.unit_id);
    expect(misfiled).toEqual([]);
  });

  it('has logs on most workdays, honest zero days, and one supervisor who reviews late', async () => {
    const logs = await db.selectFrom('work_logs').selectAll().where('tenant_id', '=', tenantId).execute();
    const submitted = logs.filter((l) => l.status === 'submitted');
    expect(submitted.length / logs.length).toBeGreaterThan(0.8);
    const zero = submitted.filter((l) => l.no_activity === 1);
    expect(zero.length).toBeGreaterThan(10);
    const daysWithActivity = new Set(
      (
        await db
          .selectFrom('activities')
          .select(['user_id', 'date'])
          .where('tenant_id', '=', tenantId)
          .execute()
      ).map((a) => `${a.user_id}|${a.date}`),
    );
    for (const l of zero) expect(daysWithActivity.has(`${l.user_id}|${l.date}`)).toBe(false);
    for (const l of submitted) {
      expect(l.submitted_at! >= l.created_at).toBe(true);
      if (l.reviewed_at) expect(l.reviewed_at > l.submitted_at!).toBe(true);
    }
    // Submission rate: stars highest, faders lowest.
    const cfg = await tenantConfig(db, tenantId);
    const rate = (p: DemoProfile) => {
      const people = [...profiles.entries()]
        .filter(([u, q]) => q === p && users.get(u)!.status === 'active')
        .map(([u]) => users.get(u)!.id);
      let workdays = 0;
      for (let d = from; d < today; d = addDays(d, 1)) if (dayOf(cfg, d).workday) workdays++;
      const n = submitted.filter((l) => people.includes(l.user_id) && dayOf(cfg, l.date).workday).length;
      return n / (workdays * people.length);
    };
    expect(rate('star')).toBeGreaterThan(0.9);
    expect(rate('fader')).toBeLessThan(rate('middle') - 0.1);

    // The 24-hour review rate of each team's supervisor: the late one clearly lowest.
    const teams = await db
      .selectFrom('org_units')
      .select(['id', 'leader_user_id'])
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', 'team')
      .execute();
    const rates = new Map<string, number>();
    for (const t of teams) {
      const sup = usernameOf.get(t.leader_user_id!)!;
      // Logs of at least a day ago: yesterday's may still be waiting for anyone.
      const theirs = submitted.filter(
        (l) => l.unit_id === t.id && l.user_id !== t.leader_user_id && l.date < addDays(today, -2),
      );
      rates.set(sup, reviewRateOf(theirs));
    }
    const late = rates.get(DEMO_LATE_REVIEWER)!;
    const others = [...rates.entries()].filter(([u]) => u !== DEMO_LATE_REVIEWER).map(([, r]) => r);
    expect(late).toBeLessThan(0.4);
    expect(Math.min(...others)).toBeGreaterThan(0.75);

    // Comments with the reviews, some on an activity, and the agents' answers.
    const comments = await db
      .selectFrom('work_log_comments')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute();
    const logById = new Map(logs.map((l) => [l.id, l]));
    const byOwner = comments.filter((c) => logById.get(c.log_id)!.user_id === c.author_id);
    expect(comments.length - byOwner.length).toBeGreaterThan(300);
    expect(byOwner.length).toBeGreaterThan(50);
    expect(comments.filter((c) => c.activity_id !== null).length).toBeGreaterThan(20);
    // Recent logs wait for review (yesterday may be a Sunday, hence the last four days).
    expect(submitted.some((l) => l.reviewed_at === null && l.date >= addDays(today, -4))).toBe(true);
  });

  it('has coaching with follow-ups and replies, plans in every state, standards and skill ratings', async () => {
    const coaching = await db
      .selectFrom('coaching_records')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(coaching.length).toBeGreaterThan(150);
    expect(coaching.filter((c) => c.followed_up_at).length).toBeGreaterThan(50);
    expect(coaching.filter((c) => c.reply).length).toBeGreaterThan(50);
    for (const c of coaching) expect(usernameOf.get(c.coach_id)!).toMatch(/^sup\d$/);

    const plans = await db
      .selectFrom('activity_plans')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute();
    const by = (s: string) => plans.filter((p) => p.status === s).length;
    expect(by('approved') / plans.length).toBeGreaterThan(0.75);
    expect(by('submitted')).toBeGreaterThan(10);
    expect(by('returned')).toBeGreaterThan(2);
    expect(by('returned') / plans.length).toBeLessThan(0.1);
    expect(new Set(plans.map((p) => p.period_kind))).toEqual(new Set(['week', 'month']));
    for (const p of plans) {
      expect(p.target_points_milli).toBeGreaterThan(0);
      expect(p.sprint_points_milli).toBeGreaterThanOrEqual(p.target_points_milli);
      expect(p.challenge_points_milli).toBeGreaterThanOrEqual(p.sprint_points_milli);
      if (p.status === 'approved') expect(p.approved_by).toBeTruthy();
      if (p.status === 'returned') expect(p.review_comment).toBeTruthy();
    }
    // Someone there all along has a plan for every week of the period and the current one.
    const veteran = [...users.values()].find(
      (u) => u.role === 'agent' && u.status === 'active' && u.join_date! < addDays(from, -7),
    )!;
    expect(
      plans.filter((p) => p.user_id === veteran.id && p.period_kind === 'week').length,
    ).toBeGreaterThanOrEqual(13);
    expect(
      plans.filter((p) => p.user_id === veteran.id && p.period_kind === 'month').length,
    ).toBeGreaterThanOrEqual(3);

    const standards = await db
      .selectFrom('activity_standards')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute();
    const perWorkday = (items: string) =>
      (JSON.parse(items) as { perWorkday: number }[]).reduce((n, i) => n + i.perWorkday, 0);
    expect(
      standards.map((s) => [s.scope_key === 'tenant' ? 'tenant' : 'team', perWorkday(s.items)]).sort(),
    ).toEqual([
      ['team', 5],
      ['tenant', 3],
    ]);
    const fiveTeam = standards.find((s) => s.scope_key !== 'tenant')!.scope_key;
    expect(users.get(DEMO_FIVE_VISIT_LEADER)!.unit_id).toBe(fiveTeam);

    const skills = await db
      .selectFrom('skill_assessments')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(new Set(skills.map((s) => s.period)).size).toBe(3);
    // The latest month's ratings are still being given (up to four days after the self-rating, so
    // how many exist depends on the hour the demo is seeded): count the two months before it.
    const latest = [...new Set(skills.map((s) => s.period))].sort().at(-1);
    const settled = skills.filter((s) => s.period !== latest);
    expect(settled.filter((s) => s.supervisor_ratings).length / settled.length).toBeGreaterThan(0.8);
    for (const s of skills) {
      const r = JSON.parse(s.self_ratings!) as Record<string, number>;
      expect(Object.keys(r).sort()).toEqual([
        'approach',
        'closing',
        'factFinding',
        'objectionHandling',
        'presentation',
        'referral',
      ]);
      for (const v of Object.values(r)) expect(v >= 1 && v <= 5).toBe(true);
    }
  });

  it("shows on the manager's analysis: the late reviewer's team has the lowest review rate, the stars lead", async () => {
    const manager = await loginAs(app, 'manager1', DEMO_PASSWORD);
    const dept = users.get('manager1')!.unit_id;
    const teams = await manager.get(
      `/api/activity/summary?unitId=${dept}&period=custom&from=${from}&to=${addDays(today, -3)}&rows=units`,
    );
    expect(teams.statusCode).toBe(200);
    const rows = teams.json<Summary>().rows;
    const lateTeam = users.get(DEMO_LATE_REVIEWER)!.unit_id;
    const late = rows.find((r) => r.id === lateTeam)!;
    for (const r of rows.filter((x) => x.id !== lateTeam))
      expect(late.reviewRate!, r.name).toBeLessThan(r.reviewRate! - 0.3);

    const admin = await loginAs(app, 'admin', DEMO_PASSWORD);
    const company = users.get('admin')!.unit_id;
    const people = await admin.get(
      `/api/activity/summary?unitId=${company}&period=custom&from=${from}&to=${addDays(today, -1)}&rows=people&pageSize=200&sort=-points`,
    );
    expect(people.statusCode).toBe(200);
    const ranked = people
      .json<Summary>()
      .rows.filter((r) => usernameOf.has(r.id) && users.get(usernameOf.get(r.id)!)!.role === 'agent');
    const top = ranked.slice(0, 4).map((r) => profiles.get(usernameOf.get(r.id)!));
    expect(top.filter((p) => p === 'star').length).toBeGreaterThanOrEqual(3);
  });

  it('has rollups equal to a second rebuild from the raw rows', async () => {
    const stored = await readRollups(db, tenantId);
    expect(stored.days.length).toBeGreaterThan(3000);
    expect(stored.days.some((d) => d.log_reviewed_24h === 1)).toBe(true);
    await rebuildRollups(db, tenantId);
    expect(await readRollups(db, tenantId)).toEqual(stored);
  });

  it('is the same data on every run', async () => {
    const other = await createTestDatabase(dialect);
    try {
      await seedDemo(other.db);
      const pattern = (d: DB) =>
        d
          .selectFrom('activities')
          .innerJoin('users', 'users.id', 'activities.user_id')
          .innerJoin('activity_types', 'activity_types.id', 'activities.type_id')
          .select([
            'users.username',
            'activities.date',
            'activity_types.code',
            'activities.occurred_at',
            'activities.premium_fen',
          ])
          .where('users.username', 'in', ['agent001', 'agent002', 'sup1'])
          .orderBy('users.username')
          .orderBy('activities.occurred_at')
          .orderBy('activity_types.code')
          .execute();
      expect(await pattern(other.db)).toEqual(await pattern(db));
    } finally {
      await other.drop();
    }
  });
});
