import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

export type Locale = 'zh-CN' | 'en-US';
export type CellValue = string | number | boolean | null | undefined;

/** One column of an exported sheet; rows are read by key unless a formatter is given. */
export interface SheetColumn<R = Record<string, unknown>> {
  key: string;
  header: Record<Locale, string>;
  /** In characters; Chinese text needs about two per character. */
  width?: number;
  /** Kept as text (@) so Excel does not turn phone and ID numbers into numbers. */
  text?: boolean;
  format?: (row: R, locale: Locale) => CellValue;
}

export interface XlsxOptions {
  locale?: Locale;
  sheetName?: string;
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function safeSheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet1';
}

function addSheet<R>(wb: ExcelJS.Workbook, columns: readonly SheetColumn<R>[], locale: Locale, name: string): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(safeSheetName(name), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    header: c.header[locale],
    key: c.key,
    width: c.width ?? Math.max(10, c.header[locale].length * 2 + 4),
    ...(c.text ? { style: { numFmt: '@' } } : {}),
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
  header.alignment = { vertical: 'middle' };
  return ws;
}

function cellOf<R>(column: SheetColumn<R>, row: R, locale: Locale): CellValue {
  const value = column.format ? column.format(row, locale) : (row as Record<string, unknown>)[column.key];
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return value instanceof Date ? value.toISOString() : JSON.stringify(value);
}

async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Column definitions + rows → an .xlsx with a bold, frozen, filterable header row: the one list export of the app. */
export async function buildXlsx<R>(columns: readonly SheetColumn<R>[], rows: readonly R[], opts: XlsxOptions = {}): Promise<Buffer> {
  const locale = opts.locale ?? 'zh-CN';
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Salesbase';
  wb.created = new Date();
  const ws = addSheet(wb, columns, locale, opts.sheetName ?? 'Sheet1');
  for (const row of rows) ws.addRow(columns.map((c) => cellOf(c, row, locale)));
  if (columns.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return toBuffer(wb);
}

export interface TemplateColumn extends Pick<SheetColumn, 'key' | 'header' | 'width' | 'text'> {
  example?: string;
}

/**
 * An import template: the same columns with (by default Chinese) headers, one example row, and
 * optional notes on a second sheet, which the import skips because it reads the first sheet.
 */
export async function buildTemplateXlsx(
  columns: readonly TemplateColumn[],
  opts: XlsxOptions & { notes?: readonly string[] } = {},
): Promise<Buffer> {
  const locale = opts.locale ?? 'zh-CN';
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Salesbase';
  const ws = addSheet(wb, columns, locale, opts.sheetName ?? (locale === 'zh-CN' ? '导入模板' : 'Template'));
  ws.addRow(columns.map((c) => c.example ?? ''));
  if (opts.notes?.length) {
    const notes = wb.addWorksheet(locale === 'zh-CN' ? '填写说明' : 'Notes');
    notes.getColumn(1).width = 100;
    for (const line of opts.notes) notes.addRow([line]);
  }
  return toBuffer(wb);
}

/**
 * Content-Disposition for a download with a Unicode name (RFC 6266/5987): an ASCII fallback for old
 * clients and filename* in UTF-8, which every current browser prefers.
 */
export function contentDisposition(filename: string, kind: 'attachment' | 'inline' = 'attachment'): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'download';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Sends a file download: type, UTF-8 file name, no sniffing, no caching of personal data. */
export function sendFile(reply: FastifyReply, body: Buffer, filename: string, mimeType: string): FastifyReply {
  return reply
    .header('content-type', mimeType)
    .header('content-disposition', contentDisposition(filename))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(body);
}

export function sendXlsx(reply: FastifyReply, body: Buffer, filename: string): FastifyReply {
  return sendFile(reply, body, filename.toLowerCase().endsWith('.xlsx') ? filename : `${filename}.xlsx`, XLSX_MIME);
}

/** The description of an export route: the same for every list exported as .xlsx. */
export const EXPORT_ROUTE_NOTE = 'Headers in lang (zh-CN by default). Audited. Errors: EXPORT_TOO_LARGE (400).';

/** Sends a workbook once it is built, under the file name its builder chose. */
export async function sendBuiltXlsx(
  reply: FastifyReply,
  built: Promise<{ buffer: Buffer; filename: string }>,
): Promise<FastifyReply> {
  const { buffer, filename } = await built;
  return sendXlsx(reply, buffer, filename);
}

export { XLSX_MIME };
