import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../access/actor.ts';
import type { Queryable } from '../../db/database.ts';
import { advanceClock, resetClock } from '../../lib/clock.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { makeOrg, type TestOrg, type TestUser } from '../../test/factories.ts';
import { loginAs, makeTestApp, type TestClient } from '../../test/app.ts';
import type { Notification } from '../../../contracts/notification.ts';
import { unreadCountQuery } from './notification.repository.ts';
import { notify, notifyMany, notifySystem } from './notification.service.ts';

function actorOf(u: TestUser): Actor {
  return {
    userId: u.id,
    tenantId: u.tenantId,
    username: u.username,
    displayName: u.username,
    role: u.role,
    unitId: u.unitId,
    tenantName: 'test',
    unitName: 'test',
    sessionId: 'test',
    visibility: { kind: 'self', tenantId: u.tenantId, selfId: u.id, all: false, roots: [], subtree: false },
    mustChangePassword: false,
  };
}

type ListBody = { items: Notification[]; total: number; page: number; pageSize: number };
const json = <T>(res: { body: string }) => JSON.parse(res.body) as T;

forEachDialect('notification center', (get, dialect) => {
  let app: FastifyInstance;
  let org: TestOrg;
  let agent1: TestClient;
  let agent1b: TestClient;
  beforeAll(async () => {
    org = await makeOrg(get().db);
    app = await makeTestApp(get());
    agent1 = await loginAs(app, org.users.agent1.username);
    agent1b = await loginAs(app, org.users.agent1b.username);
  });
  afterAll(async () => {
    resetClock();
    await app.close();
  });

  const db = () => get().db;
  const send = (user: TestUser, title: string, extra: { link?: string; dedupeKey?: string } = {}) =>
    notifySystem(db(), user.tenantId, { userId: user.id, kind: 'test.message', title, body: `${title} body`, ...extra });
  const unread = async (c: TestClient) => json<{ unread: number }>(await c.get('/api/notifications/unread-count')).unread;
  const auditRows = (entity: string, actorId: string) =>
    db().selectFrom('audit_log').selectAll().where('entity', '=', entity).where('actor_id', '=', actorId).execute();

  describe('reading', () => {
    let first: string;
    let third: string;
    beforeAll(async () => {
      first = (await send(org.users.agent1, 'first', { link: '/plans/1' }))!;
      advanceClock(1000);
      await send(org.users.agent1, 'second');
      advanceClock(1000);
      third = (await send(org.users.agent1, 'third'))!;
      await send(org.users.agent1b, 'for a peer');
      await send(org.other.agent, 'for another tenant');
    });

    it('lists only my own notifications, newest first, with the link to the thing', async () => {
      const res = await agent1.get('/api/notifications');
      expect(res.statusCode).toBe(200);
      const body = json<ListBody>(res);
      expect(body.total).toBe(3);
      expect(body.items.map((n) => n.title)).toEqual(['third', 'second', 'first']);
      expect(body.items[2]).toMatchObject({ id: first, kind: 'test.message', body: 'first body', link: '/plans/1', readAt: null });
      expect(body.items[0]?.link).toBeNull();
    });

    it('pages and filters by unread', async () => {
      const page2 = json<ListBody>(await agent1.get('/api/notifications?pageSize=2&page=2'));
      expect(page2.items.map((n) => n.title)).toEqual(['first']);
      expect(page2.total).toBe(3);
      expect(json<ListBody>(await agent1.get('/api/notifications?unread=true')).total).toBe(3);
      expect(json<ListBody>(await agent1.get('/api/notifications?unread=false')).total).toBe(0);
      expect((await agent1.get('/api/notifications?unread=maybe')).statusCode).toBe(400);
    });

    it('counts unread in the header badge, uncached', async () => {
      const res = await agent1.get('/api/notifications/unread-count');
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(json<{ unread: number }>(res)).toEqual({ unread: 3 });
      expect(await unread(agent1b)).toBe(1);
    });

    it('marks one read, idempotently, with one audit row', async () => {
      const res = await agent1.post(`/api/notifications/${first}/read`);
      expect(res.statusCode).toBe(200);
      const n = json<Notification>(res);
      expect(n.id).toBe(first);
      expect(n.readAt).not.toBeNull();
      expect(await unread(agent1)).toBe(2);
      const again = await agent1.post(`/api/notifications/${first}/read`);
      expect(again.statusCode).toBe(200);
      expect(json<Notification>(again).readAt).toBe(n.readAt);
      const audit = (await auditRows('notification', org.users.agent1.id)).filter((r) => r.entity_id === first);
      expect(audit).toHaveLength(1);
      expect(audit[0]?.action).toBe('read');
      expect(json<ListBody>(await agent1.get('/api/notifications?unread=false')).items.map((x) => x.id)).toEqual([first]);
    });

    it("cannot see or mark anyone else's: a peer's or another tenant's id is a 404", async () => {
      const peers = json<ListBody>(await agent1b.get('/api/notifications')).items;
      expect(peers.map((n) => n.title)).toEqual(['for a peer']);
      const peerId = peers[0]!.id;
      const res = await agent1.post(`/api/notifications/${peerId}/read`);
      expect(res.statusCode).toBe(404);
      expect(json<{ error: { code: string } }>(res).error.code).toBe('NOT_FOUND');
      expect(await unread(agent1b)).toBe(1);

      const otherAdmin = await loginAs(app, org.other.admin.username);
      expect(json<ListBody>(await otherAdmin.get('/api/notifications')).total).toBe(0);
      const other = await db().selectFrom('notifications').select('id').where('user_id', '=', org.other.agent.id).executeTakeFirstOrThrow();
      expect((await agent1.post(`/api/notifications/${other.id}/read`)).statusCode).toBe(404);
      expect((await otherAdmin.post(`/api/notifications/${peerId}/read`)).statusCode).toBe(404);
      // Even an admin of the same tenant reads only their own.
      const admin = await loginAs(app, org.users.admin.username);
      expect(json<ListBody>(await admin.get('/api/notifications')).total).toBe(0);
      expect((await admin.post(`/api/notifications/${third}/read`)).statusCode).toBe(404);
      expect((await agent1.post('/api/notifications/nope/read')).statusCode).toBe(404);
    });

    it('marks all read up to what I saw; a later arrival stays unread; one audit row per call', async () => {
      const seen = json<ListBody>(await agent1.get('/api/notifications')).items[0]!;
      advanceClock(1000);
      const late = await send(org.users.agent1, 'arrived after the list was shown');
      const before = (await auditRows('notification', org.users.agent1.id)).length;
      const res = await agent1.post('/api/notifications/read-all', { until: seen.createdAt });
      expect(res.statusCode).toBe(200);
      expect(json<{ updated: number }>(res)).toEqual({ updated: 2 });
      expect(await unread(agent1)).toBe(1);
      const after = await auditRows('notification', org.users.agent1.id);
      expect(after).toHaveLength(before + 1);
      expect(after.find((r) => r.action === 'readAll')?.entity_id).toBe(org.users.agent1.id);

      const all = await agent1.request('POST', '/api/notifications/read-all', undefined);
      expect(all.statusCode).toBe(200);
      expect(json<{ updated: number }>(all)).toEqual({ updated: 1 });
      expect(json<ListBody>(await agent1.get(`/api/notifications?unread=false`)).items[0]?.id).toBe(late);
      // Nothing left: no write, no audit row.
      expect(json<{ updated: number }>(await agent1.post('/api/notifications/read-all'))).toEqual({ updated: 0 });
      expect(await auditRows('notification', org.users.agent1.id)).toHaveLength(before + 2);
      // The peer's notification was never touched.
      expect(await unread(agent1b)).toBe(1);
      expect((await agent1.post('/api/notifications/read-all', { until: 'yesterday' })).statusCode).toBe(400);
    });

    it('needs a session', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/notifications/unread-count' });
      expect(res.statusCode).toBe(401);
    });
  });

  describe('sending', () => {
    const countFor = async (userId: string) =>
      Number(
        (
          await db()
            .selectFrom('notifications')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('user_id', '=', userId)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it("is part of the caller's transaction: a rollback leaves nothing", async () => {
      const ctx = (q: Queryable) => ({ db: q, actor: actorOf(org.users.sup1) });
      const before = await countFor(org.users.sup2.id);
      await expect(
        db()
          .transaction()
          .execute(async (trx) => {
            await notify(ctx(trx), { userId: org.users.sup2.id, kind: 'plan.approvalRequested', title: 'Approve' });
            throw new Error('the approval failed');
          }),
      ).rejects.toThrow('the approval failed');
      expect(await countFor(org.users.sup2.id)).toBe(before);
      await db()
        .transaction()
        .execute((trx) => notify(ctx(trx), { userId: org.users.sup2.id, kind: 'plan.approvalRequested', title: 'Approve', params: { n: 2 } }));
      expect(await countFor(org.users.sup2.id)).toBe(before + 1);
      const sup2 = await loginAs(app, org.users.sup2.username);
      expect(json<ListBody>(await sup2.get('/api/notifications')).items[0]?.params).toEqual({ n: 2 });
    });

    it('refuses a recipient of another tenant and writes nothing', async () => {
      const ctx = { db: db(), actor: actorOf(org.users.manager1) };
      const before = await countFor(org.other.agent.id);
      await expect(notify(ctx, { userId: org.other.agent.id, kind: 'x.y', title: 'leak' })).rejects.toMatchObject({ status: 404 });
      await expect(
        notifyMany(db(), org.tenant.id, [
          { userId: org.users.agent2.id, kind: 'x.y', title: 'ok' },
          { userId: org.other.agent.id, kind: 'x.y', title: 'leak' },
        ]).then(() => 'sent'),
      ).rejects.toMatchObject({ status: 404 });
      expect(await countFor(org.other.agent.id)).toBe(before);
    });

    it('skips people who have left', async () => {
      await db().updateTable('users').set({ status: 'left' }).where('id', '=', org.users.agent3.id).execute();
      expect(await send(org.users.agent3, 'gone')).toBeNull();
      expect(await countFor(org.users.agent3.id)).toBe(0);
    });

    it('sends at most once per dedupe key and recipient', async () => {
      const id = await send(org.users.sup3, 'reminder', { dedupeKey: 'reminder:2024-05-01' });
      expect(id).not.toBeNull();
      expect(await send(org.users.sup3, 'reminder', { dedupeKey: 'reminder:2024-05-01' })).toBeNull();
      const batch = await notifyMany(db(), org.tenant.id, [
        { userId: org.users.sup3.id, kind: 'x.y', title: 'again', dedupeKey: 'reminder:2024-05-01' },
        { userId: org.users.sup3.id, kind: 'x.y', title: 'next day', dedupeKey: 'reminder:2024-05-02' },
        { userId: org.users.sup3.id, kind: 'x.y', title: 'twice in one batch', dedupeKey: 'reminder:2024-05-02' },
        { userId: org.users.manager2.id, kind: 'x.y', title: 'other person', dedupeKey: 'reminder:2024-05-01' },
      ]);
      expect(batch).toHaveLength(2);
      expect(await countFor(org.users.sup3.id)).toBe(2);
    });

    it('refuses links that leave the app and bad kinds; shortens long titles', async () => {
      for (const link of ['https://evil.example/', '//evil.example/x', 'javascript:alert(1)', '/\\evil', 'plans/1']) {
        await expect(send(org.users.manager2, 'bad link', { link })).rejects.toThrow('app path');
      }
      await expect(notifySystem(db(), org.tenant.id, { userId: org.users.manager2.id, kind: 'Bad Kind', title: 't' })).rejects.toThrow(
        'kind',
      );
      const id = await send(org.users.manager2, '长'.repeat(500));
      const row = await db().selectFrom('notifications').select('title').where('id', '=', id!).executeTakeFirstOrThrow();
      expect(row.title).toHaveLength(200);
    });
  });

  it('the unread count is answered from the partial unread index', async () => {
    const q = unreadCountQuery(db(), org.tenant.id, org.users.agent1.id).compile();
    const explain = (prefix: string) => CompiledQuery.raw(`${prefix} ${q.sql}`, [...q.parameters]);
    if (dialect === 'sqlite') {
      const { rows } = await db().executeQuery<{ detail: string }>(explain('explain query plan'));
      const detail = rows.map((r) => r.detail).join(' | ');
      expect(detail).toContain('COVERING INDEX notifications_unread');
    } else {
      // With a handful of rows the planner rightly prefers a scan; forbid it to see that the index fits.
      const detail = await db()
        .transaction()
        .execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx);
          const { rows } = await trx.executeQuery<Record<string, string>>(explain('explain'));
          return rows.map((r) => Object.values(r).join(' ')).join(' | ');
        });
      expect(detail).toContain('notifications_unread');
    }
  });
});
