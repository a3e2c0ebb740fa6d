import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { JobQueue } from './modules/job/job.queue.ts';
import type { DatabaseHandle } from './db/database.ts';
import { newId } from './db/ids.ts';
import { maskPersonalNumbersInText } from './lib/pii-text.ts';
import { SESSION_COOKIE, assertSameOrigin, invalidateSessionCache, resolveActor } from './http/auth.ts';
import { errorHandler } from './http/error-handler.ts';
import { AppError } from './http/errors.ts';
import { registerOpenApi } from './http/openapi.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { orgRoutes } from './modules/org/org.routes.ts';
import { userRoutes } from './modules/user/user.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { functionalGroupRoutes } from './modules/org/functional-group.routes.ts';
import { rosterRoutes } from './modules/user/roster.routes.ts';
import { archiveRoutes } from './modules/archive/archive.routes.ts';
import { notificationRoutes } from './modules/notification/notification.routes.ts';
import { attendanceRoutes } from './modules/attendance/attendance.routes.ts';
import { activityRoutes } from './modules/activity/activity.routes.ts';
import { plan100Routes } from './modules/prospect/plan100.routes.ts';
import { activityAnalysisRoutes } from './modules/activity/analysis.routes.ts';
import { privacyRoutes } from './modules/privacy/privacy.routes.ts';
import { handoverRoutes } from './modules/handover/handover.routes.ts';
import { prospectRoutes } from './modules/prospect/prospect.routes.ts';
import { customerRoutes } from './modules/customer/customer.routes.ts';
import { configureReportCache } from './modules/attendance/report.service.ts';

export interface Deps {
  db: DatabaseHandle['db'];
  dialect: DatabaseHandle['dialect'];
  config: Config;
  /** Durable jobs: modules enqueue reminders and follow-ups here (started by main.ts, not by tests). */
  jobs: JobQueue;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps;
  }
  interface FastifyContextConfig {
    /** Routes reachable without a session (login, health, docs). */
    public?: boolean;
    /** Background requests (polling) that must not count as activity for the idle timeout. */
    passive?: boolean;
    /** Writes that cannot change a session or a visibility (check-ins): the session cache is kept. */
    sessionNeutral?: boolean;
  }
}

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Builds the HTTP app. Every module is registered here explicitly: this file shows the whole system. */
export async function buildApp(
  deps: Deps,
  opts: { logger?: boolean; logStream?: { write(line: string): void } } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger || opts.logStream
        ? {
            level: deps.config.logLevel,
            ...(opts.logStream ? { stream: opts.logStream } : {}),
            // Request URLs may carry a searched phone or ID number: logged masked (PIPL).
            serializers: { req: logRequest },
          }
        : false,
    trustProxy: deps.config.trustProxy,
    genReqId: () => newId(),
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('deps', deps);
  configureReportCache(deps.config.reportCacheMs);
  app.decorateRequest('actor', null);
  app.setErrorHandler(errorHandler);

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
  await registerOpenApi(app);

  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/docs')) return;
    assertSameOrigin(req);
    req.actor = await resolveActor(
      deps.db,
      deps.config,
      req.cookies[SESSION_COOKIE],
      !req.routeOptions.config.passive,
    );
    if (!req.actor && !req.routeOptions.config.public) {
      throw new AppError('UNAUTHENTICATED', 401, 'Log in first');
    }
    // A password set by an admin is a temporary one: nothing but the account itself until it is changed.
    if (req.actor?.mustChangePassword && !req.url.startsWith('/api/auth/')) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', 403, 'Change your password first');
    }
  });

  // After a write has committed, cached sessions are read anew: a read that raced the write's
  // transaction (PostgreSQL pool) cannot keep a stale session alive.
  app.addHook('onResponse', async (req) => {
    if (req.routeOptions.config.sessionNeutral) return;
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.url.startsWith('/api/'))
      invalidateSessionCache();
  });

  await app.register(healthRoutes);
  await app.register(authRoutes, { prefix: '/api' });
  await app.register(orgRoutes, { prefix: '/api' });
  await app.register(functionalGroupRoutes, { prefix: '/api' });
  await app.register(userRoutes, { prefix: '/api' });
  await app.register(rosterRoutes, { prefix: '/api' });
  await app.register(archiveRoutes, { prefix: '/api' });
  await app.register(auditRoutes, { prefix: '/api' });
  await app.register(notificationRoutes, { prefix: '/api' });
  await app.register(attendanceRoutes, { prefix: '/api' });
  await app.register(activityRoutes, { prefix: '/api' });
  await app.register(plan100Routes, { prefix: '/api' });
  await app.register(activityAnalysisRoutes, { prefix: '/api' });
  await app.register(privacyRoutes, { prefix: '/api' });
  await app.register(handoverRoutes, { prefix: '/api' });
  await app.register(prospectRoutes, { prefix: '/api' });
  await app.register(customerRoutes, { prefix: '/api' });

  registerWeb(app, deps.config.webDir);
  return app;
}

/** The request as logged: the default fields, the URL with personal numbers masked. */
function logRequest(req: FastifyRequest) {
  return {
    method: req.method,
    url: maskPersonalNumbersInText(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** Serves the built web app, with index.html for client-side routes. */
function registerWeb(app: FastifyInstance, webDir: string): void {
  const index = path.join(webDir, 'index.html');
  if (!fs.existsSync(index)) {
    app.setNotFoundHandler((_req, reply) =>
      reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'Not found' } }),
    );
    return;
  }
  // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
  void app.register(fastifyStatic, { root: webDir, wildcard: true, index: 'index.html' });
  app.setNotFoundHandler((req, reply) => {
    // API calls, writes and missing build assets are real 404s; every other path is a client route.
    if (req.url.startsWith('/api/') || req.url.startsWith('/assets/') || req.method !== 'GET') {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'Not found' } });
    }
    return reply.type('text/html').sendFile('index.html');
  });
}
