/**
 * Pure helpers shared by the desk tables: server sort strings ("field" / "-field") to and from
 * antd's sorter, and the standard checks of the spot-check overview.
 */

export type SortOrder = 'ascend' | 'descend' | null;

/** The field of a sort string ("-onHand" → "onHand"). */
export function sortParam(sort: string): string {
  return sort.replace(/^-/, '');
}

/** The antd sort order a column shows for the page's sort string. */
export function sortOrderOf(sort: string | undefined, field: string): SortOrder {
  if (!sort || sortParam(sort) !== field) return null;
  return sort.startsWith('-') ? 'descend' : 'ascend';
}

/** The sort props of a table column the server sorts by `field`, as the page's sort string has it. */
export function serverSorted(sort: string | undefined, field: string) {
  return { key: field, sorter: true, sortOrder: sortOrderOf(sort, field), showSorterTooltip: false };
}

/** antd's sorter → the server's sort string (undefined: back to the default order). */
export function sortFromTable(field: string | undefined, order: SortOrder | undefined): string | undefined {
  if (!field || !order) return undefined;
  return order === 'descend' ? `-${field}` : field;
}

interface Sorter {
  columnKey?: unknown;
  order?: SortOrder | undefined;
}

/**
 * A server-sorted table changed: a new sort (its string to `onSort`), or else the pager moved
 * (`onPage` with the page and its size, the size kept when antd gives none).
 */
export function onSortOrPage(
  sort: string | undefined,
  pageSize: number,
  onSort: (sort: string | undefined) => void,
  onPage: (page: number, pageSize: number) => void,
) {
  return (
    p: { current?: number | undefined; pageSize?: number | undefined },
    _filters: unknown,
    sorter: Sorter | Sorter[],
  ) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const next = sortFromTable(s?.order ? String(s.columnKey) : undefined, s?.order);
    if (next !== sort) onSort(next);
    else onPage(p.current ?? 1, p.pageSize ?? pageSize);
  };
}

export interface StandardFigures {
  onHand: number;
  newThisMonth: number;
}

/**
 * Where an agent stands against the standard (keep ≥ onHand cards, add ≥ monthly a month):
 * the shortfalls, zero when met. `monthShare` prorates the monthly standard to the part of the
 * month gone (1 = the whole month) so the middle of a month is not judged on the full number.
 */
export function shortfalls(
  row: StandardFigures,
  standards: { onHand: number; monthly: number },
  monthShare = 1,
): { onHand: number; monthly: number } {
  const due = Math.ceil(standards.monthly * Math.min(1, Math.max(0, monthShare)));
  return {
    onHand: Math.max(0, standards.onHand - row.onHand),
    monthly: Math.max(0, due - row.newThisMonth),
  };
}

/** The part of a month gone by a date (its day ÷ the month's days), for the prorated standard. */
export function monthShareOf(date: string, monthFrom: string, monthTo: string): number {
  if (date < monthFrom) return 0;
  if (date >= monthTo) return 1;
  const day = Number(date.slice(8, 10)) - Number(monthFrom.slice(8, 10)) + 1;
  const days = Number(monthTo.slice(8, 10)) - Number(monthFrom.slice(8, 10)) + 1;
  return day / days;
}

/** A ratio (0–1) from two counts; null when the base is zero. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
