import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg } from '../../test/factories.ts';
import { loginAs, makeTestApp } from '../../test/app.ts';
import type { AuditEntry } from '../../../contracts/audit.ts';

forEachDialect('audit log', (get) => {
  let app: FastifyInstance;
  let org: TestOrg;
  beforeAll(async () => {
    org = await makeOrg(get().db);
    app = await makeTestApp(get());
    const staff1 = await loginAs(app, org.users.staff1.username);
    await staff1.patch(`/api/users/${org.users.agent1.id}`, { displayName: '改名一' });
    const admin = await loginAs(app, org.users.admin.username);
    await admin.patch(`/api/users/${org.users.agent3.id}`, { displayName: '改名三' });
  });
  afterAll(() => app.close());

  type AuditPage = { items: AuditEntry[]; total: number };

  it('records who changed what with before and after, browsable by entity and user', async () => {
    const admin = await loginAs(app, org.users.admin.username);
    const page = JSON.parse(
      (await admin.get(`/api/audit?entity=user&entityId=${org.users.agent1.id}`)).body,
    ) as AuditPage;
    const update = page.items.find((i) => i.action === 'update')!;
    expect(update.actorId).toBe(org.users.staff1.id);
    expect(update.before).toMatchObject({ display_name: expect.not.stringMatching('改名一') });
    expect(update.after).toMatchObject({ display_name: '改名一' });
    expect(update.requestId).toBeTruthy();
    const byActor = JSON.parse(
      (await admin.get(`/api/audit?actorId=${org.users.staff1.id}&entity=user`)).body,
    ) as AuditPage;
    expect(byActor.items.every((i) => i.actorId === org.users.staff1.id)).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    const byDate = JSON.parse((await admin.get(`/api/audit?from=${today}&to=${today}`)).body) as AuditPage;
    expect(byDate.total).toBeGreaterThan(0);
    const none = JSON.parse((await admin.get('/api/audit?from=2000-01-01&to=2000-01-02')).body) as AuditPage;
    expect(none.total).toBe(0);
  });

  it('shows a manager what people of their department did, not the other department or tenant', async () => {
    const m1 = await loginAs(app, org.users.manager1.username);
    const page = JSON.parse((await m1.get('/api/audit?pageSize=200')).body) as AuditPage;
    const actors = new Set(page.items.map((i) => i.actorId));
    expect(actors.has(org.users.staff1.id)).toBe(true);
    expect(actors.has(org.users.admin.id)).toBe(false);
    const other = await loginAs(app, org.other.admin.username);
    const otherPage = JSON.parse((await other.get('/api/audit?pageSize=200')).body) as AuditPage;
    expect(
      otherPage.items.some((i) => i.actorId === org.users.staff1.id || i.actorId === org.users.admin.id),
    ).toBe(false);
  });

  it('exports the filtered trail to .xlsx, within scope', async () => {
    const admin = await loginAs(app, org.users.admin.username);
    const res = await admin.request('GET', `/api/audit/export?entity=user&actorId=${org.users.staff1.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(2).text).toBe('操作人');
    const page = JSON.parse((await admin.get(`/api/audit?entity=user&actorId=${org.users.staff1.id}&pageSize=200`)).body) as AuditPage;
    expect(ws.actualRowCount - 1).toBe(page.total);
    expect(ws.getRow(2).getCell(4).text).toBe(page.items[0]!.entityId);
    const m2 = await loginAs(app, org.users.manager2.username);
    const theirs = await m2.request('GET', `/api/audit/export?actorId=${org.users.staff1.id}`);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(theirs.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]!.actualRowCount).toBe(1);
    const agent = await loginAs(app, org.users.agent1.username);
    expect((await agent.get('/api/audit/export')).statusCode).toBe(403);
  });

  it('is closed to roles without audit.read and rejects bad filters', async () => {
    const agent = await loginAs(app, org.users.agent1.username);
    expect((await agent.get('/api/audit')).statusCode).toBe(403);
    const admin = await loginAs(app, org.users.admin.username);
    expect((await admin.get('/api/audit?from=yesterday')).statusCode).toBe(400);
  });
});
