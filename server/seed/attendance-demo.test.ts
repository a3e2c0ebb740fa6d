import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Allowance, AttendanceRequest } from '../../contracts/attendance.ts';
import type { DB } from '../db/database.ts';
import { businessDate, now } from '../lib/clock.ts';
import {
  DEFAULT_RULES,
  addDays,
  allowanceTier,
  leaveRuleOf,
  monthFigures,
  workMonthOf,
} from '../modules/attendance/attendance.rules.ts';
import { closeDueDays } from '../modules/attendance/close.service.ts';
import { meetingDaysOf, tenantConfig } from '../modules/attendance/config.service.ts';
import { rebuildMonthStats } from '../modules/attendance/record.repository.ts';
import { loginAs, makeTestApp } from '../test/app.ts';
import { createTestDatabase, forEachDialect } from '../test/dialects.ts';
import { ATTENDANCE_DEMO_DAYS, DEMO_UNDER_50, DEMO_UNDER_80 } from './attendance-demo.ts';
import { DEMO_PASSWORD, seedDemo } from './demo.ts';

/** The demo company's attendance, read back: what a page would show must be what was meant. */
forEachDialect('demo attendance', (get, dialect) => {
  let db: DB;
  let app: FastifyInstance;
  let tenantId: string;
  let today: string;
  let seedMs: number;
  const users = new Map<
    string,
    { id: string; role: string; join_date: string | null; leave_date: string | null; status: string }
  >();

  beforeAll(async () => {
    db = get().db;
    const started = performance.now();
    await seedDemo(db);
    seedMs = performance.now() - started;
    tenantId = (
      await db.selectFrom('tenants').select('id').where('code', '=', 'demo').executeTakeFirstOrThrow()
    ).id;
    today = businessDate(now(), 'Asia/Shanghai');
    for (const u of await db
      .selectFrom('users')
      .select(['id', 'username', 'role', 'join_date', 'leave_date', 'status'])
      .where('tenant_id', '=', tenantId)
      .execute()) {
      users.set(u.username, u);
    }
    app = await makeTestApp(get());
  });
  afterAll(() => app.close());

  const lastCompleteMonth = () => {
    const current = workMonthOf(today, DEFAULT_RULES.workMonth);
    const [y, m] = current.split('-').map(Number) as [number, number];
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  };

  it('seeds the whole demo, attendance included, quickly', () => {
    // The demo loads on the first `npm start`; the attendance part is a fraction of this. Only a
    // guard against a pathological seed (row-by-row writes): test files run side by side on a
    // shared machine, so the printed figure is what to watch.
    console.info(`demo seed on ${dialect}: ${Math.round(seedMs)} ms`);
    expect(seedMs).toBeLessThan(30_000);
  });

  it('covers the 90 days up to yesterday, on meeting days, only while each person was employed', async () => {
    const records = await db
      .selectFrom('attendance_records')
      .innerJoin('users', 'users.id', 'attendance_records.user_id')
      .select(['users.username', 'attendance_records.date', 'attendance_records.status'])
      .where('attendance_records.tenant_id', '=', tenantId)
      .execute();
    expect(records.length).toBeGreaterThan(2500);
    const from = addDays(today, -ATTENDANCE_DEMO_DAYS);
    const cfg = await tenantConfig(db, tenantId);
    const meetingDays = new Set(meetingDaysOf(cfg, from, addDays(today, -1)));
    for (const r of records) {
      expect(meetingDays.has(r.date), r.date).toBe(true);
      const u = users.get(r.username)!;
      expect(['agent', 'supervisor']).toContain(u.role);
      if (u.join_date) expect(r.date >= u.join_date, `${r.username} ${r.date}`).toBe(true);
      if (u.status === 'left') expect(r.date < u.leave_date!, `${r.username} ${r.date}`).toBe(true);
    }
    // Everyone expected on a past meeting day has exactly one record (the day was closed).
    const expected = [...users.values()].filter((u) => u.role === 'agent' || u.role === 'supervisor');
    let slots = 0;
    for (const d of meetingDays) {
      slots += expected.filter(
        (u) => (!u.join_date || u.join_date <= d) && (u.status === 'active' || u.leave_date! > d),
      ).length;
    }
    expect(records.length).toBe(slots);
    // Mostly on time, some late, a little absence; every way of checking in.
    const share = (status: string) => records.filter((r) => r.status === status).length / records.length;
    expect(share('present')).toBeGreaterThan(0.75);
    expect(share('late')).toBeGreaterThan(0.03);
    expect(share('absent')).toBeGreaterThan(0.01);
    expect(share('absent')).toBeLessThan(0.08);
    const methods = await db
      .selectFrom('attendance_records')
      .select(['method', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tenant_id', '=', tenantId)
      .groupBy('method')
      .execute();
    expect(methods.map((m) => m.method).sort()).toEqual(['app', 'makeUp', 'manual', 'qr', 'system']);
    const early = await db
      .selectFrom('attendance_records')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('early_leave', '=', 1)
      .execute();
    expect(early.length).toBeGreaterThanOrEqual(2);
  });

  it('has approved leave of every type with matching leave records, made-up absences and pending requests', async () => {
    const requests = await db
      .selectFrom('attendance_requests')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute();
    const approvedLeave = requests.filter((r) => r.kind === 'leave' && r.status === 'approved');
    expect(new Set(approvedLeave.map((r) => r.leave_type))).toEqual(
      new Set(['personal', 'sick', 'annual', 'field']),
    );
    const leaveRecords = await db
      .selectFrom('attendance_records')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'leave')
      .execute();
    for (const r of leaveRecords) {
      const req = approvedLeave.find((q) => q.id === r.request_id);
      expect(req, r.date).toBeDefined();
      expect(r.user_id).toBe(req!.user_id);
      expect(r.date >= req!.start_date && r.date <= req!.end_date).toBe(true);
      expect(r.leave_type).toBe(req!.leave_type);
      expect(r.leave_counts).toBe(leaveRuleOf(DEFAULT_RULES, r.leave_type!)!.countsAs);
      expect(r.method).toBe('system');
      expect(r.recorded_by).toBe(req!.decided_by);
    }
    for (const req of approvedLeave) {
      expect(leaveRecords.some((r) => r.request_id === req.id)).toBe(true);
      expect(req.decided_by).toBeTruthy();
      expect(req.created_at <= req.decided_at!).toBe(true);
    }
    const makeUps = requests.filter((r) => r.kind === 'makeUp' && r.status === 'approved');
    expect(makeUps.length).toBeGreaterThanOrEqual(3);
    const madeUp = await db
      .selectFrom('attendance_records')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('method', '=', 'makeUp')
      .execute();
    expect(madeUp.map((r) => r.request_id).sort()).toEqual(makeUps.map((r) => r.id).sort());

    const pending = requests.filter((r) => r.status === 'pending');
    expect(pending.some((r) => r.kind === 'leave')).toBe(true);
    expect(pending.length).toBeGreaterThanOrEqual(3);
    for (const r of pending.filter((q) => q.kind === 'leave')) expect(r.start_date > today).toBe(true);
    for (const r of pending.filter((q) => q.kind === 'makeUp')) {
      const rec = await db
        .selectFrom('attendance_records')
        .select(['status', 'method'])
        .where('user_id', '=', r.user_id)
        .where('date', '=', r.start_date)
        .executeTakeFirstOrThrow();
      expect(rec).toEqual({ status: 'absent', method: 'system' });
      expect(r.start_date >= addDays(today, -DEFAULT_RULES.makeUp.deadlineDays)).toBe(true);
    }

    // sup1 has their team's requests to decide.
    const sup1 = await loginAs(app, 'sup1', DEMO_PASSWORD);
    const res = await sup1.get('/api/attendance/requests?view=toApprove&status=pending');
    expect(res.statusCode).toBe(200);
    expect(res.json<{ items: AttendanceRequest[] }>().items.length).toBeGreaterThanOrEqual(1);
  });

  it(`puts ${DEMO_UNDER_80} under 80 % and ${DEMO_UNDER_50} under 50 % in the last complete work month; the others at full allowance`, async () => {
    const month = lastCompleteMonth();
    const sups = [...users.entries()].filter(([, u]) => u.role === 'supervisor');
    expect(sups).toHaveLength(6);
    const stats = await db
      .selectFrom('attendance_month_stats')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('month', '=', month)
      .execute();
    for (const [username, u] of sups) {
      const s = stats.find((x) => x.user_id === u.id);
      expect(s, username).toBeDefined();
      const figures = monthFigures(s!, null);
      const tier = allowanceTier(figures.rate, DEFAULT_RULES.allowanceTiers).index;
      const want = username === DEMO_UNDER_50 ? 2 : username === DEMO_UNDER_80 ? 1 : 0;
      expect(tier, `${username} rate ${figures.rate}`).toBe(want);
    }

    // The allowance page says the same, with the bases of the two months seeded.
    const admin = await loginAs(app, 'admin', DEMO_PASSWORD);
    const res = await admin.get(`/api/attendance/allowance?month=${month}`);
    expect(res.statusCode).toBe(200);
    const allowance = res.json<Allowance>();
    const row = (username: string) => allowance.rows.find((r) => r.username === username)!;
    expect(row(DEMO_UNDER_80)).toMatchObject({ tier: 1, cut: 0.2 });
    expect(row(DEMO_UNDER_50)).toMatchObject({ tier: 2, cut: 1 });
    expect(row('sup1')).toMatchObject({ tier: 0, cut: 0 });
    expect(allowance.rows.every((r) => r.baseFen !== null && r.baseFen > 0)).toBe(true);
    const bases = await db
      .selectFrom('attendance_allowance_bases')
      .select('month')
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(bases).toHaveLength(12);
    expect(new Set(bases.map((b) => b.month))).toEqual(
      new Set([month, workMonthOf(today, DEFAULT_RULES.workMonth)]),
    );
    const locations = await admin.get('/api/attendance/locations');
    expect(locations.json<{ name: string; radiusM: number }[]>()).toContainEqual(
      expect.objectContaining({ name: '杭州中心支公司职场', lat: 30.2741, lng: 120.1551, radiusM: 300 }),
    );
    expect(locations.json<unknown[]>()).toHaveLength(2);
  });

  it('has rollups equal to a recomputation from the records', async () => {
    const read = () =>
      db
        .selectFrom('attendance_month_stats')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('user_id')
        .orderBy('month')
        .execute();
    const stored = await read();
    expect(stored.length).toBeGreaterThan(100);
    await rebuildMonthStats(db, tenantId, DEFAULT_RULES.workMonth);
    expect(await read()).toEqual(stored);
  });

  it('leaves the close job only today to close: the history is closed, today is not', async () => {
    const closes = await db
      .selectFrom('attendance_day_closes')
      .select(['date', 'absent_count'])
      .where('tenant_id', '=', tenantId)
      .orderBy('date')
      .execute();
    expect(closes).toHaveLength(ATTENDANCE_DEMO_DAYS);
    expect(closes[0]!.date).toBe(addDays(today, -ATTENDANCE_DEMO_DAYS));
    expect(closes.at(-1)!.date).toBe(addDays(today, -1));
    const systemAbsences = await db
      .selectFrom('attendance_records')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('method', 'in', ['system', 'makeUp'])
      .where('status', '!=', 'leave')
      .execute();
    expect(closes.reduce((n, c) => n + c.absent_count, 0)).toBe(systemAbsences.length);

    const before = await db.selectFrom('attendance_records').select('id').where('date', '<', today).execute();
    const lateTonight = new Date(`${today}T23:00:00+08:00`);
    const done = await closeDueDays(db, lateTonight);
    expect(done.filter((d) => d.tenantId === tenantId).map((d) => d.date)).toEqual([today]);
    const after = await db.selectFrom('attendance_records').select('id').where('date', '<', today).execute();
    expect(after.length).toBe(before.length);
  });

  it('is the same data on every run', async () => {
    const other = await createTestDatabase(dialect);
    try {
      await seedDemo(other.db);
      const pattern = (d: DB) =>
        d
          .selectFrom('attendance_records')
          .innerJoin('users', 'users.id', 'attendance_records.user_id')
          .select([
            'users.username',
            'attendance_records.date',
            'attendance_records.status',
            'attendance_records.method',
            'attendance_records.check_in_at',
            'attendance_records.leave_type',
          ])
          .where('attendance_records.date', '<', today)
          .orderBy('users.username')
          .orderBy('attendance_records.date')
          .execute();
      expect(await pattern(other.db)).toEqual(await pattern(db));
    } finally {
      await other.drop();
    }
  });
});
