import type { AttendanceRequestExportQuery } from '../../../contracts/attendance-report.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { newId } from '../../db/ids.ts';
import { AppError } from '../../http/errors.ts';
import { businessDate, now } from '../../lib/clock.ts';
import { buildXlsx, type Locale, type SheetColumn } from '../../lib/xlsx-export.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { tenantConfig } from './config.service.ts';
import { MAX_EXPORT_ROWS } from './report.service.ts';
import * as repo from './request.repository.ts';

/** The leave and make-up list (考勤审批 / 我的申请) as .xlsx: the list's filters and scope, every matching row. */

type ExportRow = Awaited<ReturnType<typeof repo.findRequestsForExport>>[number];

const KIND_LABELS: Record<string, Record<Locale, string>> = {
  leave: { 'zh-CN': '请假', 'en-US': 'Leave' },
  makeUp: { 'zh-CN': '补卡', 'en-US': 'Make-up' },
};
const LEAVE_TYPE_LABELS: Record<string, Record<Locale, string>> = {
  personal: { 'zh-CN': '事假', 'en-US': 'Personal' },
  sick: { 'zh-CN': '病假', 'en-US': 'Sick' },
  annual: { 'zh-CN': '年假', 'en-US': 'Annual' },
  field: { 'zh-CN': '公出/外勤', 'en-US': 'Field work' },
};
const STATUS_LABELS: Record<string, Record<Locale, string>> = {
  pending: { 'zh-CN': '待审批', 'en-US': 'Pending' },
  approved: { 'zh-CN': '已批准', 'en-US': 'Approved' },
  rejected: { 'zh-CN': '已驳回', 'en-US': 'Rejected' },
  cancelled: { 'zh-CN': '已撤销', 'en-US': 'Cancelled' },
};

const label = (labels: Record<string, Record<Locale, string>>, value: string | null, l: Locale) =>
  value === null ? null : (labels[value]?.[l] ?? value);

// One formatter per time zone, as businessDate keeps them.
const dateTimeFormatters = new Map<string, Intl.DateTimeFormat>();

/** An ISO instant as "YYYY-MM-DD HH:mm" on the tenant's wall clock. */
export function localDateTime(iso: string | null, timeZone: string): string | null {
  if (!iso) return null;
  let f = dateTimeFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dateTimeFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

function columns(timeZone: string): SheetColumn<ExportRow>[] {
  return [
    { key: 'username', header: { 'zh-CN': '申请人工号', 'en-US': 'Username' }, width: 16, text: true },
    { key: 'user_name', header: { 'zh-CN': '姓名', 'en-US': 'Name' }, width: 12 },
    { key: 'unit_name', header: { 'zh-CN': '团队', 'en-US': 'Team' }, width: 16 },
    {
      key: 'kind',
      header: { 'zh-CN': '类型', 'en-US': 'Type' },
      width: 8,
      format: (r, l) => label(KIND_LABELS, r.kind, l),
    },
    {
      key: 'leave_type',
      header: { 'zh-CN': '假别', 'en-US': 'Leave type' },
      width: 12,
      format: (r, l) => label(LEAVE_TYPE_LABELS, r.leave_type, l),
    },
    { key: 'start_date', header: { 'zh-CN': '开始日期', 'en-US': 'Start date' }, width: 12 },
    { key: 'end_date', header: { 'zh-CN': '结束日期', 'en-US': 'End date' }, width: 12 },
    { key: 'time', header: { 'zh-CN': '补卡时间', 'en-US': 'Make-up time' }, width: 12 },
    { key: 'reason', header: { 'zh-CN': '事由', 'en-US': 'Reason' }, width: 40 },
    {
      key: 'status',
      header: { 'zh-CN': '状态', 'en-US': 'Status' },
      width: 10,
      format: (r, l) => label(STATUS_LABELS, r.status, l),
    },
    { key: 'decided_by_name', header: { 'zh-CN': '审批人', 'en-US': 'Approver' }, width: 12 },
    { key: 'decision_comment', header: { 'zh-CN': '审批意见', 'en-US': 'Comment' }, width: 30 },
    {
      key: 'decided_at',
      header: { 'zh-CN': '审批时间', 'en-US': 'Decided at' },
      width: 18,
      format: (r) => localDateTime(r.decided_at, timeZone),
    },
    {
      key: 'created_at',
      header: { 'zh-CN': '提交时间', 'en-US': 'Submitted at' },
      width: 18,
      format: (r) => localDateTime(r.created_at, timeZone),
    },
  ];
}

/**
 * Every request of the list's view and filters, in the list's order, as .xlsx; times on the
 * tenant's wall clock. Refused above MAX_EXPORT_ROWS; audited.
 */
export async function exportRequests(
  ctx: Ctx,
  q: AttendanceRequestExportQuery,
): Promise<{ buffer: Buffer; filename: string }> {
  assertCan(ctx.actor, q.view === 'toApprove' ? 'attendance.approve' : 'attendance.checkIn');
  const { lang, ...filter } = q;
  const locale = lang ?? 'zh-CN';
  const { tenantId, visibility } = ctx.actor;
  const rows = await repo.findRequestsForExport(ctx.db, tenantId, visibility, filter, MAX_EXPORT_ROWS + 1);
  if (rows.length > MAX_EXPORT_ROWS) {
    throw new AppError(
      'EXPORT_TOO_LARGE',
      400,
      `More than ${MAX_EXPORT_ROWS} requests match: narrow the filters`,
      {
        maxRows: MAX_EXPORT_ROWS,
      },
    );
  }
  const { timeZone } = await tenantConfig(ctx.db, tenantId);
  const zh = locale === 'zh-CN';
  const title =
    q.view === 'toApprove' ? (zh ? '考勤审批' : 'Attendance approvals') : zh ? '我的申请' : 'My requests';
  const buffer = await buildXlsx(columns(timeZone), rows, { locale, sheetName: title });
  // Named people's leave and reasons leave the system: who took them, with which filters, is on record.
  await recordAudit(ctx, {
    entity: 'attendanceRequestExport',
    entityId: newId(),
    action: 'export',
    after: { filter, rows: rows.length },
    sessionNeutral: true,
  });
  const fileTitle = zh ? title : title.toLowerCase().replace(/ /g, '-');
  return { buffer, filename: `${fileTitle}-${businessDate(now(), timeZone)}.xlsx` };
}
