import { useMatches } from 'react-router';
import type { RouteHandle } from '../routes.tsx';

export interface Crumb {
  path: string;
  label: string;
}

/** Breadcrumb trail from the route handles of the current match (labels are i18n keys). */
export function useCrumbs(): Crumb[] {
  const matches = useMatches();
  const crumbs: Crumb[] = [];
  for (const m of matches) {
    const crumb = (m.handle as RouteHandle | undefined)?.crumb;
    if (crumb && crumbs.at(-1)?.label !== crumb) crumbs.push({ path: m.pathname, label: crumb });
  }
  return crumbs;
}
