import type {
  ActivityStage,
  FunnelStage,
  SummaryPeriods,
  SummarySorts,
} from '../../../../contracts/activity.ts';

// Zod-free mirrors of the activity enums these pages show (see lib/enums.ts for why);
// `satisfies Record<…, true>` breaks the build when the contract changes.
const keysOf = <K extends string>(rec: Record<K, true>) => Object.keys(rec) as K[];

/** The funnel in order: contact → interview → proposal → closing → sale. */
export const FUNNEL_STAGES = keysOf({
  contact: true,
  interview: true,
  proposal: true,
  closing: true,
  sale: true,
} satisfies Record<FunnelStage, true>);

export const ACTIVITY_STAGES: readonly ActivityStage[] = [
  ...FUNNEL_STAGES,
  ...keysOf({ service: true, recruitment: true, jointVisit: true, other: true } satisfies Record<
    Exclude<ActivityStage, FunnelStage>,
    true
  >),
];

export const STAGE_COLORS: Record<ActivityStage, string> = {
  contact: 'blue',
  interview: 'cyan',
  proposal: 'geekblue',
  closing: 'purple',
  sale: 'green',
  service: 'gold',
  recruitment: 'magenta',
  jointVisit: 'orange',
  other: 'default',
};

export type SummaryPeriod = (typeof SummaryPeriods)[number];
export const SUMMARY_PERIODS = keysOf({
  day: true,
  week: true,
  month: true,
  quarter: true,
  custom: true,
} satisfies Record<SummaryPeriod, true>);

export type SummaryRowsMode = 'people' | 'units';

/** The summary's server-side sorts (contracts SummarySorts), mirrored without zod. */
export type SummarySort = (typeof SummarySorts)[number];
export const SUMMARY_SORTS = keysOf({
  points: true,
  activities: true,
  achievement: true,
  submissionRate: true,
  reviewRate: true,
  name: true,
  sales: true,
} satisfies Record<SummarySort, true>);
