import type { Ctx } from '../../access/actor.ts';
import { newId } from '../../db/ids.ts';
import { AppError } from '../../http/errors.ts';
import { buildXlsx, type Locale, type SheetColumn } from '../../lib/xlsx-export.ts';
import { recordAudit } from '../audit/audit.service.ts';

/** The most rows one export of customers, policies or service requests writes. */
export const MAX_EXPORT_ROWS = 20_000;

export interface SheetExport<R> {
  /** As read with a limit of MAX_EXPORT_ROWS + 1: one more means too many. */
  rows: R[];
  columns: SheetColumn<R>[];
  locale: Locale;
  /** Sheet name and (zh-CN) file name; the English file name is `file`. */
  title: Record<Locale, string>;
  file: string;
  /** What the rows are, for the "too many" message (plural). */
  noun: string;
  /** The audit entity of the export, e.g. policyExport. */
  auditEntity: string;
  filter: object;
  sort: string | undefined;
  /** The tenant's date, in the file name. */
  today: string;
}

/** A list as .xlsx, refused above MAX_EXPORT_ROWS, audited with its filter and row count. */
export async function exportSheet<R>(
  ctx: Ctx,
  x: SheetExport<R>,
): Promise<{ buffer: Buffer; filename: string }> {
  if (x.rows.length > MAX_EXPORT_ROWS) {
    throw new AppError(
      'EXPORT_TOO_LARGE',
      400,
      `More than ${MAX_EXPORT_ROWS} ${x.noun} match: narrow the filters`,
      {
        maxRows: MAX_EXPORT_ROWS,
      },
    );
  }
  const title = x.title[x.locale];
  const buffer = await buildXlsx(x.columns, x.rows, { locale: x.locale, sheetName: title });
  await recordAudit(ctx, {
    entity: x.auditEntity,
    entityId: newId(),
    action: 'export',
    after: { filter: { ...x.filter, sort: x.sort ?? null }, rows: x.rows.length },
    sessionNeutral: true,
  });
  return { buffer, filename: `${x.locale === 'zh-CN' ? title : x.file}-${x.today}.xlsx` };
}
