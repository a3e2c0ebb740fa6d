import { z } from 'zod';
import { DateSchema, IdSchema, PageQuerySchema, pageOf } from './common.ts';
import { LocaleSchema } from './import.ts';
import { GradeSchema } from './plan100.ts';

/**
 * Supervisor spot-check (不定期抽查准主顾卡的质与量): the quantity and quality of each agent's
 * prospect cards against the standard (keep ≥ 50 on hand, add 30 a month), and random samples of
 * an agent's cards reviewed with comments the agent sees. Needs `prospect.spotCheck` (supervisors,
 * managers), within their scope; the agent reads their own checks (`/api/spot-checks/mine`).
 *
 * "Cards on hand": the agent's prospects not signed and not lost, not erased.
 *
 * Routes: GET /api/spot-checks/overview (+ /export), GET/POST /api/spot-checks (+ GET /export), GET /api/spot-checks/:id,
 * POST /api/spot-checks/:id/items/:itemId/comment, GET /api/spot-checks/mine, POST /api/spot-checks/:id/seen.
 */

/** Sort keys of the overview ("-" for descending); default agent name. */
export const SpotCheckOverviewSorts = [
  'agentName',
  'onHand',
  'newThisWeek',
  'newThisMonth',
  'abShare',
  'lastCheckAt',
] as const;

/** Per agent in the actor's scope (under `unitId` when given), the week (Mon–Sun) and calendar month of `date` (default today). */
export const SpotCheckOverviewQuerySchema = PageQuerySchema.extend({
  unitId: IdSchema.optional(),
  date: DateSchema.optional(),
  /** Agent name contains. */
  q: z.string().trim().max(40).optional(),
});
export type SpotCheckOverviewQuery = z.output<typeof SpotCheckOverviewQuerySchema>;

export const SpotCheckOverviewExportQuerySchema = SpotCheckOverviewQuerySchema.omit({
  page: true,
  pageSize: true,
}).extend({ lang: LocaleSchema.optional() });
export type SpotCheckOverviewExportQuery = z.output<typeof SpotCheckOverviewExportQuerySchema>;

export const SpotCheckStandardsSchema = z.object({
  /** Cards to keep on hand (default 50). */
  onHand: z.number().int(),
  /** New cards a month (default 30). */
  monthly: z.number().int(),
});
export type SpotCheckStandards = z.infer<typeof SpotCheckStandardsSchema>;

export const SpotCheckOverviewRowSchema = z.object({
  agentId: z.string(),
  agentName: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  onHand: z.number().int(),
  newThisWeek: z.number().int(),
  newThisMonth: z.number().int(),
  /** onHand ≥ standards.onHand */
  meetsOnHand: z.boolean(),
  /** newThisMonth ≥ standards.monthly */
  meetsMonthly: z.boolean(),
  /** Cards on hand graded A or B. */
  abCount: z.number().int(),
  /** abCount / onHand (0–1), null without cards on hand. */
  abShare: z.number().nullable(),
  /** The latest spot-check of this agent (instant), if any. */
  lastCheckAt: z.string().nullable(),
});
export type SpotCheckOverviewRow = z.infer<typeof SpotCheckOverviewRowSchema>;

export const SpotCheckOverviewSchema = pageOf(SpotCheckOverviewRowSchema).extend({
  date: z.string(),
  weekFrom: z.string(),
  weekTo: z.string(),
  monthFrom: z.string(),
  monthTo: z.string(),
  standards: SpotCheckStandardsSchema,
});
export type SpotCheckOverview = z.infer<typeof SpotCheckOverviewSchema>;

// ---- Samples ---------------------------------------------------------------------------------------

/** Draw `size` cards at random (uniform, without repetition) from the agent's cards on hand. */
export const SpotCheckCreateSchema = z.object({
  agentId: IdSchema,
  size: z.number().int().min(1).max(50).default(5),
});
export type SpotCheckCreate = z.input<typeof SpotCheckCreateSchema>;

export const SpotCheckCardSchema = z.object({
  prospectId: z.string(),
  name: z.string(),
  /** Masked. */
  phone: z.string().nullable(),
  grade: GradeSchema.nullable(),
  score: z.number().int().nullable(),
  /** The card's funnel stage code (see contracts/prospect.ts). */
  stage: z.string(),
  createdAt: z.string(),
  nextFollowUp: z.string().nullable(),
});
export type SpotCheckCard = z.infer<typeof SpotCheckCardSchema>;

export const SpotCheckItemSchema = z.object({
  id: z.string(),
  card: SpotCheckCardSchema,
  comment: z.string().nullable(),
  commentedAt: z.string().nullable(),
  /** When the agent marked the check seen (after this comment). */
  seenAt: z.string().nullable(),
});
export type SpotCheckItem = z.infer<typeof SpotCheckItemSchema>;

export const SpotCheckSchema = z.object({
  id: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  unitId: z.string(),
  supervisorId: z.string(),
  supervisorName: z.string(),
  /** The size asked for; fewer items when the agent had fewer cards on hand. */
  sampleSize: z.number().int(),
  itemCount: z.number().int(),
  commentedCount: z.number().int(),
  /** Comments the agent has not marked seen yet. */
  unseenCount: z.number().int(),
  createdAt: z.string(),
});
export type SpotCheck = z.infer<typeof SpotCheckSchema>;

export const SpotCheckDetailSchema = SpotCheckSchema.extend({ items: z.array(SpotCheckItemSchema) });
export type SpotCheckDetail = z.infer<typeof SpotCheckDetailSchema>;

/** History of checks in the actor's scope, newest first; `agentId` narrows to one agent. */
export const SpotCheckListQuerySchema = PageQuerySchema.extend({ agentId: IdSchema.optional() });
export type SpotCheckListQuery = z.output<typeof SpotCheckListQuerySchema>;
export const SpotCheckPageSchema = pageOf(SpotCheckSchema);

/** The history as .xlsx: the list's filter, scope and order (newest first), every row; headers in `lang`. */
export const SpotCheckExportQuerySchema = SpotCheckListQuerySchema.omit({ page: true, pageSize: true, sort: true }).extend({
  lang: LocaleSchema.optional(),
});
export type SpotCheckExportQuery = z.output<typeof SpotCheckExportQuerySchema>;

/** The agent's own received checks, newest first, with their items and comments. */
export const SpotCheckMineQuerySchema = PageQuerySchema;
export const SpotCheckMinePageSchema = pageOf(SpotCheckDetailSchema).extend({
  /** Comments not yet seen across all the agent's checks. */
  unseenCount: z.number().int(),
});
export type SpotCheckMinePage = z.infer<typeof SpotCheckMinePageSchema>;

export const SpotCheckCommentSchema = z.object({ comment: z.string().trim().min(1).max(1000) });
export type SpotCheckComment = z.infer<typeof SpotCheckCommentSchema>;

export const SpotCheckItemParamsSchema = z.object({ id: IdSchema, itemId: IdSchema });
