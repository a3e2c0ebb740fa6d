import {
  FunnelStages,
  type ActivitySettings,
  type ActivityStage,
  type Funnel,
  type FunnelStage,
} from '../../../contracts/activity.ts';
import { addDays, daysBetween, isoWeekday, workMonthOf, workMonthRange } from '../attendance/attendance.rules.ts';
import type { AttendanceRules } from '../../../contracts/attendance.ts';

/**
 * Pure rules of activity management: points arithmetic, funnel ratios and the weakest step,
 * periods (week, work month, quarter), plans spread over workdays, the 24-hour review rule and
 * the backdating window. Table-tested in activity.rules.test.ts.
 */

// ---- Points -------------------------------------------------------------------------------------

/** Points are kept as integer thousandths so that sums of 0.2 never drift. */
export function toMilli(points: number): number {
  return Math.round(points * 1000);
}

export function fromMilli(milli: number): number {
  return milli / 1000;
}

/** The points of a type on a date: the latest entry effective on or before it (0 before the first). */
export function pointsOn(history: readonly { effectiveFrom: string; pointsMilli: number }[], date: string): number {
  let best: { effectiveFrom: string; pointsMilli: number } | null = null;
  for (const h of history) if (h.effectiveFrom <= date && (!best || h.effectiveFrom > best.effectiveFrom)) best = h;
  return best ? best.pointsMilli : 0;
}

// ---- Defaults -------------------------------------------------------------------------------------

export const DEFAULT_SETTINGS: ActivitySettings = {
  backdateDays: 3,
  logReminderAt: '20:00',
  reviewReminderHours: 24,
  loggingRoles: ['agent', 'supervisor'],
};

/**
 * The tenant's activity types when it first uses the module: the defaults of practice (PRODUCT.md),
 * every one editable. Points in thousandths.
 */
export const DEFAULT_TYPES: readonly {
  code: string;
  name: string;
  nameEn: string;
  stage: ActivityStage;
  pointsMilli: number;
}[] = [
  { code: 'phoneAppointment', name: '电话约访', nameEn: 'Phone appointment', stage: 'contact', pointsMilli: 1000 },
  { code: 'messageOneWay', name: '信息问候（单向）', nameEn: 'Message (one-way)', stage: 'contact', pointsMilli: 200 },
  { code: 'messageTwoWay', name: '信息沟通（双向）', nameEn: 'Message (two-way)', stage: 'contact', pointsMilli: 1000 },
  { code: 'names', name: '收集名单', nameEn: 'Collecting names', stage: 'contact', pointsMilli: 2000 },
  { code: 'interview', name: '面谈', nameEn: 'Interview', stage: 'interview', pointsMilli: 3000 },
  { code: 'needsAnalysis', name: '需求分析', nameEn: 'Needs analysis', stage: 'interview', pointsMilli: 3000 },
  { code: 'proposal', name: '建议书说明', nameEn: 'Proposal', stage: 'proposal', pointsMilli: 3000 },
  { code: 'closing', name: '促成', nameEn: 'Closing', stage: 'closing', pointsMilli: 5000 },
  { code: 'sale', name: '签单', nameEn: 'Sale', stage: 'sale', pointsMilli: 5000 },
  { code: 'referral', name: '转介绍', nameEn: 'Referral', stage: 'contact', pointsMilli: 2000 },
  { code: 'policyDelivery', name: '递交保单', nameEn: 'Policy delivery', stage: 'service', pointsMilli: 3000 },
  { code: 'service', name: '售后服务/保单检视', nameEn: 'After-sales service', stage: 'service', pointsMilli: 2000 },
  { code: 'jointVisit', name: '陪访', nameEn: 'Joint visit', stage: 'jointVisit', pointsMilli: 3000 },
  { code: 'recruitInterview', name: '增员面谈', nameEn: 'Recruitment interview', stage: 'recruitment', pointsMilli: 3000 },
  { code: 'recruitSigned', name: '增员签约', nameEn: 'Recruit signed on', stage: 'recruitment', pointsMilli: 5000 },
];

/** The default team standard: 日行三访, three interviews a workday. */
export const DEFAULT_STANDARD = { typeCode: 'interview', perWorkday: 3 } as const;

// ---- Funnel -----------------------------------------------------------------------------------------

export const ZERO_FUNNEL: Funnel = { contact: 0, interview: 0, proposal: 0, closing: 0, sale: 0 };

export function isFunnelStage(stage: string): stage is FunnelStage {
  return (FunnelStages as readonly string[]).includes(stage);
}

/** Conversion of each step: interviews ÷ contacts, proposals ÷ interviews, … ; null when the base is 0. */
export function funnelRatios(f: Funnel): (number | null)[] {
  const out: (number | null)[] = [];
  for (let i = 0; i < FunnelStages.length - 1; i++) {
    const base = f[FunnelStages[i]!];
    out.push(base > 0 ? f[FunnelStages[i + 1]!] / base : null);
  }
  return out;
}

/**
 * The step where a person falls furthest below the team: the largest shortfall of their ratio
 * against the team's, relative to the team's (so a 20 %-point gap on a 40 % step counts more than
 * on an 80 % step). Steps where either ratio is unknown are skipped; null when nowhere below.
 */
export function weakestStep(own: readonly (number | null)[], team: readonly (number | null)[]): number | null {
  let best: number | null = null;
  let worst = 0;
  for (let i = 0; i < own.length; i++) {
    const a = own[i];
    const b = team[i];
    if (a === null || a === undefined || b === null || b === undefined || b <= 0) continue;
    const shortfall = (b - a) / b;
    if (shortfall > worst + 1e-12) {
      worst = shortfall;
      best = i;
    }
  }
  return best;
}

// ---- Periods ------------------------------------------------------------------------------------------

export interface Period {
  from: string;
  to: string;
}

/** The Monday of the week of a date: weeks are named by it. */
export function weekOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

export function weekRange(monday: string): Period {
  return { from: monday, to: addDays(monday, 6) };
}

/** The work month of a date and its range. */
export function monthPeriod(date: string, workMonth: AttendanceRules['workMonth']): Period & { month: string } {
  const month = workMonthOf(date, workMonth);
  return { month, ...workMonthRange(month, workMonth) };
}

/** The quarter of work months holding a date: Q1 is work months 01–03, and so on. */
export function quarterPeriod(date: string, workMonth: AttendanceRules['workMonth']): Period & { quarter: string } {
  const month = workMonthOf(date, workMonth);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const q = Math.floor((m - 1) / 3);
  const first = `${y}-${String(q * 3 + 1).padStart(2, '0')}`;
  const last = `${y}-${String(q * 3 + 3).padStart(2, '0')}`;
  return { quarter: `${y}-Q${q + 1}`, from: workMonthRange(first, workMonth).from, to: workMonthRange(last, workMonth).to };
}

// ---- Plans over workdays ---------------------------------------------------------------------------------

/**
 * A plan's count for part of its period: spread evenly over the plan's workdays, so a monthly
 * plan of 66 interviews over 22 workdays plans 3 for each. The share is in thousandths of a count
 * so that a day's part of a plan not divisible by its workdays is not lost when summed.
 *
 * `planWorkdays` are the workdays of the whole plan period, `inRange` how many of them fall in
 * the asked range (e.g. the part of a work month inside one calendar month).
 */
export function plannedShareMilli(totalMilli: number, planWorkdays: number, inRange: number): number {
  if (planWorkdays <= 0) return inRange > 0 ? totalMilli : 0;
  return Math.round((totalMilli * Math.min(inRange, planWorkdays)) / planWorkdays);
}

/** Points planned from a standard: points per workday × workdays. */
export function standardPlanMilli(perWorkdayMilli: number, workdays: number): number {
  return perWorkdayMilli * workdays;
}

// ---- Review and backdating ----------------------------------------------------------------------------------

const DAY_MS = 86_400_000;

/** A log counts as reviewed in time when reviewed no later than 24 h after it was submitted. */
export function reviewedWithin24h(submittedAt: string, reviewedAt: string | null): boolean {
  if (!reviewedAt) return false;
  return Date.parse(reviewedAt) - Date.parse(submittedAt) <= DAY_MS;
}

/**
 * Whether an activity of `date` may be logged on `today`: not in the future, and at most
 * `backdateDays` days back (a late entry when before today).
 */
export function backdateCheck(date: string, today: string, backdateDays: number): 'ok' | 'late' | 'future' | 'tooOld' {
  const back = daysBetween(date, today);
  if (back < 0) return 'future';
  if (back === 0) return 'ok';
  return back <= backdateDays ? 'late' : 'tooOld';
}

/** Safe ratio: null when the base is zero. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
