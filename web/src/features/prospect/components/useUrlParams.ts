import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { sortParam } from '../tables.ts';

export const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;

export type UrlPatch<K extends string> = Partial<
  Record<K | 'page' | 'pageSize', string | number | undefined>
>;

export interface UrlState<K extends string> {
  values: Record<K, string | undefined>;
  page: number;
  pageSize: number;
}

/**
 * A page's filters, sort and page in the URL (back button, reload, a link sent to a colleague).
 * A value equal to its default stays out of the URL; any change but the page's own goes back to
 * page 1. `allowed` restricts a key to known values (an unknown one reads as the default).
 */
export function useUrlParams<K extends string>(
  defaults: Record<K, string | undefined>,
  allowed: Partial<Record<K, readonly string[]>> = {},
): [UrlState<K>, (patch: UrlPatch<K>) => void] {
  const [sp, setSp] = useSearchParams();
  const key = sp.toString();
  const defKey = JSON.stringify(defaults);
  const state = useMemo((): UrlState<K> => {
    const values = {} as Record<K, string | undefined>;
    for (const k of Object.keys(defaults) as K[]) {
      const raw = sp.get(k);
      const ok = raw !== null && raw !== '' && (!allowed[k] || allowed[k].includes(sortParam(raw)));
      values[k] = ok ? raw : defaults[k];
    }
    const page = Number(sp.get('page'));
    const pageSize = Number(sp.get('pageSize'));
    return {
      values,
      page: Number.isInteger(page) && page > 0 ? page : 1,
      pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the strings stand for sp and defaults.
  }, [key, defKey]);
  const update = useCallback(
    (patch: UrlPatch<K>) => {
      // Keys of other parts of the page (the tab, an open drawer) stay as they are.
      const out = new URLSearchParams(sp);
      for (const k of [...Object.keys(defaults), 'page', 'pageSize']) out.delete(k);
      const next: Record<string, string | number | undefined> = {
        ...state.values,
        page: state.page,
        pageSize: state.pageSize,
        ...patch,
      };
      if (!('page' in patch)) next.page = 1;
      for (const [k, v] of Object.entries(next)) {
        if (v === undefined || v === '') continue;
        if (k === 'page' && v === 1) continue;
        if (k === 'pageSize' && v === DEFAULT_PAGE_SIZE) continue;
        if (k in defaults && defaults[k as K] === v) continue;
        out.set(k, String(v));
      }
      setSp(out, { replace: true });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state, sp, setSp, defKey],
  );
  return [state, update];
}
