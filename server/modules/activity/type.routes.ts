import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ActivitySettingsPatchSchema,
  ActivitySettingsSchema,
  ActivityTypeCreateSchema,
  ActivityTypeListQuerySchema,
  ActivityTypePatchSchema,
  ActivityTypeSchema,
} from '../../../contracts/activity.ts';
import { IdParamsSchema } from '../../../contracts/common.ts';
import { ctxOf } from '../../http/auth.ts';
import * as service from './type.service.ts';

/** Activity settings and activity types with their dated points. */
export const typeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['activity'];
  // Configuration never changes who anyone is or what they may see.
  const config = { sessionNeutral: true };

  app.get(
    '/activity/settings',
    {
      schema: {
        tags,
        description:
          'The backdating window, the evening reminder time, the review reminder delay and the logging roles.',
        response: { 200: ActivitySettingsSchema },
      },
    },
    (req) => service.getSettings(ctxOf(req, db)),
  );
  app.patch(
    '/activity/settings',
    {
      config,
      schema: {
        tags,
        description: 'Needs activity.configure.',
        body: ActivitySettingsPatchSchema,
        response: { 200: ActivitySettingsSchema },
      },
    },
    (req) => service.patchSettings(ctxOf(req, db), req.body),
  );

  app.get(
    '/activity/types',
    {
      schema: {
        tags,
        description:
          "The active types in the tenant's order; all=1 adds the inactive ones (needs activity.configure).",
        querystring: ActivityTypeListQuerySchema,
        response: { 200: z.array(ActivityTypeSchema) },
      },
    },
    (req) => service.listTypes(ctxOf(req, db), req.query.all === '1'),
  );
  app.post(
    '/activity/types',
    {
      config,
      schema: {
        tags,
        description:
          "Needs activity.configure. The points apply to the type's whole history. Errors: ACTIVITY_TYPE_CODE_TAKEN (409).",
        body: ActivityTypeCreateSchema,
        response: { 201: ActivityTypeSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createType(ctxOf(req, db), req.body)),
  );
  app.patch(
    '/activity/types/:id',
    {
      config,
      schema: {
        tags,
        description:
          'Needs activity.configure. New points apply from pointsFrom (default today), never before today; ' +
          'activities already written keep theirs. Errors: POINTS_DATE_IN_PAST (422).',
        params: IdParamsSchema,
        body: ActivityTypePatchSchema,
        response: { 200: ActivityTypeSchema },
      },
    },
    (req) => service.patchType(ctxOf(req, db), req.params.id, req.body),
  );
};
