import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ActivityTodaySchema,
  ActivityTrendSchema,
  LeaderboardQuerySchema,
  LeaderboardSchema,
  PlanDecisionSchema,
  PlanParamsSchema,
  PlanPutSchema,
  PlanQuerySchema,
  PlanSchema,
  SkillAssessmentSchema,
  SkillParamsSchema,
  SkillPutSchema,
  SkillQuerySchema,
  SkillTrendSchema,
  StandardPutSchema,
  StandardSchema,
  SummaryExportQuerySchema,
  SummaryQuerySchema,
  SummarySchema,
  TeamPlansQuerySchema,
  TeamPlansSchema,
  TrendQuerySchema,
} from '../../../contracts/activity.ts';
import { IdSchema } from '../../../contracts/common.ts';
import { ctxOf } from '../../http/auth.ts';
import { sendAnswer } from '../../lib/answer-cache.ts';
import { sendXlsx } from '../../lib/xlsx-export.ts';
import { configureFiguresCache } from './figures.cache.ts';
import { getLeaderboard } from './leaderboard.service.ts';
import * as plans from './plan.service.ts';
import * as skills from './skill.service.ts';
import * as standards from './standard.service.ts';
import * as summary from './summary.service.ts';
import { getToday } from './today.service.ts';
import { getTrend } from './trend.service.ts';

/**
 * Activity management (活动量管理), the planning and reading side: plans and team standards, skill
 * self-assessment, the agent's today page, summaries, trend and leaderboards.
 */
export const activityAnalysisRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config: appConfig } = app.deps;
  configureFiguresCache(appConfig.reportCacheMs);
  const tags = ['activity'];
  const config = { sessionNeutral: true };
  const UnitParams = z.object({ unitId: IdSchema });
  const periodErrors =
    'A week is named by its Monday (YYYY-MM-DD), a month by its work month (YYYY-MM): else 400 params.period.';

  // ---- Team standards ----

  app.get(
    '/activity/standards/tenant',
    {
      schema: {
        tags,
        summary: "The tenant's default standard (or the default of practice, 日行三访)",
        response: { 200: StandardSchema },
      },
    },
    (req) => standards.getStandard(ctxOf(req, db), standards.TENANT_KEY),
  );
  app.put(
    '/activity/standards/tenant',
    {
      config,
      schema: {
        tags,
        summary: "Set the tenant's default standard (activity.configure); audited",
        description:
          'items: active types, each once (400 body.items.N.typeId). pointsPerWorkday 0: the items’ points.',
        body: StandardPutSchema,
        response: { 200: StandardSchema },
      },
    },
    (req) => standards.putStandard(ctxOf(req, db), standards.TENANT_KEY, req.body),
  );
  app.delete(
    '/activity/standards/tenant',
    {
      config,
      schema: {
        tags,
        summary: "Remove the tenant's standard: the default of practice applies",
        response: { 200: StandardSchema },
      },
    },
    (req) => standards.deleteStandard(ctxOf(req, db), standards.TENANT_KEY),
  );
  app.get(
    '/activity/standards/:unitId',
    {
      schema: {
        tags,
        summary: "A unit's standard: its own, else the nearest ancestor's, else the tenant's, else 日行三访",
        description:
          'Any unit the caller sees, and their own unit. inheritedFrom names the unit whose standard applies.',
        params: UnitParams,
        response: { 200: StandardSchema },
      },
    },
    (req) => standards.getStandard(ctxOf(req, db), req.params.unitId),
  );
  app.put(
    '/activity/standards/:unitId',
    {
      config,
      schema: {
        tags,
        summary: "Set a unit's own standard; audited",
        description:
          'activity.configure (admin, staff) for a unit in scope, or the leader of the unit or of a unit above it (403 otherwise; 404 for a unit out of scope).',
        params: UnitParams,
        body: StandardPutSchema,
        response: { 200: StandardSchema },
      },
    },
    (req) => standards.putStandard(ctxOf(req, db), req.params.unitId, req.body),
  );
  app.delete(
    '/activity/standards/:unitId',
    {
      config,
      schema: {
        tags,
        summary: "Remove a unit's own standard: it inherits again",
        params: UnitParams,
        response: { 200: StandardSchema },
      },
    },
    (req) => standards.deleteStandard(ctxOf(req, db), req.params.unitId),
  );

  // ---- Plans ----

  app.get(
    '/activity/plans',
    {
      schema: {
        tags,
        summary: "A unit's plans for a period: a row per active member in the caller's scope (activity.read)",
        description: `People without a plan have status none, pre-filled from their standard. ${periodErrors}`,
        querystring: TeamPlansQuerySchema,
        response: { 200: TeamPlansSchema },
      },
    },
    (req) => plans.getTeamPlans(ctxOf(req, db), req.query),
  );
  app.get(
    '/activity/plans/:kind/:period',
    {
      schema: {
        tags,
        summary:
          "The caller's plan of a week or work month, or with userId someone's in scope (activity.read)",
        description:
          'status none: nothing saved, items pre-filled from the team standard × the workdays of the period, sprint and ' +
          `challenge 1.2× and 1.5× the target (rounded up). ${periodErrors}`,
        params: PlanParamsSchema,
        querystring: PlanQuerySchema,
        response: { 200: PlanSchema },
      },
    },
    (req) => plans.getPlan(ctxOf(req, db), req.params.kind, req.params.period, req.query.userId),
  );
  app.put(
    '/activity/plans/:kind/:period',
    {
      config,
      schema: {
        tags,
        summary: "Save the caller's plan as a draft, or (userId, activity.review) adjust someone's in scope",
        description:
          'The owner: PLAN_LOCKED (409) when approved, PLAN_PERIOD_ENDED (409) after the period; saving a submitted plan takes ' +
          'it back to draft. The supervisor keeps the state and the owner is notified. Items: active types once each, tiers not ' +
          'decreasing (400 with paths). Points not given: the items × the types’ points. Audited.',
        params: PlanParamsSchema,
        querystring: PlanQuerySchema,
        body: PlanPutSchema,
        response: { 200: PlanSchema },
      },
    },
    (req) => plans.putPlan(ctxOf(req, db), req.params.kind, req.params.period, req.query.userId, req.body),
  );
  app.post(
    '/activity/plans/:kind/:period/submit',
    {
      config,
      schema: {
        tags,
        summary:
          "Submit the caller's plan (one never saved submits the pre-filled standard); the supervisor is notified",
        description:
          'Submitting a submitted plan answers it unchanged. PLAN_LOCKED, PLAN_PERIOD_ENDED (409).',
        params: PlanParamsSchema,
        response: { 200: PlanSchema },
      },
    },
    (req) => plans.submitPlan(ctxOf(req, db), req.params.kind, req.params.period),
  );
  app.post(
    '/activity/plans/:kind/:period/decision',
    {
      config,
      schema: {
        tags,
        summary: "Approve (optionally adjusting) or return someone's plan (activity.review, userId in scope)",
        description:
          'OWN_PLAN (403) for one’s own plan (or no userId). Return needs a submitted or approved plan (PLAN_NOT_SUBMITTED, 409) ' +
          'and a comment (400 body.comment). The owner is notified; audited.',
        params: PlanParamsSchema,
        querystring: PlanQuerySchema,
        body: PlanDecisionSchema,
        response: { 200: PlanSchema },
      },
    },
    (req) => plans.decidePlan(ctxOf(req, db), req.params.kind, req.params.period, req.query.userId, req.body),
  );

  // ---- Skills ----

  app.put(
    '/activity/skills/:period',
    {
      config,
      schema: {
        tags,
        summary:
          "Rate a month's skills: one's own self-rating, or (userId, activity.review) the supervisor's rating",
        description: 'A month ahead of the current one answers 400 params.period. Audited.',
        params: SkillParamsSchema,
        querystring: z.object({ userId: IdSchema.optional() }),
        body: SkillPutSchema,
        response: { 200: SkillAssessmentSchema },
      },
    },
    (req) => skills.putSkills(ctxOf(req, db), req.params.period, req.query.userId, req.body),
  );
  app.get(
    '/activity/skills',
    {
      schema: {
        tags,
        summary:
          "A person's skill assessments of the last months, oldest first (own, or activity.read in scope)",
        querystring: SkillQuerySchema,
        response: { 200: SkillTrendSchema },
      },
    },
    (req) => skills.getSkillTrend(ctxOf(req, db), req.query),
  );

  // ---- Figures ----

  app.get(
    '/activity/summary',
    {
      schema: {
        tags,
        summary:
          "A unit's plan vs actual, funnel and rates for a period: totals and a page of rows (activity.read)",
        description:
          'period: day, week, month (work month), quarter of `date` (default today), or custom from–to (≤ 366 days). rows: ' +
          'people (a row per person counted) or units (a row per child unit). sort: points, activities, achievement, ' +
          'submissionRate, reviewRate, name, sales ("-field" descending; unknown values last); default: people by name, units ' +
          'as the org chart. q: name or username contains. Read from the rollups; kept in a cache refreshed on writes.',
        querystring: SummaryQuerySchema,
        response: { 200: SummarySchema },
      },
    },
    async (req, reply) => sendAnswer(req, reply, await summary.summaryJson(ctxOf(req, db), req.query)),
  );
  app.get(
    '/activity/summary/export',
    {
      schema: {
        tags,
        summary: 'The summary as .xlsx: every row matching q in the sort, and a totals row; audited',
        querystring: SummaryExportQuerySchema,
      },
    },
    async (req, reply) => {
      const { buffer, filename } = await summary.exportSummary(ctxOf(req, db), req.query);
      return sendXlsx(reply, buffer, filename);
    },
  );
  app.get(
    '/activity/trend',
    {
      schema: {
        tags,
        summary:
          'Points, activities and planned points per day (30), week (12) or work month (6), oldest first',
        description:
          "unitId (activity.read) or userId (own: everyone; others: activity.read, in scope); neither: the caller's own.",
        querystring: TrendQuerySchema,
        response: { 200: ActivityTrendSchema },
      },
    },
    (req) => getTrend(ctxOf(req, db), req.query),
  );
  app.get(
    '/activity/leaderboard',
    {
      schema: {
        tags,
        summary: 'The weekly or work-monthly honour roll of a unit, by points or by sales (ties: premium)',
        description:
          'Everyone reads the boards of their own unit and the units above it up to their department (default: their own ' +
          'unit); activity.read readers also those of units in scope. Rows: the top `limit` with a score; ties share a rank. ' +
          '`me`: the caller’s rank when not among the rows.',
        querystring: LeaderboardQuerySchema,
        response: { 200: LeaderboardSchema },
      },
    },
    (req) => getLeaderboard(ctxOf(req, db), req.query),
  );
  app.get(
    '/activity/today',
    {
      schema: {
        tags,
        summary:
          "The caller's today: the log, planned vs done, points, team rank, feedback of 7 days, quick picks",
        response: { 200: ActivityTodaySchema },
      },
    },
    (req) => getToday(ctxOf(req, db)),
  );
};
