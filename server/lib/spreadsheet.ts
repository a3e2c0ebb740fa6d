import ExcelJS from 'exceljs';
import { AppError } from '../http/errors.ts';

/** Same bound as the multipart limit of the HTTP app (MAX_UPLOAD_BYTES); repeated here for callers outside HTTP (CLI). */
export const MAX_SPREADSHEET_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 5000;

export interface UploadedFile {
  buffer: Buffer;
  filename: string;
  mimetype?: string;
}

/** One non-empty row of a sheet: its row number as the spreadsheet shows it, and trimmed cell texts. */
export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

export interface SheetData {
  headers: string[];
  /** Number of the header row in the spreadsheet (1 unless rows above it were empty or a title). */
  headerRowNumber: number;
  rows: SheetRow[];
}

export interface ParseOptions {
  maxRows?: number;
  /**
   * Chooses the header among the first non-empty rows (index into the list given); defaults to the
   * first. Lets an import skip a title row above the real headers.
   */
  pickHeader?: (candidates: string[][]) => number;
}

export type SpreadsheetKind = 'xlsx' | 'csv';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

function unsupported(message: string): AppError {
  return new AppError('UNSUPPORTED_FILE', 400, message, [{ path: 'body.file', message, code: 'unsupportedFile' }]);
}

/** Decides xlsx or csv from the content first (a renamed file is read as what it is), then the name. */
export function detectSpreadsheetKind(file: UploadedFile): SpreadsheetKind {
  const head = file.buffer.subarray(0, 4);
  const name = file.filename.toLowerCase();
  if (head.equals(ZIP_MAGIC)) return 'xlsx';
  if (head.equals(OLE_MAGIC)) throw unsupported('Old .xls workbooks are not supported: save the file as .xlsx or .csv');
  if (name.endsWith('.csv') || name.endsWith('.txt') || file.mimetype === 'text/csv') {
    if (file.buffer.subarray(0, 8192).includes(0) && !hasUtf16Bom(file.buffer)) throw unsupported('The file is not a text CSV file');
    return 'csv';
  }
  throw unsupported('Upload an .xlsx or .csv file');
}

/** Parses an uploaded .xlsx or .csv into a header row and data rows of trimmed strings; empty rows are skipped. */
export async function parseSpreadsheet(file: UploadedFile, opts: ParseOptions = {}): Promise<SheetData> {
  if (file.buffer.length > MAX_SPREADSHEET_BYTES) {
    throw new AppError('FILE_TOO_LARGE', 413, `The file is larger than ${MAX_SPREADSHEET_BYTES / 1024 / 1024} MB`);
  }
  if (file.buffer.length === 0) throw invalidFile('The file is empty');
  const kind = detectSpreadsheetKind(file);
  const grid = kind === 'xlsx' ? await readXlsx(file.buffer) : readCsv(file.buffer);
  return toSheet(grid, opts);
}

function invalidFile(message: string): AppError {
  return new AppError('VALIDATION_FAILED', 400, message, [{ path: 'body.file', message, code: 'emptyFile' }]);
}

function toSheet(grid: SheetRow[], opts: ParseOptions): SheetData {
  if (grid.length === 0) throw invalidFile('The file has no header row');
  const candidates = grid.slice(0, 10).map((r) => r.cells);
  const picked = opts.pickHeader ? opts.pickHeader(candidates) : 0;
  const headerIndex = picked >= 0 && picked < candidates.length ? picked : 0;
  const header = grid[headerIndex]!;
  const rows = grid.slice(headerIndex + 1);
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  if (rows.length > maxRows) {
    throw new AppError('IMPORT_TOO_MANY_ROWS', 400, `At most ${maxRows} rows per file; this one has ${rows.length}`, {
      maxRows,
      rows: rows.length,
    });
  }
  return { headers: header.cells, headerRowNumber: header.rowNumber, rows };
}

/** Drops trailing empty cells; null when the row is empty. */
function compact(cells: string[]): string[] | null {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return end === 0 ? null : cells.slice(0, end);
}

// ---------------------------------------------------------------- xlsx

async function readXlsx(buffer: Buffer): Promise<SheetRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw unsupported('The file could not be read as an .xlsx workbook');
  }
  // The first sheet that holds anything: templates may put instructions on a later sheet.
  for (const ws of wb.worksheets) {
    const out: SheetRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const values = row.values as ExcelJS.CellValue[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      const kept = compact(cells);
      if (kept) out.push({ rowNumber, cells: kept });
    });
    if (out.length > 0) return out;
  }
  return [];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Excel stores dates as local wall time; exceljs hands them over as the same wall time in UTC. */
export function formatExcelDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const y = d.getUTCFullYear();
  const hh = d.getUTCHours();
  const mm = d.getUTCMinutes();
  const ss = d.getUTCSeconds();
  const time = ss ? `${pad(hh)}:${pad(mm)}:${pad(ss)}` : `${pad(hh)}:${pad(mm)}`;
  // Day 0 of Excel's calendar (1899-12-30/31) carries a time of day only, e.g. a punch-clock time.
  if (y === 1899 && d.getUTCMonth() === 11 && d.getUTCDate() >= 30) return time;
  const date = `${y}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return hh || mm || ss ? `${date} ${time}` : date;
}

/** Numbers as Excel shows them: 15 significant digits, no exponent for whole numbers. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
  return String(Number(n.toPrecision(15)));
}

function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return formatExcelDate(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('').trim();
    if ('result' in value) return cellText(value.result);
    if ('formula' in value || 'sharedFormula' in value) return '';
    if ('text' in value && typeof value.text === 'string') return value.text.trim();
    if ('error' in value) return String(value.error);
  }
  return '';
}

// ---------------------------------------------------------------- csv

function hasUtf16Bom(b: Buffer): boolean {
  return (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);
}

/** UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), otherwise GB18030, a superset of GBK. */
export function decodeText(buffer: Buffer): string {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return new TextDecoder('utf-8').decode(buffer.subarray(3));
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return new TextDecoder('utf-16le').decode(buffer.subarray(2));
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return new TextDecoder('utf-16be').decode(buffer.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

/** The delimiter that occurs most often in the first line outside quotes: comma, tab or semicolon. */
function guessDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    ['\t', 0],
    [';', 0],
  ]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** RFC 4180 records: quoted fields may hold delimiters, doubled quotes and line breaks. */
export function parseCsvText(text: string): string[][] {
  const delimiter = guessDelimiter(text);
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === delimiter) {
      record.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function readCsv(buffer: Buffer): SheetRow[] {
  const records = parseCsvText(decodeText(buffer));
  const out: SheetRow[] = [];
  records.forEach((cells, i) => {
    const kept = compact(cells.map((c) => c.trim()));
    if (kept) out.push({ rowNumber: i + 1, cells: kept });
  });
  return out;
}

// ---------------------------------------------------------------- cell values

const DATE_PATTERNS = [
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];

/**
 * A business date written any common way (2024-01-05, 2024/1/5, 2024.1.5, 2024年1月5日, 20240105,
 * or an Excel day number like 45296) as YYYY-MM-DD; null when it is not a real date.
 */
export function normaliseDate(raw: string): string | null {
  const value = raw.trim().replace(/\s+\d{1,2}:\d{2}(:\d{2})?$/, '');
  if (/^\d{5}$/.test(value)) {
    const serial = Number(value);
    // Excel's day 1 is 1900-01-01 with the fictitious 1900-02-29; from day 61 on, day 25569 is 1970-01-01.
    if (serial < 61) return null;
    const d = new Date((serial - 25569) * 86_400_000);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  }
  for (const re of DATE_PATTERNS) {
    const m = re.exec(value);
    if (!m) continue;
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
    return `${y}-${pad(mo)}-${pad(d)}`;
  }
  return null;
}
