import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { post } from '../../api/client.ts';
import { meKey } from './api.ts';

/**
 * Logs out and lands on the plain login page. The navigation happens before the cache is
 * cleared, so RequireAuth does not first bounce to "/login?next=<the page we were on>".
 */
export function useLogoutFlow() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    try {
      await post('/auth/logout');
    } catch {
      // Already logged out or offline: either way this browser forgets the session.
    }
    await navigate('/login', { replace: true });
    qc.clear();
    qc.setQueryData(meKey, null);
  };
}
