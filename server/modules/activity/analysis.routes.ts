import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/**
 * Activity management (活动量管理), the planning and reading side: plans and team standards, skill
 * self-assessment, the agent's today page, summaries, trend and leaderboards.
 */
export const activityAnalysisRoutes: FastifyPluginAsyncZod = async () => {};
