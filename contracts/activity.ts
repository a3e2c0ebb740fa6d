import { z } from 'zod';
import { MonthSchema, TimeOfDaySchema } from './attendance.ts';
import { DateSchema, IdSchema, PageQuerySchema, pageOf } from './common.ts';
import { LocaleSchema } from './import.ts';
import { Roles } from './roles.ts';

/**
 * Activity management (活动量管理): activities and their points, the daily work log, plans and
 * their approval, the supervisor's review and coaching, skill self-assessment, and the figures
 * read from the per-person-per-day rollups. Points travel as numbers with at most three decimals
 * (0.2) and are stored as integer thousandths.
 */

// ---- Stages, types, points ----------------------------------------------------------------------

/** The sales funnel, in order: each step's ratio is the next step's count over this one's. */
export const FunnelStages = ['contact', 'interview', 'proposal', 'closing', 'sale'] as const;
export type FunnelStage = (typeof FunnelStages)[number];
/** Activities outside the funnel: after-sales service, recruitment, joint visits, anything else. */
export const ActivityStages = [...FunnelStages, 'service', 'recruitment', 'jointVisit', 'other'] as const;
export type ActivityStage = (typeof ActivityStages)[number];

/** Points: ≥ 0, at most 1000, in steps of 0.001 (stored as integer thousandths). */
export const PointsSchema = z
  .number()
  .min(0)
  .max(1000)
  .refine((p) => Math.abs(p * 1000 - Math.round(p * 1000)) < 1e-6, 'At most three decimals');

export const ActivityTypeSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  stage: z.enum(ActivityStages),
  /** Points in force today. */
  points: z.number(),
  /** Every dated points value, oldest first. */
  pointsHistory: z.array(z.object({ effectiveFrom: z.string(), points: z.number() })),
  active: z.boolean(),
  sortOrder: z.number().int(),
});
export type ActivityType = z.infer<typeof ActivityTypeSchema>;

export const ActivityTypeCreateSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, 'Letters, digits, _ or -, starting with a letter'),
  name: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().min(1).max(60),
  stage: z.enum(ActivityStages),
  points: PointsSchema,
  active: z.boolean().default(true),
  sortOrder: z.number().int().min(0).max(10_000).default(0),
});
/** A change of points applies from `pointsFrom` (default today); activities before keep theirs. */
export const ActivityTypePatchSchema = z
  .object({
    name: z.string().trim().min(1).max(40),
    nameEn: z.string().trim().min(1).max(60),
    stage: z.enum(ActivityStages),
    points: PointsSchema,
    pointsFrom: DateSchema,
    active: z.boolean(),
    sortOrder: z.number().int().min(0).max(10_000),
  })
  .partial();

// ---- Activities ---------------------------------------------------------------------------------

export const ActivitySchema = z.object({
  id: z.string(),
  userId: z.string(),
  userName: z.string(),
  unitId: z.string(),
  typeId: z.string(),
  typeName: z.string(),
  typeNameEn: z.string(),
  stage: z.enum(ActivityStages),
  date: z.string(),
  occurredAt: z.string(),
  points: z.number(),
  premiumFen: z.number().int().nullable(),
  prospectId: z.string().nullable(),
  prospectName: z.string().nullable(),
  outcome: z.string().nullable(),
  notes: z.string().nullable(),
  nextStep: z.string().nullable(),
  nextStepDate: z.string().nullable(),
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
  lateEntry: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Activity = z.infer<typeof ActivitySchema>;

const text = (max: number) => z.string().trim().max(max);

/**
 * Logging an activity: only the type is required; `occurredAt` defaults to now. A past day within
 * the tenant's window (default 3 days) is accepted and marked a late entry; beyond it, refused.
 */
export const ActivityCreateSchema = z.object({
  typeId: IdSchema,
  occurredAt: z.string().datetime({ offset: true }).optional(),
  /** One of the owner's prospect cards (404 otherwise): the activity then carries the card's name. */
  prospectId: IdSchema.optional(),
  prospectName: text(60).min(1).optional(),
  outcome: text(200).optional(),
  notes: text(2000).optional(),
  nextStep: text(200).optional(),
  nextStepDate: DateSchema.optional(),
  partnerId: IdSchema.optional(),
  premiumFen: z.number().int().min(0).max(1_000_000_000).optional(),
});
export type ActivityCreate = z.infer<typeof ActivityCreateSchema>;
export const ActivityPatchSchema = ActivityCreateSchema.partial().extend({
  prospectName: text(60).nullable().optional(),
  outcome: text(200).nullable().optional(),
  notes: text(2000).nullable().optional(),
  nextStep: text(200).nullable().optional(),
  nextStepDate: DateSchema.nullable().optional(),
  partnerId: IdSchema.nullable().optional(),
  premiumFen: z.number().int().min(0).max(1_000_000_000).nullable().optional(),
});
export type ActivityPatch = z.infer<typeof ActivityPatchSchema>;

export const ActivityListQuerySchema = PageQuerySchema.extend({
  userId: IdSchema.optional(),
  unitId: IdSchema.optional(),
  typeId: IdSchema.optional(),
  stage: z.enum(ActivityStages).optional(),
  from: DateSchema.optional(),
  to: DateSchema.optional(),
});
export const ActivityPageSchema = pageOf(ActivitySchema);
/** Sort keys of the activity list ("-" for descending); default newest first (-occurredAt). */
export const ActivitySorts = ['occurredAt', 'date', 'points', 'createdAt'] as const;
/** The list's filters and order as .xlsx, headers in `lang`. */
export const ActivityExportQuerySchema = ActivityListQuerySchema.omit({ page: true, pageSize: true }).extend({
  lang: LocaleSchema.optional(),
});
export type ActivityExportQuery = z.output<typeof ActivityExportQuerySchema>;
/** all=1: inactive types too (needs activity.configure); otherwise the active ones. */
export const ActivityTypeListQuerySchema = z.object({ all: z.enum(['0', '1']).optional() });

// ---- Work log -------------------------------------------------------------------------------------

export const WorkLogStatuses = ['draft', 'submitted'] as const;
export type WorkLogStatus = (typeof WorkLogStatuses)[number];

export const WorkLogCommentSchema = z.object({
  id: z.string(),
  activityId: z.string().nullable(),
  authorId: z.string(),
  authorName: z.string(),
  /** True when the author is the log's owner (an answer), false for the supervisor's comment. */
  byOwner: z.boolean(),
  body: z.string(),
  createdAt: z.string(),
});

/** A person's day: the log (which may not exist yet: status `none`) and the day's activities. */
export const WorkLogSchema = z.object({
  id: z.string().nullable(),
  userId: z.string(),
  userName: z.string(),
  unitId: z.string(),
  date: z.string(),
  status: z.enum(['none', ...WorkLogStatuses]),
  summary: z.string().nullable(),
  tomorrowPlan: z.string().nullable(),
  noActivity: z.boolean(),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  points: z.number(),
  activities: z.array(ActivitySchema),
  comments: z.array(WorkLogCommentSchema),
});
export type WorkLog = z.infer<typeof WorkLogSchema>;

export const WorkLogQuerySchema = z.object({ userId: IdSchema.optional() });
export const WorkLogPutSchema = z.object({
  summary: text(2000).nullable().optional(),
  tomorrowPlan: text(2000).nullable().optional(),
});
/** Submitting a day with no activity needs `noActivity: true`: a zero day is recorded honestly. */
export const WorkLogSubmitSchema = WorkLogPutSchema.extend({ noActivity: z.boolean().default(false) });

/** The supervisor's review list: the team's submitted logs, newest first, plan vs actual beside each. */
export const ReviewQueueQuerySchema = PageQuerySchema.extend({
  unitId: IdSchema.optional(),
  userId: IdSchema.optional(),
  reviewed: z.enum(['yes', 'no']).optional(),
  from: DateSchema.optional(),
  to: DateSchema.optional(),
});
export const ReviewQueueItemSchema = z.object({
  logId: z.string(),
  userId: z.string(),
  userName: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  date: z.string(),
  submittedAt: z.string(),
  reviewedAt: z.string().nullable(),
  noActivity: z.boolean(),
  summary: z.string().nullable(),
  activities: z.number().int(),
  points: z.number(),
  /** The day's planned points from the person's approved (or draft) plans and the team standard. */
  plannedPoints: z.number(),
  comments: z.number().int(),
});
export const ReviewQueuePageSchema = pageOf(ReviewQueueItemSchema);

/** A review marks the log reviewed; a comment may come with it (on the log or one of its activities). */
export const ReviewCreateSchema = z.object({
  comment: text(2000).min(1).optional(),
  activityId: IdSchema.optional(),
});
/** A comment without a review: the supervisor's further note, or the owner's answer. */
export const CommentCreateSchema = z.object({
  body: text(2000).min(1),
  activityId: IdSchema.optional(),
});

// ---- Coaching ---------------------------------------------------------------------------------------

export const CoachingSchema = z.object({
  id: z.string(),
  userId: z.string(),
  userName: z.string(),
  coachId: z.string(),
  coachName: z.string(),
  logId: z.string().nullable(),
  date: z.string(),
  topic: z.string(),
  agreed: z.string(),
  followUpDate: z.string().nullable(),
  reply: z.string().nullable(),
  repliedAt: z.string().nullable(),
  followedUpAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Coaching = z.infer<typeof CoachingSchema>;
export const CoachingCreateSchema = z.object({
  userId: IdSchema,
  logId: IdSchema.optional(),
  date: DateSchema.optional(),
  topic: text(200).min(1),
  agreed: text(2000).min(1),
  followUpDate: DateSchema.optional(),
});
/** The coach edits the record or marks the follow-up done; the coached person answers (`reply`). */
export const CoachingPatchSchema = z
  .object({
    topic: text(200).min(1),
    agreed: text(2000).min(1),
    followUpDate: DateSchema.nullable(),
    followedUp: z.boolean(),
    reply: text(2000).min(1),
  })
  .partial();
export const CoachingListQuerySchema = PageQuerySchema.extend({
  userId: IdSchema.optional(),
  unitId: IdSchema.optional(),
  from: DateSchema.optional(),
  to: DateSchema.optional(),
});
export const CoachingPageSchema = pageOf(CoachingSchema);

// ---- Plans and team standards ---------------------------------------------------------------------

export const PlanKinds = ['week', 'month'] as const;
export type PlanKind = (typeof PlanKinds)[number];
export const PlanStatuses = ['draft', 'submitted', 'approved', 'returned'] as const;
export type PlanStatus = (typeof PlanStatuses)[number];
export const PlanTiers = ['target', 'sprint', 'challenge'] as const;
export type PlanTier = (typeof PlanTiers)[number];

/** A week is named by its Monday (YYYY-MM-DD), a month by its work month (YYYY-MM). */
export const PlanPeriodSchema = z.union([DateSchema, MonthSchema]);

const count = z.number().int().min(0).max(10_000);
export const PlanItemSchema = z.object({ typeId: IdSchema, target: count, sprint: count, challenge: count });
export type PlanItem = z.infer<typeof PlanItemSchema>;

export const PlanSchema = z.object({
  id: z.string().nullable(),
  userId: z.string(),
  userName: z.string(),
  kind: z.enum(PlanKinds),
  period: z.string(),
  from: z.string(),
  to: z.string(),
  /** `none` with items pre-filled from the team standard when nothing is saved yet. */
  status: z.enum(['none', ...PlanStatuses]),
  items: z.array(PlanItemSchema),
  targetPoints: z.number(),
  sprintPoints: z.number(),
  challengePoints: z.number(),
  note: z.string().nullable(),
  reviewComment: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
});
export type Plan = z.infer<typeof PlanSchema>;

export const PlanParamsSchema = z.object({ kind: z.enum(PlanKinds), period: PlanPeriodSchema });
export const PlanQuerySchema = z.object({ userId: IdSchema.optional() });
export const PlanPutSchema = z.object({
  items: z.array(PlanItemSchema).max(50),
  targetPoints: PointsSchema.optional(),
  sprintPoints: PointsSchema.optional(),
  challengePoints: PointsSchema.optional(),
  note: text(1000).nullable().optional(),
});
/** The supervisor approves (optionally adjusting the items) or returns the plan with a comment. */
export const PlanDecisionSchema = z.object({
  decision: z.enum(['approve', 'return']),
  comment: text(1000).optional(),
  items: z.array(PlanItemSchema).max(50).optional(),
  targetPoints: PointsSchema.optional(),
  sprintPoints: PointsSchema.optional(),
  challengePoints: PointsSchema.optional(),
});
export const TeamPlansQuerySchema = z.object({ unitId: IdSchema, kind: z.enum(PlanKinds), period: PlanPeriodSchema });

/** A team standard per workday (e.g. 日行三访: 3 interviews), pre-filling plans below its unit. */
export const StandardSchema = z.object({
  scopeKey: z.string(),
  /** The unit whose standard applies (its own or the nearest ancestor's); null: the tenant's. */
  inheritedFrom: z.string().nullable(),
  /** Where it comes from: a unit's own (or an ancestor's), the tenant's, or the default of practice (日行三访). */
  source: z.enum(['unit', 'tenant', 'default']),
  items: z.array(z.object({ typeId: IdSchema, perWorkday: z.number().min(0).max(100) })).max(50),
  pointsPerWorkday: z.number(),
});
export type Standard = z.infer<typeof StandardSchema>;

/** The plans of a unit's people for one period: a row per person, `none` pre-filled for those without. */
export const TeamPlanSchema = PlanSchema.extend({
  unitId: z.string(),
  unitName: z.string(),
  /** Points earned in the period so far (from the rollups). */
  actualPoints: z.number(),
});
export const TeamPlansSchema = z.object({
  unitId: z.string(),
  unitName: z.string(),
  kind: z.enum(PlanKinds),
  period: z.string(),
  from: z.string(),
  to: z.string(),
  items: z.array(TeamPlanSchema),
});
export type TeamPlans = z.infer<typeof TeamPlansSchema>;
export const StandardPutSchema = z.object({
  items: z.array(z.object({ typeId: IdSchema, perWorkday: z.number().min(0).max(100) })).max(50),
  pointsPerWorkday: PointsSchema,
});

// ---- Settings -----------------------------------------------------------------------------------------

export const ActivitySettingsSchema = z.object({
  /** Days back an activity may still be logged (as a late entry); 0: today only. */
  backdateDays: z.number().int().min(0).max(31),
  /** The evening time after which an agent without a submitted log is reminded. */
  logReminderAt: TimeOfDaySchema,
  /** Hours after submission after which an unreviewed log reminds the supervisor. */
  reviewReminderHours: z.number().int().min(1).max(168),
  /** Roles whose members log activities and are counted in the figures. */
  loggingRoles: z.array(z.enum(Roles)).min(1),
});
export type ActivitySettings = z.infer<typeof ActivitySettingsSchema>;
export const ActivitySettingsPatchSchema = ActivitySettingsSchema.partial();

// ---- Skill self-assessment ------------------------------------------------------------------------------

export const Skills = ['approach', 'factFinding', 'presentation', 'objectionHandling', 'closing', 'referral'] as const;
export type Skill = (typeof Skills)[number];
const rating = z.number().int().min(1).max(5);
export const SkillRatingsSchema = z.object({
  approach: rating,
  factFinding: rating,
  presentation: rating,
  objectionHandling: rating,
  closing: rating,
  referral: rating,
});
export type SkillRatings = z.infer<typeof SkillRatingsSchema>;
export const SkillAssessmentSchema = z.object({
  id: z.string(),
  userId: z.string(),
  userName: z.string(),
  period: z.string(),
  self: SkillRatingsSchema.nullable(),
  selfNote: z.string().nullable(),
  selfAt: z.string().nullable(),
  supervisor: SkillRatingsSchema.nullable(),
  supervisorNote: z.string().nullable(),
  supervisorName: z.string().nullable(),
  supervisorAt: z.string().nullable(),
});
export type SkillAssessment = z.infer<typeof SkillAssessmentSchema>;
/** The person rates themself; a reviewer (their supervisor) rates beside it. Period: a month. */
export const SkillPutSchema = z.object({ ratings: SkillRatingsSchema, note: text(1000).optional() });
export const SkillParamsSchema = z.object({ period: MonthSchema });
export const SkillQuerySchema = z.object({ userId: IdSchema.optional(), months: z.coerce.number().int().min(1).max(24).default(12) });
/** A person's assessments of the last `months` months that have one, oldest first. */
export const SkillTrendSchema = z.array(SkillAssessmentSchema);

// ---- Figures: summary, funnel, leaderboard, today ----------------------------------------------------

export const FunnelSchema = z.object({
  contact: z.number().int(),
  interview: z.number().int(),
  proposal: z.number().int(),
  closing: z.number().int(),
  sale: z.number().int(),
});
export type Funnel = z.infer<typeof FunnelSchema>;
/** Step ratios contact→interview, interview→proposal, proposal→closing, closing→sale; null when the base is 0. */
export const FunnelRatiosSchema = z.array(z.number().nullable()).length(4);

export const SummaryFiguresSchema = z.object({
  activities: z.number().int(),
  points: z.number(),
  plannedPoints: z.number(),
  /** actual ÷ planned points; null without a plan. Every ratio of the figures has four decimal places. */
  achievement: z.number().nullable(),
  funnel: FunnelSchema,
  premiumFen: z.number().int(),
  workdays: z.number().int(),
  logsSubmitted: z.number().int(),
  logsReviewed: z.number().int(),
  logsReviewedIn24h: z.number().int(),
  /** Workdays with a submitted log ÷ workdays (per person; for a group, over person-workdays). */
  submissionRate: z.number().nullable(),
  /** Logs reviewed within 24 h ÷ logs submitted. */
  reviewRate: z.number().nullable(),
});
export type SummaryFigures = z.infer<typeof SummaryFiguresSchema>;

export const SummaryRowSchema = SummaryFiguresSchema.extend({
  /** An agent's row, or (for a unit's children rows) a unit's. */
  id: z.string(),
  name: z.string(),
  kind: z.enum(['person', 'unit']),
  unitName: z.string(),
  /** Per type: count done and planned. */
  byType: z.record(z.string(), z.object({ done: z.number().int(), planned: z.number().int() })),
  funnelRatios: FunnelRatiosSchema,
  /** The funnel step (0–3) where this row falls furthest below its team's ratio; null: none below. */
  weakestStep: z.number().int().min(0).max(3).nullable(),
  /** People counted (1 for a person); active = with at least one activity in the period. */
  people: z.number().int(),
  activePeople: z.number().int(),
});
export type SummaryRow = z.infer<typeof SummaryRowSchema>;

/** A row of the lean form: what the client derives is left out. */
export type LeanSummaryRow = Omit<SummaryRow, 'achievement' | 'reviewRate' | 'funnelRatios'>;

/**
 * A ratio as the figures send it: four decimal places (0.01 %), as no screen or sheet shows more,
 * and the digits past them made up a third of a department's summary on the wire.
 */
export function roundRatio(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10_000) / 10_000;
}

/** part ÷ whole as the figures send it (roundRatio); null when there is no whole. */
export function figureRatio(part: number, whole: number): number | null {
  return whole > 0 ? roundRatio(part / whole) : null;
}

/** The conversion of each funnel step (interviews ÷ contacts, …), as the figures send it. */
export function funnelStepRatios(f: Funnel): (number | null)[] {
  const out: (number | null)[] = [];
  for (let i = 0; i < FunnelStages.length - 1; i++) out.push(figureRatio(f[FunnelStages[i + 1]!], f[FunnelStages[i]!]));
  return out;
}

/** A lean row with the ratios that follow from its counts: equal to the row of the full form. */
export function completeLeanRow(r: LeanSummaryRow): SummaryRow {
  return {
    ...r,
    // Points travel as thousandths turned decimal: back to integers, so the division is the server's.
    achievement: figureRatio(Math.round(r.points * 1000), Math.round(r.plannedPoints * 1000)),
    reviewRate: figureRatio(r.logsReviewedIn24h, r.logsSubmitted),
    funnelRatios: funnelStepRatios(r.funnel),
  };
}

export const SummaryPeriods = ['day', 'week', 'month', 'quarter', 'custom'] as const;
export const SummarySorts = ['points', 'activities', 'achievement', 'submissionRate', 'reviewRate', 'name', 'sales'] as const;
/**
 * Totals over the whole unit plus one page of rows, sorted and searched on the server (the rows
 * are computed once per unit and period and kept; a page is cut from them). pageSize up to 1000
 * returns a department of 500 in one answer.
 */
export const SummaryQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(50),
  /** One of SummarySorts, "-" for descending. */
  sort: z.string().max(32).optional(),
  q: z.string().trim().max(50).optional(),
  unitId: IdSchema,
  /** A day, the week of `date`, the work month of `date`, its quarter, or `from`–`to`. */
  period: z.enum(SummaryPeriods).default('month'),
  date: DateSchema.optional(),
  from: DateSchema.optional(),
  to: DateSchema.optional(),
  /** Rows per person in the unit's subtree, or per child unit (departments of a company). */
  rows: z.enum(['people', 'units']).default('people'),
  /**
   * full (default): every figure of every row. lean: rows without their counts per type (byType
   * empty) and without the ratios that follow from their own counts — achievement, reviewRate and
   * funnelRatios, which `completeLeanRow` puts back exactly — a third of the size of the full answer
   * without byType, for a table that does not show the counts per type.
   */
  form: z.enum(['full', 'lean']).default('full'),
});
export const SummarySchema = z.object({
  unitId: z.string(),
  unitName: z.string(),
  from: z.string(),
  to: z.string(),
  totals: SummaryFiguresSchema.extend({
    funnelRatios: FunnelRatiosSchema,
    people: z.number().int(),
    activePeople: z.number().int(),
    /** Active people ÷ people. */
    activityRate: z.number().nullable(),
    pointsPerPerson: z.number().nullable(),
  }),
  rows: z.array(SummaryRowSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Activity types that appear in `byType`, in the tenant's order. */
  types: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string(), stage: z.enum(ActivityStages) })),
});
export type Summary = z.infer<typeof SummarySchema>;
/** The summary's filters and sort without paging, as .xlsx with headers in `lang`. */
export const SummaryExportQuerySchema = SummaryQuerySchema.omit({ page: true, pageSize: true }).extend({
  lang: LocaleSchema.optional(),
});
export type SummaryExportQuery = z.output<typeof SummaryExportQuerySchema>;

export const TrendQuerySchema = z.object({
  unitId: IdSchema.optional(),
  userId: IdSchema.optional(),
  /** Points and activities per day (last 30), week (last 12) or work month (last 6). */
  grain: z.enum(['day', 'week', 'month']).default('week'),
});
export const ActivityTrendSchema = z.array(
  z.object({ period: z.string(), from: z.string(), to: z.string(), activities: z.number().int(), points: z.number(), plannedPoints: z.number() }),
);

export const LeaderboardQuerySchema = z.object({
  unitId: IdSchema.optional(),
  period: z.enum(['week', 'month']).default('week'),
  date: DateSchema.optional(),
  by: z.enum(['points', 'sales']).default('points'),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});
export const LeaderboardSchema = z.object({
  unitId: z.string(),
  unitName: z.string(),
  period: z.enum(['week', 'month']),
  from: z.string(),
  to: z.string(),
  by: z.enum(['points', 'sales']),
  rows: z.array(
    z.object({
      rank: z.number().int(),
      userId: z.string(),
      userName: z.string(),
      unitName: z.string(),
      points: z.number(),
      sales: z.number().int(),
      premiumFen: z.number().int(),
      activities: z.number().int(),
    }),
  ),
  /** The reader's own row when they are ranked but beyond `limit`. */
  me: z.object({ rank: z.number().int(), points: z.number(), sales: z.number().int() }).nullable(),
});
export type Leaderboard = z.infer<typeof LeaderboardSchema>;

/** The agent's today page: plan vs done, the day's log, points, rank, feedback not yet seen. */
export const ActivityTodaySchema = z.object({
  date: z.string(),
  workday: z.boolean(),
  log: WorkLogSchema,
  plannedToday: z.array(z.object({ typeId: z.string(), planned: z.number(), done: z.number().int() })),
  plannedPoints: z.number(),
  weekPoints: z.number(),
  weekPlannedPoints: z.number(),
  monthPoints: z.number(),
  /** Rank by points in the team this week, of how many. */
  teamRank: z.object({ rank: z.number().int(), of: z.number().int() }).nullable(),
  /** Comments and coaching received in the last 7 days. */
  feedback: z.array(
    z.object({ kind: z.enum(['comment', 'review', 'coaching']), at: z.string(), by: z.string(), text: z.string(), date: z.string(), logId: z.string().nullable(), coachingId: z.string().nullable() }),
  ),
  /** The most used types first, for the three-tap log. */
  quickTypes: z.array(z.string()),
  /** The person's own prospects most recently visited, for the three-tap log. */
  recentProspects: z.array(z.object({ prospectId: z.string().nullable(), name: z.string() })),
  backdateDays: z.number().int(),
});
export type ActivityToday = z.infer<typeof ActivityTodaySchema>;
