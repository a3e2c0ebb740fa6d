import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { DB } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { now } from '../../lib/clock.ts';
import { loginAs, type TestClient } from '../../test/app.ts';

/** Helpers shared by the tests of the recording side (activities, work logs, coaching, reminders). */

/** Wall-clock time in Shanghai on a date. */
export const shanghai = (date: string, hms = '10:00:00') => new Date(`${date}T${hms}+08:00`);

/**
 * Logged-in clients by username. Sessions time out by the (moved) clock: a client is logged in
 * again whenever the clock has moved more than a few minutes since its login.
 */
export function clientsOf(app: () => FastifyInstance) {
  const clients = new Map<string, { client: TestClient; at: number }>();
  return async (user: { username: string }): Promise<TestClient> => {
    const hit = clients.get(user.username);
    if (hit && Math.abs(now().getTime() - hit.at) < 5 * 60_000) return hit.client;
    const client = await loginAs(app(), user.username);
    clients.set(user.username, { client, at: now().getTime() });
    return client;
  };
}

export function errorOf(res: LightMyRequestResponse): { status: number; code: string } {
  return { status: res.statusCode, code: res.json<{ error?: { code: string } }>().error?.code ?? '' };
}

export function ok<T>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body).toBe(status);
  return res.json<T>();
}

export function detailsOf(res: LightMyRequestResponse): { path: string; code?: string }[] {
  return res.json<{ error: { details: { path: string; code?: string }[] } }>().error.details;
}

export async function countRows(db: DB, table: keyof Database): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Counts of every table a recording write may touch: a refused write leaves them all as they were. */
export async function writeCounts(db: DB) {
  const tables = [
    'activities',
    'activity_days',
    'activity_day_types',
    'work_logs',
    'work_log_comments',
    'coaching_records',
    'notifications',
    'audit_log',
    'activity_types',
    'activity_type_points',
  ] as const;
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = await countRows(db, t);
  return out;
}

export function auditOf(db: DB, entity: string, entityId?: string) {
  let q = db
    .selectFrom('audit_log')
    .select(['entity', 'entity_id', 'action', 'actor_id', 'before_json', 'after_json'])
    .where('entity', '=', entity);
  if (entityId) q = q.where('entity_id', '=', entityId);
  return q.orderBy('at').orderBy('id').execute();
}

export function notificationsOf(db: DB, userId: string, kind: string) {
  return db
    .selectFrom('notifications')
    .select(['kind', 'title', 'body', 'link', 'params_json', 'dedupe_key'])
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .orderBy('created_at')
    .execute();
}
