import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AllowanceBasesSchema,
  AllowanceQuerySchema,
  AllowanceSchema,
  BoardQuerySchema,
  BoardSchema,
  MonthlyQuerySchema,
  MonthlySchema,
  TrendQuerySchema,
  TrendSchema,
} from '../../../contracts/attendance.ts';
import {
  AllowanceBasesImportFieldsSchema,
  AllowanceBasesResultSchema,
  AllowanceExportQuerySchema,
  MonthlyExportQuerySchema,
} from '../../../contracts/attendance-report.ts';
import { ImportResultSchema, TemplateQuerySchema } from '../../../contracts/import.ts';
import { ctxOf } from '../../http/auth.ts';
import { sendAnswer } from '../../lib/answer-cache.ts';
import { readUpload } from '../../lib/upload.ts';
import { sendXlsx } from '../../lib/xlsx-export.ts';
import * as allowance from './allowance.service.ts';
import * as report from './report.service.ts';

/**
 * The daily board, monthly figures and trend (attendance.read), the supervisors' allowance
 * (attendance.allowance) and its bases (attendance.allowanceWrite), with their .xlsx exports.
 */
export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['attendance'];

  // Board and monthly figures answer with JSON serialised (and possibly cached) by the service,
  // sent as it is (not through the response schema's serialiser), gzipped when the reader accepts it.
  app.get(
    '/attendance/board',
    {
      schema: {
        tags,
        summary: "A unit's people on a day, by team, with their status",
        description:
          'Status: the record of the day, else `pending` until the absent threshold of the person’s ' +
          'unit, then `absent`. date defaults to today in the tenant’s zone. People of a team: ' +
          'absent, pending, late, leave, present, then by name.',
        querystring: BoardQuerySchema,
        response: { 200: BoardSchema },
      },
    },
    async (req, reply) => sendAnswer(req, reply, await report.boardJson(ctxOf(req, db), req.query)),
  );

  app.get(
    '/attendance/monthly',
    {
      schema: {
        tags,
        summary: "A unit's figures for a work month: totals and a page of people",
        description:
          'sort: rate, absent, late, name (default), finesFen; "-field" descending. A rate of nobody ' +
          'required sorts last. `people` and `totals` cover the whole unit; `total` the people matching q.',
        querystring: MonthlyQuerySchema,
        response: { 200: MonthlySchema },
      },
    },
    async (req, reply) => sendAnswer(req, reply, await report.monthlyJson(ctxOf(req, db), req.query)),
  );

  app.get(
    '/attendance/monthly/export',
    {
      schema: {
        tags,
        summary: 'The monthly figures as .xlsx (same filters and sort as GET /attendance/monthly)',
        querystring: MonthlyExportQuerySchema,
      },
    },
    async (req, reply) => {
      const { buffer, filename } = await report.exportMonthly(ctxOf(req, db), req.query);
      return sendXlsx(reply, buffer, filename);
    },
  );

  app.get(
    '/attendance/trend',
    {
      schema: {
        tags,
        summary: "Figures per work month up to the current one: a unit's totals or one person's",
        description: 'Give either unitId or userId.',
        querystring: TrendQuerySchema,
        response: { 200: TrendSchema },
      },
    },
    (req) => report.getTrend(ctxOf(req, db), req.query),
  );

  app.get(
    '/attendance/allowance',
    {
      schema: {
        tags,
        summary: "Supervisors' allowance for a work month: own rate, tier, cut, base and amount cut",
        querystring: AllowanceQuerySchema,
        response: { 200: AllowanceSchema },
      },
    },
    (req) => allowance.getAllowance(ctxOf(req, db), req.query),
  );

  app.get(
    '/attendance/allowance/export',
    {
      schema: {
        tags,
        summary: 'The allowance report as .xlsx for payroll',
        querystring: AllowanceExportQuerySchema,
      },
    },
    async (req, reply) => {
      const { buffer, filename } = await allowance.exportAllowance(ctxOf(req, db), req.query);
      return sendXlsx(reply, buffer, filename);
    },
  );

  app.put(
    '/attendance/allowance/bases',
    {
      config: { sessionNeutral: true },
      schema: {
        tags,
        summary: "Set (or, with baseFen null, remove) supervisors' allowance bases of a work month",
        body: AllowanceBasesSchema,
        response: { 200: AllowanceBasesResultSchema },
      },
    },
    (req) => allowance.putBases(ctxOf(req, db), req.body),
  );

  app.get(
    '/attendance/allowance/bases/import/template',
    {
      schema: { tags, summary: 'Allowance bases import template (.xlsx)', querystring: TemplateQuerySchema },
    },
    async (req, reply) => {
      const { buffer, filename } = await allowance.buildBasesTemplate(ctxOf(req, db), req.query.lang);
      return sendXlsx(reply, buffer, filename);
    },
  );

  app.post(
    '/attendance/allowance/bases/import',
    {
      config: { sessionNeutral: true },
      schema: {
        tags,
        summary: 'Preview (dryRun, the default) or commit an upload of allowance bases',
        description:
          'multipart/form-data: file (.xlsx or .csv; columns 工号, 姓名 (optional), 津贴基数(元)), ' +
          'month (YYYY-MM), dryRun ("true" | "false"), mapping (JSON {fieldKey: header | null})',
        consumes: ['multipart/form-data'],
        response: { 200: ImportResultSchema },
      },
    },
    (req) => allowance.importBases(ctxOf(req, db), () => readUpload(req, AllowanceBasesImportFieldsSchema)),
  );
};
