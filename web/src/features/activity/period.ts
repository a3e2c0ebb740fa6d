import { workMonthOf, type WorkMonthRule } from '../attendance/time.ts';
import type { SummaryPeriod } from './enums.ts';

/**
 * Pure helpers of the analysis period picker. The server turns (period, date) into a range — the
 * day, its week, its work month (工作月), its quarter — so the page only has to name a date inside
 * the period the user chose; the range the server used comes back with the figures.
 */

export const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A date inside work month M whatever the tenant's rule: the 15th (a day26 work month M runs from
 * the 26th of M−1 to the 25th of M; a calendar month holds its 15th too).
 */
export function dateInWorkMonth(month: string): string {
  return `${month}-15`;
}

/** The work month's quarter (1–4) of a YYYY-MM month. */
export function quarterOf(month: string): number {
  return Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1;
}

/** A date inside quarter Q of a year: the 15th of its middle month, so either month rule agrees. */
export function dateInQuarter(year: number, quarter: number): string {
  return `${year}-${pad((quarter - 1) * 3 + 2)}-15`;
}

/** What the period picker shows for a date: the work month (not the calendar month) it falls in. */
export function pickerMonth(date: string, rule: WorkMonthRule): string {
  return workMonthOf(date, rule);
}

/** The date the page asks for once the user picks a period's value in the picker. */
export function dateForPick(period: Exclude<SummaryPeriod, 'custom'>, picked: string): string {
  // The month and quarter pickers answer the first day of the calendar month they show.
  if (period === 'month') return dateInWorkMonth(picked.slice(0, 7));
  if (period === 'quarter') {
    const y = Number(picked.slice(0, 4));
    return dateInQuarter(y, quarterOf(picked.slice(0, 7)));
  }
  return picked;
}

/** Trend grain that suits a period: days for a day or week, weeks for a month, work months beyond. */
export function trendGrainFor(period: SummaryPeriod): 'day' | 'week' | 'month' {
  if (period === 'day' || period === 'week') return 'day';
  if (period === 'month') return 'week';
  return 'month';
}
