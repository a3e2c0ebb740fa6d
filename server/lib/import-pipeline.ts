import type { Ctx } from '../access/actor.ts';
import { inTx } from '../db/tx.ts';
import { AppError, invalid } from '../http/errors.ts';
import type { FieldError } from '../../contracts/errors.ts';
import type { ImportMapping, ImportResult, ImportRowError } from '../../contracts/import.ts';
import { maskPersonalNumbersInText } from './pii-text.ts';
import type { Locale } from './xlsx-export.ts';
import { DEFAULT_MAX_ROWS, parseSpreadsheet, type SheetData, type SheetRow } from './spreadsheet.ts';
import type { Upload } from './upload.ts';

/** One importable field: its key, the headers it is known by, and whether a row needs a value. */
export interface ImportField<K extends string = string> {
  key: K;
  header: Record<Locale, string>;
  /** Other headers seen in the wild (工号, 手机号码, mobile …), matched like the headers. */
  aliases?: readonly string[];
  required?: boolean;
  /** For the template: the example row and a column kept as text so Excel leaves long numbers alone. */
  example?: string;
  width?: number;
  text?: boolean;
}

export type RowError<K extends string = string> = ImportRowError & { field: K | 'row' };

export interface MappedRow<K extends string> {
  rowNumber: number;
  values: Record<K, string>;
}

export interface ImportRow<K extends string> extends MappedRow<K> {
  errors: RowError<K>[];
}

export type ColumnMapping<K extends string> = Record<K, string | null>;

export interface ImportSpec<K extends string, C> {
  fields: readonly ImportField<K>[];
  /** Runs once over every mapped row before validation: batch look-ups (existing names, units …). */
  prepare?: (ctx: Ctx, rows: MappedRow<K>[]) => Promise<C>;
  /** Problems of one row, beyond the required fields the pipeline checks itself. */
  validate: (row: MappedRow<K>, context: C, ctx: Ctx) => RowError<K>[] | Promise<RowError<K>[]>;
}

export interface ImportOptions<K extends string, C> {
  /** Explicit column choices that win over the automatic mapping; null leaves a field unmapped. */
  mapping?: ImportMapping | undefined;
  /** false: validate only. true: validate and write, all in one transaction, or refuse. */
  commit: boolean;
  /** Writes every row (all valid) inside the transaction and returns how many records it created. */
  write?: (tx: Ctx, rows: ImportRow<K>[], context: C) => Promise<number>;
}

/** Lower case without spaces, marks of a required column or full-width forms: "手机号 *" = "手机号". */
export function normaliseHeader(value: string): string {
  return value
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s*_\-:：]/g, '')
    .replace(/\((必填|选填|required|optional)\)$/, '');
}

function namesOf(field: ImportField): string[] {
  return [field.key, field.header['zh-CN'], field.header['en-US'], ...(field.aliases ?? [])].map(normaliseHeader);
}

/** Maps each field to the first header that names it (Chinese, English, alias or key; case and space blind). */
export function autoMapColumns<K extends string>(fields: readonly ImportField<K>[], headers: string[]): ColumnMapping<K> {
  const mapping = {} as ColumnMapping<K>;
  const used = new Set<number>();
  const normalised = headers.map(normaliseHeader);
  for (const field of fields) {
    const names = namesOf(field);
    const index = normalised.findIndex((h, i) => h !== '' && !used.has(i) && names.includes(h));
    mapping[field.key] = index >= 0 ? headers[index]! : null;
    if (index >= 0) used.add(index);
  }
  return mapping;
}

/** The automatic mapping with the caller's choices applied; unknown fields or headers answer 400. */
export function resolveMapping<K extends string>(
  fields: readonly ImportField<K>[],
  headers: string[],
  override: ImportMapping | undefined,
): ColumnMapping<K> {
  const mapping = autoMapColumns(fields, headers);
  if (!override) return mapping;
  const keys = new Set<string>(fields.map((f) => f.key));
  const errors: FieldError[] = [];
  for (const [key, header] of Object.entries(override)) {
    if (!keys.has(key)) {
      errors.push({ path: `body.mapping.${key}`, message: 'Unknown field', code: 'unknownField' });
      continue;
    }
    if (header !== null && !headers.includes(header)) {
      errors.push({ path: `body.mapping.${key}`, message: `No column "${header}" in the file`, code: 'unknownColumn' });
      continue;
    }
    mapping[key as K] = header;
  }
  // An explicit choice takes its column away from a field that only had it automatically.
  const chosen = new Map<string, string>();
  for (const field of fields) {
    if (!(field.key in override)) continue;
    const header = mapping[field.key];
    if (header === null) continue;
    const other = chosen.get(header);
    if (other) {
      errors.push({ path: `body.mapping.${field.key}`, message: `Column "${header}" is already mapped to ${other}`, code: 'duplicateColumn' });
    }
    chosen.set(header, field.key);
  }
  for (const field of fields) {
    const header = mapping[field.key];
    if (!(field.key in override) && header !== null && chosen.has(header)) mapping[field.key] = null;
  }
  if (errors.length) throw invalid(errors, 'Invalid column mapping');
  return mapping;
}

/** Index of the candidate row that names the most fields: skips a title row above the headers. */
export function headerPicker(fields: readonly ImportField[]): (candidates: string[][]) => number {
  const names = new Set(fields.flatMap(namesOf));
  return (candidates) => {
    let best = 0;
    let bestScore = 0;
    candidates.forEach((cells, i) => {
      const score = cells.filter((c) => names.has(normaliseHeader(c))).length;
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    });
    return best;
  };
}

function mapRows<K extends string>(fields: readonly ImportField<K>[], sheet: SheetData, mapping: ColumnMapping<K>): MappedRow<K>[] {
  const indexOf = new Map<K, number>();
  for (const f of fields) {
    const header = mapping[f.key];
    if (header !== null) indexOf.set(f.key, sheet.headers.indexOf(header));
  }
  return sheet.rows.map((row: SheetRow) => {
    const values = {} as Record<K, string>;
    for (const f of fields) {
      const i = indexOf.get(f.key);
      values[f.key] = i === undefined || i < 0 ? '' : (row.cells[i] ?? '');
    }
    return { rowNumber: row.rowNumber, values };
  });
}

function maskValues<K extends string>(values: Record<K, string>): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const [k, v] of Object.entries(values) as [K, string][]) out[k] = maskPersonalNumbersInText(v);
  return out;
}

/** Row errors as the field errors of a refused commit: "rows.<rowNumber>.<field>". */
export function rowErrorDetails(rows: ImportRow<string>[]): FieldError[] {
  return rows.flatMap((r) =>
    r.errors.map((e) => ({ path: `rows.${r.rowNumber}.${e.field}`, message: e.message, ...(e.code ? { code: e.code } : {}) })),
  );
}

async function validateAll<K extends string, C>(
  ctx: Ctx,
  sheet: SheetData,
  spec: ImportSpec<K, C>,
  mapping: ColumnMapping<K>,
): Promise<{ rows: ImportRow<K>[]; context: C }> {
  const mapped = mapRows(spec.fields, sheet, mapping);
  const context = (spec.prepare ? await spec.prepare(ctx, mapped) : undefined) as C;
  const rows: ImportRow<K>[] = [];
  for (const row of mapped) {
    const errors: RowError<K>[] = [];
    for (const f of spec.fields) {
      if (!f.required || row.values[f.key] !== '') continue;
      errors.push({
        field: f.key,
        message: mapping[f.key] === null ? `No column for ${f.header['en-US']}` : 'Required',
        code: mapping[f.key] === null ? 'missingColumn' : 'required',
      });
    }
    const required = new Set(errors.map((e) => e.field));
    for (const e of await spec.validate(row, context, ctx)) {
      // A blank required value is reported once, as missing, not again as malformed.
      if (!required.has(e.field)) errors.push(e);
    }
    rows.push({ ...row, errors });
  }
  return { rows, context };
}

/**
 * Maps, validates and optionally writes an uploaded sheet. A dry run only reports; a commit
 * re-validates inside one transaction and writes every row or, when any row has an error, nothing
 * (400 IMPORT_HAS_ERRORS with the row errors as details).
 */
export async function runImport<K extends string, C>(
  ctx: Ctx,
  sheet: SheetData,
  spec: ImportSpec<K, C>,
  opts: ImportOptions<K, C>,
): Promise<ImportResult> {
  const mapping = resolveMapping(spec.fields, sheet.headers, opts.mapping);
  const summarise = (rows: ImportRow<K>[], committed: boolean, createdCount: number): ImportResult => {
    const errorCount = rows.filter((r) => r.errors.length > 0).length;
    return {
      columns: sheet.headers.filter((h) => h !== ''),
      mapping,
      missing: spec.fields.filter((f) => f.required && mapping[f.key] === null).map((f) => f.key),
      // The preview shows what was read, but never a full personal number (PIPL): masked as in lists.
      rows: rows.map((r) => ({ ...r, values: maskValues(r.values) })),
      validCount: rows.length - errorCount,
      errorCount,
      committed,
      createdCount,
    };
  };
  if (!opts.commit) {
    const { rows } = await validateAll(ctx, sheet, spec, mapping);
    return summarise(rows, false, 0);
  }
  const write = opts.write;
  if (!write) throw new Error('runImport: commit without a writer');
  if (sheet.rows.length === 0) {
    throw invalid([{ path: 'body.file', message: 'The file has no data rows', code: 'emptyFile' }]);
  }
  return inTx(ctx, async (tx) => {
    const { rows, context } = await validateAll(tx, sheet, spec, mapping);
    const details = rowErrorDetails(rows);
    if (details.length > 0) {
      throw new AppError('IMPORT_HAS_ERRORS', 400, `${rows.filter((r) => r.errors.length).length} rows have errors; nothing was imported`, details);
    }
    const created = await write(tx, rows, context);
    return summarise(rows, true, created);
  });
}

/** The form fields of an import upload besides the file. */
export interface ImportUploadFields {
  dryRun: boolean;
  mapping?: ImportMapping | undefined;
}

/**
 * An uploaded file through runImport: read with the fields' header picker, previewed (dryRun) or
 * committed, `write` getting the file's name. Returns the result and the context `prepare` built
 * (undefined when the file had no rows), from which callers add their own columns to each row.
 */
export async function importUpload<K extends string, C>(
  ctx: Ctx,
  readUpload: () => Promise<Upload<ImportUploadFields>>,
  spec: ImportSpec<K, C> & { prepare: NonNullable<ImportSpec<K, C>['prepare']> },
  write: (tx: Ctx, rows: ImportRow<K>[], context: C, fileName: string) => Promise<number>,
): Promise<{ result: ImportResult; context: C | undefined }> {
  const { file, fields } = await readUpload();
  const sheet = await parseSpreadsheet(file, { maxRows: DEFAULT_MAX_ROWS, pickHeader: headerPicker(spec.fields) });
  let context: C | undefined;
  const result = await runImport(
    ctx,
    sheet,
    { ...spec, prepare: async (c, rows) => (context = await spec.prepare(c, rows)) },
    { mapping: fields.mapping, commit: !fields.dryRun, write: (tx, rows, c) => write(tx, rows, c, file.filename) },
  );
  return { result, context };
}
