import { describe, expect, it } from 'vitest';
import { isoWeekday } from '../attendance/attendance.rules.ts';
import { plannedFor, tierOf, Workdays, type PlanSource } from './planner.ts';

// Monday to Friday; 2026-10-26 is a Monday.
const weekdays = (d: string) => isoWeekday(d) <= 5;
const cal = new Workdays('2026-10-26', '2026-11-30', weekdays);

const monthPlan = (over: Partial<PlanSource> = {}): PlanSource => ({
  id: 'm',
  kind: 'month',
  status: 'approved',
  // The work month 2026-11: 26 Oct – 25 Nov, 23 workdays.
  from: '2026-10-26',
  to: '2026-11-25',
  workdays: 23,
  items: [{ typeId: 'interview', target: 69 }],
  targetPointsMilli: 207_000,
  ...over,
});
const weekPlan = (over: Partial<PlanSource> = {}): PlanSource => ({
  id: 'w',
  kind: 'week',
  status: 'draft',
  from: '2026-11-16',
  to: '2026-11-22',
  workdays: 5,
  items: [{ typeId: 'interview', target: 20 }],
  targetPointsMilli: 60_000,
  ...over,
});
const standard = { items: [{ typeId: 'interview', perWorkday: 3 }], pointsPerWorkdayMilli: 9_000 };
const always = { from: '2000-01-01', to: '2100-12-31' };

describe('Workdays', () => {
  it('counts workdays of any sub-range, clipped to its span', () => {
    expect(cal.count('2026-10-26', '2026-11-25')).toBe(23);
    expect(cal.count('2026-11-01', '2026-11-30')).toBe(21);
    expect(cal.count('2026-11-28', '2026-11-29')).toBe(0);
    expect(cal.count('2026-10-01', '2026-10-27')).toBe(2);
    expect(cal.count('2026-11-10', '2026-11-09')).toBe(0);
  });
});

describe('plannedFor', () => {
  it('spreads a work month plan over its workdays when read over a calendar month, the rest from the standard', () => {
    const [nov] = plannedFor(
      [monthPlan()],
      standard,
      cal,
      [{ from: '2026-11-01', to: '2026-11-30' }],
      always,
    );
    // 18 of the plan's 23 workdays fall in November: 207 × 18/23 = 162; then 26, 27, 30 Nov by the standard: 3 × 9.
    expect(nov!.pointsMilli).toBe(162_000 + 27_000);
    expect(nov!.byType.get('interview')).toBe(54_000 + 9_000);
  });

  it('keeps thousandths of a share so that day-by-day parts add up to the plan', () => {
    const plan = monthPlan({ targetPointsMilli: 100_000, items: [{ typeId: 'x', target: 10 }] });
    const days: { from: string; to: string }[] = [];
    for (let d = 26; d <= 31; d++) days.push({ from: `2026-10-${d}`, to: `2026-10-${d}` });
    for (let d = 1; d <= 25; d++) {
      const date = `2026-11-${String(d).padStart(2, '0')}`;
      days.push({ from: date, to: date });
    }
    const parts = plannedFor([plan], standard, cal, days, always);
    const total = parts.reduce((s, p) => s + p.pointsMilli, 0);
    expect(Math.abs(total - 100_000)).toBeLessThanOrEqual(23);
    expect(parts.filter((p) => p.pointsMilli > 0)).toHaveLength(23);
  });

  it('an approved plan wins over one not approved; between equals the week wins', () => {
    const bucket = [{ from: '2026-11-16', to: '2026-11-22' }];
    // Approved month beats a draft week.
    expect(plannedFor([monthPlan(), weekPlan()], standard, cal, bucket, always)[0]!.pointsMilli).toBe(45_000);
    // Both approved: the week.
    expect(
      plannedFor([monthPlan(), weekPlan({ status: 'approved' })], standard, cal, bucket, always)[0]!
        .pointsMilli,
    ).toBe(60_000);
    // Both drafts: the week.
    expect(
      plannedFor([monthPlan({ status: 'draft' }), weekPlan()], standard, cal, bucket, always)[0]!.pointsMilli,
    ).toBe(60_000);
  });

  it('ignores returned plans: the standard plans those days', () => {
    const bucket = [{ from: '2026-11-16', to: '2026-11-22' }];
    expect(
      plannedFor([weekPlan({ status: 'returned' })], standard, cal, bucket, always)[0]!.pointsMilli,
    ).toBe(45_000);
  });

  it('plans nothing outside the active range', () => {
    const [p] = plannedFor([], standard, cal, [{ from: '2026-11-02', to: '2026-11-08' }], {
      from: '2026-11-05',
      to: '2100-01-01',
    });
    expect(p!.pointsMilli).toBe(2 * 9_000);
    const [none] = plannedFor([], standard, cal, [{ from: '2026-11-02', to: '2026-11-08' }], {
      from: '2026-12-01',
      to: '2100-01-01',
    });
    expect(none!.pointsMilli).toBe(0);
    expect(none!.byType.size).toBe(0);
  });

  it('plans fractional standards in thousandths', () => {
    const [p] = plannedFor(
      [],
      { items: [{ typeId: 'a', perWorkday: 0.5 }], pointsPerWorkdayMilli: 1_500 },
      cal,
      [{ from: '2026-11-02', to: '2026-11-06' }],
      always,
    );
    expect(p!.byType.get('a')).toBe(2_500);
    expect(p!.pointsMilli).toBe(7_500);
  });
});

describe('tiers', () => {
  it('rounds 1.2× and 1.5× up, without float noise', () => {
    expect(tierOf(10, 1.2)).toBe(12);
    expect(tierOf(15, 1.2)).toBe(18);
    expect(tierOf(15, 1.5)).toBe(23);
    expect(tierOf(0, 1.5)).toBe(0);
    expect(tierOf(1, 1.2)).toBe(2);
  });
});
