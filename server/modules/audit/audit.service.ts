import type { Ctx } from '../../access/actor.ts';
import type { Queryable } from '../../db/database.ts';
import type { AuditLogTable } from '../../db/schema.ts';
import { assertCan } from '../../access/permissions.ts';
import { newId } from '../../db/ids.ts';
import { nowIso } from '../../lib/clock.ts';
import { redact } from '../../lib/pii.ts';
import type { AuditEntry, AuditExportQuery, AuditQuery } from '../../../contracts/audit.ts';
import type { Page } from '../../../contracts/common.ts';
import { AppError } from '../../http/errors.ts';
import { invalidateSessionCache } from '../../http/auth.ts';
import { businessDate } from '../../lib/clock.ts';
import { buildXlsx, type SheetColumn } from '../../lib/xlsx-export.ts';
import { findAuditForExport, findAuditPage, insertAudit, insertAudits } from './audit.repository.ts';

export interface AuditInput {
  entity: string;
  entityId: string;
  action: string;
  before?: object | null;
  after?: object | null;
  /**
   * The write cannot change who anyone is or what they may see (a check-in, a log entry): cached
   * sessions stay. Without it every audited write empties the session cache.
   */
  sessionNeutral?: boolean;
}

/** Records one write in the audit trail, inside the caller's transaction so both land or neither. */
export async function recordAudit(ctx: Ctx, input: AuditInput): Promise<void> {
  await recordSystemAudit(ctx, ctx.actor.tenantId, ctx.actor.userId, input);
}

/** Audit rows written before anyone is logged in (failed logins) or by the system itself. */
export async function recordSystemAudit(
  ctx: Pick<Ctx, 'db' | 'requestId' | 'ip'>,
  tenantId: string,
  actorId: string | null,
  input: AuditInput,
): Promise<void> {
  await insertAudit(ctx.db, auditRow(ctx, tenantId, actorId, input));
  // Any write may change who someone is or what they may see: cached sessions are read anew.
  if (!input.sessionNeutral) invalidateSessionCache();
}

/** The row recordSystemAudit writes, for writers that insert many at once (recordAuditRows). */
export function auditRow(
  ctx: Pick<Ctx, 'requestId' | 'ip'>,
  tenantId: string,
  actorId: string | null,
  input: AuditInput,
): AuditLogTable {
  return {
    id: newId(),
    tenant_id: tenantId,
    actor_id: actorId,
    at: nowIso(),
    entity: input.entity,
    entity_id: input.entityId,
    action: input.action,
    before_json: input.before ? JSON.stringify(redact(input.before)) : null,
    after_json: input.after ? JSON.stringify(redact(input.after)) : null,
    request_id: ctx.requestId,
    ip: ctx.ip,
  };
}

/**
 * Inserts rows made by auditRow in one statement, inside the caller's transaction (grouped writes).
 * `sessionNeutral` as in AuditInput, for all of them.
 */
export async function recordAuditRows(
  db: Queryable,
  rows: AuditLogTable[],
  opts: { sessionNeutral: boolean },
): Promise<void> {
  if (rows.length > 0) await insertAudits(db, rows);
  if (!opts.sessionNeutral) invalidateSessionCache();
}

function parse(json: string | null): unknown {
  return json === null ? null : JSON.parse(json);
}

/** Browses the audit trail within the reader's scope. */
export async function listAudit(ctx: Ctx, q: AuditQuery): Promise<Page<AuditEntry>> {
  assertCan(ctx.actor, 'audit.read');
  const { total, rows } = await findAuditPage(ctx.db, ctx.actor.tenantId, ctx.actor.visibility, q);
  return {
    total,
    page: q.page,
    pageSize: q.pageSize,
    items: rows.map(toEntry),
  };
}

type AuditRow = Awaited<ReturnType<typeof findAuditPage>>['rows'][number];

function toEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name ?? null,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    before: parse(r.before_json),
    after: parse(r.after_json),
    requestId: r.request_id,
    ip: r.ip,
  };
}

export const MAX_AUDIT_EXPORT_ROWS = 50_000;

const EXPORT_COLUMNS: SheetColumn<AuditEntry>[] = [
  { key: 'at', header: { 'zh-CN': '时间 (UTC)', 'en-US': 'Time (UTC)' }, width: 24 },
  { key: 'actorName', header: { 'zh-CN': '操作人', 'en-US': 'User' }, width: 12 },
  { key: 'entity', header: { 'zh-CN': '对象', 'en-US': 'Entity' }, width: 14 },
  { key: 'entityId', header: { 'zh-CN': '对象编号', 'en-US': 'Entity id' }, width: 38 },
  { key: 'action', header: { 'zh-CN': '操作', 'en-US': 'Action' }, width: 14 },
  {
    key: 'before',
    header: { 'zh-CN': '修改前', 'en-US': 'Before' },
    width: 50,
    format: (r) => (r.before ? JSON.stringify(r.before) : ''),
  },
  {
    key: 'after',
    header: { 'zh-CN': '修改后', 'en-US': 'After' },
    width: 50,
    format: (r) => (r.after ? JSON.stringify(r.after) : ''),
  },
  { key: 'ip', header: { 'zh-CN': 'IP', 'en-US': 'IP' }, width: 16 },
  { key: 'requestId', header: { 'zh-CN': '请求编号', 'en-US': 'Request id' }, width: 38 },
];

/** The audit trail within the reader's scope and filters as .xlsx, newest first. */
export async function exportAudit(
  ctx: Ctx,
  q: AuditExportQuery,
): Promise<{ buffer: Buffer; filename: string }> {
  assertCan(ctx.actor, 'audit.read');
  const { lang, ...filter } = q;
  const locale = lang ?? 'zh-CN';
  const rows = await findAuditForExport(
    ctx.db,
    ctx.actor.tenantId,
    ctx.actor.visibility,
    filter,
    MAX_AUDIT_EXPORT_ROWS + 1,
  );
  if (rows.length > MAX_AUDIT_EXPORT_ROWS) {
    throw new AppError(
      'EXPORT_TOO_LARGE',
      400,
      `More than ${MAX_AUDIT_EXPORT_ROWS} entries match: narrow the filters`,
      {
        maxRows: MAX_AUDIT_EXPORT_ROWS,
      },
    );
  }
  const buffer = await buildXlsx(EXPORT_COLUMNS, rows.map(toEntry), {
    locale,
    sheetName: locale === 'zh-CN' ? '审计日志' : 'Audit log',
  });
  const date = businessDate();
  return { buffer, filename: locale === 'zh-CN' ? `审计日志-${date}.xlsx` : `audit-log-${date}.xlsx` };
}
