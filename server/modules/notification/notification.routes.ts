import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParamsSchema, pageOf } from '../../../contracts/common.ts';
import {
  NotificationQuerySchema,
  NotificationReadAllResultSchema,
  NotificationReadAllSchema,
  NotificationSchema,
  UnreadCountSchema,
} from '../../../contracts/notification.ts';
import { ctxOf } from '../../http/auth.ts';
import * as service from './notification.service.ts';

export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['notifications'];

  app.get(
    '/notifications',
    { schema: { tags, querystring: NotificationQuerySchema, response: { 200: pageOf(NotificationSchema) } } },
    (req) => service.listNotifications(ctxOf(req, db), req.query),
  );
  app.get(
    '/notifications/unread-count',
    // Background polling is not user activity: it must not keep an idle session alive.
    { config: { passive: true }, schema: { tags, response: { 200: UnreadCountSchema } } },
    async (req, reply) => {
      // Polled by every open page: never let a proxy or the browser serve a stale badge.
      void reply.header('cache-control', 'no-store');
      return service.unreadCount(ctxOf(req, db));
    },
  );
  app.post(
    '/notifications/:id/read',
    { schema: { tags, params: IdParamsSchema, response: { 200: NotificationSchema } } },
    (req) => service.markRead(ctxOf(req, db), req.params.id),
  );
  app.post(
    '/notifications/read-all',
    { schema: { tags, body: NotificationReadAllSchema, response: { 200: NotificationReadAllResultSchema } } },
    (req) => service.markAllRead(ctxOf(req, db), req.body),
  );
};
