/**
 * Periods of the prospect pages. The funnel and the handover history ask the server for a range
 * (from, to inclusive, YYYY-MM-DD); these helpers name the range of the period a date falls in.
 * Weeks run Monday to Sunday; months and quarters are calendar ones.
 */

export type RangeKind = 'week' | 'month' | 'quarter' | 'year' | 'custom';
export const RANGE_KINDS: readonly RangeKind[] = ['week', 'month', 'quarter', 'year', 'custom'];

export const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export interface DateRange {
  from: string;
  to: string;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function parts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** Days in a calendar month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return iso(new Date(Date.UTC(y, m - 1, d + days)));
}

/** Monday of the week of a date. */
export function mondayOf(date: string): string {
  const [y, m, d] = parts(date);
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return addDays(date, -((dow + 6) % 7));
}

/** The range of the week / month / quarter / year a date falls in. */
export function rangeOf(kind: Exclude<RangeKind, 'custom'>, date: string): DateRange {
  const [y, m] = parts(date);
  switch (kind) {
    case 'week': {
      const from = mondayOf(date);
      return { from, to: addDays(from, 6) };
    }
    case 'month':
      return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(daysInMonth(y, m))}` };
    case 'quarter': {
      const first = Math.floor((m - 1) / 3) * 3 + 1;
      const last = first + 2;
      return { from: `${y}-${pad(first)}-01`, to: `${y}-${pad(last)}-${pad(daysInMonth(y, last))}` };
    }
    case 'year':
      return { from: `${y}-01-01`, to: `${y}-12-31` };
  }
}

/** The same kind of period just before (-1) or after (+1) the one a range names. */
export function shiftRange(kind: Exclude<RangeKind, 'custom'>, range: DateRange, step: -1 | 1): DateRange {
  return rangeOf(kind, step < 0 ? addDays(range.from, -1) : addDays(range.to, 1));
}

/** "2026-Q4", "2026-11", "2026-11-23 ~ 11-29", "2026" or "2026-10-01 ~ 2026-11-27": how a period reads. */
export function rangeLabel(kind: RangeKind, range: DateRange): string {
  const [y, m] = parts(range.from);
  switch (kind) {
    case 'quarter':
      return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
    case 'month':
      return range.from.slice(0, 7);
    case 'year':
      return String(y);
    case 'week':
      return `${range.from} ~ ${range.to.slice(5)}`;
    case 'custom':
      return `${range.from} ~ ${range.to}`;
  }
}

/** Reads a range from the URL: both ends valid and in order, else the default. */
export function parseRange(from: string | null, to: string | null, fallback: DateRange): DateRange {
  if (from && to && DATE_RE.test(from) && DATE_RE.test(to) && from <= to) return { from, to };
  return fallback;
}

/** Which kind of period a range is exactly (for the picker to show it), else custom. */
export function kindOfRange(range: DateRange): RangeKind {
  for (const k of ['week', 'month', 'quarter', 'year'] as const) {
    const r = rangeOf(k, range.from);
    if (r.from === range.from && r.to === range.to) return k;
  }
  return 'custom';
}

/** Whole days between two dates (to − from). */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}
