import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { coachingRoutes } from './coaching.routes.ts';
import { entryRoutes } from './entry.routes.ts';
import { typeRoutes } from './type.routes.ts';
import { workLogRoutes } from './worklog.routes.ts';

/**
 * Activity management (活动量管理), the recording side: settings and activity types, activities,
 * the daily work log, the supervisor's review and comments, coaching.
 */
export const activityRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(typeRoutes);
  await app.register(entryRoutes);
  await app.register(workLogRoutes);
  await app.register(coachingRoutes);
};
