import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { FullPageSpin } from '../../components/FullPageSpin.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { useMeQuery } from './api.ts';
import { MeContext } from './MeContext.tsx';

export const PASSWORD_PATH = '/me/password';

/**
 * Gate of every page behind the login: no session → the login page (remembering where the user
 * was going); a password that must change → the change-password page and nowhere else.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const { data: me, isPending, error, refetch } = useMeQuery();
  if (isPending) return <FullPageSpin />;
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} fullPage />;
  if (!me) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.mustChangePassword && location.pathname !== PASSWORD_PATH) {
    return <Navigate to={PASSWORD_PATH} replace />;
  }
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}
