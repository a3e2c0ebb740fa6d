import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParamsSchema } from '../../../contracts/common.ts';
import {
  ProspectActivitiesQuerySchema,
  ProspectActivityPageSchema,
  ProspectBoardQuerySchema,
  ProspectBoardSchema,
  ProspectCreateSchema,
  ProspectDetailSchema,
  ProspectExportQuerySchema,
  ProspectFunnelExportQuerySchema,
  ProspectFunnelQuerySchema,
  ProspectFunnelSchema,
  ProspectListQuerySchema,
  ProspectPageSchema,
  ProspectPatchSchema,
  ProspectStageMoveSchema,
} from '../../../contracts/prospect.ts';
import { ctxOf } from '../../http/auth.ts';
import { sendAnswer } from '../../lib/answer-cache.ts';
import { sendXlsx } from '../../lib/xlsx-export.ts';
import { configureCardListCache } from './card-list.cache.ts';
import { prospectPageJson } from './card-list.service.ts';
import { exportProspects } from './card.export.ts';
import * as cards from './card.service.ts';
import { configureFunnelCache } from './funnel.cache.ts';
import { exportFunnel, funnelJson } from './funnel.service.ts';
import { getBoard, moveStage } from './stage.service.ts';

/**
 * Prospect cards (准主顾卡) and the funnel: an agent's own cards, leads' reading of their scope
 * (prospect.read), stage moves, the kanban board, funnel figures and exports.
 */
export const prospectRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config: appConfig } = app.deps;
  configureFunnelCache(appConfig.reportCacheMs);
  configureCardListCache(appConfig.reportCacheMs);
  const tags = ['prospect'];
  // Cards never change who anyone is or what they may see: cached sessions stay.
  const config = { sessionNeutral: true };

  app.post(
    '/prospects',
    {
      config,
      schema: {
        tags,
        description:
          'Makes a prospect card at stage lead. From a Plan 100 name ({nameId}): the name must be on the owner\'s ' +
          'list, graded A or B (C with allowGradeC), not excluded and not yet a card; name, phone, grade, score ' +
          'and rubric version are copied. Directly: name and source (referral: one referrer id in scope; ' +
          'campaign: campaignRef). ownerId (prospect.handover) makes it for an agent in scope, who is notified. ' +
          'Phone and ID number are validated (400) and masked in the answer. Errors: PROSPECT_NAME_UNSCORED, ' +
          'PROSPECT_NAME_EXCLUDED, PROSPECT_GRADE_C (422), PROSPECT_NAME_HAS_CARD (409).',
        body: ProspectCreateSchema,
        response: { 201: ProspectDetailSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await cards.createProspect(ctxOf(req, db), req.body)),
  );
  app.get(
    '/prospects',
    {
      schema: {
        tags,
        description:
          "The caller's cards, and with prospect.read those of their scope. grade and stage take several " +
          'values (repeated or comma-separated); q is a name prefix; followUpBefore a date (inclusive). sort: ' +
          'nextFollowUp (default, cards without one last), createdAt, name, grade ("-" descending). ' +
          'Served from a cache that any change to a card the list may hold empties at once.',
        querystring: ProspectListQuerySchema,
        response: { 200: ProspectPageSchema },
      },
    },
    // Sent as cached (not through the response schema's serialiser), gzipped when the reader accepts it.
    async (req, reply) => sendAnswer(req, reply, await prospectPageJson(ctxOf(req, db), req.query)),
  );
  // Fixed paths before '/prospects/:id', so that "export", "board" and "funnel" are never read as ids.
  app.get(
    '/prospects/export',
    {
      schema: {
        tags,
        summary: 'The cards as .xlsx (same scope, filters and order as GET /prospects), numbers masked',
        description: 'Headers in lang (zh-CN by default); audited. Errors: EXPORT_TOO_LARGE (400).',
        querystring: ProspectExportQuerySchema,
      },
    },
    async (req, reply) => {
      const { buffer, filename } = await exportProspects(ctxOf(req, db), req.query);
      return sendXlsx(reply, buffer, filename);
    },
  );
  app.get(
    '/prospects/board',
    {
      schema: {
        tags,
        description:
          "An agent's kanban: every stage with its count and the first 50 cards by next follow-up. Own cards " +
          'by default; ownerId (prospect.read) for an agent in scope.',
        querystring: ProspectBoardQuerySchema,
        response: { 200: ProspectBoardSchema },
      },
    },
    (req) => getBoard(ctxOf(req, db), req.query),
  );
  app.get(
    '/prospects/funnel',
    {
      schema: {
        tags,
        description:
          'Funnel figures of the stage moves from..to (tenant dates, at most 366 days): per stage the cards ' +
          'that reached it, conversion to the next stage, average and median days in it; lost and paused with ' +
          'reasons. Totals of unitId (default: the reader\'s unit; an agent sees their own cards), a row per ' +
          'direct sub-team (all of them) and one page of the rows per agent: page, pageSize (default 20, up to ' +
          '1000), sort (name by default; cards, signed, overallRate, lost, paused, <stage>Rate, <stage>Days; "-" ' +
          'descending, teams in the same order), q (part of an agent\'s name); total counts the matching agents. ' +
          'Served from a cache: a move shows within a few seconds.',
        querystring: ProspectFunnelQuerySchema,
        response: { 200: ProspectFunnelSchema },
      },
    },
    // Sent as cached (not through the response schema's serialiser), gzipped when the reader accepts it.
    async (req, reply) => sendAnswer(req, reply, await funnelJson(ctxOf(req, db), req.query)),
  );
  app.get(
    '/prospects/funnel/export',
    {
      schema: {
        tags,
        summary: 'The funnel as .xlsx: totals, teams, agents',
        description: 'Same scope and period as GET /prospects/funnel, every agent row in sort; headers in lang; audited.',
        querystring: ProspectFunnelExportQuerySchema,
      },
    },
    async (req, reply) => {
      const { buffer, filename } = await exportFunnel(ctxOf(req, db), req.query);
      return sendXlsx(reply, buffer, filename);
    },
  );
  app.get(
    '/prospects/:id',
    {
      schema: {
        tags,
        description: 'One card with its referrer, the cards it referred and its stage history; 404 out of scope.',
        params: IdParamsSchema,
        response: { 200: ProspectDetailSchema },
      },
    },
    (req) => cards.getProspect(ctxOf(req, db), req.params.id),
  );
  app.patch(
    '/prospects/:id',
    {
      config,
      schema: {
        tags,
        description:
          'Changes the card\'s own fields (its owner, or prospect.handover in scope); null clears one. Phone and ' +
          'ID number validated (400), masked in the answer and the audit trail.',
        params: IdParamsSchema,
        body: ProspectPatchSchema,
        response: { 200: ProspectDetailSchema },
      },
    },
    (req) => cards.patchProspect(ctxOf(req, db), req.params.id, req.body),
  );
  app.post(
    '/prospects/:id/stage',
    {
      config,
      schema: {
        tags,
        description:
          'Moves the card to another stage (at: default now, not before its last move, not in the future); ' +
          'paused and lost need a reason (400). Moving to signed makes the customer, or reuses the card\'s. ' +
          'Errors: PROSPECT_SAME_STAGE (422).',
        params: IdParamsSchema,
        body: ProspectStageMoveSchema,
        response: { 200: ProspectDetailSchema },
      },
    },
    (req) => moveStage(ctxOf(req, db), req.params.id, req.body),
  );
  app.get(
    '/prospects/:id/activities',
    {
      schema: {
        tags,
        description: "The card's activities (its contact history), newest first; 404 when the card is out of scope.",
        params: IdParamsSchema,
        querystring: ProspectActivitiesQuerySchema,
        response: { 200: ProspectActivityPageSchema },
      },
    },
    (req) => cards.listProspectActivities(ctxOf(req, db), req.params.id, req.query),
  );
};
