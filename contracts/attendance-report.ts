import { z } from 'zod';
import {
  AllowanceQuerySchema,
  AttendanceRequestListQuerySchema,
  MonthSchema,
  MonthlyQuerySchema,
} from './attendance.ts';
import { ImportFieldsSchema, LocaleSchema } from './import.ts';

/**
 * Attendance read side, beyond the shapes in attendance.ts: the export queries, the answer of a
 * bases write and the multipart fields of the bases import.
 */

/** The monthly figures' filters and sort without paging, and the language of the headers. */
export const MonthlyExportQuerySchema = MonthlyQuerySchema.omit({ page: true, pageSize: true }).extend({
  lang: LocaleSchema.optional(),
});
export type MonthlyExportQuery = z.infer<typeof MonthlyExportQuerySchema>;

export const AllowanceExportQuerySchema = AllowanceQuerySchema.extend({ lang: LocaleSchema.optional() });
export type AllowanceExportQuery = z.infer<typeof AllowanceExportQuerySchema>;

/** The leave and make-up list's filters (view, status, kind) without paging, and the language of the headers. */
export const AttendanceRequestExportQuerySchema = AttendanceRequestListQuerySchema.omit({
  page: true,
  pageSize: true,
  sort: true,
}).extend({ lang: LocaleSchema.optional() });
export type AttendanceRequestExportQuery = z.output<typeof AttendanceRequestExportQuerySchema>;

export const AllowanceBasesResultSchema = z.object({
  month: z.string(),
  /** Bases written (created or changed). */
  saved: z.number().int(),
  /** Bases removed (baseFen null). */
  removed: z.number().int(),
});
export type AllowanceBasesResult = z.infer<typeof AllowanceBasesResultSchema>;

/** Multipart fields of the bases import: the work month the bases are for, plus dryRun and mapping. */
export const AllowanceBasesImportFieldsSchema = ImportFieldsSchema.extend({ month: MonthSchema });
export type AllowanceBasesImportFields = z.infer<typeof AllowanceBasesImportFieldsSchema>;

export const AllowanceBaseFieldKeys = ['username', 'displayName', 'base'] as const;
export type AllowanceBaseFieldKey = (typeof AllowanceBaseFieldKeys)[number];
