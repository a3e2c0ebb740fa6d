import { z } from 'zod';
import { PageQuerySchema } from './common.ts';

export const NotificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** In-app path of the thing the notification is about (e.g. /plans/…), or null. */
  link: z.string().nullable(),
  /** Values for a translated message keyed by kind; title/body are the untranslated fallback. */
  params: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationQuerySchema = PageQuerySchema.extend({
  unread: z.enum(['true', 'false']).optional(),
});
export type NotificationQuery = z.infer<typeof NotificationQuerySchema>;

export const UnreadCountSchema = z.object({ unread: z.number().int() });
export type UnreadCount = z.infer<typeof UnreadCountSchema>;

/**
 * Body of "mark all read" (optional). `until` is the createdAt of the newest notification the user
 * has seen: anything that arrived after it stays unread. Without it (or with no body at all),
 * everything unread is marked.
 */
export const NotificationReadAllSchema = z
  .object({ until: z.iso.datetime({ offset: true }).optional() })
  .nullish();
export type NotificationReadAll = z.infer<typeof NotificationReadAllSchema>;

export const NotificationReadAllResultSchema = z.object({ updated: z.number().int() });
export type NotificationReadAllResult = z.infer<typeof NotificationReadAllResultSchema>;
