import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.object({ dialect: z.enum(['sqlite', 'postgres']), ok: z.boolean() }),
});

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    { config: { public: true }, schema: { tags: ['health'], response: { 200: HealthSchema, 503: HealthSchema } } },
    async (_req, reply) => {
      const { db, dialect } = app.deps;
      let ok = true;
      try {
        await sql`select 1`.execute(db);
      } catch {
        ok = false;
      }
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', database: { dialect, ok } });
    },
  );
};
