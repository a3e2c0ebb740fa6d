import type { SpotCheckExportQuery } from '../../../contracts/spot-check.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { assertUserVisible, type Visibility } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';
import { newId } from '../../db/ids.ts';
import { AppError } from '../../http/errors.ts';
import { businessDate, now } from '../../lib/clock.ts';
import { buildXlsx, type Locale, type SheetColumn } from '../../lib/xlsx-export.ts';
import { findTenantTimeZone } from '../attendance/config.repository.ts';
import { localDateTime } from '../attendance/request-export.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findChecksForExport } from './spotcheck.repository.ts';

/**
 * The spot-check history (抽查记录) as .xlsx: the rows of GET /spot-checks — the same permission,
 * scope (the checked agent's own, or the team of the check in the reader's scope), agent filter and
 * order (newest first) — every one of them up to the cap; audited. No personal numbers are written:
 * the sheet has names, counts and times only.
 */

/** The most checks one export writes; tests lower it to reach the refusal. */
export const spotCheckExportLimits = { maxRows: 20_000 };

export interface SpotCheckExportRow {
  id: string;
  created_at: string;
  agent_name: string;
  unit_name: string | null;
  supervisor_name: string;
  sample_size: number;
  item_count: number;
  commented_count: number;
  unseen_count: number;
}

/** The list's rows in the list's order (created_at, id descending), at most `limit`. */
export async function findSpotChecksForExport(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: { agentId?: string | undefined },
  limit: number,
): Promise<SpotCheckExportRow[]> {
  const rows = await findChecksForExport(db, tenantId, vis, f, limit);
  return rows.map((r) => ({ ...r, sample_size: toNumber(r.sample_size) }));
}

/** Whether the agent has read the comments, as the page shows it. */
function readState(r: SpotCheckExportRow, l: Locale): string {
  if (r.commented_count === 0) return '—';
  if (r.unseen_count > 0) return l === 'zh-CN' ? `${r.unseen_count} 条未读` : `${r.unseen_count} unread`;
  return l === 'zh-CN' ? '已读' : 'Read';
}

function columns(timeZone: string): SheetColumn<SpotCheckExportRow>[] {
  return [
    {
      key: 'created_at',
      header: { 'zh-CN': '抽查时间', 'en-US': 'Checked at' },
      width: 18,
      format: (r) => localDateTime(r.created_at, timeZone),
    },
    { key: 'agent_name', header: { 'zh-CN': '营销员', 'en-US': 'Agent' }, width: 12 },
    { key: 'unit_name', header: { 'zh-CN': '团队', 'en-US': 'Team' }, width: 16 },
    { key: 'supervisor_name', header: { 'zh-CN': '抽查人', 'en-US': 'Checked by' }, width: 12 },
    { key: 'sample_size', header: { 'zh-CN': '要求抽取张数', 'en-US': 'Sample size asked' }, width: 12 },
    { key: 'item_count', header: { 'zh-CN': '抽取张数', 'en-US': 'Cards drawn' }, width: 10 },
    { key: 'commented_count', header: { 'zh-CN': '已点评', 'en-US': 'Commented' }, width: 10 },
    { key: 'unseen_count', header: { 'zh-CN': '未读点评', 'en-US': 'Unread comments' }, width: 12 },
    { key: 'read', header: { 'zh-CN': '营销员已读', 'en-US': 'Read by agent' }, width: 12, format: readState },
  ];
}

/**
 * GET /spot-checks/export: prospect.spotCheck; an agentId out of scope is 404 as in the list. More
 * than spotCheckExportLimits.maxRows rows is refused with EXPORT_TOO_LARGE (400) and nothing built.
 */
export async function exportSpotChecks(ctx: Ctx, q: SpotCheckExportQuery): Promise<{ buffer: Buffer; filename: string }> {
  assertCan(ctx.actor, 'prospect.spotCheck');
  if (q.agentId) await assertUserVisible(ctx.db, ctx.actor, q.agentId);
  const locale = q.lang ?? 'zh-CN';
  const { tenantId } = ctx.actor;
  const { maxRows } = spotCheckExportLimits;
  const rows = await findSpotChecksForExport(ctx.db, tenantId, ctx.actor.visibility, { agentId: q.agentId }, maxRows + 1);
  if (rows.length > maxRows) {
    throw new AppError('EXPORT_TOO_LARGE', 400, `More than ${maxRows} spot-checks match: choose an agent`, { maxRows });
  }
  const timeZone = await findTenantTimeZone(ctx.db, tenantId);
  const zh = locale === 'zh-CN';
  const title = zh ? '抽查记录' : 'Spot-checks';
  const buffer = await buildXlsx(columns(timeZone), rows, { locale, sheetName: title });
  await recordAudit(ctx, {
    entity: 'spotCheckExport',
    entityId: newId(),
    action: 'export',
    after: { filter: { agentId: q.agentId ?? null }, rows: rows.length },
    sessionNeutral: true,
  });
  return { buffer, filename: `${zh ? title : 'spot-checks'}-${businessDate(now(), timeZone)}.xlsx` };
}
