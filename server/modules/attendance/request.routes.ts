import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** (being built) */
export const requestRoutes: FastifyPluginAsyncZod = async () => {};
