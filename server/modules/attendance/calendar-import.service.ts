import type { CalendarImportResult } from '../../../contracts/attendance.ts';
import type { ImportMapping } from '../../../contracts/import.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import {
  headerPicker,
  runImport,
  type ImportField,
  type MappedRow,
  type RowError,
} from '../../lib/import-pipeline.ts';
import { DEFAULT_MAX_ROWS, normaliseDate, parseSpreadsheet } from '../../lib/spreadsheet.ts';
import type { Upload } from '../../lib/upload.ts';
import { buildTemplateXlsx, type Locale } from '../../lib/xlsx-export.ts';
import { dayOf, invalidateTenantConfig, putCalendarDays, tenantConfig } from './config.service.ts';

/**
 * The calendar year import: the tenant's own workdays and holidays (a company day off, a Saturday
 * meeting, next year's statutory days before the bundled calendar has them) from a spreadsheet.
 * Rows are entries over the statutory calendar; the commit writes them all through putCalendarDays.
 */

export const CalendarFieldKeys = ['date', 'kind', 'name'] as const;
type K = (typeof CalendarFieldKeys)[number];

export const CALENDAR_FIELDS: readonly ImportField<K>[] = [
  {
    key: 'date',
    header: { 'zh-CN': '日期', 'en-US': 'Date' },
    aliases: ['日子', 'day'],
    required: true,
    example: '2026-10-01',
    width: 12,
    text: true,
  },
  {
    key: 'kind',
    header: { 'zh-CN': '类型', 'en-US': 'Kind' },
    aliases: ['类别', '上班/休息', '是否上班', '是否工作日', 'type', 'day type'],
    required: true,
    example: '节假日',
    width: 10,
  },
  {
    key: 'name',
    header: { 'zh-CN': '名称', 'en-US': 'Name' },
    aliases: ['节日', '节假日名称', '说明', '备注', 'holiday', 'note'],
    example: '国庆节',
    width: 16,
  },
];

const KIND_WORDS = new Map<string, 'workday' | 'holiday'>([
  ['工作日', 'workday'],
  ['上班', 'workday'],
  ['班', 'workday'],
  ['补班', 'workday'],
  ['调休上班', 'workday'],
  ['workday', 'workday'],
  ['working day', 'workday'],
  ['work', 'workday'],
  ['休息日', 'holiday'],
  ['节假日', 'holiday'],
  ['假日', 'holiday'],
  ['节日', 'holiday'],
  ['休', 'holiday'],
  ['休息', 'holiday'],
  ['放假', 'holiday'],
  ['休假', 'holiday'],
  ['holiday', 'holiday'],
  ['day off', 'holiday'],
  ['rest day', 'holiday'],
  ['off', 'holiday'],
]);

/** 工作日/上班/补班 → workday, 休息日/节假日/放假 → holiday, the English words too; null when unknown. */
export function parseDayKind(raw: string): 'workday' | 'holiday' | null {
  return KIND_WORDS.get(raw.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ')) ?? null;
}

const NAME_MAX = 40;
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

type Day = NonNullable<CalendarImportResult['rows'][number]['day']>;

interface CalendarContext {
  days: Map<number, Day>;
  errors: Map<number, RowError<K>[]>;
}

async function prepareDays(ctx: Ctx, rows: MappedRow<K>[]): Promise<CalendarContext> {
  const cfg = await tenantConfig(ctx.db, ctx.actor.tenantId);
  const days = new Map<number, Day>();
  const errors = new Map<number, RowError<K>[]>();
  const firstRow = new Map<string, number>();
  for (const row of rows) {
    const v = row.values;
    const list: RowError<K>[] = [];
    const date = v.date ? normaliseDate(v.date) : null;
    if (v.date && !date)
      list.push({ field: 'date', code: 'invalid', message: 'Expected a date such as 2026-10-01' });
    else if (date && (Number(date.slice(0, 4)) < FIRST_YEAR || Number(date.slice(0, 4)) > LAST_YEAR))
      list.push({ field: 'date', code: 'invalid', message: `A date from ${FIRST_YEAR} to ${LAST_YEAR}` });
    else if (date) {
      const first = firstRow.get(date);
      if (first !== undefined)
        list.push({ field: 'date', code: 'duplicateInFile', message: `Same date as row ${first}` });
      else firstRow.set(date, row.rowNumber);
    }
    const kind = v.kind ? parseDayKind(v.kind) : null;
    if (v.kind && !kind)
      list.push({
        field: 'kind',
        code: 'invalid',
        message: 'Expected 工作日 (workday) or 休息日/节假日 (holiday)',
      });
    const name = v.name.trim() || null;
    if (name && name.length > NAME_MAX)
      list.push({ field: 'name', code: 'invalid', message: `At most ${NAME_MAX} characters` });
    errors.set(row.rowNumber, list);
    if (list.length === 0 && date && kind)
      days.set(row.rowNumber, { date, kind, name, before: dayOf(cfg, date) });
  }
  return { days, errors };
}

export interface CalendarImportFields {
  dryRun: boolean;
  mapping?: ImportMapping | undefined;
}

/** Previews (each row with the day as it is now) or commits a calendar file in one transaction. */
export async function importCalendar(
  ctx: Ctx,
  readUpload: () => Promise<Upload<CalendarImportFields>>,
): Promise<CalendarImportResult> {
  assertCan(ctx.actor, 'attendance.configure');
  const { file, fields } = await readUpload();
  const sheet = await parseSpreadsheet(file, {
    maxRows: DEFAULT_MAX_ROWS,
    pickHeader: headerPicker(CALENDAR_FIELDS),
  });
  let context: CalendarContext | undefined;
  const result = await runImport(
    ctx,
    sheet,
    {
      fields: CALENDAR_FIELDS,
      prepare: async (c, rows) => (context = await prepareDays(c, rows)),
      validate: (row, c) => c.errors.get(row.rowNumber) ?? [],
    },
    {
      mapping: fields.mapping,
      commit: !fields.dryRun,
      write: (tx, rows, c) =>
        putCalendarDays(
          tx,
          rows.map((r) => {
            const { date, kind, name } = c.days.get(r.rowNumber)!;
            return { date, kind, name };
          }),
        ),
    },
  );
  // putCalendarDays drops the cached config inside the transaction; drop it again now it is committed.
  if (result.committed) invalidateTenantConfig(ctx.actor.tenantId);
  return { ...result, rows: result.rows.map((r) => ({ ...r, day: context?.days.get(r.rowNumber) ?? null })) };
}

const TEMPLATE_NOTES: Record<Locale, string[]> = {
  'zh-CN': [
    '填写说明（导入时只读取第一个工作表，示例行请删除或改写）',
    '每行一天，只需填写与法定日历不同、或需要特别标注的日子；其余日期按国家法定节假日和周末自动计算。',
    '日期：如 2026-10-01。类型：工作日（上班、补班）或 休息日/节假日（放假）。名称：可选，如“国庆节”“公司年会”。',
    '导入后，工作日按晨会规则开晨会（周末补班是否开会由规则决定），休息日不开晨会。',
  ],
  'en-US': [
    'How to fill in (only the first sheet is read; delete or overwrite the example row)',
    'One day per row, only days that differ from the statutory calendar or need a name; other days follow the statutory holidays and weekends.',
    'Date: such as 2026-10-01. Kind: workday or holiday (休息日/节假日). Name: optional, such as "National Day".',
    'After the import, workdays have a morning meeting by the rules; holidays have none.',
  ],
};

export async function buildCalendarTemplate(
  ctx: Ctx,
  locale: Locale = 'zh-CN',
): Promise<{ buffer: Buffer; filename: string }> {
  assertCan(ctx.actor, 'attendance.configure');
  const buffer = await buildTemplateXlsx(CALENDAR_FIELDS, { locale, notes: TEMPLATE_NOTES[locale] });
  return { buffer, filename: locale === 'zh-CN' ? '工作日历导入模板.xlsx' : 'calendar-import-template.xlsx' };
}
