import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParamsSchema, IdSchema, OkSchema } from '../../../contracts/common.ts';
import { FunctionalGroupCreateSchema, FunctionalGroupSchema, FunctionalGroupUpdateSchema } from '../../../contracts/org.ts';
import { ctxOf } from '../../http/auth.ts';
import * as service from './functional-group.service.ts';

const GroupListQuerySchema = z.object({ unitId: IdSchema.optional() });

/** Functional groups (功能组) of the four business systems, with lead, duties and members. */
export const functionalGroupRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['org'];

  app.get(
    '/org/groups',
    { schema: { tags, querystring: GroupListQuerySchema, response: { 200: z.array(FunctionalGroupSchema) } } },
    (req) => service.listGroups(ctxOf(req, db), req.query),
  );
  app.get('/org/groups/:id', { schema: { tags, params: IdParamsSchema, response: { 200: FunctionalGroupSchema } } }, (req) =>
    service.getGroup(ctxOf(req, db), req.params.id),
  );
  app.post('/org/groups', { schema: { tags, body: FunctionalGroupCreateSchema, response: { 200: FunctionalGroupSchema } } }, (req) =>
    service.createGroup(ctxOf(req, db), req.body),
  );
  app.patch(
    '/org/groups/:id',
    { schema: { tags, params: IdParamsSchema, body: FunctionalGroupUpdateSchema, response: { 200: FunctionalGroupSchema } } },
    (req) => service.updateGroup(ctxOf(req, db), req.params.id, req.body),
  );
  app.delete('/org/groups/:id', { schema: { tags, params: IdParamsSchema, response: { 200: OkSchema } } }, async (req) => {
    await service.deleteGroup(ctxOf(req, db), req.params.id);
    return { ok: true as const };
  });
};
