import { z } from 'zod';
import { IdSchema, PageQuerySchema, pageOf } from './common.ts';
import { ImportResultSchema, ImportRowSchema, LocaleSchema } from './import.ts';
import { PhoneSchema } from './user.ts';

/**
 * Plan 100 (计划100): each person's list of names by relationship, quick entry of many names at
 * once, import and export, and the grading rubric (评分表) that scores a name A / B / C.
 *
 * Everyone keeps their own list (`prospect.own`); leads with `prospect.read` read the lists of
 * the people in their scope. Phones are always masked in answers.
 *
 * Routes: GET/POST /api/names, POST /api/names/bulk, POST /api/names/import (multipart),
 * GET /api/names/import/template, GET /api/names/export, GET/PATCH/DELETE /api/names/:id,
 * POST /api/names/:id/score, GET/PUT /api/prospect-rubric.
 */

// ---- Categories ---------------------------------------------------------------------------------

/** The ten relationship categories of practice, in display order (labels live in the web). */
export const PlanNameCategories = [
  'relatives',
  'friends',
  'classmates',
  'spouseChildren',
  'clubs',
  'hobbies',
  'colleagues',
  'neighbours',
  'commercial',
  'referrals',
] as const;
export type PlanNameCategory = (typeof PlanNameCategories)[number];
export const PlanNameCategorySchema = z.enum(PlanNameCategories);

export const Grades = ['A', 'B', 'C'] as const;
export type Grade = (typeof Grades)[number];
export const GradeSchema = z.enum(Grades);

/** The target of Plan 100: names on the list, excluded ones not counted. */
export const PLAN100_TARGET = 100;

// ---- Names ----------------------------------------------------------------------------------------

export const PlanNameSchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  name: z.string(),
  category: PlanNameCategorySchema,
  /** Always masked (138****0000). */
  phone: z.string().nullable(),
  note: z.string().nullable(),
  /** Marked "not to approach": out of the progress count and out of card creation. */
  excluded: z.boolean(),
  score: z.number().int().nullable(),
  grade: GradeSchema.nullable(),
  /** The rubric version the score was given under; offer "re-score" when it differs from the current one. */
  rubricVersion: z.number().int().nullable(),
  /** The answers of the last scoring, criterion key → option key (to pre-fill a re-score). */
  answers: z.record(z.string(), z.string()).nullable(),
  scoredAt: z.string().nullable(),
  /** The prospect card made from this name, if any. */
  prospectId: z.string().nullable(),
  /** Another name of the same owner has the same normalised name or the same phone. */
  duplicate: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PlanName = z.infer<typeof PlanNameSchema>;

const nameText = z.string().trim().min(1).max(40);
const noteText = z.string().trim().max(500);

export const PlanNameCreateSchema = z.object({
  name: nameText,
  category: PlanNameCategorySchema,
  phone: PhoneSchema.optional(),
  note: noteText.optional(),
  excluded: z.boolean().optional(),
});
export type PlanNameCreate = z.infer<typeof PlanNameCreateSchema>;

export const PlanNamePatchSchema = z
  .object({
    name: nameText,
    category: PlanNameCategorySchema,
    phone: PhoneSchema.nullable(),
    note: noteText.nullable(),
    excluded: z.boolean(),
  })
  .partial();
export type PlanNamePatch = z.infer<typeof PlanNamePatchSchema>;

/** Sort keys of the list ("-" for descending); default newest first (-createdAt). */
export const PlanNameSorts = ['createdAt', 'name', 'score'] as const;

/**
 * The list. Without `ownerId` it is the actor's own list; a lead (prospect.read) may name a person
 * in scope (else 404). `grade=none` lists names not scored yet; `q` is a name prefix.
 */
export const PlanNameListQuerySchema = PageQuerySchema.extend({
  ownerId: IdSchema.optional(),
  category: PlanNameCategorySchema.optional(),
  grade: z.enum([...Grades, 'none']).optional(),
  excluded: z.enum(['0', '1']).optional(),
  q: z.string().trim().max(40).optional(),
});
export type PlanNameListQuery = z.output<typeof PlanNameListQuerySchema>;

export const Plan100ProgressSchema = z.object({
  /** Names on the list, excluded ones not counted. */
  count: z.number().int(),
  target: z.number().int(),
  excludedCount: z.number().int(),
  /** Counts of not-excluded names by grade; `none` = not scored yet. */
  grades: z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int(), none: z.number().int() }),
});
export type Plan100Progress = z.infer<typeof Plan100ProgressSchema>;

export const PlanNamePageSchema = pageOf(PlanNameSchema).extend({
  progress: Plan100ProgressSchema,
  /** The tenant's current rubric version (a row with another `rubricVersion` may be re-scored). */
  currentRubricVersion: z.number().int(),
});
export type PlanNamePage = z.infer<typeof PlanNamePageSchema>;

/** The export: the list's filters and order, headers in `lang`; phones masked. */
export const PlanNameExportQuerySchema = PlanNameListQuerySchema.omit({ page: true, pageSize: true }).extend({
  lang: LocaleSchema.optional(),
});
export type PlanNameExportQuery = z.output<typeof PlanNameExportQuerySchema>;

// ---- Bulk entry -------------------------------------------------------------------------------------

/**
 * Many names at once, either as objects (`names`, up to 500) or as pasted text (`text`): one name a
 * line, "name [category] [phone] [note]". Fields are separated by a tab or a comma (, ，) when the
 * line has one, else by spaces. The first field is the name; of the others, the first that is a
 * category (code or Chinese/English label: 亲戚, 朋友, 同学, 同事, 邻居 …) is the category, the
 * first that looks like a phone number is the phone, the rest is the note. A line without a
 * category gets `defaultCategory` (else `referrals`, "referrals/other"). Blank lines are skipped;
 * at most 500 names.
 *
 * The rule: by default all or nothing — if any line is bad the answer is 400 VALIDATION_FAILED,
 * nothing is written, and `details` names each problem as `lines.<line>.<field>` (1-based line of
 * the text, or position in `names`). With `skipInvalid=1` the good lines are written and the bad
 * ones come back in `lines` with their errors. With `dryRun=1` nothing is written and every line
 * comes back parsed (a preview).
 */
export const PlanNameBulkSchema = z.union([
  z.object({
    /** Checked line by line like the text (a bad item is a bad line, not a malformed request). */
    names: z
      .array(
        z.object({
          name: z.string().max(200),
          category: z.string().max(40).optional(),
          phone: z.string().max(40).optional(),
          note: z.string().max(2000).optional(),
        }),
      )
      .min(1)
      .max(500),
    defaultCategory: PlanNameCategorySchema.optional(),
  }),
  z.object({
    text: z.string().min(1).max(100_000),
    defaultCategory: PlanNameCategorySchema.optional(),
  }),
]);
export type PlanNameBulk = z.infer<typeof PlanNameBulkSchema>;

export const PlanNameBulkQuerySchema = z.object({
  skipInvalid: z.enum(['0', '1']).optional(),
  dryRun: z.enum(['0', '1']).optional(),
});

export const BulkLineErrorSchema = z.object({
  field: z.string(),
  message: z.string(),
  /** required, invalid, tooLong, tooMany … */
  code: z.string().optional(),
});

export const PlanNameBulkLineSchema = z.object({
  /** 1-based line of the pasted text, or position in `names`. */
  line: z.number().int(),
  name: z.string().nullable(),
  category: PlanNameCategorySchema.nullable(),
  /** Masked. */
  phone: z.string().nullable(),
  note: z.string().nullable(),
  /** Same name or phone as a name already on the list or an earlier line. */
  duplicate: z.boolean(),
  errors: z.array(BulkLineErrorSchema),
});
export type PlanNameBulkLine = z.infer<typeof PlanNameBulkLineSchema>;

export const PlanNameBulkResultSchema = z.object({
  committed: z.boolean(),
  createdCount: z.number().int(),
  skippedCount: z.number().int(),
  lines: z.array(PlanNameBulkLineSchema),
  /** The names written (empty on a dry run). */
  items: z.array(PlanNameSchema),
});
export type PlanNameBulkResult = z.infer<typeof PlanNameBulkResultSchema>;

// ---- Import (.xlsx / .csv) -------------------------------------------------------------------------

/** Columns of a name import (multipart: file, dryRun, mapping — as every import). */
export const PlanNameFieldKeys = ['name', 'category', 'phone', 'note'] as const;
export type PlanNameFieldKey = (typeof PlanNameFieldKeys)[number];

export const PlanNameImportResultSchema = ImportResultSchema.extend({
  rows: z.array(ImportRowSchema.extend({ duplicate: z.boolean() })),
});
export type PlanNameImportResult = z.infer<typeof PlanNameImportResultSchema>;

// ---- Rubric ------------------------------------------------------------------------------------------

const rubricKey = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, 'Letters, digits, _ or -, starting with a letter');

export const RubricOptionSchema = z.object({
  key: rubricKey,
  label: z.string().trim().min(1).max(60),
  labelEn: z.string().trim().min(1).max(80),
  points: z.number().int().min(0).max(100),
});
export type RubricOption = z.infer<typeof RubricOptionSchema>;

export const RubricCriterionSchema = z.object({
  key: rubricKey,
  label: z.string().trim().min(1).max(60),
  labelEn: z.string().trim().min(1).max(80),
  options: z.array(RubricOptionSchema).min(2).max(10),
});
export type RubricCriterion = z.infer<typeof RubricCriterionSchema>;

/** A tenant's rubric version: score = sum of the chosen options' points; A ≥ gradeAMin, B ≥ gradeBMin, else C. */
export const RubricSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  criteria: z.array(RubricCriterionSchema),
  gradeAMin: z.number().int(),
  gradeBMin: z.number().int(),
  /** The highest score possible (sum of each criterion's best option). */
  maxScore: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type Rubric = z.infer<typeof RubricSchema>;

/**
 * A new rubric version (prospect.configure). Criteria non-empty with unique keys, each with ≥ 2
 * options of unique keys and integer points ≥ 0; gradeAMin > gradeBMin. Stored grades stay as
 * scored.
 */
export const RubricPutSchema = z.object({
  criteria: z.array(RubricCriterionSchema).min(1).max(30),
  gradeAMin: z.number().int().min(0).max(10_000),
  gradeBMin: z.number().int().min(0).max(10_000),
});
export type RubricPut = z.infer<typeof RubricPutSchema>;

/** Scoring (or re-scoring) a name under the current rubric: one option per criterion, all answered. */
export const PlanNameScoreSchema = z.object({
  answers: z.record(z.string().max(40), z.string().max(40)),
});
export type PlanNameScore = z.infer<typeof PlanNameScoreSchema>;

export const NameIdParamsSchema = z.object({ id: IdSchema });
