import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { nameRoutes } from './name.routes.ts';
import { rubricRoutes } from './rubric.routes.ts';
import { spotCheckRoutes } from './spotcheck.routes.ts';

/**
 * Customer accumulation (客户积累), the list side: Plan 100 names, the grading rubric, and the
 * supervisors' spot-checks of prospect cards.
 */
export const plan100Routes: FastifyPluginAsyncZod = async (app) => {
  await app.register(nameRoutes);
  await app.register(rubricRoutes);
  await app.register(spotCheckRoutes);
};
