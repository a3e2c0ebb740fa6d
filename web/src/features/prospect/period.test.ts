import { describe, expect, it } from 'vitest';
import { daysBetween, kindOfRange, mondayOf, parseRange, rangeLabel, rangeOf, shiftRange } from './period.ts';

describe('prospect periods', () => {
  it('names the quarter a date falls in (the funnel default)', () => {
    expect(rangeOf('quarter', '2026-11-27')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(rangeOf('quarter', '2026-01-01')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(rangeOf('quarter', '2028-05-31')).toEqual({ from: '2028-04-01', to: '2028-06-30' });
  });

  it('names weeks from Monday and months to their last day', () => {
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(mondayOf('2026-11-23')).toBe('2026-11-23');
    expect(rangeOf('week', '2026-12-31')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(rangeOf('month', '2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(rangeOf('year', '2026-06-01')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('steps to the previous and next period', () => {
    const q4 = rangeOf('quarter', '2026-11-27');
    expect(shiftRange('quarter', q4, 1)).toEqual({ from: '2027-01-01', to: '2027-03-31' });
    expect(shiftRange('quarter', q4, -1)).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(shiftRange('month', rangeOf('month', '2026-03-31'), -1)).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
  });

  it('labels, recognises and parses ranges', () => {
    expect(rangeLabel('quarter', rangeOf('quarter', '2026-11-27'))).toBe('2026-Q4');
    expect(rangeLabel('week', rangeOf('week', '2026-11-27'))).toBe('2026-11-23 ~ 11-29');
    expect(kindOfRange({ from: '2026-10-01', to: '2026-12-31' })).toBe('quarter');
    expect(kindOfRange({ from: '2026-11-01', to: '2026-11-30' })).toBe('month');
    expect(kindOfRange({ from: '2026-11-02', to: '2026-11-30' })).toBe('custom');
    const def = { from: '2026-10-01', to: '2026-12-31' };
    expect(parseRange('2026-11-30', '2026-11-01', def)).toBe(def);
    expect(parseRange('2026-13-01', '2026-12-01', def)).toBe(def);
    expect(parseRange('2026-11-01', '2026-11-30', def)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(daysBetween('2026-10-01', '2026-12-31')).toBe(91);
  });
});
