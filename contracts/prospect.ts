import { z } from 'zod';
import { ActivitySchema } from './activity.ts';
import { DateSchema, IdSchema, PageQuerySchema, pageOf } from './common.ts';
import { LocaleSchema } from './import.ts';

/**
 * Prospect cards (准主顾卡) and the sales funnel (销售漏斗). A card is made from a graded Plan 100
 * name (A or B, C on the agent's choice) or directly (a referral, a campaign, a company-assigned
 * prospect); it moves through the funnel stages, each move timestamped. Phone and ID numbers are
 * always masked in these responses (an audited reveal is a separate action).
 */

// ---- Enumerations -------------------------------------------------------------------------------

/** The funnel, in order; `paused` and `lost` are off the main line and need a reason. */
export const ProspectMainStages = ['lead', 'appointment', 'needsAnalysis', 'proposal', 'closing', 'signed'] as const;
export const ProspectStages = [...ProspectMainStages, 'paused', 'lost'] as const;
export type ProspectStage = (typeof ProspectStages)[number];
/** Stages that need a reason when a card moves into them. */
export const ProspectReasonStages = ['paused', 'lost'] as const;

/** Where a card came from: a Plan 100 name, a referral, a campaign, or assigned by the company. */
export const ProspectSources = ['plan100', 'referral', 'campaign', 'assigned'] as const;
export type ProspectSource = (typeof ProspectSources)[number];

/** Annual income, yuan a year. */
export const IncomeBands = ['under100k', '100kTo300k', '300kTo500k', '500kTo1m', 'over1m'] as const;
export type IncomeBand = (typeof IncomeBands)[number];

export const Genders = ['male', 'female'] as const;
export type Gender = (typeof Genders)[number];

export const ProspectGrades = ['A', 'B', 'C'] as const;
export type ProspectGrade = (typeof ProspectGrades)[number];

/** Sort keys of the card list ("-" for descending). Default: nextFollowUp ascending, cards without one last. */
export const ProspectSorts = ['nextFollowUp', 'createdAt', 'name', 'grade'] as const;
export const ProspectSortSchema = z
  .string()
  .regex(/^-?(nextFollowUp|createdAt|name|grade)$/, `One of ${ProspectSorts.join(', ')}, "-" for descending`);

// ---- The card -----------------------------------------------------------------------------------

export const ProspectSchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  unitId: z.string(),
  /** The Plan 100 name it was made from. */
  nameId: z.string().nullable(),
  name: z.string(),
  /** Masked: 138****5678. */
  phone: z.string().nullable(),
  /** Masked: 110***********002X. */
  idNumber: z.string().nullable(),
  gender: z.enum(Genders).nullable(),
  birthDate: z.string().nullable(),
  family: z.string().nullable(),
  occupation: z.string().nullable(),
  incomeBand: z.enum(IncomeBands).nullable(),
  needs: z.string().nullable(),
  source: z.enum(ProspectSources),
  referrerProspectId: z.string().nullable(),
  referrerCustomerId: z.string().nullable(),
  campaignRef: z.string().nullable(),
  grade: z.enum(ProspectGrades).nullable(),
  score: z.number().int().nullable(),
  rubricVersion: z.number().int().nullable(),
  stage: z.enum(ProspectStages),
  /** The reason of the current stage (paused, lost). */
  stageReason: z.string().nullable(),
  stageChangedAt: z.string(),
  nextFollowUp: z.string().nullable(),
  tags: z.array(z.string()),
  consentNote: z.string().nullable(),
  consentDate: z.string().nullable(),
  /** Set once the card is signed. */
  customerId: z.string().nullable(),
  /** Personal fields erased (PIPL): the card stays, anonymised. */
  erased: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Prospect = z.infer<typeof ProspectSchema>;

export const ProspectStageChangeSchema = z.object({
  id: z.string(),
  fromStage: z.enum(ProspectStages).nullable(),
  toStage: z.enum(ProspectStages),
  reason: z.string().nullable(),
  changedAt: z.string(),
  changedBy: z.string(),
  changedByName: z.string(),
  /** The owner's team at the time of the move. */
  unitId: z.string(),
});
export type ProspectStageChange = z.infer<typeof ProspectStageChangeSchema>;

export const ProspectRefSchema = z.object({ id: z.string(), name: z.string() });

/** GET /api/prospects/:id: the card, who referred it, whom it referred, its stage history (oldest first). */
export const ProspectDetailSchema = ProspectSchema.extend({
  /** The referring card or customer (null when not a referral or out of the reader's scope). */
  referrer: ProspectRefSchema.extend({ kind: z.enum(['prospect', 'customer']) }).nullable(),
  /** Cards that name this one as their referrer (those the reader may see). */
  referrals: z.array(ProspectRefSchema.extend({ stage: z.enum(ProspectStages) })),
  stageHistory: z.array(ProspectStageChangeSchema),
});
export type ProspectDetail = z.infer<typeof ProspectDetailSchema>;

// ---- Writing cards ------------------------------------------------------------------------------

const text = (max: number) => z.string().trim().max(max);
/** At most 10 tags, each 1–20 characters; duplicates are dropped. */
export const ProspectTagsSchema = z.array(text(20).min(1)).max(10);

/** Fields an agent keeps on a card. Phone and ID number are validated (Chinese mobile, GB 11643 ID). */
const cardFields = {
  phone: text(20),
  idNumber: text(18),
  gender: z.enum(Genders),
  birthDate: DateSchema,
  family: text(500),
  occupation: text(100),
  incomeBand: z.enum(IncomeBands),
  needs: text(1000),
  nextFollowUp: DateSchema,
  tags: ProspectTagsSchema,
  consentNote: text(500),
  consentDate: DateSchema,
};

/**
 * Making a card. Either from a Plan 100 name — `{nameId, allowGradeC?, ...fields}`: the name's
 * name, phone, grade, score and rubric version are copied (a phone in the body wins); grade A or B,
 * or C with allowGradeC — or directly — `{name, source, ...}`: source referral needs exactly one of
 * referrerProspectId / referrerCustomerId, campaign needs campaignRef, plan100 needs a nameId.
 * `ownerId` (prospect.handover: staff, managers) makes the card for an agent in scope.
 */
export const ProspectCreateSchema = z
  .object({
    nameId: IdSchema.optional(),
    allowGradeC: z.boolean().optional(),
    name: text(60).min(1).optional(),
    source: z.enum(ProspectSources).optional(),
    referrerProspectId: IdSchema.optional(),
    referrerCustomerId: IdSchema.optional(),
    campaignRef: text(100).min(1).optional(),
    /** A direct card's grade, when the agent judged it without scoring. */
    grade: z.enum(ProspectGrades).optional(),
    ownerId: IdSchema.optional(),
    phone: cardFields.phone.optional(),
    idNumber: cardFields.idNumber.optional(),
    gender: cardFields.gender.optional(),
    birthDate: cardFields.birthDate.optional(),
    family: cardFields.family.optional(),
    occupation: cardFields.occupation.optional(),
    incomeBand: cardFields.incomeBand.optional(),
    needs: cardFields.needs.optional(),
    nextFollowUp: cardFields.nextFollowUp.optional(),
    tags: cardFields.tags.optional(),
    consentNote: cardFields.consentNote.optional(),
    consentDate: cardFields.consentDate.optional(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.nameId) {
      if (v.source && v.source !== 'plan100') issue('source', 'A card made from a name has source plan100');
      if (v.grade) issue('grade', 'The grade of a name is its score');
    } else {
      if (!v.name) issue('name', 'Required unless nameId is given');
      if (!v.source) issue('source', 'Required unless nameId is given');
      if (v.source === 'plan100') issue('nameId', 'A plan100 card is made from a name');
      if (v.allowGradeC !== undefined) issue('allowGradeC', 'Only with nameId');
    }
    if (v.source === 'referral') {
      if (!v.referrerProspectId === !v.referrerCustomerId)
        issue('referrerProspectId', 'A referral names exactly one referrer: referrerProspectId or referrerCustomerId');
    } else if (v.referrerProspectId || v.referrerCustomerId) issue('referrerProspectId', 'Only for source referral');
    if (v.source === 'campaign' && !v.campaignRef) issue('campaignRef', 'Required for source campaign');
    if (v.source !== 'campaign' && v.campaignRef) issue('campaignRef', 'Only for source campaign');
  });
export type ProspectCreate = z.infer<typeof ProspectCreateSchema>;

/** PATCH /api/prospects/:id: any of the card's own fields; null clears one. */
export const ProspectPatchSchema = z
  .object({
    name: text(60).min(1),
    phone: cardFields.phone.nullable(),
    idNumber: cardFields.idNumber.nullable(),
    gender: cardFields.gender.nullable(),
    birthDate: cardFields.birthDate.nullable(),
    family: cardFields.family.nullable(),
    occupation: cardFields.occupation.nullable(),
    incomeBand: cardFields.incomeBand.nullable(),
    needs: cardFields.needs.nullable(),
    nextFollowUp: cardFields.nextFollowUp.nullable(),
    tags: cardFields.tags,
    consentNote: cardFields.consentNote.nullable(),
    consentDate: cardFields.consentDate.nullable(),
  })
  .partial();
export type ProspectPatch = z.infer<typeof ProspectPatchSchema>;

// ---- Lists --------------------------------------------------------------------------------------

/** A repeated query parameter (grade=A&grade=B) or a comma-separated one (grade=A,B). */
function multi<T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').filter((s) => s !== '') : v),
    z.array(z.enum(values)).max(values.length * 2),
  );
}

export const ProspectListQuerySchema = PageQuerySchema.extend({
  ownerId: IdSchema.optional(),
  /** The unit and its sub-units (the owners' current teams). */
  unitId: IdSchema.optional(),
  grade: multi(ProspectGrades).optional(),
  stage: multi(ProspectStages).optional(),
  /** Name prefix. */
  q: z.string().trim().min(1).max(60).optional(),
  /** Next follow-up on or before this date. */
  followUpBefore: DateSchema.optional(),
  sort: ProspectSortSchema.optional(),
});
export type ProspectListQuery = z.output<typeof ProspectListQuerySchema>;
/**
 * A card as lists show it: what a row of the agent's list or a manager's search needs, without the
 * personal details only the card itself shows (ID number, birth date, family, income, consent).
 * Lists are the busiest reads of the module; each field left out is a column less read per row.
 */
export const ProspectListItemSchema = ProspectSchema.pick({
  id: true,
  ownerId: true,
  ownerName: true,
  unitId: true,
  nameId: true,
  name: true,
  phone: true,
  source: true,
  grade: true,
  score: true,
  stage: true,
  stageReason: true,
  nextFollowUp: true,
  tags: true,
  needs: true,
  customerId: true,
  erased: true,
  createdAt: true,
  updatedAt: true,
});
export type ProspectListItem = z.infer<typeof ProspectListItemSchema>;
export const ProspectPageSchema = pageOf(ProspectListItemSchema);
export type ProspectPage = z.infer<typeof ProspectPageSchema>;

/** The list's filters and order as .xlsx (phone and ID masked), headers in `lang`. */
export const ProspectExportQuerySchema = ProspectListQuerySchema.omit({ page: true, pageSize: true }).extend({
  lang: LocaleSchema.optional(),
});
export type ProspectExportQuery = z.output<typeof ProspectExportQuerySchema>;

/** GET /api/prospects/:id/activities: the card's activities, newest first. */
export const ProspectActivitiesQuerySchema = PageQuerySchema.omit({ sort: true });
export const ProspectActivityPageSchema = pageOf(ActivitySchema);

// ---- The funnel: stage moves, the board, the figures ---------------------------------------------

/**
 * POST /api/prospects/:id/stage: any move except to the card's own stage (422 PROSPECT_SAME_STAGE);
 * paused and lost need a reason (400). `at` (default now) may be backdated, not before the card's
 * last move nor in the future. Moving to signed makes the customer (or reuses the card's).
 */
export const ProspectStageMoveSchema = z
  .object({
    stage: z.enum(ProspectStages),
    reason: text(200).min(1).optional(),
    at: z.string().datetime({ offset: true }).optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.stage === 'paused' || v.stage === 'lost') && !v.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'A reason is required for paused and lost' });
  });
export type ProspectStageMove = z.infer<typeof ProspectStageMoveSchema>;

/** GET /api/prospects/board: an agent's cards by stage (own by default; ownerId with prospect.read). */
export const ProspectBoardQuerySchema = z.object({ ownerId: IdSchema.optional() });
export const ProspectBoardColumnSchema = z.object({
  stage: z.enum(ProspectStages),
  count: z.number().int(),
  /** The first 50 by next follow-up (cards without one last). */
  items: z.array(ProspectSchema),
});
export const ProspectBoardSchema = z.object({
  ownerId: z.string(),
  columns: z.array(ProspectBoardColumnSchema),
});
export type ProspectBoard = z.infer<typeof ProspectBoardSchema>;
export const BOARD_COLUMN_SIZE = 50;

/** Main stages whose conversion into the next one a funnel table sorts by (all but signed). */
export const FunnelRateStages = ['lead', 'appointment', 'needsAnalysis', 'proposal', 'closing'] as const;
/** Stages whose time spent in them a funnel table sorts by (where a card waits). */
export const FunnelDaysStages = [...FunnelRateStages, 'paused'] as const;
/**
 * Sort keys of the funnel's rows ("-" for descending; default: by name). signed, lost and paused:
 * the counts; overallRate: lead → signed; `<stage>Rate`: conversion from the stage into the next;
 * `<stage>Days`: average days in the stage. Rows without a value (no rate) come last either way.
 */
export const FunnelSorts = [
  'name',
  'cards',
  'signed',
  'overallRate',
  'lost',
  'paused',
  ...FunnelRateStages.map((s) => `${s}Rate` as const),
  ...FunnelDaysStages.map((s) => `${s}Days` as const),
] as const;
export type FunnelSort = (typeof FunnelSorts)[number];
type FunnelSortParam = FunnelSort | `-${FunnelSort}`;
const FunnelSortParams = [...FunnelSorts, ...FunnelSorts.map((s) => `-${s}` as const)] as [
  FunnelSortParam,
  ...FunnelSortParam[],
];
export const FunnelSortSchema = z.enum(FunnelSortParams);

/**
 * GET /api/prospects/funnel: the period's stage moves (dates in the tenant's zone, both included;
 * at most 366 days). unitId (default: the reader's scope; an agent sees their own) and its sub-units,
 * filed under the owner's team of the day. The totals and the team rows come whole; the agent rows
 * one page at a time, in `sort`, searched by name with `q`.
 */
export const ProspectFunnelQuerySchema = z.object({
  unitId: IdSchema.optional(),
  from: DateSchema,
  to: DateSchema,
  page: z.coerce.number().int().min(1).default(1),
  /** Up to 1000: a department of 500 agents in one answer. */
  pageSize: z.coerce.number().int().min(1).max(1000).default(20),
  sort: FunnelSortSchema.optional(),
  /** A part of the agent's name (case-insensitive). */
  q: z.string().trim().max(50).optional(),
  /**
   * Which rows the answer carries beside the totals: a page of the agents, every team, or both
   * (default). A page showing one of them need not carry the other (a department's fifty team rows
   * are most of its answer).
   */
  rows: z.enum(['agents', 'teams', 'both']).optional(),
});
export type ProspectFunnelQuery = z.output<typeof ProspectFunnelQuerySchema>;
/** Every agent row (no paging, no search), in `sort`; headers in `lang`. */
export const ProspectFunnelExportQuerySchema = ProspectFunnelQuerySchema.omit({ page: true, pageSize: true, q: true, rows: true }).extend({
  lang: LocaleSchema.optional(),
});
export type ProspectFunnelExportQuery = z.output<typeof ProspectFunnelExportQuerySchema>;

export const FunnelStageFiguresSchema = z.object({
  stage: z.enum(ProspectStages),
  /** Cards that entered this stage or a later one of the main line in the period (paused/lost: moves into it). */
  reached: z.number().int(),
  /** reached of the next main stage / reached of this one; null for the last stage, paused, lost, or none reached. */
  conversionRate: z.number().nullable(),
  /** Days between entering the stage (in the period) and leaving it; still there: up to the period's end. */
  avgDays: z.number().nullable(),
  medianDays: z.number().nullable(),
});
export const FunnelReasonCountSchema = z.object({ reason: z.string(), count: z.number().int() });
export const FunnelFiguresSchema = z.object({
  /** Cards with at least one stage move in the period. */
  cards: z.number().int(),
  /** Main stages in order, then paused and lost. */
  stages: z.array(FunnelStageFiguresSchema),
  /** lead → signed: signed reached / lead reached. */
  overallRate: z.number().nullable(),
  lost: z.object({ count: z.number().int(), reasons: z.array(FunnelReasonCountSchema) }),
  paused: z.object({ count: z.number().int(), reasons: z.array(FunnelReasonCountSchema) }),
});
export type FunnelFigures = z.infer<typeof FunnelFiguresSchema>;
export const ProspectFunnelSchema = z.object({
  from: z.string(),
  to: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  totals: FunnelFiguresSchema,
  /** One page of the rows per agent with moves in the period (matching q), in `sort` (default: by name). */
  agents: z.array(FunnelFiguresSchema.extend({ userId: z.string(), name: z.string() })),
  /** Agent rows matching q, all pages. */
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /**
   * One row per direct sub-team of the unit (its subtree), when it has some: all of them, in `sort`
   * (default: as the org chart).
   */
  teams: z.array(FunnelFiguresSchema.extend({ unitId: z.string(), name: z.string() })),
  /** How many team rows there are (also when `rows` left them out). */
  teamTotal: z.number().int(),
});
export type ProspectFunnel = z.infer<typeof ProspectFunnelSchema>;
