import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditEntrySchema, AuditQuerySchema } from '../../../contracts/audit.ts';
import { pageOf } from '../../../contracts/common.ts';
import { ctxOf } from '../../http/auth.ts';
import { listAudit } from './audit.service.ts';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/audit',
    { schema: { tags: ['audit'], querystring: AuditQuerySchema, response: { 200: pageOf(AuditEntrySchema) } } },
    (req) => listAudit(ctxOf(req, db), req.query),
  );
};
