import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParamsSchema, OkSchema } from '../../../contracts/common.ts';
import { ArchiveDocumentSchema, ArchiveUploadFieldsSchema, HonourCreateSchema, HonourSchema } from '../../../contracts/user.ts';
import { ctxOf } from '../../http/auth.ts';
import { readUpload } from '../../lib/upload.ts';
import { sendFile } from '../../lib/xlsx-export.ts';
import * as service from './archive.service.ts';

/** Personnel archive (档案): documents with their files, honours and penalties (奖惩). */
export const archiveRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['archive'];

  app.get(
    '/users/:id/documents',
    { schema: { tags, params: IdParamsSchema, response: { 200: z.array(ArchiveDocumentSchema) } } },
    (req) => service.listDocuments(ctxOf(req, db), req.params.id),
  );
  app.post(
    '/users/:id/documents',
    {
      schema: {
        tags,
        description: 'multipart/form-data: file (PDF, JPEG, PNG, .docx, .xlsx; at most 10 MB), docType, title, expiryDate?',
        consumes: ['multipart/form-data'],
        params: IdParamsSchema,
        response: { 200: ArchiveDocumentSchema },
      },
    },
    (req) => service.uploadDocument(ctxOf(req, db), req.params.id, () => readUpload(req, ArchiveUploadFieldsSchema)),
  );
  app.get('/documents/:id/file', { schema: { tags, params: IdParamsSchema } }, async (req, reply) => {
    const file = await service.downloadDocument(ctxOf(req, db), req.params.id);
    return sendFile(reply, file.content, file.fileName, file.mimeType);
  });
  app.delete('/documents/:id', { schema: { tags, params: IdParamsSchema, response: { 200: OkSchema } } }, async (req) => {
    await service.deleteDocument(ctxOf(req, db), req.params.id);
    return { ok: true as const };
  });

  app.get(
    '/users/:id/honours',
    { schema: { tags, params: IdParamsSchema, response: { 200: z.array(HonourSchema) } } },
    (req) => service.listHonours(ctxOf(req, db), req.params.id),
  );
  app.post(
    '/users/:id/honours',
    { schema: { tags, params: IdParamsSchema, body: HonourCreateSchema, response: { 200: HonourSchema } } },
    (req) => service.createHonour(ctxOf(req, db), req.params.id, req.body),
  );
  app.delete('/honours/:id', { schema: { tags, params: IdParamsSchema, response: { 200: OkSchema } } }, async (req) => {
    await service.deleteHonour(ctxOf(req, db), req.params.id);
    return { ok: true as const };
  });
};
