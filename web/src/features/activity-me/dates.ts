/**
 * Pure helpers of the activity pages: business dates are YYYY-MM-DD strings in the tenant's zone
 * and never pass through a Date in the browser's own zone; points are shown with at most one
 * decimal (0.2, 3, 12.6).
 */

const DAY_MS = 86_400_000;

/** A date `n` days after (negative: before) a YYYY-MM-DD date. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a date: Monday 1 … Sunday 7. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The Monday of the week of a date: a week is named by it. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The seven dates of the week that starts on `monday`. */
export function weekDays(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** Days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** Points with at most one decimal and thousands separators: 0.2, 3, 12.6, 1,204.4. */
export function formatPoints(points: number | null | undefined, locale = 'zh-CN'): string {
  if (points === null || points === undefined || Number.isNaN(points)) return '';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(points);
}

/** done ÷ planned as a whole percentage for a progress bar (0 without a plan, capped at 100). */
export function progressPercent(done: number, planned: number): number {
  if (!(planned > 0)) return done > 0 ? 100 : 0;
  return Math.min(100, Math.round((done / planned) * 100));
}

/** Sum of points without drift: summed as integer thousandths. */
export function sumPoints(values: readonly number[]): number {
  return values.reduce((s, v) => s + Math.round(v * 1000), 0) / 1000;
}
