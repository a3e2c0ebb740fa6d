import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CalendarImportResultSchema, PunchImportResultSchema } from '../../../contracts/attendance.ts';
import { ImportFieldsSchema, TemplateQuerySchema } from '../../../contracts/import.ts';
import { ctxOf } from '../../http/auth.ts';
import { readUpload } from '../../lib/upload.ts';
import { sendXlsx } from '../../lib/xlsx-export.ts';
import { buildCalendarTemplate, importCalendar } from './calendar-import.service.ts';
import { buildPunchTemplate, importPunches } from './punch-import.service.ts';

/** Attendance imports, like the roster's: a template, then one upload route for preview (dryRun) and commit. */
export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['attendance'];
  const multipart =
    'multipart/form-data: file (.xlsx or .csv), dryRun ("true", the default, or "false"), mapping (JSON {fieldKey: header | null})';

  app.get(
    '/attendance/punch-imports/template',
    { schema: { tags, summary: 'Punch-clock import template (.xlsx)', querystring: TemplateQuerySchema } },
    async (req, reply) => {
      const { buffer, filename } = await buildPunchTemplate(ctxOf(req, db), req.query.lang);
      return sendXlsx(reply, buffer, filename);
    },
  );

  app.post(
    '/attendance/punch-imports',
    {
      schema: {
        tags,
        summary: 'Preview (dryRun, the default) or commit a punch-clock file',
        description: `${multipart}. Fields: username (工号), date (日期) and time (时间), or datetime (打卡时间); note (备注). Per person and day the earliest punch is the check-in.`,
        consumes: ['multipart/form-data'],
        response: { 200: PunchImportResultSchema },
      },
    },
    (req) => importPunches(ctxOf(req, db), () => readUpload(req, ImportFieldsSchema)),
  );

  app.get(
    '/attendance/calendar/import/template',
    { schema: { tags, summary: 'Calendar import template (.xlsx)', querystring: TemplateQuerySchema } },
    async (req, reply) => {
      const { buffer, filename } = await buildCalendarTemplate(ctxOf(req, db), req.query.lang);
      return sendXlsx(reply, buffer, filename);
    },
  );

  app.post(
    '/attendance/calendar/import',
    {
      schema: {
        tags,
        summary: 'Preview (dryRun, the default) or commit a calendar file',
        description: `${multipart}. Fields: date (日期), kind (类型: 工作日 | 休息日/节假日), name (名称).`,
        consumes: ['multipart/form-data'],
        response: { 200: CalendarImportResultSchema },
      },
    },
    (req) => importCalendar(ctxOf(req, db), () => readUpload(req, ImportFieldsSchema)),
  );
};
