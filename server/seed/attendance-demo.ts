import type { AttendanceRules, LeaveType } from '../../contracts/attendance.ts';
import type { Queryable } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type {
  AttendanceAllowanceBaseTable,
  AttendanceDayCloseTable,
  AttendanceRecordTable,
  AttendanceRequestTable,
} from '../db/schema.ts';
import { businessDate, now } from '../lib/clock.ts';
import {
  addDays,
  judgeCheckIn,
  leaveRuleOf,
  meetingTimes,
  monthsEndingAt,
  type MeetingTimes,
  workMonthOf,
  workMonthRange,
  zonedInstant,
} from '../modules/attendance/attendance.rules.ts';
import { closesAt } from '../modules/attendance/close.service.ts';
import { insertLocation } from '../modules/attendance/config.repository.ts';
import {
  invalidateTenantConfig,
  meetingDaysOf,
  rulesForUnit,
  tenantConfig,
  type TenantConfig,
} from '../modules/attendance/config.service.ts';
import { rebuildMonthStats, recordRow } from '../modules/attendance/record.repository.ts';
import { makeRandom, type Random } from './random.ts';

/**
 * 90 days of attendance for the demo company, up to yesterday: most people on time, a few habitually
 * late, a little absence, approved leave of every type, make-ups, QR and manual check-ins, early
 * leaves; in the last complete work month one supervisor under 80 % and one under 50 %; pending
 * requests to approve; two workplaces and the supervisors' allowance bases. The same every run for
 * the same day: a seeded generator and people taken in username order.
 *
 * Written in bulk, then the monthly rollups are rebuilt from the records and every past day is
 * recorded as closed, so the close job starts with today.
 */

export const ATTENDANCE_DEMO_DAYS = 90;
/** In the last complete work month: this supervisor's rate is under 80 %, this one's under 50 %. */
export const DEMO_UNDER_80 = 'sup3';
export const DEMO_UNDER_50 = 'sup5';

const CHUNK = 400;

export interface AttendanceDemoFacts {
  from: string;
  to: string;
  /** The last complete work month, where the two supervisors fall into the lower tiers. */
  month: string;
  records: number;
  leaveRequests: number;
  makeUps: number;
  pending: number;
}

interface Person {
  id: string;
  username: string;
  role: string;
  unit_id: string;
  join_date: string | null;
  leave_date: string | null;
  status: string;
}

interface Unit {
  id: string;
  parent_id: string | null;
  kind: string;
  leader_user_id: string | null;
}

interface Seed {
  db: Queryable;
  tenantId: string;
  cfg: TenantConfig;
  rnd: Random;
  now: Date;
  today: string;
  units: Map<string, Unit>;
  memberships: Map<string, { unit_id: string; start_date: string; end_date: string | null }[]>;
  /** Back-office staff per department: they record manual check-ins. */
  staffOf: Map<string, string>;
  locationOf: Map<string, { lat: number; lng: number }>;
  rulesOf: Map<string, AttendanceRules>;
  eightOClock: Map<string, number>;
  times: Map<AttendanceRules, Map<string, MeetingTimes>>;
  closedAt: Map<string, Date>;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

function shuffle<T>(rnd: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rnd.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function employed(p: Person, date: string): boolean {
  if (p.join_date && p.join_date > date) return false;
  return p.status === 'active' || (p.leave_date !== null && p.leave_date > date);
}

/** The unit a person belonged to on a date (the membership history), else their current one. */
function unitAt(s: Seed, p: Person, date: string): string {
  const m = s.memberships
    .get(p.id)
    ?.find((x) => x.start_date <= date && (x.end_date === null || x.end_date >= date));
  return m?.unit_id ?? p.unit_id;
}

function departmentOf(s: Seed, unitId: string): string | undefined {
  for (let u = s.units.get(unitId); u; u = u.parent_id ? s.units.get(u.parent_id) : undefined) {
    if (u.kind === 'department') return u.id;
  }
  return undefined;
}

/** The nearest leader above the person who is not the person (the request service's rule). */
function approverOf(s: Seed, p: Person, unitId: string): string | null {
  for (let u = s.units.get(unitId); u; u = u.parent_id ? s.units.get(u.parent_id) : undefined) {
    if (u.leader_user_id && u.leader_user_id !== p.id) return u.leader_user_id;
  }
  return null;
}

const hm = (h: number, m: number, sec = 0) => h * 3600 + m * 60 + sec;
const iso = (d: Date) => d.toISOString();
const pad = (n: number) => String(n).padStart(2, '0');

/** A wall-clock time on a date, given in seconds after midnight, in the tenant's zone. */
function at(s: Seed, date: string, seconds: number): Date {
  let eight = s.eightOClock.get(date);
  if (eight === undefined) {
    // Zone arithmetic goes through Intl, which is slow: once per date, not per record. Counted from
    // 08:00 rather than midnight so a daylight-saving change in the night cannot shift the day.
    eight = zonedInstant(date, '08:00', s.cfg.timeZone).getTime();
    s.eightOClock.set(date, eight);
  }
  return new Date(eight + (seconds - hm(8, 0)) * SECOND);
}

function timesOf(s: Seed, rules: AttendanceRules, date: string): MeetingTimes {
  let byDate = s.times.get(rules);
  if (!byDate) {
    byDate = new Map<string, MeetingTimes>();
    s.times.set(rules, byDate);
  }
  let t = byDate.get(date);
  if (!t) byDate.set(date, (t = meetingTimes(date, rules, s.cfg.timeZone)));
  return t;
}

/** When the close job would have closed the day (a few minutes after its absent threshold). */
function closedAtOf(s: Seed, date: string): Date {
  let t = s.closedAt.get(date);
  if (!t) s.closedAt.set(date, (t = new Date(closesAt(s.cfg, date).getTime() + 5 * MINUTE)));
  return t;
}

async function rulesOf(s: Seed, unitId: string): Promise<AttendanceRules> {
  let r = s.rulesOf.get(unitId);
  if (!r) {
    r = await rulesForUnit(s.db, s.cfg, unitId);
    s.rulesOf.set(unitId, r);
  }
  return r;
}

// ---- Day plans ------------------------------------------------------------------------------

type Plan =
  | { kind: 'present' | 'late' }
  | { kind: 'absent'; arrivedLate: boolean }
  | { kind: 'leave'; requestId: string; type: LeaveType; approver: string | null; decidedAt: string }
  | {
      kind: 'makeUp';
      requestId: string;
      time: string;
      reason: string;
      approver: string | null;
      decidedAt: string;
    };

const LEAVE_REASONS: Record<LeaveType, string[]> = {
  personal: ['家中有事', '孩子家长会', '办理个人证件', '搬家'],
  sick: ['感冒发烧', '肠胃不适，就医', '牙疼看医生', '身体不适'],
  annual: ['年假，外出旅游', '年假，回老家', '年假休息'],
  field: ['拜访客户', '参加客户理赔协助', '外出展业', '陪同客户体检'],
};
const MAKE_UP_REASONS = ['到了忘记签到', '手机没电，未能签到', 'APP 登录异常', '签到时网络故障'];
const MANUAL_NOTES = ['手机没电，内勤代签', '忘带手机，内勤登记', '系统故障补录', '拜访客户后返回，内勤登记'];

export async function seedAttendanceDemo(
  db: Queryable,
  tenantId: string,
  nowAt: Date = now(),
): Promise<AttendanceDemoFacts> {
  const cfg = await tenantConfig(db, tenantId);
  const today = businessDate(nowAt, cfg.timeZone);
  const from = addDays(today, -ATTENDANCE_DEMO_DAYS);
  const to = addDays(today, -1);
  const stamp = iso(nowAt);

  const [people, units, memberships] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'username', 'role', 'unit_id', 'join_date', 'leave_date', 'status'])
      .where('tenant_id', '=', tenantId)
      .orderBy('username')
      .execute(),
    db
      .selectFrom('org_units')
      .select(['id', 'parent_id', 'kind', 'leader_user_id'])
      .where('tenant_id', '=', tenantId)
      .execute(),
    db
      .selectFrom('unit_memberships')
      .select(['user_id', 'unit_id', 'start_date', 'end_date'])
      .where('tenant_id', '=', tenantId)
      .execute(),
  ]);
  const s: Seed = {
    db,
    tenantId,
    cfg,
    rnd: makeRandom(20260326),
    now: nowAt,
    today,
    units: new Map(units.map((u) => [u.id, u])),
    memberships: new Map(),
    staffOf: new Map(),
    locationOf: new Map(),
    rulesOf: new Map(),
    eightOClock: new Map(),
    times: new Map(),
    closedAt: new Map(),
  };
  for (const m of memberships) s.memberships.set(m.user_id, [...(s.memberships.get(m.user_id) ?? []), m]);
  for (const p of people) if (p.role === 'staff' && p.status === 'active') s.staffOf.set(p.unit_id, p.id);

  // ---- Workplaces: one per department's building.
  const workplaces = [
    { name: '杭州中心支公司职场', lat: 30.2741, lng: 120.1551, radiusM: 300 },
    { name: '钱江新城职场', lat: 30.2458, lng: 120.2106, radiusM: 200 },
  ];
  for (const w of workplaces) {
    await insertLocation(db, {
      id: newId(),
      tenant_id: tenantId,
      name: w.name,
      lat: w.lat,
      lng: w.lng,
      radius_m: w.radiusM,
      active: 1,
      created_at: stamp,
      updated_at: stamp,
    });
  }
  const departments = units.filter((u) => u.kind === 'department').map((u) => u.id);
  departments.forEach((d, i) => s.locationOf.set(d, workplaces[Math.min(i, workplaces.length - 1)]!));

  const attendees = people.filter((p) => cfg.rules.attendeeRoles.includes(p.role as never));
  const meetingDays = meetingDaysOf(cfg, from, to);
  const month = monthsEndingAt(workMonthOf(today, cfg.rules.workMonth), 2)[0]!;
  const target = workMonthRange(month, cfg.rules.workMonth);
  const inTarget = (d: string) => d >= target.from && d <= target.to;

  // ---- Who behaves how.
  const agents = attendees.filter((p) => p.role === 'agent');
  const shuffled = shuffle(
    s.rnd,
    agents.filter((p) => p.status === 'active'),
  );
  const habituallyLate = new Set(shuffled.slice(0, 4).map((p) => p.id));
  const unreliable = new Set(shuffled.slice(4, 6).map((p) => p.id));
  const byUsername = new Map(people.map((p) => [p.username, p]));
  const under80 = byUsername.get(DEMO_UNDER_80);
  const under50 = byUsername.get(DEMO_UNDER_50);

  const plans = new Map<string, Map<string, Plan>>();
  const requests: AttendanceRequestTable[] = [];
  const planOf = (p: Person): Map<string, Plan> => {
    let m = plans.get(p.id);
    if (!m) {
      m = new Map<string, Plan>();
      plans.set(p.id, m);
    }
    return m;
  };
  const daysOfPerson = (p: Person) => meetingDays.filter((d) => employed(p, d));

  // ---- Approved leave: a third of the people, every type (the first four takers get one each).
  const leaveOrder: LeaveType[] = ['sick', 'annual', 'personal', 'field'];
  let leaveCount = 0;
  for (const p of attendees) {
    const wants = s.rnd.chance(0.35) ? (s.rnd.chance(0.25) ? 2 : 1) : 0;
    for (let k = 0; k < wants; k++) {
      const type = leaveCount < leaveOrder.length ? leaveOrder[leaveCount]! : s.rnd.pick(leaveOrder);
      const length = type === 'personal' ? 1 : type === 'annual' ? s.rnd.int(2, 3) : s.rnd.int(1, 2);
      const tierSup = p.id === under80?.id || p.id === under50?.id;
      const days = daysOfPerson(p).filter(
        (d) => !(inTarget(d) && (tierSup || (p.role === 'supervisor' && type === 'personal'))),
      );
      if (days.length < length + 2) continue;
      const start = s.rnd.int(0, days.length - length);
      const span = days.slice(start, start + length);
      // Consecutive meeting days only, none planned already.
      const plan = planOf(p);
      if (span.some((d) => plan.has(d))) continue;
      if (
        span.length > 1 &&
        meetingDays.indexOf(span.at(-1)!) - meetingDays.indexOf(span[0]!) !== span.length - 1
      )
        continue;
      const unitId = unitAt(s, p, span[0]!);
      const approver = approverOf(s, p, unitId);
      const notice = leaveRuleOf(cfg.rules, type)?.advanceNoticeDays ?? 1;
      const created =
        notice === 0
          ? at(s, span[0]!, hm(7, s.rnd.int(0, 50)))
          : at(s, addDays(span[0]!, -notice - s.rnd.int(0, 3)), hm(s.rnd.int(17, 21), s.rnd.int(0, 59)));
      const decided = new Date(created.getTime() + s.rnd.int(20, 180) * MINUTE);
      const id = newId();
      requests.push({
        id,
        tenant_id: tenantId,
        user_id: p.id,
        unit_id: unitId,
        kind: 'leave',
        leave_type: type,
        start_date: span[0]!,
        end_date: span.at(-1)!,
        time: null,
        reason: s.rnd.pick(LEAVE_REASONS[type]),
        status: 'approved',
        decided_by: approver,
        decision_comment: s.rnd.chance(0.5) ? '同意' : null,
        decided_at: iso(decided),
        created_at: iso(created),
        updated_at: iso(decided),
      });
      for (const d of span)
        plan.set(d, { kind: 'leave', requestId: id, type, approver, decidedAt: iso(decided) });
      leaveCount++;
    }
  }

  // ---- Every other day: on time, late or absent by the person's habits.
  for (const p of attendees) {
    const plan = planOf(p);
    const tier = p.id === under50?.id ? 0.4 : p.id === under80?.id ? 0.7 : null;
    const days = daysOfPerson(p).filter((d) => !plan.has(d));
    const lateP = habituallyLate.has(p.id) ? 0.45 : 0.04;
    const absentP = unreliable.has(p.id)
      ? 0.12
      : p.id === under50?.id
        ? 0.25
        : p.id === under80?.id
          ? 0.1
          : 0.015;
    for (const d of days) {
      if (tier !== null && inTarget(d)) continue;
      const r = s.rnd.next();
      const kind = r < absentP ? 'absent' : r < absentP + lateP ? 'late' : 'present';
      plan.set(d, kind === 'absent' ? { kind, arrivedLate: s.rnd.chance(0.15) } : { kind });
    }
    const monthDays = days.filter(inTarget);
    if (tier !== null) {
      // Exactly the rate wanted: the rest of the month's meeting days are missed.
      const attended = new Set(
        shuffle(s.rnd, monthDays).slice(0, Math.max(1, Math.floor(monthDays.length * tier))),
      );
      for (const d of monthDays) {
        plan.set(
          d,
          attended.has(d)
            ? { kind: s.rnd.chance(0.15) ? 'late' : 'present' }
            : { kind: 'absent', arrivedLate: false },
        );
      }
    } else if (p.role === 'supervisor') {
      // The other supervisors stay in the full-allowance tier: at most one day missed.
      const missed = monthDays.filter((d) => plan.get(d)?.kind === 'absent');
      for (const d of missed.slice(1)) plan.set(d, { kind: 'present' });
    }
  }

  // ---- A few absences made up later (approved), all of agents and at least four days ago.
  let makeUps = 0;
  const candidates = shuffle(
    s.rnd,
    agents.flatMap((p) =>
      [...planOf(p)]
        .filter(([d, pl]) => pl.kind === 'absent' && !pl.arrivedLate && d <= addDays(today, -4))
        .map(([d]) => ({ p, d })),
    ),
  );
  const madeUp = new Set<string>();
  for (const { p, d } of candidates) {
    if (makeUps >= 6 || madeUp.has(p.id)) continue;
    madeUp.add(p.id);
    const unitId = unitAt(s, p, d);
    const approver = approverOf(s, p, unitId);
    const created = at(s, addDays(d, s.rnd.int(0, 2)), hm(s.rnd.int(10, 16), s.rnd.int(0, 59)));
    const decided = new Date(created.getTime() + s.rnd.int(30, 240) * MINUTE);
    const time = `08:${pad(s.rnd.int(10, 29))}`;
    const reason = s.rnd.pick(MAKE_UP_REASONS);
    const id = newId();
    requests.push({
      id,
      tenant_id: tenantId,
      user_id: p.id,
      unit_id: unitId,
      kind: 'makeUp',
      leave_type: null,
      start_date: d,
      end_date: d,
      time,
      reason,
      status: 'approved',
      decided_by: approver,
      decision_comment: null,
      decided_at: iso(decided),
      created_at: iso(created),
      updated_at: iso(decided),
    });
    planOf(p).set(d, { kind: 'makeUp', requestId: id, time, reason, approver, decidedAt: iso(decided) });
    makeUps++;
  }

  // ---- Pending requests for the leaders to decide.
  const pending = seedPending(s, attendees, planOf, requests, {
    sup1Team: units.find((u) => u.leader_user_id === byUsername.get('sup1')?.id)?.id,
    under80: under80?.id,
    under50: under50?.id,
  });

  // ---- Records.
  const records: AttendanceRecordTable[] = [];
  const absentByDay = new Map<string, number>();
  const early = new Set(
    shuffle(
      s.rnd,
      attendees.flatMap((p) =>
        [...planOf(p)].filter(([, pl]) => pl.kind === 'present').map(([d]) => `${p.id}|${d}`),
      ),
    ).slice(0, 4),
  );
  for (const p of attendees) {
    for (const [date, plan] of [...planOf(p)].sort(([a], [b]) => a.localeCompare(b))) {
      if (date > to) continue;
      const unitId = unitAt(s, p, date);
      const rules = await rulesOf(s, unitId);
      const times = timesOf(s, rules, date);
      const closedAt = closedAtOf(s, date);
      const base: AttendanceRecordTable = recordRow({
        tenant_id: tenantId,
        user_id: p.id,
        unit_id: unitId,
        date,
        month: workMonthOf(date, rules.workMonth),
        status: 'absent',
        method: 'system',
        created_at: iso(closedAt),
      });
      if (plan.kind === 'leave') {
        records.push({
          ...base,
          status: 'leave',
          leave_type: plan.type,
          leave_counts: leaveRuleOf(rules, plan.type)?.countsAs ?? 'notAttended',
          request_id: plan.requestId,
          recorded_by: plan.approver,
          created_at: plan.decidedAt,
          updated_at: plan.decidedAt,
        });
        continue;
      }
      if (plan.kind === 'makeUp') {
        const [h, m] = plan.time.split(':').map(Number) as [number, number];
        const checkIn = at(s, date, hm(h, m));
        absentByDay.set(date, (absentByDay.get(date) ?? 0) + 1);
        records.push({
          ...base,
          status: judgeCheckIn(checkIn, times),
          check_in_at: iso(checkIn),
          method: 'makeUp',
          request_id: plan.requestId,
          note: plan.reason,
          recorded_by: plan.approver,
          updated_at: plan.decidedAt,
        });
        continue;
      }
      if (plan.kind === 'absent' && !plan.arrivedLate) {
        absentByDay.set(date, (absentByDay.get(date) ?? 0) + 1);
        records.push(base);
        continue;
      }
      const seconds =
        plan.kind === 'present'
          ? hm(8, 5) + s.rnd.int(0, 25 * 60)
          : plan.kind === 'late'
            ? hm(8, 31) + s.rnd.int(0, 9 * 60 - 1)
            : hm(8, 41) + s.rnd.int(0, 25 * 60);
      const checkIn = at(s, date, seconds);
      const r = s.rnd.next();
      const method = r < 0.7 ? 'app' : r < 0.96 ? 'qr' : 'manual';
      const workplace = s.locationOf.get(departmentOf(s, unitId) ?? '') ?? workplaces[0]!;
      const delayed = method === 'app' && s.rnd.chance(0.01);
      const sent = new Date(
        checkIn.getTime() +
          (delayed
            ? s.rnd.int(15, 50) * MINUTE
            : method === 'manual'
              ? s.rnd.int(30, 90) * MINUTE
              : s.rnd.int(0, 2) * SECOND),
      );
      let checkOut: Date | null = null;
      if (early.has(`${p.id}|${date}`)) checkOut = at(s, date, hm(9, s.rnd.int(2, 15)));
      else if (method !== 'manual' && s.rnd.chance(0.25)) checkOut = at(s, date, hm(9, s.rnd.int(30, 50)));
      records.push({
        ...base,
        status: judgeCheckIn(checkIn, times),
        check_in_at: iso(checkIn),
        check_out_at: checkOut ? iso(checkOut) : null,
        early_leave:
          checkOut && times.end.getTime() - checkOut.getTime() >= rules.earlyLeaveMinutes * MINUTE ? 1 : 0,
        method,
        delayed: delayed ? 1 : 0,
        lat: method === 'app' ? round6(workplace.lat + (s.rnd.next() - 0.5) * 0.0015) : null,
        lng: method === 'app' ? round6(workplace.lng + (s.rnd.next() - 0.5) * 0.0015) : null,
        note: method === 'manual' ? s.rnd.pick(MANUAL_NOTES) : null,
        recorded_by: method === 'manual' ? (s.staffOf.get(departmentOf(s, unitId) ?? '') ?? null) : p.id,
        created_at: iso(sent),
        updated_at: iso(checkOut && checkOut > sent ? checkOut : sent),
      });
    }
  }

  // ---- Bulk writes, then the rollups from the records and the closed days.
  for (let i = 0; i < requests.length; i += CHUNK) {
    await db
      .insertInto('attendance_requests')
      .values(requests.slice(i, i + CHUNK))
      .execute();
  }
  for (let i = 0; i < records.length; i += CHUNK) {
    await db
      .insertInto('attendance_records')
      .values(records.slice(i, i + CHUNK))
      .execute();
  }
  await rebuildMonthStats(db, tenantId, cfg.rules.workMonth);
  const closes: AttendanceDayCloseTable[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    closes.push({
      tenant_id: tenantId,
      date: d,
      absent_count: absentByDay.get(d) ?? 0,
      closed_at: iso(closedAtOf(s, d)),
    });
  }
  await db.insertInto('attendance_day_closes').values(closes).execute();

  // ---- Allowance bases of the supervisors: the last complete work month and the current one.
  const bases: AttendanceAllowanceBaseTable[] = [];
  for (const p of attendees.filter((x) => x.role === 'supervisor' && x.status === 'active')) {
    const baseFen = 150_000 + 10_000 * s.rnd.int(0, 15);
    for (const m of [month, workMonthOf(today, cfg.rules.workMonth)]) {
      bases.push({
        tenant_id: tenantId,
        user_id: p.id,
        month: m,
        base_fen: baseFen,
        updated_by: null,
        updated_at: stamp,
      });
    }
  }
  if (bases.length) await db.insertInto('attendance_allowance_bases').values(bases).execute();

  // The cached configuration was read before the workplaces existed.
  invalidateTenantConfig(tenantId);
  return {
    from,
    to,
    month,
    records: records.length,
    leaveRequests: requests.filter((r) => r.kind === 'leave' && r.status === 'approved').length,
    makeUps,
    pending,
  };
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/**
 * Requests waiting for a decision: leave ahead (one of the first team's agents for sup1, another
 * department's agent, a supervisor's own for the manager) and make-ups of the last meeting days
 * still within the deadline, whose days are the closed day's absences.
 */
function seedPending(
  s: Seed,
  attendees: Person[],
  planOf: (p: Person) => Map<string, Plan>,
  requests: AttendanceRequestTable[],
  who: { sup1Team: string | undefined; under80: string | undefined; under50: string | undefined },
): number {
  const active = attendees.filter((p) => p.status === 'active');
  const agents = active.filter((p) => p.role === 'agent');
  const ahead = meetingDaysOf(s.cfg, addDays(s.today, 2), addDays(s.today, 40));
  let count = 0;
  const push = (
    p: Person,
    fields: Pick<
      AttendanceRequestTable,
      'kind' | 'leave_type' | 'start_date' | 'end_date' | 'time' | 'reason'
    >,
    hoursAgo: number,
  ) => {
    const created = iso(new Date(s.now.getTime() - hoursAgo * 60 * MINUTE));
    requests.push({
      id: newId(),
      tenant_id: s.tenantId,
      user_id: p.id,
      unit_id: p.unit_id,
      ...fields,
      status: 'pending',
      decided_by: null,
      decision_comment: null,
      decided_at: null,
      created_at: created,
      updated_at: created,
    });
    count++;
  };

  const firstTeam = agents.filter((p) => p.unit_id === who.sup1Team);
  const elsewhere = agents.filter((p) => p.unit_id !== who.sup1Team);
  const leaves: [Person | undefined, LeaveType, number][] = [
    [firstTeam[0], 'annual', 2],
    [firstTeam[3], 'field', 1],
    [elsewhere[Math.floor(elsewhere.length / 2)], 'personal', 1],
    [
      active.find((p) => p.role === 'supervisor' && p.id !== who.under80 && p.id !== who.under50),
      'annual',
      3,
    ],
  ];
  for (const [i, [p, type, length]] of leaves.entries()) {
    if (!p || ahead.length < 6 + i * 3 + length) continue;
    const span = ahead.slice(3 + i * 3, 3 + i * 3 + length);
    push(
      p,
      {
        kind: 'leave',
        leave_type: type,
        start_date: span[0]!,
        end_date: span.at(-1)!,
        time: null,
        reason: s.rnd.pick(LEAVE_REASONS[type]),
      },
      2 + i * 5,
    );
  }

  // Make-ups may be asked for within the deadline after the meeting day.
  const deadline = s.cfg.rules.makeUp.deadlineDays;
  const recent = meetingDaysOf(s.cfg, addDays(s.today, -deadline), addDays(s.today, -1)).at(-1);
  if (recent) {
    for (const p of [firstTeam[1], elsewhere[2]]) {
      if (!p || !employed(p, recent)) continue;
      const plan = planOf(p).get(recent);
      if (plan && plan.kind !== 'present' && plan.kind !== 'late' && plan.kind !== 'absent') continue;
      planOf(p).set(recent, { kind: 'absent', arrivedLate: false });
      push(
        p,
        {
          kind: 'makeUp',
          leave_type: null,
          start_date: recent,
          end_date: recent,
          time: `08:${pad(s.rnd.int(15, 28))}`,
          reason: s.rnd.pick(MAKE_UP_REASONS),
        },
        1 + count,
      );
    }
  }
  return count;
}
