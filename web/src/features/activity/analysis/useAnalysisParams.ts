import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { SummaryParams } from '../api.ts';
import { SUMMARY_PERIODS, SUMMARY_SORTS, type SummaryPeriod, type SummaryRowsMode } from '../enums.ts';
import { DATE_RE } from '../period.ts';

export const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;
/** Leaders first: the figures a manager reads are the most points, then the tail. */
export const DEFAULT_SORT = '-points';

export interface AnalysisDefaults {
  unitId: string;
  /** Today in the tenant's zone. */
  date: string;
  /** Rows per person for a team or department, per child unit for a company or branch. */
  rowsFor: (unitId: string) => SummaryRowsMode;
}

function parse(sp: URLSearchParams, d: AnalysisDefaults): SummaryParams {
  const unitId = sp.get('unitId') || d.unitId;
  const period = sp.get('period') as SummaryPeriod | null;
  const date = sp.get('date');
  const from = sp.get('from');
  const to = sp.get('to');
  const rows = sp.get('rows');
  const sort = sp.get('sort');
  const page = Number(sp.get('page'));
  const pageSize = Number(sp.get('pageSize'));
  return {
    unitId,
    period: period && SUMMARY_PERIODS.includes(period) ? period : 'month',
    date: date && DATE_RE.test(date) ? date : d.date,
    from: from && DATE_RE.test(from) ? from : undefined,
    to: to && DATE_RE.test(to) ? to : undefined,
    rows: rows === 'people' || rows === 'units' ? rows : d.rowsFor(unitId),
    q: sp.get('q') ?? undefined,
    sort: sort && (SUMMARY_SORTS as readonly string[]).includes(sort.replace(/^-/, '')) ? sort : DEFAULT_SORT,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
  };
}

/**
 * The analysis's unit, period, rows, search, sort and page live in the URL (back button, reload,
 * a link sent to a colleague). Defaults: the reader's own unit, this work month, leaders first.
 * The params object and `update` keep their identity until the URL changes, so the page's heavy
 * parts (table, charts) render again only when what they show changes.
 */
export function useAnalysisParams(
  d: AnalysisDefaults,
): [SummaryParams, (patch: Partial<SummaryParams>) => void] {
  const [sp, setSp] = useSearchParams();
  const key = sp.toString();
  const { unitId, date, rowsFor } = d;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the query string stands for `sp`.
  const params = useMemo(() => parse(sp, { unitId, date, rowsFor }), [key, unitId, date, rowsFor]);
  const update = useCallback(
    (patch: Partial<SummaryParams>) => {
      const def = { unitId, date, rowsFor };
      const next = { ...params, ...patch };
      if (!('page' in patch)) next.page = 1;
      // Moving to another unit starts from the rows that suit it, unless the caller chose.
      if ('unitId' in patch && !('rows' in patch)) next.rows = def.rowsFor(next.unitId);
      const out = new URLSearchParams();
      for (const [k, v] of Object.entries(next)) {
        if (v === undefined || v === null || v === '') continue;
        if (k === 'page' && v === 1) continue;
        if (k === 'pageSize' && v === DEFAULT_PAGE_SIZE) continue;
        if (k === 'unitId' && v === def.unitId) continue;
        if (k === 'period' && v === 'month') continue;
        if (k === 'date' && v === def.date) continue;
        if ((k === 'from' || k === 'to') && next.period !== 'custom') continue;
        if (k === 'rows' && v === def.rowsFor(next.unitId)) continue;
        if (k === 'sort' && v === DEFAULT_SORT) continue;
        out.set(k, String(v));
      }
      setSp(out, { replace: true });
    },
    [params, setSp, unitId, date, rowsFor],
  );
  return [params, update];
}
