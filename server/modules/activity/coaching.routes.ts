import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CoachingCreateSchema,
  CoachingListQuerySchema,
  CoachingPageSchema,
  CoachingPatchSchema,
  CoachingSchema,
} from '../../../contracts/activity.ts';
import { IdParamsSchema } from '../../../contracts/common.ts';
import { ctxOf } from '../../http/auth.ts';
import * as service from './coaching.service.ts';

/** Coaching records: the coach writes and follows up, the coached person answers. */
export const coachingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['activity'];
  const config = { sessionNeutral: true };

  app.get(
    '/coaching',
    {
      schema: {
        tags,
        description:
          "Records of the caller (coached), written by the caller, and of people in the caller's scope; newest first.",
        querystring: CoachingListQuerySchema,
        response: { 200: CoachingPageSchema },
      },
    },
    (req) => service.listCoaching(ctxOf(req, db), req.query),
  );
  app.post(
    '/coaching',
    {
      config,
      schema: {
        tags,
        description: "Needs activity.review; the person must be in the caller's scope and is notified.",
        body: CoachingCreateSchema,
        response: { 201: CoachingSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createCoaching(ctxOf(req, db), req.body)),
  );
  app.get(
    '/coaching/:id',
    { schema: { tags, params: IdParamsSchema, response: { 200: CoachingSchema } } },
    (req) => service.getCoaching(ctxOf(req, db), req.params.id),
  );
  app.patch(
    '/coaching/:id',
    {
      config,
      schema: {
        tags,
        description:
          'The coach changes topic, agreed, followUpDate or marks followedUp; the coached person may only set reply ' +
          '(the coach is notified). Anything else is 403.',
        params: IdParamsSchema,
        body: CoachingPatchSchema,
        response: { 200: CoachingSchema },
      },
    },
    (req) => service.patchCoaching(ctxOf(req, db), req.params.id, req.body),
  );
};
