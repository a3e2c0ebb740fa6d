import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../../test/dialects.ts';
import { loginAs, makeTestApp, testConfig } from '../../test/app.ts';
import { createTenant } from './tenant.service.ts';

forEachDialect('tenant bootstrap', (get) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await makeTestApp(get());
  });
  afterAll(() => app.close());

  it('creates a company with a root unit and an administrator who can log in', async () => {
    const { tenantId } = await createTenant(get().db, testConfig(), { code: 'acme', name: '顶峰保险', adminUsername: 'acme-admin', adminPassword: 'first admin passphrase' });
    const admin = await loginAs(app, 'acme-admin', 'first admin passphrase');
    const me = JSON.parse((await admin.get('/api/auth/me')).body);
    expect(me).toMatchObject({ tenantId, role: 'admin', unitName: '顶峰保险', mustChangePassword: false });
    const audit = await get().db.selectFrom('audit_log').select(['entity', 'actor_id']).where('tenant_id', '=', tenantId).where('entity', '!=', 'session').execute();
    expect(audit.map((a) => a.entity).sort()).toEqual(['tenant', 'user']);
    expect(audit.every((a) => a.actor_id === null)).toBe(true);
  });

  it('refuses a weak password, a taken username and a duplicate code, writing nothing', async () => {
    const before = Number((await get().db.selectFrom('tenants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    await expect(createTenant(get().db, testConfig(), { code: 'weak', name: 'x', adminUsername: 'weak-admin', adminPassword: 'short' })).rejects.toThrow();
    await expect(createTenant(get().db, testConfig(), { code: 'dup', name: 'x', adminUsername: 'acme-admin', adminPassword: 'another passphrase' })).rejects.toThrow(/taken/);
    await expect(createTenant(get().db, testConfig(), { code: 'acme', name: 'x', adminUsername: 'new-admin', adminPassword: 'another passphrase' })).rejects.toThrow(/exists/);
    const after = Number((await get().db.selectFrom('tenants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(after).toBe(before);
  });
});
