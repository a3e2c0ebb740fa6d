import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveDocument, Honour } from '../../../contracts/user.ts';
import type { DB } from '../../db/database.ts';
import { loginAs, makeTestApp, type TestClient } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg } from '../../test/factories.ts';
import { ARCHIVE_MIME_TYPES, acceptedMimeType, sniffMimeType } from './archive.rules.ts';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0x00, 0xff, 0x10]), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
// A ZIP whose first entry is word/document.xml, as every .docx has.
const DOCX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('word/document.xml'), Buffer.alloc(20)]);
const EXE = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]);

async function xlsxFile(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('证书').addRow(['资格证', '2026-12-31']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('archive file types', () => {
  it('recognises each allowed type by content', async () => {
    expect(sniffMimeType(PDF)).toBe(ARCHIVE_MIME_TYPES.pdf);
    expect(sniffMimeType(PNG)).toBe(ARCHIVE_MIME_TYPES.png);
    expect(sniffMimeType(JPEG)).toBe(ARCHIVE_MIME_TYPES.jpeg);
    expect(sniffMimeType(DOCX)).toBe(ARCHIVE_MIME_TYPES.docx);
    expect(sniffMimeType(await xlsxFile())).toBe(ARCHIVE_MIME_TYPES.xlsx);
    expect(sniffMimeType(EXE)).toBeNull();
    expect(sniffMimeType(Buffer.from('hello'))).toBeNull();
  });

  it('accepts a file only when the declared type is allowed and matches the content', () => {
    expect(acceptedMimeType('application/pdf', PDF)).toBe('application/pdf');
    expect(acceptedMimeType('image/jpg', JPEG)).toBe('image/jpeg');
    expect(acceptedMimeType('image/png', PDF)).toBeNull();
    expect(acceptedMimeType('application/pdf', EXE)).toBeNull();
    expect(acceptedMimeType('application/octet-stream', PDF)).toBeNull();
    expect(acceptedMimeType(undefined, PDF)).toBeNull();
  });
});

async function postForm(
  c: TestClient,
  url: string,
  fields: Record<string, string>,
  file?: { name: string; content: Buffer; type: string },
): Promise<LightMyRequestResponse> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new Blob([new Uint8Array(file.content)], { type: file.type }), file.name);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  const payload = Buffer.from(await request.arrayBuffer());
  // The harness replaces its headers by the extra ones given, so the session and origin are repeated.
  return c.request('POST', url, payload, {
    headers: { host: 'localhost', origin: 'http://localhost', cookie: c.cookie ?? '', 'content-type': request.headers.get('content-type')! },
  });
}

type Counted = 'archive_documents' | 'archive_files' | 'honours' | 'audit_log';
async function counts(db: DB): Promise<Record<Counted, number>> {
  const out = {} as Record<Counted, number>;
  for (const t of ['archive_documents', 'archive_files', 'honours', 'audit_log'] as const) {
    const r = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

async function auditOf(db: DB, entity: string, entityId: string) {
  return db.selectFrom('audit_log').select(['action', 'actor_id', 'before_json', 'after_json']).where('entity', '=', entity).where('entity_id', '=', entityId).execute();
}

forEachDialect('personnel archive', (get) => {
  let app: FastifyInstance;
  let org: TestOrg;
  let db: DB;
  let staff: TestClient;
  beforeAll(async () => {
    db = get().db;
    org = await makeOrg(db);
    app = await makeTestApp(get());
    staff = await loginAs(app, org.users.staff1.username);
  });
  afterAll(() => app.close());

  const upload = (c: TestClient, userId: string, fields: Record<string, string>, file?: { name: string; content: Buffer; type: string }) =>
    postForm(c, `/api/users/${userId}/documents`, fields, file);

  describe('documents', () => {
    let doc: ArchiveDocument;

    it('staff file a document for a person of their department; it is audited without its content', async () => {
      const before = await counts(db);
      const res = await upload(
        staff,
        org.users.agent1.id,
        { docType: 'licence', title: '代理人资格证', expiryDate: '2027-06-30' },
        { name: '资格证 扫描件.pdf', content: PDF, type: 'application/pdf' },
      );
      expect(res.statusCode).toBe(200);
      doc = JSON.parse(res.body) as ArchiveDocument;
      expect(doc).toMatchObject({
        userId: org.users.agent1.id,
        docType: 'licence',
        title: '代理人资格证',
        fileName: '资格证 扫描件.pdf',
        mimeType: 'application/pdf',
        sizeBytes: PDF.length,
        expiryDate: '2027-06-30',
        uploadedBy: org.users.staff1.id,
      });
      const after = await counts(db);
      expect(after.archive_documents).toBe(before.archive_documents + 1);
      expect(after.archive_files).toBe(before.archive_files + 1);
      const trail = await auditOf(db, 'archiveDocument', doc.id);
      expect(trail).toHaveLength(1);
      expect(trail[0]).toMatchObject({ action: 'create', actor_id: org.users.staff1.id });
      expect(trail[0]!.after_json).not.toContain('content');
    });

    it('accepts images, Word and Excel files', async () => {
      for (const file of [
        { name: 'id.jpg', content: JPEG, type: 'image/jpeg' },
        { name: 'id.png', content: PNG, type: 'image/png' },
        { name: '合同.docx', content: DOCX, type: ARCHIVE_MIME_TYPES.docx },
        { name: '培训.xlsx', content: await xlsxFile(), type: ARCHIVE_MIME_TYPES.xlsx },
        // Larger than the 1 MB JSON body limit, within the 10 MB upload limit.
        { name: 'scan.pdf', content: Buffer.concat([PDF, Buffer.alloc(3 * 1024 * 1024, 0x20)]), type: 'application/pdf' },
      ]) {
        const res = await upload(staff, org.users.agent2.id, { docType: 'other', title: file.name }, file);
        expect(res.statusCode, file.name).toBe(200);
        expect((JSON.parse(res.body) as ArchiveDocument).mimeType).toBe(file.type);
      }
    });

    it('the person, their supervisor and their manager list and download it', async () => {
      for (const who of [org.users.agent1, org.users.sup1, org.users.manager1, org.users.admin]) {
        const c = await loginAs(app, who.username);
        const list = await c.get(`/api/users/${org.users.agent1.id}/documents`);
        expect(list.statusCode, who.username).toBe(200);
        expect((JSON.parse(list.body) as ArchiveDocument[]).map((d) => d.id)).toEqual([doc.id]);
        const file = await c.get(`/api/documents/${doc.id}/file`);
        expect(file.statusCode).toBe(200);
        expect(file.rawPayload.equals(PDF)).toBe(true);
        expect(file.headers['content-type']).toBe('application/pdf');
        expect(file.headers['x-content-type-options']).toBe('nosniff');
        expect(file.headers['content-disposition']).toBe(
          `attachment; filename="___ ___.pdf"; filename*=UTF-8''${encodeURIComponent('资格证 扫描件.pdf')}`,
        );
      }
      const downloads = (await auditOf(db, 'archiveDocument', doc.id)).filter((a) => a.action === 'download');
      expect(downloads).toHaveLength(4);
    });

    it('a peer, another team, another department and another tenant get 404 and see nothing', async () => {
      for (const who of [org.users.agent1b, org.users.sup2, org.users.manager2, org.other.admin]) {
        const c = await loginAs(app, who.username);
        expect((await c.get(`/api/users/${org.users.agent1.id}/documents`)).statusCode, who.username).toBe(404);
        expect((await c.get(`/api/documents/${doc.id}/file`)).statusCode, who.username).toBe(404);
      }
      // What they may list holds none of it.
      const sup2 = await loginAs(app, org.users.sup2.username);
      const own = JSON.parse((await sup2.get(`/api/users/${org.users.agent2.id}/documents`)).body) as ArchiveDocument[];
      expect(own.map((d) => d.id)).not.toContain(doc.id);
      const other = await loginAs(app, org.other.admin.username);
      const before = await counts(db);
      expect((await other.delete(`/api/documents/${doc.id}`)).statusCode).toBe(404);
      const res = await upload(other, org.users.agent1.id, { docType: 'other', title: 'x' }, { name: 'a.pdf', content: PDF, type: 'application/pdf' });
      expect(res.statusCode).toBe(404);
      expect(await counts(db)).toEqual(before);
    });

    it('roles without archive.write are refused', async () => {
      const clients = await Promise.all([org.users.agent1, org.users.sup1, org.users.manager1].map((u) => loginAs(app, u.username)));
      const before = await counts(db);
      for (const c of clients) {
        const res = await upload(c, org.users.agent1.id, { docType: 'other', title: 'x' }, { name: 'a.pdf', content: PDF, type: 'application/pdf' });
        expect(res.statusCode).toBe(403);
        expect((await c.delete(`/api/documents/${doc.id}`)).statusCode).toBe(403);
      }
      expect(await counts(db)).toEqual(before);
    });

    it('bad input answers 400 with field details and writes nothing', async () => {
      const before = await counts(db);
      const pdf = { name: 'a.pdf', content: PDF, type: 'application/pdf' };
      const cases: [Record<string, string>, { name: string; content: Buffer; type: string } | undefined, string, string][] = [
        [{ docType: 'contract', title: '合同' }, undefined, 'VALIDATION_FAILED', 'body.file'],
        [{ docType: 'diploma', title: '合同' }, pdf, 'VALIDATION_FAILED', 'body.docType'],
        [{ docType: 'contract' }, pdf, 'VALIDATION_FAILED', 'body.title'],
        [{ docType: 'contract', title: '合同', expiryDate: '2027/01/01' }, pdf, 'VALIDATION_FAILED', 'body.expiryDate'],
        [{ docType: 'contract', title: '合同' }, { name: 'a.exe', content: EXE, type: 'application/pdf' }, 'UNSUPPORTED_FILE', 'body.file'],
        [{ docType: 'contract', title: '合同' }, { name: 'a.png', content: PDF, type: 'image/png' }, 'UNSUPPORTED_FILE', 'body.file'],
        [{ docType: 'contract', title: '合同' }, { name: 'a.txt', content: Buffer.from('hello'), type: 'text/plain' }, 'UNSUPPORTED_FILE', 'body.file'],
        [{ docType: 'contract', title: '合同' }, { name: 'a.pdf', content: Buffer.alloc(0), type: 'application/pdf' }, 'VALIDATION_FAILED', 'body.file'],
      ];
      for (const [fields, file, code, path] of cases) {
        const res = await upload(staff, org.users.agent1.id, fields, file);
        expect(res.statusCode, path).toBe(400);
        const error = (JSON.parse(res.body) as { error: { code: string; details: { path: string }[] } }).error;
        expect(error.code).toBe(code);
        expect(error.details.map((d) => d.path)).toContain(path);
      }
      const json = await staff.post(`/api/users/${org.users.agent1.id}/documents`, { docType: 'contract', title: 'x' });
      expect(json.statusCode).toBe(400);
      expect(await counts(db)).toEqual(before);
    });

    it('refuses a file over 10 MB with 413 and writes nothing', async () => {
      const before = await counts(db);
      const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
      const res = await upload(staff, org.users.agent1.id, { docType: 'other', title: 'big' }, { name: 'big.pdf', content: big, type: 'application/pdf' });
      expect(res.statusCode).toBe(413);
      expect(JSON.parse(res.body).error.code).toBe('FILE_TOO_LARGE');
      expect(await counts(db)).toEqual(before);
    });

    it('staff delete a document; it is audited and gone', async () => {
      const before = await counts(db);
      const res = await staff.delete(`/api/documents/${doc.id}`);
      expect(res.statusCode).toBe(200);
      const after = await counts(db);
      expect(after.archive_documents).toBe(before.archive_documents - 1);
      expect(after.archive_files).toBe(before.archive_files - 1);
      const del = (await auditOf(db, 'archiveDocument', doc.id)).find((a) => a.action === 'delete');
      expect(JSON.parse(del!.before_json!)).toMatchObject({ title: '代理人资格证', user_id: org.users.agent1.id });
      expect((await staff.get(`/api/documents/${doc.id}/file`)).statusCode).toBe(404);
      expect((await staff.delete(`/api/documents/${doc.id}`)).statusCode).toBe(404);
    });
  });

  describe('honours and penalties', () => {
    let honour: Honour;

    it('a manager records an honour for a person of the department; it is audited', async () => {
      const m = await loginAs(app, org.users.manager1.username);
      const res = await m.post(`/api/users/${org.users.agent2.id}/honours`, {
        kind: 'honour',
        title: '季度绩优',
        date: '2024-06-30',
        description: '第二季度业绩第一',
      });
      expect(res.statusCode).toBe(200);
      honour = JSON.parse(res.body) as Honour;
      expect(honour).toMatchObject({ userId: org.users.agent2.id, kind: 'honour', title: '季度绩优', date: '2024-06-30' });
      const penalty = await staff.post(`/api/users/${org.users.agent2.id}/honours`, { kind: 'penalty', title: '早会缺席', date: '2024-07-01' });
      expect(penalty.statusCode).toBe(200);
      expect((await auditOf(db, 'honour', honour.id)).map((a) => a.action)).toEqual(['create']);
    });

    it('the person and their supervisor list them, newest first', async () => {
      for (const who of [org.users.agent2, org.users.sup2]) {
        const c = await loginAs(app, who.username);
        const res = await c.get(`/api/users/${org.users.agent2.id}/honours`);
        expect(res.statusCode).toBe(200);
        expect((JSON.parse(res.body) as Honour[]).map((h) => h.title)).toEqual(['早会缺席', '季度绩优']);
      }
    });

    it('a peer, another team, another department and another tenant get 404', async () => {
      const readers = await Promise.all([org.users.agent1, org.users.sup1, org.users.manager2, org.other.admin].map((u) => loginAs(app, u.username)));
      const agent = await loginAs(app, org.users.agent2.username);
      const before = await counts(db);
      for (const c of readers) {
        expect((await c.get(`/api/users/${org.users.agent2.id}/honours`)).statusCode).toBe(404);
      }
      // manager2 and the other tenant's admin may write honours, but not for this person.
      for (const c of readers.slice(2)) {
        expect((await c.post(`/api/users/${org.users.agent2.id}/honours`, { kind: 'honour', title: 'x', date: '2024-01-01' })).statusCode).toBe(404);
        expect((await c.delete(`/api/honours/${honour.id}`)).statusCode).toBe(404);
      }
      expect((await agent.post(`/api/users/${org.users.agent2.id}/honours`, { kind: 'honour', title: 'x', date: '2024-01-01' })).statusCode).toBe(403);
      expect((await agent.delete(`/api/honours/${honour.id}`)).statusCode).toBe(403);
      expect(await counts(db)).toEqual(before);
    });

    it('bad input answers 400 with field details and writes nothing', async () => {
      const before = await counts(db);
      const res = await staff.post(`/api/users/${org.users.agent2.id}/honours`, { kind: 'award', title: '', date: '2024/01/01' });
      expect(res.statusCode).toBe(400);
      const details = (JSON.parse(res.body) as { error: { details: { path: string }[] } }).error.details;
      expect(details.map((d) => d.path).sort()).toEqual(['body.date', 'body.kind', 'body.title']);
      expect(await counts(db)).toEqual(before);
    });

    it('deleting one is audited', async () => {
      const m = await loginAs(app, org.users.manager1.username);
      expect((await m.delete(`/api/honours/${honour.id}`)).statusCode).toBe(200);
      expect((await auditOf(db, 'honour', honour.id)).map((a) => a.action).sort()).toEqual(['create', 'delete']);
      expect((await m.delete(`/api/honours/${honour.id}`)).statusCode).toBe(404);
    });
  });
});
