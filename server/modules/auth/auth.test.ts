import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, makeUser, TEST_PASSWORD, type TestOrg } from '../../test/factories.ts';
import { loginAs, makeTestApp, TestClient } from '../../test/app.ts';
import { advanceClock, resetClock } from '../../lib/clock.ts';

forEachDialect('auth', (get) => {
  let app: FastifyInstance;
  let org: TestOrg;
  beforeAll(async () => {
    org = await makeOrg(get().db);
    app = await makeTestApp(get(), { sessionIdleMinutes: 30, sessionAbsoluteHours: 2, maxFailuresPerAccountHour: 5 });
  });
  afterAll(() => app.close());
  afterEach(() => resetClock());

  const auditCount = async (action: string, entityId?: string) => {
    let q = get().db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action);
    if (entityId) q = q.where('entity_id', '=', entityId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  it('logs in with an HttpOnly SameSite cookie and stores only a hash of the token', async () => {
    const c = new TestClient(app);
    const res = await c.post('/api/auth/login', { username: org.users.agent1.username, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const token = c.cookie!.split('=')[1]!;
    const stored = await get().db.selectFrom('sessions').select('token_hash').where('token_hash', '=', token).executeTakeFirst();
    expect(stored).toBeUndefined();
    const me = await c.get('/api/auth/me');
    expect(JSON.parse(me.body)).toMatchObject({ username: org.users.agent1.username, role: 'agent', scope: 'self' });
  });

  it('marks the cookie Secure when configured for HTTPS', async () => {
    const secureApp = await makeTestApp(get(), { secureCookies: true });
    try {
      const res = await new TestClient(secureApp).post('/api/auth/login', { username: org.users.agent2.username, password: TEST_PASSWORD });
      expect(String(res.headers['set-cookie'])).toMatch(/Secure/);
    } finally {
      await secureApp.close();
    }
  });

  it('refuses a wrong password with 401 and audits the failure', async () => {
    const before = await auditCount('loginFailed', org.users.agent2.id);
    const res = await new TestClient(app).post('/api/auth/login', { username: org.users.agent2.username, password: 'wrong-password-here' });
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe('INVALID_CREDENTIALS');
    expect(await auditCount('loginFailed', org.users.agent2.id)).toBe(before + 1);
  });

  it('throttles an account after the configured failures per hour, even with the right password', async () => {
    const victim = await makeUser(get().db, org.tenant, org.units.team1, 'agent');
    const c = new TestClient(app);
    for (let i = 0; i < 5; i++) {
      expect((await c.post('/api/auth/login', { username: victim.username, password: 'not-the-password' })).statusCode).toBe(401);
    }
    const blocked = await c.post('/api/auth/login', { username: victim.username, password: TEST_PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(JSON.parse(blocked.body).error.code).toBe('LOGIN_THROTTLED');
    advanceClock(61 * 60_000);
    expect((await c.post('/api/auth/login', { username: victim.username, password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('answers 401 without a session and after logout', async () => {
    expect((await new TestClient(app).get('/api/users')).statusCode).toBe(401);
    const c = await loginAs(app, org.users.agent1.username);
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('ends a session after the idle timeout and after the absolute timeout', async () => {
    const c = await loginAs(app, org.users.agent1.username);
    advanceClock(29 * 60_000);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    advanceClock(29 * 60_000);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    advanceClock(31 * 60_000);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);

    resetClock();
    const d = await loginAs(app, org.users.agent1.username);
    // Active every 25 minutes: never idle, but the absolute limit of 2 hours still ends it.
    for (let i = 0; i < 4; i++) {
      advanceClock(25 * 60_000);
      expect((await d.get('/api/auth/me')).statusCode).toBe(200);
    }
    advanceClock(25 * 60_000);
    expect((await d.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('does not count background polling of the notification badge as activity', async () => {
    const c = await loginAs(app, org.users.agent1.username);
    advanceClock(20 * 60_000);
    expect((await c.get('/api/notifications/unread-count')).statusCode).toBe(200);
    advanceClock(20 * 60_000);
    expect((await c.get('/api/notifications/unread-count')).statusCode).toBe(401);
  });

  it('reuses a resolved session briefly, but never past a write or the cache time', async () => {
    const cached = await makeTestApp(get(), { sessionCacheMs: 10_000 });
    try {
      const a = await loginAs(cached, org.users.agent2.username);
      const b = await loginAs(cached, org.users.agent2.username);
      expect((await a.get('/api/auth/me')).statusCode).toBe(200);
      // Revoked behind the app's back (another process): served from the cache until it expires.
      await get().db.updateTable('sessions').set({ revoked_at: new Date().toISOString() }).where('user_id', '=', org.users.agent2.id).execute();
      expect((await a.get('/api/auth/me')).statusCode).toBe(200);
      advanceClock(10_000);
      expect((await a.get('/api/auth/me')).statusCode).toBe(401);
      // A write through this process takes effect at once.
      resetClock();
      const c = await loginAs(cached, org.users.agent2.username);
      const d = await loginAs(cached, org.users.agent2.username);
      expect((await d.get('/api/auth/me')).statusCode).toBe(200);
      expect((await c.delete('/api/auth/sessions')).statusCode).toBe(200);
      expect((await d.get('/api/auth/me')).statusCode).toBe(401);
      expect((await b.get('/api/auth/me')).statusCode).toBe(401);
    } finally {
      await cached.close();
    }
  });

  it('lists own sessions and ends the others, never someone else’s', async () => {
    const a = await loginAs(app, org.users.sup1.username);
    const b = await loginAs(app, org.users.sup1.username);
    const sessions = JSON.parse((await a.get('/api/auth/sessions')).body) as { id: string; current: boolean }[];
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    const peer = await loginAs(app, org.users.sup2.username);
    const peerSession = (JSON.parse((await peer.get('/api/auth/sessions')).body) as { id: string }[])[0]!;
    expect((await a.delete(`/api/auth/sessions/${peerSession.id}`)).statusCode).toBe(404);
    expect((await peer.get('/api/auth/me')).statusCode).toBe(200);
    const ended = await a.delete('/api/auth/sessions');
    expect(JSON.parse(ended.body).ended).toBeGreaterThanOrEqual(1);
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('changes a password under the policy and ends the other sessions', async () => {
    const user = await makeUser(get().db, org.tenant, org.units.team2, 'agent');
    const a = await loginAs(app, user.username);
    const b = await loginAs(app, user.username);
    const weak = await a.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(JSON.parse(weak.body).error.code).toBe('WEAK_PASSWORD');
    const common = await a.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'password1234' });
    expect(JSON.parse(common.body).error.details[0].code).toBe('common');
    const wrong = await a.post('/api/auth/password', { currentPassword: 'not-it-at-all', newPassword: 'a much better passphrase' });
    expect(JSON.parse(wrong.body).error.code).toBe('WRONG_PASSWORD');
    expect((await a.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'a much better passphrase' })).statusCode).toBe(200);
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    await loginAs(app, user.username, 'a much better passphrase');
    expect(await auditCount('changePassword', user.id)).toBe(1);
  });

  it('lets an admin reset a password in the tenant, not another tenant, and forces a change', async () => {
    const user = await makeUser(get().db, org.tenant, org.units.team3, 'agent');
    const admin = await loginAs(app, org.users.admin.username);
    const otherAdmin = await loginAs(app, org.other.admin.username);
    expect((await otherAdmin.post(`/api/users/${user.id}/password`, { newPassword: 'reset by a stranger' })).statusCode).toBe(404);
    const manager = await loginAs(app, org.users.manager2.username);
    expect((await manager.post(`/api/users/${user.id}/password`, { newPassword: 'reset by a manager' })).statusCode).toBe(403);
    expect((await admin.post(`/api/users/${user.id}/password`, { newPassword: 'temporary passphrase' })).statusCode).toBe(200);
    const c = await loginAs(app, user.username, 'temporary passphrase');
    expect(JSON.parse((await c.get('/api/auth/me')).body).mustChangePassword).toBe(true);
    // Until the temporary password is changed, only the account routes answer.
    const blocked = await c.get('/api/users');
    expect(blocked.statusCode).toBe(403);
    expect(JSON.parse(blocked.body).error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await c.post('/api/auth/password', { currentPassword: 'temporary passphrase', newPassword: 'my own new passphrase' })).statusCode).toBe(200);
    expect((await c.get('/api/users')).statusCode).toBe(200);
  });

  it('refuses state-changing requests without a same-origin Origin (CSRF)', async () => {
    const c = await loginAs(app, org.users.agent1.username);
    const cross = await c.request('POST', '/api/auth/logout', {}, { headers: { origin: 'https://evil.example' } });
    expect(cross.statusCode).toBe(403);
    expect(JSON.parse(cross.body).error.code).toBe('CSRF_REJECTED');
    const none = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c.cookie!, host: 'localhost' }, payload: {} });
    expect(none.statusCode).toBe(403);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('answers 400 with field details for a malformed login', async () => {
    const res = await new TestClient(app).post('/api/auth/login', { username: '' });
    expect(res.statusCode).toBe(400);
    const body = JSON.parse(res.body) as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.map((d) => d.path)).toEqual(expect.arrayContaining(['body.username', 'body.password']));
  });
});
