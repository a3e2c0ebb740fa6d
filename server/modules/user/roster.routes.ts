import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ImportResultSchema, RosterImportFieldsSchema, TemplateQuerySchema, UserExportQuerySchema } from '../../../contracts/import.ts';
import { ctxOf } from '../../http/auth.ts';
import { readUpload } from '../../lib/upload.ts';
import { sendXlsx } from '../../lib/xlsx-export.ts';
import * as service from './roster.service.ts';

/** Roster template, import (multipart: file, dryRun, initialPassword, mapping) and export of the people list. */
export const rosterRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['users'];

  app.get(
    '/users/import/template',
    { schema: { tags, summary: 'Roster import template (.xlsx)', querystring: TemplateQuerySchema } },
    async (req, reply) => {
      const { buffer, filename } = await service.buildRosterTemplate(ctxOf(req, db), req.query.lang);
      return sendXlsx(reply, buffer, filename);
    },
  );

  app.post(
    '/users/import',
    {
      schema: {
        tags,
        summary: 'Preview (dryRun, the default) or commit a roster upload',
        description:
          'multipart/form-data: file (.xlsx or .csv), dryRun ("true" | "false"), initialPassword (required to commit), mapping (JSON {fieldKey: header | null})',
        consumes: ['multipart/form-data'],
        response: { 200: ImportResultSchema },
      },
    },
    (req) => service.importRoster(ctxOf(req, db), config, () => readUpload(req, RosterImportFieldsSchema)),
  );

  app.get(
    '/users/export',
    { schema: { tags, summary: 'The people list as .xlsx (same filters as GET /users)', querystring: UserExportQuerySchema } },
    async (req, reply) => {
      const { buffer, filename } = await service.exportUsers(ctxOf(req, db), req.query);
      return sendXlsx(reply, buffer, filename);
    },
  );
};
