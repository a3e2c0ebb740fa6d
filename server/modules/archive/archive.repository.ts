import type { Queryable } from '../../db/database.ts';
import type { ArchiveDocumentTable, HonourTable } from '../../db/schema.ts';
import type { Visibility } from '../../access/scope.ts';
import { ownedRowVisible } from '../../access/scope.ts';

const documentColumns = [
  'archive_documents.id',
  'archive_documents.tenant_id',
  'archive_documents.user_id',
  'archive_documents.doc_type',
  'archive_documents.title',
  'archive_documents.file_name',
  'archive_documents.mime_type',
  'archive_documents.size_bytes',
  'archive_documents.expiry_date',
  'archive_documents.uploaded_by',
  'archive_documents.created_at',
] as const;

export function findDocumentsByUser(db: Queryable, tenantId: string, userId: string) {
  return db
    .selectFrom('archive_documents')
    .select(documentColumns)
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export type DocumentRow = Awaited<ReturnType<typeof findDocumentsByUser>>[number];

/** A document whose owner the actor may see (the owner's current unit decides). */
export function findVisibleDocument(db: Queryable, tenantId: string, vis: Visibility, id: string) {
  return db
    .selectFrom('archive_documents')
    .innerJoin('users', 'users.id', 'archive_documents.user_id')
    .select(documentColumns)
    .where('archive_documents.tenant_id', '=', tenantId)
    .where('archive_documents.id', '=', id)
    .where(ownedRowVisible(vis, 'users.id', 'users.unit_id'))
    .executeTakeFirst();
}

export async function findDocumentContent(db: Queryable, documentId: string): Promise<Buffer | null> {
  const row = await db.selectFrom('archive_files').select('content').where('document_id', '=', documentId).executeTakeFirst();
  return row ? Buffer.from(row.content) : null;
}

export async function insertDocument(db: Queryable, row: ArchiveDocumentTable, content: Buffer): Promise<void> {
  await db.insertInto('archive_documents').values(row).execute();
  await db.insertInto('archive_files').values({ document_id: row.id, content }).execute();
}

export async function deleteDocument(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('archive_files').where('document_id', '=', id).execute();
  await db.deleteFrom('archive_documents').where('id', '=', id).execute();
}

export function findHonoursByUser(db: Queryable, tenantId: string, userId: string) {
  return db
    .selectFrom('honours')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .orderBy('date', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export function findVisibleHonour(db: Queryable, tenantId: string, vis: Visibility, id: string) {
  return db
    .selectFrom('honours')
    .innerJoin('users', 'users.id', 'honours.user_id')
    .selectAll('honours')
    .where('honours.tenant_id', '=', tenantId)
    .where('honours.id', '=', id)
    .where(ownedRowVisible(vis, 'users.id', 'users.unit_id'))
    .executeTakeFirst();
}

export async function insertHonour(db: Queryable, row: HonourTable): Promise<void> {
  await db.insertInto('honours').values(row).execute();
}

export async function deleteHonour(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('honours').where('id', '=', id).execute();
}
