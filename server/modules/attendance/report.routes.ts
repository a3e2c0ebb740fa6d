import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** (being built) */
export const reportRoutes: FastifyPluginAsyncZod = async () => {};
