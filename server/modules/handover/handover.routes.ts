import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParamsSchema } from '../../../contracts/common.ts';
import {
  HandoverCreateSchema,
  HandoverDetailSchema,
  HandoverExportQuerySchema,
  HandoverListQuerySchema,
  HandoverPageSchema,
  HandoverPreviewQuerySchema,
  HandoverPreviewSchema,
} from '../../../contracts/handover.ts';
import { ctxOf } from '../../http/auth.ts';
import { sendXlsx } from '../../lib/xlsx-export.ts';
import { exportHandovers } from './handover.export.ts';
import * as service from './handover.service.ts';

/** Handover of an agent's names, cards and customers to another agent (客户移交). */
export const handoverRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['handover'];

  app.get(
    '/handovers',
    {
      schema: {
        tags,
        description: "Newest first; handovers whose from- or to-agent is in the caller's scope.",
        querystring: HandoverListQuerySchema,
        response: { 200: HandoverPageSchema },
      },
    },
    (req) => service.listHandovers(ctxOf(req, db), req.query),
  );
  app.get(
    '/handovers/export',
    {
      schema: {
        tags,
        summary: 'The handover history as .xlsx (same scope, filter and order as GET /handovers)',
        description:
          "Every handover whose from- or to-agent is in the caller's scope (userId: either side), newest first, with " +
          'the counts of what it moved; the note with numbers masked; headers in lang (zh-CN by default); audited. ' +
          'Errors: EXPORT_TOO_LARGE (400) above 20,000 handovers.',
        querystring: HandoverExportQuerySchema,
      },
    },
    async (req, reply) => {
      const { buffer, filename } = await exportHandovers(ctxOf(req, db), req.query);
      return sendXlsx(reply, buffer, filename);
    },
  );
  app.get(
    '/handovers/preview',
    {
      schema: {
        tags,
        description: "What an agent holds (names, cards, customers with their policies and service requests), for the picker. Needs prospect.handover.",
        querystring: HandoverPreviewQuerySchema,
        response: { 200: HandoverPreviewSchema },
      },
    },
    (req) => service.previewHandover(ctxOf(req, db), req.query.fromUserId),
  );
  app.get(
    '/handovers/:id',
    { schema: { tags, params: IdParamsSchema, response: { 200: HandoverDetailSchema } } },
    (req) => service.getHandover(ctxOf(req, db), req.params.id),
  );
  app.post(
    '/handovers',
    {
      config: { sessionNeutral: true },
      schema: {
        tags,
        description:
          'Moves all (all: true) or the chosen names, cards and customers (with their policies and service requests; ' +
          'a household when all its members move) to another agent, filed under their team. Needs prospect.handover; ' +
          'both agents in scope (404), the new owner active and someone else (400). Audited; the new owner is notified.',
        body: HandoverCreateSchema,
        response: { 201: HandoverDetailSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createHandover(ctxOf(req, db), req.body)),
  );
};
