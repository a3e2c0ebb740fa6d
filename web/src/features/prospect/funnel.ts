import {
  FunnelSorts,
  ProspectMainStages,
  type FunnelFigures,
  type FunnelSort,
  type ProspectStage,
} from '../../../../contracts/prospect.ts';

/**
 * Pure helpers of the funnel page: the figures of one stage, the main line in order, and the sort
 * keys of its table (the server sorts and pages the rows).
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

/** Sort keys of the funnel table: the server sorts (and pages) the rows. */
export const FUNNEL_SORTS = FunnelSorts;
export type { FunnelSort };

export interface FunnelRow extends FunnelFigures {
  id: string;
  name: string;
}
