import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Login, Me, PasswordChange, SessionInfo } from '../../../../contracts/auth.ts';
import { api, del, get, isApiError, post } from '../../api/client.ts';

export const meKey = ['me'] as const;

/** Who is logged in; null (not an error) when nobody is. */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await api<Me>('/auth/me', { quiet401: true });
  } catch (e) {
    if (isApiError(e) && e.status === 401) return null;
    throw e;
  }
}

export function useMeQuery() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 5 * 60_000 });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Login) => api<Me>('/auth/login', { method: 'POST', body, quiet401: true }),
    onSuccess: (me) => {
      // A different person may log in on this browser: nothing cached may leak across.
      qc.clear();
      qc.setQueryData(meKey, me);
    },
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PasswordChange) => post<{ ok: true }>('/auth/password', body),
    onSuccess: () => {
      // Lift the must-change gate at once (the refetch confirms it), so RequireAuth lets the user on.
      qc.setQueryData<Me | null>(meKey, (m) => (m ? { ...m, mustChangePassword: false } : m));
      void qc.invalidateQueries({ queryKey: meKey });
      void qc.invalidateQueries({ queryKey: sessionsKey });
    },
  });
}

export const sessionsKey = ['sessions'] as const;

export function useSessions() {
  return useQuery({ queryKey: sessionsKey, queryFn: () => get<SessionInfo[]>('/auth/sessions') });
}

export function useEndSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => del<{ ok: true }>(`/auth/sessions/${encodeURIComponent(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: sessionsKey }),
  });
}

export function useEndOtherSessions() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => del<{ ended: number }>('/auth/sessions'),
    onSuccess: () => qc.invalidateQueries({ queryKey: sessionsKey }),
  });
}
