import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../../contracts/common.ts';
import type { Notification } from '../../../../contracts/notification.ts';
import { get, post } from '../../api/client.ts';

const root = ['notifications'] as const;
export const unreadKey = [...root, 'unread'] as const;

export interface NotificationListQuery {
  page: number;
  pageSize: number;
  unread?: boolean;
}

/** Polled every minute for the bell; a failure (module not deployed yet) just hides the badge. */
export function useUnreadCount() {
  return useQuery({
    queryKey: unreadKey,
    queryFn: () => get<{ unread: number }>('/notifications/unread-count'),
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
    retry: false,
  });
}

export function useNotifications(q: NotificationListQuery, enabled = true) {
  return useQuery({
    queryKey: [...root, 'list', q],
    queryFn: ({ signal }) =>
      get<Page<Notification>>(
        '/notifications',
        { page: q.page, pageSize: q.pageSize, unread: q.unread === undefined ? undefined : String(q.unread) },
        signal,
      ),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => post<unknown>(`/notifications/${encodeURIComponent(id)}/read`),
    onSuccess: () => qc.invalidateQueries({ queryKey: root }),
  });
}

/**
 * Marks read what the user has seen: `until` is the newest notification on screen, so one that
 * arrives while they are reading stays unread.
 */
export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (until?: string) =>
      post<{ updated: number }>('/notifications/read-all', until ? { until } : {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: root }),
  });
}

/** Links inside the app are routed client-side; anything else is refused (no open redirects). */
export function internalLink(link: string | null): string | null {
  if (!link) return null;
  return link.startsWith('/') && !link.startsWith('//') ? link : null;
}
