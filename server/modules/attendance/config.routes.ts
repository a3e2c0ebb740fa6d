import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParamsSchema, OkSchema } from '../../../contracts/common.ts';
import {
  AttendanceRulesSchema,
  CalendarDayInputSchema,
  CalendarDaySchema,
  CalendarQuerySchema,
  DateParamsSchema,
  LocationInputSchema,
  LocationSchema,
  RulesViewSchema,
  UnitRulesSchema,
} from '../../../contracts/attendance.ts';
import { ctxOf } from '../../http/auth.ts';
import * as service from './config.service.ts';

/** Attendance configuration: rules (tenant and department), the work calendar, workplace locations. */
export const configRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['attendance'];
  const unitParams = z.object({ unitId: z.string().min(1).max(64) });

  app.get('/attendance/rules', { schema: { tags, response: { 200: RulesViewSchema } } }, (req) =>
    service.getRulesView(ctxOf(req, db)),
  );
  app.put(
    '/attendance/rules',
    { schema: { tags, body: AttendanceRulesSchema, response: { 200: RulesViewSchema } } },
    (req) => service.putTenantRules(ctxOf(req, db), req.body),
  );
  app.put(
    '/attendance/rules/units/:unitId',
    { schema: { tags, params: unitParams, body: UnitRulesSchema, response: { 200: RulesViewSchema } } },
    (req) => service.putUnitRules(ctxOf(req, db), req.params.unitId, req.body),
  );
  app.delete(
    '/attendance/rules/units/:unitId',
    { schema: { tags, params: unitParams, response: { 200: RulesViewSchema } } },
    (req) => service.deleteUnitRules(ctxOf(req, db), req.params.unitId),
  );

  app.get(
    '/attendance/calendar',
    { schema: { tags, querystring: CalendarQuerySchema, response: { 200: z.array(CalendarDaySchema) } } },
    (req) => service.getCalendar(ctxOf(req, db), req.query.year),
  );
  app.put(
    '/attendance/calendar/:date',
    {
      schema: {
        tags,
        params: DateParamsSchema,
        body: CalendarDayInputSchema,
        response: { 200: CalendarDaySchema },
      },
    },
    (req) => service.putCalendarDay(ctxOf(req, db), req.params.date, req.body),
  );
  app.delete(
    '/attendance/calendar/:date',
    {
      schema: {
        tags,
        description: 'Drops the tenant entry: the statutory calendar applies again.',
        params: DateParamsSchema,
        response: { 200: CalendarDaySchema },
      },
    },
    (req) => service.resetCalendarDay(ctxOf(req, db), req.params.date),
  );

  app.get('/attendance/locations', { schema: { tags, response: { 200: z.array(LocationSchema) } } }, (req) =>
    service.listLocations(ctxOf(req, db)),
  );
  app.post(
    '/attendance/locations',
    { schema: { tags, body: LocationInputSchema, response: { 200: LocationSchema } } },
    (req) => service.createLocation(ctxOf(req, db), req.body),
  );
  app.put(
    '/attendance/locations/:id',
    {
      schema: { tags, params: IdParamsSchema, body: LocationInputSchema, response: { 200: LocationSchema } },
    },
    (req) => service.updateLocation(ctxOf(req, db), req.params.id, req.body),
  );
  app.delete(
    '/attendance/locations/:id',
    { schema: { tags, params: IdParamsSchema, response: { 200: OkSchema } } },
    async (req) => {
      await service.deleteLocation(ctxOf(req, db), req.params.id);
      return { ok: true as const };
    },
  );
};
