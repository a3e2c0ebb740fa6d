import type { PlanNameCategory, PlanNameExportQuery } from '../../../contracts/plan100.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { newId } from '../../db/ids.ts';
import { AppError } from '../../http/errors.ts';
import { businessDate, now } from '../../lib/clock.ts';
import { maskPhone } from '../../lib/pii.ts';
import { maskPersonalNumbersInText } from '../../lib/pii-text.ts';
import { buildXlsx, type SheetColumn } from '../../lib/xlsx-export.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findTenantTimeZone } from '../attendance/config.repository.ts';
import { localDateTime } from '../attendance/request-export.service.ts';
import * as repo from './name.repository.ts';
import { CATEGORY_LABELS } from './name.rules.ts';
import { nameFilter, nameVisibility } from './name.service.ts';

/** A Plan 100 list as .xlsx: the list's owner, filters and order; phones masked; audited. */

export const MAX_NAME_EXPORT_ROWS = 10_000;

const yes = (l: string) => (l === 'zh-CN' ? '是' : 'Yes');

function columns(timeZone: string): SheetColumn<repo.NameRow>[] {
  return [
    { key: 'name', header: { 'zh-CN': '姓名', 'en-US': 'Name' }, width: 14 },
    {
      key: 'category',
      header: { 'zh-CN': '关系类别', 'en-US': 'Category' },
      width: 16,
      format: (r, l) => CATEGORY_LABELS[r.category as PlanNameCategory]?.[l] ?? r.category,
    },
    // Masked here, whatever the reader: an export leaves the system.
    { key: 'phone', header: { 'zh-CN': '手机号', 'en-US': 'Mobile' }, width: 14, text: true, format: (r) => maskPhone(r.phone) },
    { key: 'note', header: { 'zh-CN': '备注', 'en-US': 'Note' }, width: 30, format: (r) => (r.note === null ? null : maskPersonalNumbersInText(r.note)) },
    { key: 'score', header: { 'zh-CN': '评分', 'en-US': 'Score' }, width: 8 },
    { key: 'grade', header: { 'zh-CN': '等级', 'en-US': 'Grade' }, width: 8, format: (r) => r.grade },
    { key: 'rubric_version', header: { 'zh-CN': '评分表版本', 'en-US': 'Rubric version' }, width: 10 },
    { key: 'excluded', header: { 'zh-CN': '不接触', 'en-US': 'Excluded' }, width: 8, format: (r, l) => (r.excluded === 1 ? yes(l) : '') },
    { key: 'prospect_id', header: { 'zh-CN': '已建卡', 'en-US': 'Card made' }, width: 8, format: (r, l) => (r.prospect_id ? yes(l) : '') },
    { key: 'duplicate', header: { 'zh-CN': '疑似重复', 'en-US': 'Possible duplicate' }, width: 10, format: (r, l) => (Number(r.duplicate) === 1 ? yes(l) : '') },
    { key: 'created_at', header: { 'zh-CN': '录入时间', 'en-US': 'Added at' }, width: 18, format: (r) => localDateTime(r.created_at, timeZone) },
  ];
}

export async function exportNames(ctx: Ctx, q: PlanNameExportQuery): Promise<{ buffer: Buffer; filename: string }> {
  assertCan(ctx.actor, 'prospect.own');
  const { lang, ...rest } = q;
  const locale = lang ?? 'zh-CN';
  const filter = await nameFilter(ctx, rest);
  const { tenantId } = ctx.actor;
  const rows = await repo.findNamesForExport(ctx.db, tenantId, nameVisibility(ctx.actor), filter, MAX_NAME_EXPORT_ROWS + 1);
  if (rows.length > MAX_NAME_EXPORT_ROWS) {
    throw new AppError('EXPORT_TOO_LARGE', 400, `More than ${MAX_NAME_EXPORT_ROWS} names match: narrow the filters`, {
      maxRows: MAX_NAME_EXPORT_ROWS,
    });
  }
  const timeZone = await findTenantTimeZone(ctx.db, tenantId);
  const zh = locale === 'zh-CN';
  const title = zh ? '计划100名单' : 'Plan 100';
  const buffer = await buildXlsx(columns(timeZone), rows, { locale, sheetName: title });
  await recordAudit(ctx, {
    entity: 'planNameExport',
    entityId: newId(),
    action: 'export',
    after: { filter, rows: rows.length },
    sessionNeutral: true,
  });
  return { buffer, filename: `${zh ? title : 'plan100'}-${businessDate(now(), timeZone)}.xlsx` };
}
