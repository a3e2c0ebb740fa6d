import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParamsSchema, pageOf } from '../../../contracts/common.ts';
import {
  MembershipSchema,
  RevealResultSchema,
  RevealSchema,
  UserCreateSchema,
  UserListQuerySchema,
  UserMoveSchema,
  UserSchema,
  UserUpdateSchema,
} from '../../../contracts/user.ts';
import { ctxOf } from '../../http/auth.ts';
import * as service from './user.service.ts';

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['users'];

  app.get('/users', { schema: { tags, querystring: UserListQuerySchema, response: { 200: pageOf(UserSchema) } } }, (req) =>
    service.listUsers(ctxOf(req, db), req.query),
  );
  app.get('/users/:id', { schema: { tags, params: IdParamsSchema, response: { 200: UserSchema } } }, (req) =>
    service.getUser(ctxOf(req, db), req.params.id),
  );
  app.post('/users', { schema: { tags, body: UserCreateSchema, response: { 200: UserSchema } } }, (req) =>
    service.createUser(ctxOf(req, db), config, req.body),
  );
  app.patch(
    '/users/:id',
    { schema: { tags, params: IdParamsSchema, body: UserUpdateSchema, response: { 200: UserSchema } } },
    (req) => service.updateUser(ctxOf(req, db), req.params.id, req.body),
  );
  app.post(
    '/users/:id/move',
    { schema: { tags, params: IdParamsSchema, body: UserMoveSchema, response: { 200: UserSchema } } },
    (req) => service.moveUser(ctxOf(req, db), req.params.id, req.body),
  );
  app.get(
    '/users/:id/memberships',
    { schema: { tags, params: IdParamsSchema, response: { 200: z.array(MembershipSchema) } } },
    (req) => service.listMemberships(ctxOf(req, db), req.params.id),
  );
  app.post(
    '/users/:id/reveal',
    { schema: { tags, params: IdParamsSchema, body: RevealSchema, response: { 200: RevealResultSchema } } },
    (req) => service.revealPersonalNumber(ctxOf(req, db), req.params.id, req.body.field),
  );
};
