import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LoginSchema, MeSchema, PasswordChangeSchema, PasswordResetSchema, SessionSchema } from '../../../contracts/auth.ts';
import { IdParamsSchema, OkSchema } from '../../../contracts/common.ts';
import { clearSessionCookie, ctxOf, resolveActor, setSessionCookie } from '../../http/auth.ts';
import * as service from './auth.service.ts';

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['auth'];

  app.post(
    '/auth/login',
    { config: { public: true }, schema: { tags, body: LoginSchema, response: { 200: MeSchema } } },
    async (req, reply) => {
      const result = await service.login(db, config, req.body, {
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
        requestId: req.id,
      });
      setSessionCookie(reply, config, result.token, result.expiresAt);
      const actor = await resolveActor(db, config, result.token);
      if (!actor) throw new Error('session just created cannot be resolved');
      return service.getMe({ db, actor, requestId: req.id, ip: req.ip });
    },
  );

  app.post('/auth/logout', { schema: { tags, response: { 200: OkSchema } } }, async (req, reply) => {
    await service.logout(ctxOf(req, db));
    clearSessionCookie(reply, config);
    return { ok: true as const };
  });

  app.get('/auth/me', { schema: { tags, response: { 200: MeSchema } } }, (req) => service.getMe(ctxOf(req, db)));

  app.get('/auth/sessions', { schema: { tags, response: { 200: z.array(SessionSchema) } } }, (req) =>
    service.listSessions(ctxOf(req, db)),
  );

  app.delete('/auth/sessions/:id', { schema: { tags, params: IdParamsSchema, response: { 200: OkSchema } } }, async (req) => {
    await service.endSession(ctxOf(req, db), req.params.id);
    return { ok: true as const };
  });

  app.delete('/auth/sessions', { schema: { tags, response: { 200: z.object({ ended: z.number().int() }) } } }, async (req) => ({
    ended: await service.endOtherSessions(ctxOf(req, db)),
  }));

  app.post('/auth/password', { schema: { tags, body: PasswordChangeSchema, response: { 200: OkSchema } } }, async (req) => {
    await service.changePassword(ctxOf(req, db), config, req.body);
    return { ok: true as const };
  });

  app.post(
    '/users/:id/password',
    { schema: { tags, params: IdParamsSchema, body: PasswordResetSchema, response: { 200: OkSchema } } },
    async (req) => {
      await service.resetPassword(ctxOf(req, db), config, req.params.id, req.body);
      return { ok: true as const };
    },
  );
};
