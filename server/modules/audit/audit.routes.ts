import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditEntrySchema, AuditExportQuerySchema, AuditQuerySchema } from '../../../contracts/audit.ts';
import { pageOf } from '../../../contracts/common.ts';
import { ctxOf } from '../../http/auth.ts';
import { sendXlsx } from '../../lib/xlsx-export.ts';
import { exportAudit, listAudit } from './audit.service.ts';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/audit',
    {
      schema: { tags: ['audit'], querystring: AuditQuerySchema, response: { 200: pageOf(AuditEntrySchema) } },
    },
    (req) => listAudit(ctxOf(req, db), req.query),
  );
  app.get(
    '/audit/export',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit trail as .xlsx (same filters as GET /audit)',
        querystring: AuditExportQuerySchema,
      },
    },
    async (req, reply) => {
      const { buffer, filename } = await exportAudit(ctxOf(req, db), req.query);
      return sendXlsx(reply, buffer, filename);
    },
  );
};
