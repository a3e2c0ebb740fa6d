import { z } from 'zod';
import { UserListQuerySchema } from './user.ts';

/** Languages of spreadsheet headers (exports, templates). */
export const Locales = ['zh-CN', 'en-US'] as const;
export const LocaleSchema = z.enum(Locales);

/** Explicit column choice per field: the header of the uploaded file, or null for "not imported". */
export const ImportMappingSchema = z.record(z.string().max(50), z.string().max(200).nullable());
export type ImportMapping = z.infer<typeof ImportMappingSchema>;

export const ImportRowErrorSchema = z.object({
  /** Field key (e.g. "username"), or "row" for a problem of the whole row. */
  field: z.string(),
  message: z.string(),
  /** Stable reason the web translates: required, invalid, duplicateInFile, taken, unknown, ambiguous, notAllowed … */
  code: z.string().optional(),
});
export type ImportRowError = z.infer<typeof ImportRowErrorSchema>;

export const ImportRowSchema = z.object({
  /** Row number as the spreadsheet shows it (the header row is 1 in a file that starts with it). */
  rowNumber: z.number().int(),
  values: z.record(z.string(), z.string()),
  errors: z.array(ImportRowErrorSchema),
});

/** What every import answers, for a preview (committed false) and a commit alike. */
export const ImportResultSchema = z.object({
  /** Headers found in the file, in order. */
  columns: z.array(z.string()),
  /** Field key → header used for it, or null when the file has no column for it. */
  mapping: z.record(z.string(), z.string().nullable()),
  /** Required fields without a column. */
  missing: z.array(z.string()),
  rows: z.array(ImportRowSchema),
  validCount: z.number().int(),
  errorCount: z.number().int(),
  committed: z.boolean(),
  createdCount: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

const jsonMapping = z
  .string()
  .max(10_000)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Expected a JSON object' });
      return z.NEVER;
    }
  })
  .pipe(ImportMappingSchema);

/** Multipart fields shared by every import: a dry run unless dryRun is "false", an optional column mapping (JSON). */
export const ImportFieldsSchema = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  mapping: jsonMapping.optional(),
});

export const RosterImportFieldsSchema = ImportFieldsSchema.extend({
  /** Password every imported person gets (to change at first login); required to commit. */
  initialPassword: z.string().min(1).max(256).optional(),
});
export type RosterImportFields = z.infer<typeof RosterImportFieldsSchema>;

export const RosterFieldKeys = [
  'username',
  'displayName',
  'role',
  'unit',
  'rank',
  'phone',
  'idNumber',
  'gender',
  'birthDate',
  'joinDate',
  'recruiter',
] as const;
export type RosterFieldKey = (typeof RosterFieldKeys)[number];

/** The filters of the people list, without paging, plus the language of the headers. */
export const UserExportQuerySchema = UserListQuerySchema.omit({ page: true, pageSize: true }).extend({
  lang: LocaleSchema.optional(),
});
export type UserExportQuery = z.infer<typeof UserExportQuerySchema>;

export const TemplateQuerySchema = z.object({ lang: LocaleSchema.optional() });
