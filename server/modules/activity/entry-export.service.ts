import type { ActivityExportQuery, ActivityStage } from '../../../contracts/activity.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { newId } from '../../db/ids.ts';
import { AppError } from '../../http/errors.ts';
import { businessDate, now } from '../../lib/clock.ts';
import { buildXlsx, type Locale, type SheetColumn } from '../../lib/xlsx-export.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { localDateTime } from '../attendance/request-export.service.ts';
import { fromMilli } from './activity.rules.ts';
import { activityConfig } from './config.service.ts';
import * as repo from './entry.repository.ts';
import { listFilter, parseSort, readVisibility } from './entry.service.ts';
import { maskPersonalNumbersInText } from '../../lib/pii-text.ts';

// Numbers typed into free text are exported masked, like the phone fields (PIPL).
const maskText = (text: string | null): string | null => (text === null ? null : maskPersonalNumbersInText(text));

/** The activity list as .xlsx: the list's scope, filters and order, every matching row. */

export const MAX_EXPORT_ROWS = 20_000;

type ExportRow = Awaited<ReturnType<typeof repo.findActivitiesForExport>>[number];

export const STAGE_LABELS: Record<ActivityStage, Record<Locale, string>> = {
  contact: { 'zh-CN': '接触', 'en-US': 'Contact' },
  interview: { 'zh-CN': '面谈', 'en-US': 'Interview' },
  proposal: { 'zh-CN': '建议书', 'en-US': 'Proposal' },
  closing: { 'zh-CN': '促成', 'en-US': 'Closing' },
  sale: { 'zh-CN': '签单', 'en-US': 'Sale' },
  service: { 'zh-CN': '服务', 'en-US': 'Service' },
  recruitment: { 'zh-CN': '增员', 'en-US': 'Recruitment' },
  jointVisit: { 'zh-CN': '陪访', 'en-US': 'Joint visit' },
  other: { 'zh-CN': '其他', 'en-US': 'Other' },
};

function columns(timeZone: string): SheetColumn<ExportRow>[] {
  return [
    { key: 'username', header: { 'zh-CN': '工号', 'en-US': 'Username' }, width: 16, text: true },
    { key: 'user_name', header: { 'zh-CN': '姓名', 'en-US': 'Name' }, width: 12 },
    { key: 'unit_name', header: { 'zh-CN': '团队', 'en-US': 'Team' }, width: 16 },
    { key: 'date', header: { 'zh-CN': '日期', 'en-US': 'Date' }, width: 12 },
    {
      key: 'occurred_at',
      header: { 'zh-CN': '时间', 'en-US': 'Time' },
      width: 18,
      format: (r) => localDateTime(r.occurred_at, timeZone),
    },
    {
      key: 'type_name',
      header: { 'zh-CN': '活动类型', 'en-US': 'Activity type' },
      width: 16,
      format: (r, l) => (l === 'zh-CN' ? r.type_name : r.type_name_en),
    },
    {
      key: 'stage',
      header: { 'zh-CN': '阶段', 'en-US': 'Stage' },
      width: 10,
      format: (r, l) => STAGE_LABELS[r.stage as ActivityStage]?.[l] ?? r.stage,
    },
    {
      key: 'points',
      header: { 'zh-CN': '积分', 'en-US': 'Points' },
      width: 8,
      format: (r) => fromMilli(r.points_milli),
    },
    {
      key: 'premium',
      header: { 'zh-CN': '保费（元）', 'en-US': 'Premium (yuan)' },
      width: 12,
      format: (r) => (r.premium_fen === null ? null : r.premium_fen / 100),
    },
    { key: 'prospect_name', header: { 'zh-CN': '客户', 'en-US': 'Prospect' }, width: 14 },
    { key: 'outcome', header: { 'zh-CN': '结果', 'en-US': 'Outcome' }, width: 24, format: (r) => maskText(r.outcome) },
    { key: 'notes', header: { 'zh-CN': '备注', 'en-US': 'Notes' }, width: 30, format: (r) => maskText(r.notes) },
    { key: 'next_step', header: { 'zh-CN': '下一步', 'en-US': 'Next step' }, width: 20, format: (r) => maskText(r.next_step) },
    { key: 'next_step_date', header: { 'zh-CN': '下一步日期', 'en-US': 'Next step date' }, width: 12 },
    { key: 'partner_name', header: { 'zh-CN': '陪访人', 'en-US': 'Joint-visit partner' }, width: 12 },
    {
      key: 'late_entry',
      header: { 'zh-CN': '补登', 'en-US': 'Late entry' },
      width: 8,
      format: (r, l) => (r.late_entry === 1 ? (l === 'zh-CN' ? '是' : 'Yes') : ''),
    },
    {
      key: 'created_at',
      header: { 'zh-CN': '登记时间', 'en-US': 'Logged at' },
      width: 18,
      format: (r) => localDateTime(r.created_at, timeZone),
    },
  ];
}

/** Every activity of the list's filters as .xlsx; refused above MAX_EXPORT_ROWS; audited. */
export async function exportActivities(
  ctx: Ctx,
  q: ActivityExportQuery,
): Promise<{ buffer: Buffer; filename: string }> {
  assertCan(ctx.actor, 'activity.log');
  const { lang, sort, ...rest } = q;
  const locale = lang ?? 'zh-CN';
  const filter = await listFilter(ctx, rest);
  const order = parseSort(sort);
  const { tenantId } = ctx.actor;
  const rows = await repo.findActivitiesForExport(
    ctx.db,
    tenantId,
    readVisibility(ctx.actor),
    { ...filter, ...order },
    MAX_EXPORT_ROWS + 1,
  );
  if (rows.length > MAX_EXPORT_ROWS) {
    throw new AppError(
      'EXPORT_TOO_LARGE',
      400,
      `More than ${MAX_EXPORT_ROWS} activities match: narrow the filters`,
      {
        maxRows: MAX_EXPORT_ROWS,
      },
    );
  }
  const { timeZone } = await activityConfig(ctx.db, tenantId);
  const zh = locale === 'zh-CN';
  const title = zh ? '活动记录' : 'Activities';
  const buffer = await buildXlsx(columns(timeZone), rows, { locale, sheetName: title });
  await recordAudit(ctx, {
    entity: 'activityExport',
    entityId: newId(),
    action: 'export',
    after: { filter: { ...filter, sort: sort ?? null }, rows: rows.length },
    sessionNeutral: true,
  });
  return { buffer, filename: `${zh ? title : 'activities'}-${businessDate(now(), timeZone)}.xlsx` };
}
