import { createRequire } from 'node:module';
import type {
  AttendanceRules,
  CalendarDay,
  DayStatus,
  LeaveTypeRule,
  MeetingRules,
  MonthFigures,
} from '../../../contracts/attendance.ts';
import type { Role } from '../../../contracts/roles.ts';

/**
 * Pure attendance rules: calendar, work month, how a check-in is judged, tiers and fines. Nothing
 * here reads the database or the clock, so every rule is tested by tables of cases.
 */

/** The seed's practice: every value is the tenant's to change (PRODUCT.md "Defaults from practice"). */
export const DEFAULT_RULES: AttendanceRules = {
  meetingStart: '08:30',
  meetingEnd: '09:30',
  lateAfterMinutes: 0,
  absentAfterMinutes: 10,
  earlyLeaveMinutes: 10,
  opensBeforeMinutes: 60,
  selfCheckIn: 'tap',
  geofence: 'off',
  workMonth: { kind: 'day26', startDay: 26 },
  meetingWeekdays: [1, 2, 3, 4, 5],
  meetingOnAdjustedWorkdays: true,
  attendeeRoles: ['agent', 'supervisor'],
  offlineToleranceMinutes: 120,
  leaveTypes: [
    { type: 'personal', enabled: true, advanceNoticeDays: 1, monthlyLimitDays: 2, countsAs: 'notAttended' },
    { type: 'sick', enabled: true, advanceNoticeDays: 0, monthlyLimitDays: null, countsAs: 'excused' },
    { type: 'annual', enabled: true, advanceNoticeDays: 1, monthlyLimitDays: null, countsAs: 'excused' },
    { type: 'field', enabled: true, advanceNoticeDays: 0, monthlyLimitDays: null, countsAs: 'attended' },
  ],
  makeUp: { monthlyLimit: 3, deadlineDays: 3 },
  fines: {
    enabled: false,
    agent: { perEventFen: 500, monthlyCapFen: 10_000 },
    supervisor: { perEventFen: 1_000, monthlyCapFen: 15_000 },
  },
  fullAttendanceRate: 0.8,
  allowanceTiers: [
    { minRate: 0.8, cut: 0 },
    { minRate: 0.5, cut: 0.2 },
    { minRate: 0, cut: 1 },
  ],
};

export const MEETING_RULE_KEYS = [
  'meetingStart',
  'meetingEnd',
  'lateAfterMinutes',
  'absentAfterMinutes',
  'earlyLeaveMinutes',
  'opensBeforeMinutes',
  'selfCheckIn',
  'geofence',
] as const satisfies readonly (keyof MeetingRules)[];

export function meetingRulesOf(rules: MeetingRules): MeetingRules {
  const out = {} as Record<string, unknown>;
  for (const k of MEETING_RULE_KEYS) out[k] = rules[k];
  return out as MeetingRules;
}

// ---- Dates ------------------------------------------------------------------------------------

/** ISO weekday of a YYYY-MM-DD date, 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function datesFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

// ---- Work month -------------------------------------------------------------------------------

/**
 * The work month (工作月) a date falls in. With day26 the month M runs from the 26th of M−1 to the
 * 25th of M, except that January starts on 1 January and December ends on 31 December, so a work
 * year never straddles two calendar years.
 */
export function workMonthOf(date: string, workMonth: AttendanceRules['workMonth']): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (workMonth.kind === 'calendar' || m === 12 || d < workMonth.startDay) return `${y}-${pad(m)}`;
  return `${y}-${pad(m + 1)}`;
}

export function workMonthRange(
  month: string,
  workMonth: AttendanceRules['workMonth'],
): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (workMonth.kind === 'calendar') return { from: `${month}-01`, to: `${month}-${pad(lastDay)}` };
  const start = workMonth.startDay;
  const from = m === 1 ? `${y}-01-01` : `${y}-${pad(m - 1)}-${pad(start)}`;
  const to = m === 12 ? `${y}-12-31` : `${y}-${pad(m)}-${pad(start - 1)}`;
  return { from, to };
}

/** The months before and including `month`, oldest first. */
export function monthsEndingAt(month: string, count: number): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const idx = y * 12 + (m - 1) - i;
    out.push(`${Math.floor(idx / 12)}-${pad((idx % 12) + 1)}`);
  }
  return out;
}

// ---- Calendar -------------------------------------------------------------------------------

interface BuiltinCalendar {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

// The statutory calendar (holidays and 调休 workdays) as published each year, bundled by chinese-days.
const builtin = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as BuiltinCalendar;

/** Years the bundled statutory calendar covers. */
export const BUILTIN_YEARS: readonly number[] = [
  ...new Set(
    [...Object.keys(builtin.holidays), ...Object.keys(builtin.workdays)].map((d) => Number(d.slice(0, 4))),
  ),
].sort((a, b) => a - b);

function builtinName(raw: string): string {
  // Entries read "English name,中文名,days".
  return raw.split(',')[1] ?? raw;
}

export interface TenantDay {
  kind: 'workday' | 'holiday';
  name: string | null;
}

/** The day as the tenant sees it: its own entry, else the statutory calendar, else weekday/weekend. */
export function calendarDay(
  date: string,
  own: TenantDay | undefined,
  rules: Pick<AttendanceRules, 'meetingWeekdays' | 'meetingOnAdjustedWorkdays'>,
): CalendarDay {
  const weekday = isoWeekday(date);
  const weekend = weekday >= 6;
  let workday: boolean;
  let name: string | null = null;
  let source: CalendarDay['source'];
  if (own) {
    workday = own.kind === 'workday';
    name = own.name;
    source = 'tenant';
  } else if (builtin.holidays[date] !== undefined) {
    workday = false;
    name = builtinName(builtin.holidays[date]);
    source = 'builtin';
  } else if (builtin.workdays[date] !== undefined && weekend) {
    workday = true;
    name = builtinName(builtin.workdays[date]);
    source = 'builtin';
  } else {
    workday = !weekend;
    source = 'default';
  }
  const adjusted = workday && weekend;
  const meetingDay =
    workday && (rules.meetingWeekdays.includes(weekday) || (adjusted && rules.meetingOnAdjustedWorkdays));
  return { date, weekday, workday, name, adjusted, meetingDay, source };
}

// ---- Time zones -----------------------------------------------------------------------------

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes the zone is ahead of UTC at an instant (480 for Asia/Shanghai). */
function zoneOffsetMinutes(at: Date, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant of a wall-clock time on a date in a zone. */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const naive = Date.parse(`${date}T${time}:00Z`);
  const first = naive - zoneOffsetMinutes(new Date(naive), timeZone) * 60_000;
  // Correct once for a zone whose offset differs at the guessed instant (a DST change that day).
  return new Date(naive - zoneOffsetMinutes(new Date(first), timeZone) * 60_000);
}

export interface MeetingTimes {
  opensAt: Date;
  start: Date;
  /** Check-ins after this are late. */
  lateAt: Date;
  /** Check-ins after this are absent. */
  absentAt: Date;
  end: Date;
}

export function meetingTimes(date: string, rules: MeetingRules, timeZone: string): MeetingTimes {
  const start = zonedInstant(date, rules.meetingStart, timeZone);
  const minute = 60_000;
  return {
    opensAt: new Date(start.getTime() - rules.opensBeforeMinutes * minute),
    start,
    lateAt: new Date(start.getTime() + rules.lateAfterMinutes * minute),
    absentAt: new Date(start.getTime() + rules.absentAfterMinutes * minute),
    end: zonedInstant(date, rules.meetingEnd, timeZone),
  };
}

/**
 * How a check-in at `at` is judged: up to lateAfter minutes past the start is on time, up to
 * absentAfter minutes is late (exactly 10 min is still late), anything later is absent.
 */
export function judgeCheckIn(at: Date, times: MeetingTimes): Exclude<DayStatus, 'leave'> {
  if (at.getTime() <= times.lateAt.getTime()) return 'present';
  if (at.getTime() <= times.absentAt.getTime()) return 'late';
  return 'absent';
}

/** Leaving `earlyLeaveMinutes` or more before the end is early leave (exactly 10 min early counts). */
export function isEarlyLeave(out: Date, times: MeetingTimes, rules: MeetingRules): boolean {
  return times.end.getTime() - out.getTime() >= rules.earlyLeaveMinutes * 60_000;
}

// ---- Geofence -------------------------------------------------------------------------------

/** Great-circle distance in metres (haversine; plenty for a radius of tens of metres). */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function insideAny(
  position: { lat: number; lng: number },
  locations: readonly { lat: number; lng: number; radiusM: number }[],
): boolean {
  return locations.some((l) => distanceMetres(position, l) <= l.radiusM);
}

// ---- Leave ----------------------------------------------------------------------------------

export function leaveRuleOf(rules: AttendanceRules, type: string): LeaveTypeRule | undefined {
  return rules.leaveTypes.find((t) => t.type === type);
}

// ---- Monthly figures, tiers and fines -------------------------------------------------------

export interface MonthCounters {
  present: number;
  late: number;
  absent: number;
  leave_attended: number;
  leave_excused: number;
  leave_unexcused: number;
  early_leave: number;
}

export const ZERO_COUNTERS: MonthCounters = {
  present: 0,
  late: 0,
  absent: 0,
  leave_attended: 0,
  leave_excused: 0,
  leave_unexcused: 0,
  early_leave: 0,
};

/** Which counter a record adds to. */
export function counterOf(status: DayStatus, leaveCounts: string | null): keyof MonthCounters {
  if (status !== 'leave') return status;
  if (leaveCounts === 'attended') return 'leave_attended';
  if (leaveCounts === 'excused') return 'leave_excused';
  return 'leave_unexcused';
}

/** Fine in fen for a number of events (late, absent, early leave), capped per month. */
export function fineFen(events: number, rule: { perEventFen: number; monthlyCapFen: number | null }): number {
  const raw = events * rule.perEventFen;
  return rule.monthlyCapFen === null ? raw : Math.min(raw, rule.monthlyCapFen);
}

export function fineRuleFor(rules: AttendanceRules, role: Role): AttendanceRules['fines']['agent'] | null {
  if (!rules.fines.enabled) return null;
  return role === 'supervisor' ? rules.fines.supervisor : rules.fines.agent;
}

/**
 * A month's figures from its counters. Late counts as attended; excused leave is off the required
 * days; field work counts as attended; other leave is required but not attended (and not absent).
 */
export function monthFigures(
  c: MonthCounters,
  fine: { perEventFen: number; monthlyCapFen: number | null } | null,
): MonthFigures {
  const attended = c.present + c.late + c.leave_attended;
  const required = attended + c.absent + c.leave_unexcused;
  return {
    required,
    attended,
    present: c.present,
    late: c.late,
    absent: c.absent,
    leave: c.leave_attended + c.leave_excused + c.leave_unexcused,
    earlyLeave: c.early_leave,
    rate: required === 0 ? null : attended / required,
    finesFen: fine ? fineFen(c.late + c.absent + c.early_leave, fine) : 0,
  };
}

/**
 * The allowance tier of a rate: the first tier, highest minRate first, whose minRate the rate
 * reaches (exactly 80 % is in the ≥ 80 % tier). A month with nothing required cuts nothing.
 */
export function allowanceTier(
  rate: number | null,
  tiers: AttendanceRules['allowanceTiers'],
): { index: number; cut: number } {
  const sorted = [...tiers].sort((a, b) => b.minRate - a.minRate);
  if (rate === null) return { index: 0, cut: sorted[0]?.cut ?? 0 };
  // Rates are ratios of small integers: compare with a tolerance so 4/5 is not read as 0.7999….
  const i = sorted.findIndex((t) => rate + 1e-9 >= t.minRate);
  const index = i === -1 ? sorted.length - 1 : i;
  return { index, cut: sorted[index]?.cut ?? 0 };
}

/** Amount cut, rounded to the fen. */
export function allowanceCutFen(baseFen: number, cut: number): number {
  return Math.round(baseFen * cut);
}
