import type { IncomeBand, ProspectExportQuery, ProspectSource, ProspectStage } from '../../../contracts/prospect.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { newId } from '../../db/ids.ts';
import { AppError } from '../../http/errors.ts';
import { businessDate, now } from '../../lib/clock.ts';
import { maskIdNumber, maskPhone } from '../../lib/pii.ts';
import { buildXlsx, type Locale, type SheetColumn } from '../../lib/xlsx-export.ts';
import { localDateTime } from '../attendance/request-export.service.ts';
import { findTenantTimeZone } from '../attendance/config.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './card.repository.ts';
import { parseProspectSort, prospectFilter } from './card-list.service.ts';
import { maskText, readVisibility } from './card.service.ts';
import { STAGE_LABELS } from './funnel.service.ts';

/**
 * The card list as .xlsx: the list's scope, filters and order; phone and ID numbers masked, also where
 * typed into free text; audited.
 */

export const MAX_EXPORT_ROWS = 20_000;

const SOURCE_LABELS: Record<ProspectSource, Record<Locale, string>> = {
  plan100: { 'zh-CN': '计划100', 'en-US': 'Plan 100' },
  referral: { 'zh-CN': '转介绍', 'en-US': 'Referral' },
  campaign: { 'zh-CN': '活动', 'en-US': 'Campaign' },
  assigned: { 'zh-CN': '公司分配', 'en-US': 'Company-assigned' },
};

const INCOME_LABELS: Record<IncomeBand, Record<Locale, string>> = {
  under100k: { 'zh-CN': '10万以下', 'en-US': 'Under 100k' },
  '100kTo300k': { 'zh-CN': '10–30万', 'en-US': '100k–300k' },
  '300kTo500k': { 'zh-CN': '30–50万', 'en-US': '300k–500k' },
  '500kTo1m': { 'zh-CN': '50–100万', 'en-US': '500k–1m' },
  over1m: { 'zh-CN': '100万以上', 'en-US': 'Over 1m' },
};

const GENDER_LABELS: Record<string, Record<Locale, string>> = {
  male: { 'zh-CN': '男', 'en-US': 'Male' },
  female: { 'zh-CN': '女', 'en-US': 'Female' },
};

function columns(timeZone: string): SheetColumn<repo.ProspectView>[] {
  return [
    { key: 'owner_name', header: { 'zh-CN': '营销员', 'en-US': 'Agent' }, width: 12 },
    { key: 'name', header: { 'zh-CN': '姓名', 'en-US': 'Name' }, width: 12 },
    { key: 'phone', header: { 'zh-CN': '手机', 'en-US': 'Mobile' }, width: 14, text: true, format: (r) => maskPhone(r.phone) },
    {
      key: 'id_number',
      header: { 'zh-CN': '身份证号', 'en-US': 'ID number' },
      width: 20,
      text: true,
      format: (r) => maskIdNumber(r.id_number),
    },
    { key: 'gender', header: { 'zh-CN': '性别', 'en-US': 'Gender' }, width: 6, format: (r, l) => (r.gender ? GENDER_LABELS[r.gender]?.[l] : null) },
    { key: 'birth_date', header: { 'zh-CN': '出生日期', 'en-US': 'Birth date' }, width: 12 },
    { key: 'grade', header: { 'zh-CN': '等级', 'en-US': 'Grade' }, width: 6 },
    { key: 'score', header: { 'zh-CN': '评分', 'en-US': 'Score' }, width: 6 },
    {
      key: 'stage',
      header: { 'zh-CN': '阶段', 'en-US': 'Stage' },
      width: 10,
      format: (r, l) => STAGE_LABELS[r.stage as ProspectStage]?.[l] ?? r.stage,
    },
    {
      key: 'stage_reason',
      header: { 'zh-CN': '原因', 'en-US': 'Reason' },
      width: 16,
      format: (r) => maskText(r.stage_reason),
    },
    {
      key: 'source',
      header: { 'zh-CN': '来源', 'en-US': 'Source' },
      width: 10,
      format: (r, l) => SOURCE_LABELS[r.source as ProspectSource]?.[l] ?? r.source,
    },
    {
      key: 'occupation',
      header: { 'zh-CN': '职业', 'en-US': 'Occupation' },
      width: 14,
      format: (r) => maskText(r.occupation),
    },
    {
      key: 'income_band',
      header: { 'zh-CN': '收入', 'en-US': 'Income' },
      width: 12,
      format: (r, l) => (r.income_band ? (INCOME_LABELS[r.income_band as IncomeBand]?.[l] ?? r.income_band) : null),
    },
    {
      key: 'needs',
      header: { 'zh-CN': '需求', 'en-US': 'Needs' },
      width: 24,
      format: (r) => maskText(r.needs),
    },
    { key: 'next_follow_up', header: { 'zh-CN': '下次跟进', 'en-US': 'Next follow-up' }, width: 12 },
    {
      key: 'tags',
      header: { 'zh-CN': '标签', 'en-US': 'Tags' },
      width: 20,
      format: (r) => {
        try {
          return r.tags ? (JSON.parse(r.tags) as string[]).join(', ') : null;
        } catch {
          return null;
        }
      },
    },
    {
      key: 'created_at',
      header: { 'zh-CN': '建卡时间', 'en-US': 'Created' },
      width: 18,
      format: (r) => localDateTime(r.created_at, timeZone),
    },
  ];
}

export async function exportProspects(ctx: Ctx, q: ProspectExportQuery): Promise<{ buffer: Buffer; filename: string }> {
  assertCan(ctx.actor, 'prospect.own');
  const { lang, sort, ...rest } = q;
  const locale = lang ?? 'zh-CN';
  const filter = await prospectFilter(ctx, rest);
  const order = parseProspectSort(sort);
  const { tenantId } = ctx.actor;
  const rows = await repo.findProspectsForExport(ctx.db, tenantId, readVisibility(ctx.actor), { ...filter, ...order }, MAX_EXPORT_ROWS + 1);
  if (rows.length > MAX_EXPORT_ROWS) {
    throw new AppError('EXPORT_TOO_LARGE', 400, `More than ${MAX_EXPORT_ROWS} cards match: narrow the filters`, {
      maxRows: MAX_EXPORT_ROWS,
    });
  }
  const timeZone = await findTenantTimeZone(ctx.db, tenantId);
  const zh = locale === 'zh-CN';
  const title = zh ? '准主顾卡' : 'Prospect cards';
  const buffer = await buildXlsx(columns(timeZone), rows, { locale, sheetName: title });
  await recordAudit(ctx, {
    entity: 'prospectExport',
    entityId: newId(),
    action: 'export',
    after: { filter: { ...filter, sort: sort ?? null }, rows: rows.length },
    sessionNeutral: true,
  });
  return { buffer, filename: `${zh ? title : 'prospects'}-${businessDate(now(), timeZone)}.xlsx` };
}
