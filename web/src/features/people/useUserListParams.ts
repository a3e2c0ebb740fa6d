import { useSearchParams } from 'react-router';
import type { Role } from '../../../../contracts/roles.ts';
import { ROLES, USER_STATUSES, type UserStatus } from '../../lib/enums.ts';
import type { UserListParams } from './api.ts';

const PAGE_SIZES = [10, 20, 50, 100];

/**
 * The people list's filters, page and sort live in the URL: the back button, a reload and a
 * shared link all show the same list. Unknown values in a hand-edited URL are ignored.
 */
export function useUserListParams(): [UserListParams, (patch: Partial<UserListParams>) => void] {
  const [sp, setSp] = useSearchParams();
  const role = sp.get('role');
  const status = sp.get('status');
  const page = Number(sp.get('page'));
  const pageSize = Number(sp.get('pageSize'));
  const params: UserListParams = {
    q: sp.get('q') ?? undefined,
    unitId: sp.get('unitId') ?? undefined,
    role: (ROLES as readonly string[]).includes(role ?? '') ? (role as Role) : undefined,
    status: (USER_STATUSES as readonly string[]).includes(status ?? '') ? (status as UserStatus) : undefined,
    rankId: sp.get('rankId') ?? undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
    sort: sp.get('sort') ?? undefined,
  };
  const update = (patch: Partial<UserListParams>) => {
    const next = { ...params, ...patch };
    // Any change of filter starts again at page 1; only paging itself keeps the page.
    if (!('page' in patch)) next.page = 1;
    const out = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === null || v === '') continue;
      if (k === 'page' && v === 1) continue;
      if (k === 'pageSize' && v === 20) continue;
      out.set(k, String(v));
    }
    setSp(out, { replace: true });
  };
  return [params, update];
}

export { PAGE_SIZES };
