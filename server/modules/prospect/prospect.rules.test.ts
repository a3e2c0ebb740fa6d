import { describe, expect, it } from 'vitest';
import {
  admitGrade,
  conversionRates,
  funnelFigures,
  median,
  normaliseTags,
  periodEnd,
  stageVisits,
  type StageMove,
} from './prospect.rules.ts';

describe('making a card from a name', () => {
  it.each([
    ['A', false, 'ok'],
    ['B', false, 'ok'],
    ['C', false, 'gradeC'],
    ['C', true, 'ok'],
    [null, true, 'unscored'],
    [null, false, 'unscored'],
  ] as const)('grade %s, allowGradeC %s → %s', (grade, allow, expected) => {
    expect(admitGrade(grade, allow)).toBe(expected);
  });

  it('tags are trimmed, empty and repeated ones dropped, order kept', () => {
    expect(normaliseTags([' 高净值 ', '', '转介绍', '高净值', '教育金'])).toEqual(['高净值', '转介绍', '教育金']);
  });
});

describe('funnel arithmetic', () => {
  it('median of odd and even counts, none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('conversion from each step to the next; none reached is null, the last step has none', () => {
    expect(conversionRates([10, 6, 3, 0, 0, 0])).toEqual([0.6, 0.5, 0, null, null, null]);
    expect(conversionRates([3, 2, 2, 1, 1, 1])).toEqual([0.6667, 1, 0.5, 1, 1, null]);
  });

  it('the period ends at the end of its last day, or now when that is earlier', () => {
    expect(periodEnd('2026-03-31T16:00:00.000Z', '2026-04-02T00:00:00.000Z')).toBe('2026-03-31T16:00:00.000Z');
    expect(periodEnd('2026-03-31T16:00:00.000Z', '2026-03-20T00:00:00.000Z')).toBe('2026-03-20T00:00:00.000Z');
  });
});

describe('funnel figures on a hand-made history', () => {
  const at = (day: number, hour = 0) => new Date(Date.UTC(2026, 2, day, hour)).toISOString();
  const move = (prospectId: string, toStage: string, day: number, reason: string | null = null, ownerId = 'u1'): StageMove => ({
    prospectId,
    ownerId,
    unitId: 'team1',
    toStage,
    reason,
    changedAt: at(day),
  });
  // March 2026, the period runs until the start of 31 March.
  const until = at(31);
  const moves: StageMove[] = [
    // p1: the whole line, signed on the 20th.
    move('p1', 'lead', 1),
    move('p1', 'appointment', 3),
    move('p1', 'needsAnalysis', 7),
    move('p1', 'proposal', 10),
    move('p1', 'closing', 15),
    move('p1', 'signed', 20),
    // p2: lead → appointment, then lost (the reason counts).
    move('p2', 'lead', 2),
    move('p2', 'appointment', 6),
    move('p2', 'lost', 12, '预算不足'),
    // p3: skips straight from lead to proposal, still there at the end.
    move('p3', 'lead', 5),
    move('p3', 'proposal', 9),
    // p4: lead, paused, still paused.
    move('p4', 'lead', 10),
    move('p4', 'paused', 11, '出国'),
  ];
  const visits = stageVisits(moves, until);
  const f = funnelFigures(visits);
  const stage = (s: string) => f.stages.find((x) => x.stage === s)!;

  it('every move opens a stay ending at the next move, or at the period end', () => {
    const p3 = visits.filter((v) => v.prospectId === 'p3');
    expect(p3.map((v) => [v.stage, v.days, v.leftAt])).toEqual([
      ['lead', 4, at(9)],
      ['proposal', 22, null],
    ]);
  });

  it('reached: entered the stage or a later one; a skipped step counts as passed', () => {
    expect(f.cards).toBe(4);
    expect(f.stages.map((s) => [s.stage, s.reached])).toEqual([
      ['lead', 4],
      ['appointment', 3],
      ['needsAnalysis', 2],
      ['proposal', 2],
      ['closing', 1],
      ['signed', 1],
      ['paused', 1],
      ['lost', 1],
    ]);
    expect(f.stages.map((s) => s.conversionRate)).toEqual([0.75, 0.6667, 1, 0.5, 1, null, null, null]);
    expect(f.overallRate).toBe(0.25);
  });

  it('time in stage: average and median days of the stays, still-open stays up to the end', () => {
    // lead: p1 2, p2 4, p3 4, p4 1 → avg 2.75, median 3.
    expect(stage('lead')).toMatchObject({ avgDays: 2.75, medianDays: 3 });
    // appointment: p1 4, p2 6.
    expect(stage('appointment')).toMatchObject({ avgDays: 5, medianDays: 5 });
    // proposal: p1 5, p3 22 (still there on the 31st).
    expect(stage('proposal')).toMatchObject({ avgDays: 13.5, medianDays: 13.5 });
    expect(stage('closing')).toMatchObject({ avgDays: 5, medianDays: 5 });
    // paused since the 11th: 20 days.
    expect(stage('paused')).toMatchObject({ avgDays: 20, medianDays: 20 });
    expect(stage('signed')).toMatchObject({ avgDays: null, medianDays: null });
    expect(stage('lost')).toMatchObject({ avgDays: null, medianDays: null });
  });

  it('lost and paused with their reasons', () => {
    expect(f.lost).toEqual({ count: 1, reasons: [{ reason: '预算不足', count: 1 }] });
    expect(f.paused).toEqual({ count: 1, reasons: [{ reason: '出国', count: 1 }] });
  });

  it('a group of stays (one agent) is figured on its own; nothing reached gives null rates', () => {
    const other = funnelFigures(stageVisits([move('q1', 'lead', 3, null, 'u2')], until));
    expect(other.cards).toBe(1);
    expect(other.stages[0]).toMatchObject({ stage: 'lead', reached: 1, conversionRate: 0, avgDays: 28, medianDays: 28 });
    expect(other.stages[1]).toMatchObject({ reached: 0, conversionRate: null, avgDays: null });
    const empty = funnelFigures([]);
    expect(empty.cards).toBe(0);
    expect(empty.overallRate).toBeNull();
  });

  it('moves given out of order are sorted per card', () => {
    const shuffled = stageVisits([...moves].reverse(), until);
    expect(funnelFigures(shuffled)).toEqual(f);
  });
});
