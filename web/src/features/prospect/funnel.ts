import {
  ProspectMainStages,
  type FunnelFigures,
  type ProspectStage,
} from '../../../../contracts/prospect.ts';

/**
 * Pure helpers of the funnel page: the figures of one stage, the main line in order, and the
 * client-side order of the per-agent / per-team rows (the funnel answers every row at once).
 */

export type StageFigures = FunnelFigures['stages'][number];

export function stageOf(f: FunnelFigures, stage: ProspectStage): StageFigures | undefined {
  return f.stages.find((s) => s.stage === stage);
}

/** The main line (lead → signed) with what reached each step and the conversion into the next. */
export function mainLine(f: FunnelFigures): StageFigures[] {
  return ProspectMainStages.map(
    (stage) =>
      stageOf(f, stage) ?? { stage, reached: 0, conversionRate: null, avgDays: null, medianDays: null },
  );
}

/** Stages where a card waits (all but signed): time-in-stage is measured on these. */
export const WAITING_STAGES = ProspectMainStages.filter((s) => s !== 'signed');

/** Sort keys of the funnel table. */
export const FUNNEL_SORTS = ['name', 'cards', 'signed', 'overallRate', 'lost'] as const;
export type FunnelSort = (typeof FUNNEL_SORTS)[number];

export interface FunnelRow extends FunnelFigures {
  id: string;
  name: string;
}

function keyOf(r: FunnelRow, k: FunnelSort): string | number | null {
  switch (k) {
    case 'name':
      return r.name;
    case 'cards':
      return r.cards;
    case 'signed':
      return stageOf(r, 'signed')?.reached ?? 0;
    case 'overallRate':
      return r.overallRate;
    case 'lost':
      return r.lost.count;
  }
}

/** Rows in the order of a sort string ("-signed"); empty values (no rate) always last. */
export function sortFunnelRows(
  rows: readonly FunnelRow[],
  sort: string | undefined,
  locale = 'zh-CN',
): FunnelRow[] {
  const desc = !!sort?.startsWith('-');
  const k = (sort?.replace(/^-/, '') ?? 'name') as FunnelSort;
  if (!(FUNNEL_SORTS as readonly string[]).includes(k)) return [...rows];
  const collator = new Intl.Collator(locale);
  return [...rows].sort((a, b) => {
    const x = keyOf(a, k);
    const y = keyOf(b, k);
    if (x === null && y === null) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    const c = typeof x === 'string' && typeof y === 'string' ? collator.compare(x, y) : Number(x) - Number(y);
    return desc ? -c : c;
  });
}
