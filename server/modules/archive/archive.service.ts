import type { z } from 'zod';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { assertUserVisible } from '../../access/scope.ts';
import { newId } from '../../db/ids.ts';
import { inTx } from '../../db/tx.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import type { Upload } from '../../lib/upload.ts';
import type {
  ArchiveDocument,
  ArchiveUploadFieldsSchema,
  Honour,
  HonourCreate,
} from '../../../contracts/user.ts';
import type { ArchiveDocumentTable, HonourTable } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { acceptedMimeType } from './archive.rules.ts';
import * as repo from './archive.repository.ts';

export type ArchiveUploadFields = z.output<typeof ArchiveUploadFieldsSchema>;

function toDocumentDto(r: repo.DocumentRow): ArchiveDocument {
  return {
    id: r.id,
    userId: r.user_id,
    docType: r.doc_type as ArchiveDocument['docType'],
    title: r.title,
    fileName: r.file_name,
    mimeType: r.mime_type,
    sizeBytes: Number(r.size_bytes),
    expiryDate: r.expiry_date,
    uploadedBy: r.uploaded_by,
    createdAt: r.created_at,
  };
}

function toHonourDto(r: HonourTable): Honour {
  return {
    id: r.id,
    userId: r.user_id,
    kind: r.kind as Honour['kind'],
    title: r.title,
    date: r.date,
    description: r.description,
    createdAt: r.created_at,
  };
}

/** A person's archive documents (metadata only), for readers who may see that person. */
export async function listDocuments(ctx: Ctx, userId: string): Promise<ArchiveDocument[]> {
  assertCan(ctx.actor, 'archive.read');
  await assertUserVisible(ctx.db, ctx.actor, userId);
  return (await repo.findDocumentsByUser(ctx.db, ctx.actor.tenantId, userId)).map(toDocumentDto);
}

/**
 * Files a document in a person's archive. Access is checked before the upload is read; the file
 * must be a PDF, JPEG, PNG, Word or Excel file by its content as well as by its declared type.
 */
export async function uploadDocument(
  ctx: Ctx,
  userId: string,
  readUpload: () => Promise<Upload<ArchiveUploadFields>>,
): Promise<ArchiveDocument> {
  assertCan(ctx.actor, 'archive.write');
  await assertUserVisible(ctx.db, ctx.actor, userId);
  const { file, fields } = await readUpload();
  if (file.buffer.length === 0) {
    throw new AppError('VALIDATION_FAILED', 400, 'The file is empty', [{ path: 'body.file', message: 'Empty file', code: 'emptyFile' }]);
  }
  const mimeType = acceptedMimeType(file.mimetype, file.buffer);
  if (!mimeType) {
    throw new AppError('UNSUPPORTED_FILE', 400, 'Upload a PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx) file', [
      { path: 'body.file', message: 'Unsupported file type, or the content does not match the declared type', code: 'unsupportedFile' },
    ]);
  }
  const row: ArchiveDocumentTable = {
    id: newId(),
    tenant_id: ctx.actor.tenantId,
    user_id: userId,
    doc_type: fields.docType,
    title: fields.title,
    file_name: file.filename,
    mime_type: mimeType,
    size_bytes: file.buffer.length,
    expiry_date: fields.expiryDate ?? null,
    uploaded_by: ctx.actor.userId,
    created_at: nowIso(),
  };
  await inTx(ctx, async (tx) => {
    await repo.insertDocument(tx.db, row, file.buffer);
    await recordAudit(tx, { entity: 'archiveDocument', entityId: row.id, action: 'create', after: row });
  });
  return toDocumentDto(row);
}

/** The stored file of a visible document; each download of personal papers is on record. */
export async function downloadDocument(ctx: Ctx, id: string): Promise<{ content: Buffer; fileName: string; mimeType: string }> {
  assertCan(ctx.actor, 'archive.read');
  const doc = await repo.findVisibleDocument(ctx.db, ctx.actor.tenantId, ctx.actor.visibility, id);
  if (!doc) throw notFound('Document');
  const content = await repo.findDocumentContent(ctx.db, id);
  if (!content) throw notFound('Document');
  await recordAudit(ctx, { entity: 'archiveDocument', entityId: id, action: 'download', after: { user_id: doc.user_id } });
  return { content, fileName: doc.file_name, mimeType: doc.mime_type };
}

/** Removes a document and its file. */
export async function deleteDocument(ctx: Ctx, id: string): Promise<void> {
  assertCan(ctx.actor, 'archive.write');
  await inTx(ctx, async (tx) => {
    const before = await repo.findVisibleDocument(tx.db, tx.actor.tenantId, tx.actor.visibility, id);
    if (!before) throw notFound('Document');
    await repo.deleteDocument(tx.db, id);
    await recordAudit(tx, { entity: 'archiveDocument', entityId: id, action: 'delete', before });
  });
}

/** A person's honours and penalties (奖惩), newest first. */
export async function listHonours(ctx: Ctx, userId: string): Promise<Honour[]> {
  assertCan(ctx.actor, 'archive.read');
  await assertUserVisible(ctx.db, ctx.actor, userId);
  return (await repo.findHonoursByUser(ctx.db, ctx.actor.tenantId, userId)).map(toHonourDto);
}

/** Records an honour or a penalty for a person in scope. */
export async function createHonour(ctx: Ctx, userId: string, input: HonourCreate): Promise<Honour> {
  assertCan(ctx.actor, 'honour.write');
  await assertUserVisible(ctx.db, ctx.actor, userId);
  const row: HonourTable = {
    id: newId(),
    tenant_id: ctx.actor.tenantId,
    user_id: userId,
    kind: input.kind,
    title: input.title,
    date: input.date,
    description: input.description ?? '',
    created_by: ctx.actor.userId,
    created_at: nowIso(),
  };
  await inTx(ctx, async (tx) => {
    await repo.insertHonour(tx.db, row);
    await recordAudit(tx, { entity: 'honour', entityId: row.id, action: 'create', after: row });
  });
  return toHonourDto(row);
}

export async function deleteHonour(ctx: Ctx, id: string): Promise<void> {
  assertCan(ctx.actor, 'honour.write');
  await inTx(ctx, async (tx) => {
    const before = await repo.findVisibleHonour(tx.db, tx.actor.tenantId, tx.actor.visibility, id);
    if (!before) throw notFound('Honour');
    await repo.deleteHonour(tx.db, id);
    await recordAudit(tx, { entity: 'honour', entityId: id, action: 'delete', before });
  });
}
