import type { Queryable } from '../../db/database.ts';
import { insertRows } from '../../db/bulk-insert.ts';
import { fetchPage } from '../../db/paging.ts';
import type { AuditLogTable } from '../../db/schema.ts';
import type { Visibility } from '../../access/scope.ts';
import { ownedRowVisible } from '../../access/scope.ts';
import type { AuditQuery } from '../../../contracts/audit.ts';

export async function insertAudit(db: Queryable, row: AuditLogTable): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

const AUDIT_COLUMNS = Object.keys({
  id: 0,
  tenant_id: 0,
  actor_id: 0,
  at: 0,
  entity: 0,
  entity_id: 0,
  action: 0,
  before_json: 0,
  after_json: 0,
  request_id: 0,
  ip: 0,
} satisfies Record<keyof AuditLogTable, 0>);

/** Many rows in one statement (grouped writes). */
export async function insertAudits(db: Queryable, rows: AuditLogTable[]): Promise<void> {
  await insertRows(db, 'audit_log', AUDIT_COLUMNS, rows as unknown as Record<string, unknown>[]);
}

function filtered(db: Queryable, tenantId: string, vis: Visibility, q: AuditQuery) {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('users as actor', 'actor.id', 'audit_log.actor_id')
    .where('audit_log.tenant_id', '=', tenantId);
  // Outside the whole-tenant scope, a reader sees what people in their scope did.
  if (!vis.all) query = query.where(ownedRowVisible(vis, 'actor.id', 'actor.unit_id'));
  if (q.entity) query = query.where('audit_log.entity', '=', q.entity);
  if (q.entityId) query = query.where('audit_log.entity_id', '=', q.entityId);
  if (q.actorId) query = query.where('audit_log.actor_id', '=', q.actorId);
  // Dates are compared on the UTC instant prefix; a day filter is inclusive of the whole day.
  if (q.from) query = query.where('audit_log.at', '>=', `${q.from}T00:00:00`);
  if (q.to) query = query.where('audit_log.at', '<=', `${q.to}T23:59:59.999Z`);
  return query;
}

const auditColumns = [
  'audit_log.id',
  'audit_log.at',
  'audit_log.actor_id',
  'actor.display_name as actor_name',
  'audit_log.entity',
  'audit_log.entity_id',
  'audit_log.action',
  'audit_log.before_json',
  'audit_log.after_json',
  'audit_log.request_id',
  'audit_log.ip',
] as const;

export async function findAuditPage(db: Queryable, tenantId: string, vis: Visibility, q: AuditQuery) {
  const base = filtered(db, tenantId, vis, q);
  const dir = q.sort === 'at' ? 'asc' : 'desc';
  return fetchPage(
    q.page,
    q.pageSize,
    (limit, offset) =>
      base
        .select(auditColumns)
        .orderBy('audit_log.at', dir)
        .orderBy('audit_log.id', dir)
        .limit(limit)
        .offset(offset)
        .execute(),
    async () =>
      Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  );
}

/** Newest first, for an export: at most `limit` rows (the caller refuses more). */
export function findAuditForExport(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  q: Omit<AuditQuery, 'page' | 'pageSize'>,
  limit: number,
) {
  return filtered(db, tenantId, vis, { ...q, page: 1, pageSize: limit })
    .select(auditColumns)
    .orderBy('audit_log.at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(limit)
    .execute();
}
