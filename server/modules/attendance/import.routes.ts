import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** (being built) */
export const importRoutes: FastifyPluginAsyncZod = async () => {};
