import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { checkInRoutes } from './checkin.routes.ts';
import { configRoutes } from './config.routes.ts';
import { importRoutes } from './import.routes.ts';
import { reportRoutes } from './report.routes.ts';
import { requestRoutes } from './request.routes.ts';

/** Attendance (差勤): every route of the module, under /api/attendance. */
export const attendanceRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(checkInRoutes);
  await app.register(configRoutes);
  await app.register(requestRoutes);
  await app.register(reportRoutes);
  await app.register(importRoutes);
};
