import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParamsSchema } from '../../../contracts/common.ts';
import {
  SpotCheckCommentSchema,
  SpotCheckCreateSchema,
  SpotCheckDetailSchema,
  SpotCheckExportQuerySchema,
  SpotCheckItemParamsSchema,
  SpotCheckListQuerySchema,
  SpotCheckMinePageSchema,
  SpotCheckMineQuerySchema,
  SpotCheckOverviewExportQuerySchema,
  SpotCheckOverviewQuerySchema,
  SpotCheckOverviewSchema,
  SpotCheckPageSchema,
} from '../../../contracts/spot-check.ts';
import { ctxOf } from '../../http/auth.ts';
import { sendXlsx } from '../../lib/xlsx-export.ts';
import { exportSpotChecks } from './spotcheck.export.ts';
import * as service from './spotcheck.service.ts';

/** Supervisor spot-checks of prospect cards (prospect.spotCheck), and the agent's received checks. */
export const spotCheckRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['spotCheck'];
  const config = { sessionNeutral: true };
  const overviewNote =
    "Per active agent in the caller's scope (under unitId): cards on hand (not signed or lost, not erased), new cards in " +
    'the week (Mon–Sun) and calendar month of date (default today, tenant zone), against the standards (keep ≥ 50, add ' +
    '30 a month), the A/B share of cards on hand, the last spot-check. sort: agentName | onHand | newThisWeek | ' +
    'newThisMonth | abShare | lastCheckAt, "-" for descending. Needs prospect.spotCheck.';

  app.get(
    '/spot-checks/overview',
    { schema: { tags, summary: 'Cards of each agent against the standard', description: overviewNote, querystring: SpotCheckOverviewQuerySchema, response: { 200: SpotCheckOverviewSchema } } },
    (req) => service.overview(ctxOf(req, db), req.query),
  );
  app.get(
    '/spot-checks/overview/export',
    { schema: { tags, summary: 'The overview as .xlsx', description: `${overviewNote} Headers in lang.`, querystring: SpotCheckOverviewExportQuerySchema } },
    async (req, reply) => {
      const { buffer, filename } = await service.exportOverview(ctxOf(req, db), req.query);
      return sendXlsx(reply, buffer, filename);
    },
  );
  app.get(
    '/spot-checks/mine',
    {
      schema: {
        tags,
        summary: "The caller's received spot-checks with their comments, newest first",
        querystring: SpotCheckMineQuerySchema,
        response: { 200: SpotCheckMinePageSchema },
      },
    },
    (req) => service.mySpotChecks(ctxOf(req, db), req.query),
  );
  app.get(
    '/spot-checks',
    {
      schema: {
        tags,
        summary: "Spot-checks of agents in the caller's scope, newest first",
        description: 'Needs prospect.spotCheck; agentId narrows to one agent in scope (else 404).',
        querystring: SpotCheckListQuerySchema,
        response: { 200: SpotCheckPageSchema },
      },
    },
    (req) => service.listSpotChecks(ctxOf(req, db), req.query),
  );
  app.get(
    '/spot-checks/export',
    {
      schema: {
        tags,
        summary: 'The spot-check history as .xlsx (same scope, filter and order as GET /spot-checks)',
        description:
          'Needs prospect.spotCheck; agentId narrows to one agent in scope (else 404). Every row, newest first; headers ' +
          'in lang (zh-CN by default); audited. Errors: EXPORT_TOO_LARGE (400) above 20,000 checks.',
        querystring: SpotCheckExportQuerySchema,
      },
    },
    async (req, reply) => {
      const { buffer, filename } = await exportSpotChecks(ctxOf(req, db), req.query);
      return sendXlsx(reply, buffer, filename);
    },
  );
  app.post(
    '/spot-checks',
    {
      config,
      schema: {
        tags,
        summary: "Draw a random sample of an agent's cards on hand",
        description:
          'size 1–50 (default 5), drawn uniformly without repetition with a cryptographic random source; fewer items ' +
          "when the agent has fewer cards. The agent must be someone else in the caller's scope (404). Errors: " +
          'SPOT_CHECK_NO_CARDS (409). Audited.',
        body: SpotCheckCreateSchema,
        response: { 201: SpotCheckDetailSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createSpotCheck(ctxOf(req, db), req.body)),
  );
  app.get(
    '/spot-checks/:id',
    {
      schema: {
        tags,
        summary: 'A spot-check with its cards (phone masked) and comments',
        description: "A spot-checker's in scope, or the agent's own; else 404.",
        params: IdParamsSchema,
        response: { 200: SpotCheckDetailSchema },
      },
    },
    (req) => service.getSpotCheck(ctxOf(req, db), req.params.id),
  );
  app.post(
    '/spot-checks/:id/items/:itemId/comment',
    {
      config,
      schema: {
        tags,
        summary: 'Comment a sampled card; the agent is notified',
        description: 'Needs prospect.spotCheck, the check in scope. A new comment replaces the previous one and is unseen again. Audited.',
        params: SpotCheckItemParamsSchema,
        body: SpotCheckCommentSchema,
        response: { 200: SpotCheckDetailSchema },
      },
    },
    (req) => service.commentItem(ctxOf(req, db), req.params.id, req.params.itemId, req.body.comment),
  );
  app.post(
    '/spot-checks/:id/seen',
    {
      config,
      schema: {
        tags,
        summary: 'The agent marks the comments of their check seen',
        params: IdParamsSchema,
        response: { 200: SpotCheckDetailSchema },
      },
    },
    (req) => service.markSpotCheckSeen(ctxOf(req, db), req.params.id),
  );
};
