import { describe, expect, it } from 'vitest';
import { dateForPick, dateInQuarter, pickerMonth, quarterOf, trendGrainFor } from './period.ts';

const day26 = { kind: 'day26' as const, startDay: 26 };
const calendar = { kind: 'calendar' as const, startDay: 26 };

describe('analysis period picker', () => {
  it('shows the work month a date falls in, not its calendar month', () => {
    expect(pickerMonth('2026-11-27', day26)).toBe('2026-12');
    expect(pickerMonth('2026-11-25', day26)).toBe('2026-11');
    expect(pickerMonth('2026-12-28', day26)).toBe('2026-12');
    expect(pickerMonth('2026-11-27', calendar)).toBe('2026-11');
  });

  it('asks for a date inside the picked work month under either rule', () => {
    const date = dateForPick('month', '2026-12-01');
    expect(date).toBe('2026-12-15');
    expect(pickerMonth(date, day26)).toBe('2026-12');
    expect(pickerMonth(date, calendar)).toBe('2026-12');
  });

  it('asks for the middle of a quarter', () => {
    expect(quarterOf('2026-01')).toBe(1);
    expect(quarterOf('2026-12')).toBe(4);
    expect(dateInQuarter(2026, 4)).toBe('2026-11-15');
    expect(dateForPick('quarter', '2026-07-01')).toBe('2026-08-15');
    expect(pickerMonth(dateForPick('quarter', '2026-01-01'), day26)).toBe('2026-02');
  });

  it('passes days and weeks through', () => {
    expect(dateForPick('day', '2026-11-03')).toBe('2026-11-03');
    expect(dateForPick('week', '2026-11-05')).toBe('2026-11-05');
  });

  it('picks a trend grain that fits the period', () => {
    expect(trendGrainFor('week')).toBe('day');
    expect(trendGrainFor('month')).toBe('week');
    expect(trendGrainFor('quarter')).toBe('month');
  });
});
