import type { Ctx } from '../../access/actor.ts';
import type { Queryable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { NotificationTable } from '../../db/schema.ts';
import { inTx } from '../../db/tx.ts';
import { notFound } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import type { Page } from '../../../contracts/common.ts';
import type { Notification, NotificationQuery, NotificationReadAll } from '../../../contracts/notification.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './notification.repository.ts';

export interface NotifyInput {
  /** The recipient; must belong to the tenant. People who have left are skipped. */
  userId: string;
  /** Dotted kind, e.g. "plan.approvalRequested": the web translates by it, and may filter on it. */
  kind: string;
  title: string;
  body?: string;
  /** In-app path of the thing, e.g. "/plans/0190…"; absolute URLs are refused. */
  link?: string | null;
  /** Values for the translated message (names, dates, counts); JSON. */
  params?: Record<string, unknown> | null;
  /**
   * At most one notification per recipient and key: a retried job or a repeated reminder passes e.g.
   * "plan-reminder:2024-05-01" and a second send is a no-op.
   */
  dedupeKey?: string | null;
}

const TITLE_MAX = 200;
const BODY_MAX = 2000;
const CHUNK = 500;
const KIND = /^[a-z][\w-]*(\.[\w-]+)*$/;
// Only paths of this app: "/x…", never "//host" (protocol-relative) or a scheme, so a link cannot leave the site.
const APP_PATH = /^\/(?![/\\])[^\s]*$/;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function toRow(tenantId: string, input: NotifyInput, at: string): NotificationTable {
  // Senders are server code: a bad kind or link is a programming error, not user input.
  if (!KIND.test(input.kind) || input.kind.length > 64) throw new Error(`Invalid notification kind "${input.kind}"`);
  const link = input.link ?? null;
  if (link !== null && (link.length > 500 || !APP_PATH.test(link))) throw new Error(`Notification link must be an app path: "${link}"`);
  return {
    id: newId(),
    tenant_id: tenantId,
    user_id: input.userId,
    kind: input.kind,
    // Titles and bodies may quote user-entered names: shorten rather than fail the caller's transaction.
    title: truncate(input.title, TITLE_MAX),
    body: truncate(input.body ?? '', BODY_MAX),
    link,
    params_json: input.params ? JSON.stringify(input.params) : null,
    created_at: at,
    read_at: null,
    dedupe_key: input.dedupeKey ?? null,
  };
}

/**
 * Sends notifications within a tenant, in the caller's transaction when `db` is one (used by jobs,
 * which have no actor). A recipient outside the tenant is a 404 and nothing is written; people who
 * have left are skipped. Returns the ids created (duplicates by dedupeKey are not).
 */
export async function notifyMany(db: Queryable, tenantId: string, inputs: NotifyInput[]): Promise<string[]> {
  if (inputs.length === 0) return [];
  const at = nowIso();
  const rows = inputs.map((i) => toRow(tenantId, i, at));
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const users = await repo.findTenantUsers(db, tenantId, [...new Set(chunk.map((r) => r.user_id))]);
    const status = new Map(users.map((u) => [u.id, u.status]));
    if (chunk.some((r) => !status.has(r.user_id))) throw notFound('User');
    ids.push(...(await repo.insertNotifications(db, chunk.filter((r) => status.get(r.user_id) === 'active'))));
  }
  return ids;
}

/** Notifies one person of the actor's tenant (approvals, hand-overs); returns the new id, or null if skipped. */
export async function notify(ctx: Pick<Ctx, 'db' | 'actor'>, input: NotifyInput): Promise<string | null> {
  const [id] = await notifyMany(ctx.db, ctx.actor.tenantId, [input]);
  return id ?? null;
}

/** Notifies one person from a job or other system work (no actor): the tenant is given. */
export async function notifySystem(db: Queryable, tenantId: string, input: NotifyInput): Promise<string | null> {
  const [id] = await notifyMany(db, tenantId, [input]);
  return id ?? null;
}

function parseParams(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  const value = JSON.parse(json) as unknown;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function toDto(r: repo.NotificationRow): Notification {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    link: r.link,
    params: parseParams(r.params_json),
    createdAt: r.created_at,
    readAt: r.read_at,
  };
}

/** The actor's own notifications, newest first; nobody ever lists anyone else's. */
export async function listNotifications(ctx: Ctx, q: NotificationQuery): Promise<Page<Notification>> {
  const unread = q.unread === undefined ? undefined : q.unread === 'true';
  const { total, rows } = await repo.findNotificationsPage(ctx.db, ctx.actor.tenantId, ctx.actor.userId, {
    unread,
    page: q.page,
    pageSize: q.pageSize,
  });
  return { total, page: q.page, pageSize: q.pageSize, items: rows.map(toDto) };
}

/** How many of the actor's notifications are unread (the header badge). */
export async function unreadCount(ctx: Ctx): Promise<{ unread: number }> {
  return { unread: await repo.countUnread(ctx.db, ctx.actor.tenantId, ctx.actor.userId) };
}

/** Marks one of the actor's own notifications read; idempotent; anyone else's is a 404. */
export async function markRead(ctx: Ctx, id: string): Promise<Notification> {
  return inTx(ctx, async (tx) => {
    const { tenantId, userId } = tx.actor;
    const changed = await repo.updateNotificationRead(tx.db, tenantId, userId, id, nowIso());
    const row = await repo.findOwnNotification(tx.db, tenantId, userId, id);
    if (!row) throw notFound('Notification');
    if (changed) await recordAudit(tx, { entity: 'notification', entityId: id, action: 'read' });
    return toDto(row);
  });
}

/** Marks the actor's unread notifications read (up to `until` when given); one audit row per call. */
export async function markAllRead(ctx: Ctx, input: NotificationReadAll): Promise<{ updated: number }> {
  const until = input?.until ? new Date(input.until).toISOString() : null;
  return inTx(ctx, async (tx) => {
    const updated = await repo.updateAllNotificationsRead(tx.db, tx.actor.tenantId, tx.actor.userId, nowIso(), until);
    if (updated > 0) {
      await recordAudit(tx, { entity: 'notification', entityId: tx.actor.userId, action: 'readAll', after: { updated, until } });
    }
    return { updated };
  });
}
