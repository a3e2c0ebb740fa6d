import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { newId } from '../../db/ids.ts';
import { nowIso } from '../../lib/clock.ts';
import { redact } from '../../lib/pii.ts';
import type { AuditEntry, AuditQuery } from '../../../contracts/audit.ts';
import type { Page } from '../../../contracts/common.ts';
import { findAuditPage, insertAudit } from './audit.repository.ts';

export interface AuditInput {
  entity: string;
  entityId: string;
  action: string;
  before?: object | null;
  after?: object | null;
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
  await insertAudit(ctx.db, {
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
  });
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
    items: rows.map((r) => ({
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
    })),
  };
}
