import { z } from 'zod';
import { IdSchema } from './common.ts';

/**
 * Personal data (PIPL) of prospects and customers. Lists and details always mask phone and ID
 * numbers; a full number is shown only by the audited reveal (prospect.revealPii, within the
 * reader's scope). Staff and admins (privacy.manage) export everything held about one person and
 * erase a person: their personal fields are blanked everywhere, the rows stay (anonymised) so
 * counts and funnel figures do not change. Every reveal, export and erasure is audited, never with
 * the values themselves.
 *
 * "A person" is the name on a Plan 100 list, the prospect card made from it and the customer the
 * card was signed as, linked to each other: any of the three identifies them all.
 */

export const PiiEntities = ['name', 'prospect', 'customer'] as const;
export type PiiEntity = (typeof PiiEntities)[number];

export const PiiFields = ['phone', 'idNumber'] as const;
export type PiiField = (typeof PiiFields)[number];

export const RevealSchema = z.object({
  entity: z.enum(PiiEntities),
  id: IdSchema,
  field: z.enum(PiiFields),
});
export type Reveal = z.infer<typeof RevealSchema>;

/** The full number, or null when none is held (names carry no ID number). */
export const RevealResultSchema = z.object({
  entity: z.enum(PiiEntities),
  id: z.string(),
  field: z.enum(PiiFields),
  value: z.string().nullable(),
});
export type RevealResult = z.infer<typeof RevealResultSchema>;

export const PersonExportFormats = ['json', 'xlsx'] as const;

export const PersonExportQuerySchema = z.object({
  entity: z.enum(PiiEntities),
  id: IdSchema,
  format: z.enum(PersonExportFormats).default('json'),
});
export type PersonExportQuery = z.infer<typeof PersonExportQuerySchema>;

/** One stored row as field → value (full numbers: the export is itself an audited reveal). */
const RecordSchema = z.record(z.string(), z.unknown());

/**
 * Everything held about one person: the Plan 100 name, the prospect card with its stage history and
 * the activities logged on it, the customer with their household, the policies where they are the
 * policyholder, and their service requests.
 */
export const PersonExportSchema = z.object({
  exportedAt: z.string(),
  subject: z.object({ entity: z.enum(PiiEntities), id: z.string(), name: z.string() }),
  name: RecordSchema.nullable(),
  prospect: RecordSchema.nullable(),
  stageChanges: z.array(RecordSchema),
  activities: z.array(RecordSchema),
  customer: RecordSchema.nullable(),
  /** The household the customer belongs to, with its members' names and roles. */
  household: RecordSchema.nullable(),
  policies: z.array(RecordSchema),
  serviceRequests: z.array(RecordSchema),
});
export type PersonExport = z.infer<typeof PersonExportSchema>;

export const PersonEraseSchema = z.object({
  entity: z.enum(PiiEntities),
  id: IdSchema,
  /** Erasure cannot be undone: the caller confirms it. */
  confirm: z.literal(true),
});
export type PersonErase = z.infer<typeof PersonEraseSchema>;

/** What the erasure touched: rows anonymised (kept) per table. */
export const PersonEraseResultSchema = z.object({
  erasedAt: z.string(),
  names: z.number().int(),
  prospects: z.number().int(),
  customers: z.number().int(),
  activities: z.number().int(),
  policies: z.number().int(),
});
export type PersonEraseResult = z.infer<typeof PersonEraseResultSchema>;

/** The name left in place of an erased person's name. */
export const ERASED_NAME = '已删除';
