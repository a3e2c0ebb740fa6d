import type { ReactNode } from 'react';
import type { Action } from '../../../contracts/roles.ts';
import { useCan } from '../features/auth/MeContext.tsx';
import { ForbiddenPage } from './ErrorState.tsx';

/** Hides a page the role has no action for (the menu already omits it; this covers typed URLs). */
export function RequireAction({ action, children }: { action: Action; children: ReactNode }) {
  const can = useCan();
  return can(action) ? children : <ForbiddenPage />;
}
