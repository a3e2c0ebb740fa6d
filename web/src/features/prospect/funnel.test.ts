import { describe, expect, it } from 'vitest';
import type { FunnelFigures } from '../../../../contracts/prospect.ts';
import { mainLine, sortFunnelRows, type FunnelRow } from './funnel.ts';

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

const row = (id: string, name: string, f: FunnelFigures): FunnelRow => ({ ...f, id, name });

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

  it('sorts rows, empty rates last in both directions', () => {
    const rows = [
      row('1', '王芳', figures([5, 4, 3, 2, 1, 1], 0.2, 2)),
      row('2', '李强', figures([0], null)),
      row('3', '张伟', figures([10, 8, 6, 4, 3, 2], 0.2, 1)),
      row('4', '赵敏', figures([4, 4, 4, 4, 4, 3], 0.75)),
    ];
    expect(sortFunnelRows(rows, '-overallRate').map((r) => r.id)).toEqual(['4', '1', '3', '2']);
    expect(sortFunnelRows(rows, 'overallRate').map((r) => r.id)).toEqual(['1', '3', '4', '2']);
    expect(sortFunnelRows(rows, '-signed').map((r) => r.id)).toEqual(['4', '3', '1', '2']);
    expect(sortFunnelRows(rows, '-cards').map((r) => r.id)).toEqual(['3', '1', '4', '2']);
    expect(sortFunnelRows(rows, 'lost').map((r) => r.id)).toEqual(['2', '4', '3', '1']);
    expect(sortFunnelRows(rows, 'bogus').map((r) => r.id)).toEqual(['1', '2', '3', '4']);
  });
});
