import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParamsSchema, OkSchema } from '../../../contracts/common.ts';
import { ImportFieldsSchema, TemplateQuerySchema } from '../../../contracts/import.ts';
import {
  PlanNameBulkQuerySchema,
  PlanNameBulkResultSchema,
  PlanNameBulkSchema,
  PlanNameCreateSchema,
  PlanNameExportQuerySchema,
  PlanNameImportResultSchema,
  PlanNameListQuerySchema,
  PlanNamePageSchema,
  PlanNamePatchSchema,
  PlanNameSchema,
  PlanNameScoreSchema,
} from '../../../contracts/plan100.ts';
import { ctxOf } from '../../http/auth.ts';
import { readUpload } from '../../lib/upload.ts';
import { EXPORT_ROUTE_NOTE, sendBuiltXlsx } from '../../lib/xlsx-export.ts';
import { exportNames } from './name.export.service.ts';
import { buildNameTemplate, importNames } from './name.import.service.ts';
import * as service from './name.service.ts';

/**
 * Plan 100 (计划100) names: one's own list (prospect.own); leads with prospect.read read the lists of
 * people in their scope (ownerId). Phones are masked in every answer and export.
 */
export const nameRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['plan100'];
  // Writing a name changes no one's identity or visibility: cached sessions stay.
  const config = { sessionNeutral: true };
  const ownerNote =
    "Without ownerId, the caller's own list; with ownerId (prospect.read) the list of a person in the caller's scope, else 404.";

  app.get(
    '/names',
    {
      schema: {
        tags,
        summary: 'A Plan 100 list with its progress toward 100',
        description:
          `${ownerNote} Filters: category, grade (A | B | C | none = not scored), excluded (0 | 1), q (name prefix, ` +
          'case and space blind). sort: createdAt | name | score, "-" for descending (default -createdAt). ' +
          'progress counts names not excluded. duplicate: another name of the same list has the same name or phone.',
        querystring: PlanNameListQuerySchema,
        response: { 200: PlanNamePageSchema },
      },
    },
    (req) => service.listNames(ctxOf(req, db), req.query),
  );

  // Before '/names/:id', so that "export" is never read as an id.
  app.get(
    '/names/export',
    {
      schema: {
        tags,
        summary: 'The list as .xlsx (same owner, filters and order as GET /names); phones masked',
        description: EXPORT_ROUTE_NOTE,
        querystring: PlanNameExportQuerySchema,
      },
    },
    (req, reply) => sendBuiltXlsx(reply, exportNames(ctxOf(req, db), req.query)),
  );

  app.get(
    '/names/import/template',
    { schema: { tags, summary: 'Name import template (.xlsx)', querystring: TemplateQuerySchema } },
    (req, reply) => sendBuiltXlsx(reply, buildNameTemplate(ctxOf(req, db), req.query.lang)),
  );

  app.post(
    '/names/import',
    {
      config,
      schema: {
        tags,
        summary: "Preview (dryRun, the default) or commit a file of names into the caller's own list",
        description:
          'multipart/form-data: file (.xlsx or .csv), dryRun ("true", the default, or "false"), mapping (JSON ' +
          '{fieldKey: header | null}). Fields: name (姓名, required), category (关系类别: code or label; blank = ' +
          'referrals/other), phone (手机号), note (备注). Rows repeating a name or phone of the list are flagged ' +
          '(duplicate) and still imported. A commit writes every row or, when any row has an error, nothing ' +
          '(400 IMPORT_HAS_ERRORS with rows.<row>.<field> details).',
        consumes: ['multipart/form-data'],
        response: { 200: PlanNameImportResultSchema },
      },
    },
    (req) => importNames(ctxOf(req, db), () => readUpload(req, ImportFieldsSchema)),
  );

  app.post(
    '/names',
    {
      config,
      schema: {
        tags,
        summary: "Add a name to the caller's own list",
        description: 'phone: an 11-digit mainland mobile (400 otherwise). Audited.',
        body: PlanNameCreateSchema,
        response: { 201: PlanNameSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createName(ctxOf(req, db), req.body)),
  );

  app.post(
    '/names/bulk',
    {
      config,
      schema: {
        tags,
        summary: 'Add many names at once: objects or pasted lines',
        description:
          'Body {names: [{name, category?, phone?, note?}] (≤ 500)} or {text} with one name a line, "name [category] ' +
          '[phone] [note]": fields split by tab or comma when the line has one, else by spaces; the first field is the ' +
          'name, the first field naming a category (code or label: 亲戚, 朋友, 同学, 同事, 邻居 …) is the category, the ' +
          'first looking like a phone number is the phone, the rest is the note; blank lines are skipped. A name ' +
          'without a category gets defaultCategory (else referrals). Rule: all or nothing — if any line is bad the ' +
          'answer is 400 VALIDATION_FAILED, nothing is written, and details name each problem as ' +
          'lines.<line>.<field> (1-based line of the text or position in names). skipInvalid=1 writes the good lines ' +
          'and returns the bad ones with their errors; dryRun=1 writes nothing and returns every line parsed. ' +
          'Names repeating one of the list or an earlier line are written and flagged duplicate. Audited per name.',
        querystring: PlanNameBulkQuerySchema,
        body: PlanNameBulkSchema,
        response: { 200: PlanNameBulkResultSchema },
      },
    },
    (req) =>
      service.bulkNames(ctxOf(req, db), req.body, {
        skipInvalid: req.query.skipInvalid === '1',
        dryRun: req.query.dryRun === '1',
      }),
  );

  app.get(
    '/names/:id',
    {
      schema: {
        tags,
        summary: 'One name',
        description: "The caller's own, or (prospect.read) one of a person in scope; anything else 404.",
        params: IdParamsSchema,
        response: { 200: PlanNameSchema },
      },
    },
    (req) => service.getName(ctxOf(req, db), req.params.id),
  );

  app.patch(
    '/names/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change a name of the own list: name, category, phone, note, excluded',
        description:
          'excluded = "not to approach": out of the progress count and of card creation. Only the owner (403 for a ' +
          'lead reading it, 404 out of scope). Audited.',
        params: IdParamsSchema,
        body: PlanNamePatchSchema,
        response: { 200: PlanNameSchema },
      },
    },
    (req) => service.patchName(ctxOf(req, db), req.params.id, req.body),
  );

  app.delete(
    '/names/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Delete a name of the own list',
        description: 'Refused with 409 NAME_HAS_CARD once the name became a prospect card (exclude it instead). Audited.',
        params: IdParamsSchema,
        response: { 200: OkSchema },
      },
    },
    async (req) => {
      await service.deleteName(ctxOf(req, db), req.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/names/:id/score',
    {
      config,
      schema: {
        tags,
        summary: 'Score (or re-score) a name under the current rubric',
        description:
          'answers: {criterionKey: optionKey} for every criterion of the current rubric (400 VALIDATION_FAILED naming ' +
          'body.answers.<key> when missing, not an option, or not a criterion). Stores score, grade, rubricVersion, ' +
          'answers, scoredAt. Only the owner. Audited.',
        params: IdParamsSchema,
        body: PlanNameScoreSchema,
        response: { 200: PlanNameSchema },
      },
    },
    (req) => service.scoreName(ctxOf(req, db), req.params.id, req.body),
  );
};
