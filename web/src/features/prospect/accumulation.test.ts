import { describe, expect, it } from 'vitest';
import type { SpotCheckOverviewRow } from '../../../../contracts/spot-check.ts';
import { byTeam, sumRows, trendPoints } from './accumulation.ts';

function row(
  p: Partial<SpotCheckOverviewRow> & Pick<SpotCheckOverviewRow, 'agentId' | 'unitId'>,
): SpotCheckOverviewRow {
  return {
    agentName: p.agentId,
    unitName: `team ${p.unitId}`,
    onHand: 0,
    newThisWeek: 0,
    newThisMonth: 0,
    meetsOnHand: true,
    meetsMonthly: true,
    abCount: 0,
    abShare: null,
    lastCheckAt: null,
    ...p,
  };
}

describe('accumulation helpers', () => {
  it('sums agents per team', () => {
    const rows = [
      row({ agentId: 'a', unitId: 't2', onHand: 60, newThisWeek: 8, newThisMonth: 31, abCount: 30 }),
      row({
        agentId: 'b',
        unitId: 't1',
        onHand: 40,
        newThisMonth: 10,
        abCount: 10,
        meetsOnHand: false,
        meetsMonthly: false,
      }),
      row({ agentId: 'c', unitId: 't2', onHand: 0, newThisWeek: 1, meetsOnHand: false }),
    ];
    const teams = byTeam(rows);
    expect(teams.map((t) => t.unitId)).toEqual(['t1', 't2']);
    expect(teams[1]).toMatchObject({
      agents: 2,
      onHand: 60,
      newThisWeek: 9,
      newThisMonth: 31,
      abCount: 30,
      abShare: 0.5,
      onHandPerAgent: 30,
      newThisMonthPerAgent: 15.5,
      below: 1,
    });
    expect(sumRows([])).toMatchObject({ agents: 0, abShare: null, onHandPerAgent: 0 });
  });

  it('reads a trend at each period end, today for the current one', () => {
    expect(trendPoints('week', '2026-11-27', 3)).toEqual([
      { date: '2026-11-15', label: '11-09' },
      { date: '2026-11-22', label: '11-16' },
      { date: '2026-11-27', label: '11-23' },
    ]);
    expect(trendPoints('month', '2026-01-10', 3)).toEqual([
      { date: '2025-11-30', label: '2025-11' },
      { date: '2025-12-31', label: '2025-12' },
      { date: '2026-01-10', label: '2026-01' },
    ]);
  });
});
