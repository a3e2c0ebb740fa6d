import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ActivityCreateSchema,
  ActivityExportQuerySchema,
  ActivityListQuerySchema,
  ActivityPageSchema,
  ActivityPatchSchema,
  ActivitySchema,
} from '../../../contracts/activity.ts';
import { IdParamsSchema, OkSchema } from '../../../contracts/common.ts';
import { ctxOf } from '../../http/auth.ts';
import { sendXlsx } from '../../lib/xlsx-export.ts';
import { exportActivities } from './entry-export.service.ts';
import * as service from './entry.service.ts';

/** Activities: logging one's own, reading one's own and (with activity.read) the scope's, export. */
export const entryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['activity'];
  // Logging an activity never changes who anyone is or what they may see: cached sessions stay.
  const config = { sessionNeutral: true };
  const windowErrors = 'ACTIVITY_DATE_IN_FUTURE, ACTIVITY_DATE_TOO_OLD (422)';

  app.post(
    '/activities',
    {
      config,
      schema: {
        tags,
        description:
          "Logs one of the caller's own activities; occurredAt defaults to now. A past day within the " +
          'backdating window is a late entry. prospectId links one of the caller\'s prospect cards (404 ' +
          'otherwise) and sets prospectName to its name; without a card, name the prospect with prospectName. ' +
          `Errors: ${windowErrors}, ACTIVITY_TYPE_INACTIVE (422).`,
        body: ActivityCreateSchema,
        response: { 201: ActivitySchema },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createActivity(ctxOf(req, db), req.body)),
  );
  app.get(
    '/activities',
    {
      schema: {
        tags,
        description:
          "The caller's activities, and with activity.read those of people in their scope. sort: " +
          'occurredAt, date, points, createdAt ("-" descending; default -occurredAt).',
        querystring: ActivityListQuerySchema,
        response: { 200: ActivityPageSchema },
      },
    },
    (req) => service.listActivities(ctxOf(req, db), req.query),
  );
  // Before '/activities/:id', so that "export" is never read as an id.
  app.get(
    '/activities/export',
    {
      schema: {
        tags,
        summary: 'The activities as .xlsx (same scope, filters and order as GET /activities)',
        description: 'Headers in lang (zh-CN by default). Errors: EXPORT_TOO_LARGE (400).',
        querystring: ActivityExportQuerySchema,
      },
    },
    async (req, reply) => {
      const { buffer, filename } = await exportActivities(ctxOf(req, db), req.query);
      return sendXlsx(reply, buffer, filename);
    },
  );
  app.get(
    '/activities/:id',
    { schema: { tags, params: IdParamsSchema, response: { 200: ActivitySchema } } },
    (req) => service.getActivity(ctxOf(req, db), req.params.id),
  );
  app.patch(
    '/activities/:id',
    {
      config,
      schema: {
        tags,
        description:
          'Only the person who logged it, while its day (and a new day) is within the backdating window. ' +
          `A new type or date earns the points of that type on that date. Errors: ${windowErrors}, ACTIVITY_TYPE_INACTIVE (422).`,
        params: IdParamsSchema,
        body: ActivityPatchSchema,
        response: { 200: ActivitySchema },
      },
    },
    (req) => service.patchActivity(ctxOf(req, db), req.params.id, req.body),
  );
  app.delete(
    '/activities/:id',
    {
      config,
      schema: {
        tags,
        description: `Only the person who logged it, while its day is within the backdating window. Errors: ${windowErrors}.`,
        params: IdParamsSchema,
        response: { 200: OkSchema },
      },
    },
    async (req) => {
      await service.deleteActivity(ctxOf(req, db), req.params.id);
      return { ok: true as const };
    },
  );
};
