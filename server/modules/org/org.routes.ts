import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParamsSchema, OkSchema } from '../../../contracts/common.ts';
import { RankCreateSchema, RankSchema, UnitCreateSchema, UnitSchema, UnitUpdateSchema } from '../../../contracts/org.ts';
import { ctxOf } from '../../http/auth.ts';
import * as service from './org.service.ts';

export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['org'];

  app.get('/org/units', { schema: { tags, response: { 200: z.array(UnitSchema) } } }, (req) => service.listUnits(ctxOf(req, db)));
  app.get('/org/units/:id', { schema: { tags, params: IdParamsSchema, response: { 200: UnitSchema } } }, (req) =>
    service.getUnit(ctxOf(req, db), req.params.id),
  );
  app.post('/org/units', { schema: { tags, body: UnitCreateSchema, response: { 200: UnitSchema } } }, (req) =>
    service.createUnit(ctxOf(req, db), req.body),
  );
  app.patch(
    '/org/units/:id',
    { schema: { tags, params: IdParamsSchema, body: UnitUpdateSchema, response: { 200: UnitSchema } } },
    (req) => service.updateUnit(ctxOf(req, db), req.params.id, req.body),
  );
  app.delete('/org/units/:id', { schema: { tags, params: IdParamsSchema, response: { 200: OkSchema } } }, async (req) => {
    await service.deleteUnit(ctxOf(req, db), req.params.id);
    return { ok: true as const };
  });

  app.get('/org/ranks', { schema: { tags, response: { 200: z.array(RankSchema) } } }, (req) => service.listRanks(ctxOf(req, db)));
  app.post('/org/ranks', { schema: { tags, body: RankCreateSchema, response: { 200: RankSchema } } }, (req) =>
    service.createRank(ctxOf(req, db), req.body),
  );
};
