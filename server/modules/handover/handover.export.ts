import {
  type HandoverCounts,
  type HandoverExportQuery,
  type HandoverReason,
} from '../../../contracts/handover.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { newId } from '../../db/ids.ts';
import { AppError } from '../../http/errors.ts';
import { businessDate, now } from '../../lib/clock.ts';
import { maskPersonalNumbersInText } from '../../lib/pii-text.ts';
import { buildXlsx, type Locale, type SheetColumn } from '../../lib/xlsx-export.ts';
import { findTenantTimeZone } from '../attendance/config.repository.ts';
import { localDateTime } from '../attendance/request-export.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './handover.repository.ts';
import { countsOf } from './handover.service.ts';

/**
 * The handover history (移交记录) as .xlsx: the rows of GET /handovers — the same permission, scope
 * (handovers whose from- or to-agent the reader sees), agent filter and order (newest first) — with
 * what each moved, up to the cap; audited. The note is free text: numbers typed into it are masked.
 */

/** The most handovers one export writes; tests lower it to reach the refusal. */
export const handoverExportLimits = { maxRows: 20_000 };

const REASON_LABELS: Record<HandoverReason, Record<Locale, string>> = {
  leaving: { 'zh-CN': '离职', 'en-US': 'Leaving' },
  decision: { 'zh-CN': '经理决定', 'en-US': "Manager's decision" },
};

export interface HandoverExportRow extends repo.HandoverRow {
  counts: HandoverCounts;
}


/** The list's rows in the list's order, at most `limit`, each with the count of what it moved by kind. */
export async function findHandoversForExport(
  ctx: Ctx,
  f: { userId?: string | undefined },
  limit: number,
): Promise<HandoverExportRow[]> {
  const { rows } = await repo.findHandoverPage(ctx.db, ctx.actor.tenantId, ctx.actor.visibility, {
    page: 1,
    pageSize: limit,
    userId: f.userId,
  });
  const counts = await countsOf(ctx, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, counts: counts.get(r.id)! }));
}

function count(key: keyof HandoverCounts, zh: string, en: string): SheetColumn<HandoverExportRow> {
  return { key, header: { 'zh-CN': zh, 'en-US': en }, width: 10, format: (r) => r.counts[key] };
}

function columns(timeZone: string): SheetColumn<HandoverExportRow>[] {
  return [
    {
      key: 'created_at',
      header: { 'zh-CN': '移交时间', 'en-US': 'Handed over at' },
      width: 18,
      format: (r) => localDateTime(r.created_at, timeZone),
    },
    { key: 'from_name', header: { 'zh-CN': '移出营销员', 'en-US': 'From agent' }, width: 12 },
    { key: 'to_name', header: { 'zh-CN': '接收营销员', 'en-US': 'To agent' }, width: 12 },
    {
      key: 'reason',
      header: { 'zh-CN': '移交原因', 'en-US': 'Reason' },
      width: 12,
      format: (r, l) => REASON_LABELS[r.reason as HandoverReason]?.[l] ?? r.reason,
    },
    count('prospects', '准主顾卡', 'Cards'),
    count('customers', '客户', 'Customers'),
    count('households', '家庭', 'Households'),
    count('policies', '保单', 'Policies'),
    count('serviceRequests', '服务事项', 'Service requests'),
    count('names', '计划100名单', 'Plan 100 names'),
    {
      key: 'note',
      header: { 'zh-CN': '备注', 'en-US': 'Note' },
      width: 24,
      format: (r) => (r.note === null ? null : maskPersonalNumbersInText(r.note)),
    },
    {
      key: 'created_by_name',
      header: { 'zh-CN': '操作人', 'en-US': 'Done by' },
      width: 12,
      format: (r) => r.created_by_name ?? '',
    },
  ];
}

/**
 * GET /handovers/export: prospect.own, like the list (an agent sees the handovers of themself). More
 * than handoverExportLimits.maxRows rows is refused with EXPORT_TOO_LARGE (400) and nothing built.
 */
export async function exportHandovers(ctx: Ctx, q: HandoverExportQuery): Promise<{ buffer: Buffer; filename: string }> {
  assertCan(ctx.actor, 'prospect.own');
  const locale = q.lang ?? 'zh-CN';
  const { maxRows } = handoverExportLimits;
  const rows = await findHandoversForExport(ctx, { userId: q.userId }, maxRows + 1);
  if (rows.length > maxRows) {
    throw new AppError('EXPORT_TOO_LARGE', 400, `More than ${maxRows} handovers match: choose an agent`, { maxRows });
  }
  const timeZone = await findTenantTimeZone(ctx.db, ctx.actor.tenantId);
  const zh = locale === 'zh-CN';
  const title = zh ? '移交记录' : 'Handovers';
  const buffer = await buildXlsx(columns(timeZone), rows, { locale, sheetName: title });
  await recordAudit(ctx, {
    entity: 'handoverExport',
    entityId: newId(),
    action: 'export',
    after: { filter: { userId: q.userId ?? null }, rows: rows.length },
    sessionNeutral: true,
  });
  return { buffer, filename: `${zh ? title : 'handovers'}-${businessDate(now(), timeZone)}.xlsx` };
}
