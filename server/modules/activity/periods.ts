import type { PlanKind } from '../../../contracts/activity.ts';
import type { AttendanceRules } from '../../../contracts/attendance.ts';
import { invalid } from '../../http/errors.ts';
import {
  addDays,
  daysBetween,
  isoWeekday,
  workMonthOf,
  workMonthRange,
} from '../attendance/attendance.rules.ts';
import { monthPeriod, quarterPeriod, weekOf, weekRange, type Period } from './activity.rules.ts';

/** Periods asked for by the planning and reading routes, checked (400 with the field's path). */

type WorkMonth = AttendanceRules['workMonth'];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A real calendar date (2026-02-30 is not). */
export function isRealDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const t = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === date;
}

export function assertDate(date: string, path: string): void {
  if (!isRealDate(date))
    throw invalid([{ path, message: 'Expected a real date YYYY-MM-DD', code: 'invalid_date' }]);
}

/** A plan's period: a week named by its Monday, a work month by YYYY-MM. */
export function planPeriod(
  kind: PlanKind,
  period: string,
  workMonth: WorkMonth,
  path = 'params.period',
): Period {
  if (kind === 'week') {
    if (!isRealDate(period) || isoWeekday(period) !== 1)
      throw invalid([{ path, message: 'A week is named by its Monday (YYYY-MM-DD)', code: 'invalid_week' }]);
    return weekRange(period);
  }
  if (!MONTH.test(period))
    throw invalid([{ path, message: 'A month is named YYYY-MM', code: 'invalid_month' }]);
  return workMonthRange(period, workMonth);
}

/** The period's name of the plan covering a date: its week's Monday, or its work month. */
export function planPeriodOf(kind: PlanKind, date: string, workMonth: WorkMonth): string {
  return kind === 'week' ? weekOf(date) : workMonthOf(date, workMonth);
}

/** Custom ranges are at most this long. */
export const MAX_RANGE_DAYS = 366;

export interface RangeQuery {
  period: 'day' | 'week' | 'month' | 'quarter' | 'custom';
  date?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The days a summary covers: a day, the week or work month or quarter of `date` (default today), or from–to. */
export function summaryRange(q: RangeQuery, workMonth: WorkMonth, today: string): Period {
  if (q.period === 'custom') {
    const errors = [];
    if (!q.from)
      errors.push({ path: 'query.from', message: 'Required for a custom period', code: 'required' });
    else if (!isRealDate(q.from))
      errors.push({ path: 'query.from', message: 'Expected a real date', code: 'invalid_date' });
    if (!q.to) errors.push({ path: 'query.to', message: 'Required for a custom period', code: 'required' });
    else if (!isRealDate(q.to))
      errors.push({ path: 'query.to', message: 'Expected a real date', code: 'invalid_date' });
    if (errors.length > 0) throw invalid(errors);
    if (q.from! > q.to!)
      throw invalid([{ path: 'query.to', message: 'Must not be before from', code: 'order' }]);
    if (daysBetween(q.from!, q.to!) >= MAX_RANGE_DAYS)
      throw invalid([{ path: 'query.to', message: `At most ${MAX_RANGE_DAYS} days`, code: 'too_long' }]);
    return { from: q.from!, to: q.to! };
  }
  const date = q.date ?? today;
  assertDate(date, 'query.date');
  switch (q.period) {
    case 'day':
      return { from: date, to: date };
    case 'week':
      return weekRange(weekOf(date));
    case 'month': {
      const m = monthPeriod(date, workMonth);
      return { from: m.from, to: m.to };
    }
    case 'quarter': {
      const p = quarterPeriod(date, workMonth);
      return { from: p.from, to: p.to };
    }
  }
}

/** The last `count` periods of a grain ending with the one holding `today`, oldest first. */
export function trendBuckets(
  grain: 'day' | 'week' | 'month',
  today: string,
  workMonth: WorkMonth,
): (Period & { period: string })[] {
  const out: (Period & { period: string })[] = [];
  if (grain === 'day') {
    for (let i = 29; i >= 0; i--) {
      const d = addDays(today, -i);
      out.push({ period: d, from: d, to: d });
    }
  } else if (grain === 'week') {
    const monday = weekOf(today);
    for (let i = 11; i >= 0; i--) {
      const m = addDays(monday, -7 * i);
      out.push({ period: m, ...weekRange(m) });
    }
  } else {
    let m = monthPeriod(today, workMonth);
    const list = [m];
    for (let i = 1; i < 6; i++) {
      m = monthPeriod(addDays(m.from, -1), workMonth);
      list.unshift(m);
    }
    for (const p of list) out.push({ period: p.month, from: p.from, to: p.to });
  }
  return out;
}
