import { useSearchParams } from 'react-router';
import { MonthlySortFields } from '../sorts.ts';
import { MONTH_PATTERN } from '../time.ts';
import type { MonthlyParams } from '../api.ts';

export const PAGE_SIZES = [10, 20, 50, 100];

/**
 * The monthly list's unit, month, search, page and sort live in the URL (back button, reload,
 * shared link). The unit defaults to the reader's own, the month to the current work month.
 */
export function useMonthlyParams(defaults: {
  unitId: string;
  month: string;
}): [MonthlyParams, (patch: Partial<MonthlyParams>) => void] {
  const [sp, setSp] = useSearchParams();
  const month = sp.get('month');
  const page = Number(sp.get('page'));
  const pageSize = Number(sp.get('pageSize'));
  const sort = sp.get('sort');
  const params: MonthlyParams = {
    unitId: sp.get('unitId') || defaults.unitId,
    month: month && MONTH_PATTERN.test(month) ? month : defaults.month,
    q: sp.get('q') ?? undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
    sort: sort && MonthlySortFields.includes(sort.replace(/^-/, '')) ? sort : undefined,
  };
  const update = (patch: Partial<MonthlyParams>) => {
    const next = { ...params, ...patch };
    if (!('page' in patch)) next.page = 1;
    const out = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === null || v === '') continue;
      if (k === 'page' && v === 1) continue;
      if (k === 'pageSize' && v === 20) continue;
      if (k === 'unitId' && v === defaults.unitId) continue;
      if (k === 'month' && v === defaults.month) continue;
      out.set(k, String(v));
    }
    setSp(out, { replace: true });
  };
  return [params, update];
}
