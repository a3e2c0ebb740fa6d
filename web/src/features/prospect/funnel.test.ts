import { describe, expect, it } from 'vitest';
import type { FunnelFigures } from '../../../../contracts/prospect.ts';
import { mainLine } from './funnel.ts';

function figures(reached: number[], overallRate: number | null, lost = 0): FunnelFigures {
  const stages = ['lead', 'appointment', 'needsAnalysis', 'proposal', 'closing', 'signed'] as const;
  return {
    cards: reached[0] ?? 0,
    stages: stages.map((stage, i) => ({
      stage,
      reached: reached[i] ?? 0,
      conversionRate: null,
      avgDays: null,
      medianDays: null,
    })),
    overallRate,
    lost: { count: lost, reasons: [] },
    paused: { count: 0, reasons: [] },
  };
}

describe('funnel helpers', () => {
  it('lists the main line in order, missing stages as zero', () => {
    const f = figures([10, 6], 0);
    f.stages = f.stages.filter((s) => s.stage !== 'proposal').reverse();
    expect(mainLine(f).map((s) => [s.stage, s.reached])).toEqual([
      ['lead', 10],
      ['appointment', 6],
      ['needsAnalysis', 0],
      ['proposal', 0],
      ['closing', 0],
      ['signed', 0],
    ]);
  });
});
