import { describe, expect, it } from 'vitest';
import {
  addMonths,
  fenToYuan,
  fromPercent,
  monthGrid,
  toPercent,
  todayIn,
  workMonthOf,
  yuanToFen,
} from './time.ts';

describe('attendance time helpers', () => {
  it('reads today in the tenant time zone, not the browser one', () => {
    // 2026-11-26 20:00 UTC is already the 27th in Shanghai.
    expect(todayIn('Asia/Shanghai', new Date('2026-11-26T20:00:00Z'))).toBe('2026-11-27');
    expect(todayIn('UTC', new Date('2026-11-26T20:00:00Z'))).toBe('2026-11-26');
  });

  it.each([
    ['2026-11-25', 'day26', '2026-11'],
    ['2026-11-26', 'day26', '2026-12'],
    ['2026-12-27', 'day26', '2026-12'],
    ['2026-01-10', 'day26', '2026-01'],
    ['2026-01-26', 'day26', '2026-02'],
    ['2026-11-26', 'calendar', '2026-11'],
  ] as const)('%s is in work month (%s) %s', (date, kind, month) => {
    expect(workMonthOf(date, { kind, startDay: 26 })).toBe(month);
  });

  it('adds months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-06', -5)).toBe('2026-01');
  });

  it('converts fen and yuan without float residue', () => {
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen(1234.56)).toBe(123456);
    expect(yuanToFen(null)).toBeNull();
    expect(fenToYuan(123456)).toBe(1234.56);
    expect(toPercent(0.8)).toBe(80);
    expect(toPercent(0.873)).toBe(87.3);
    expect(fromPercent(87.3)).toBe(0.873);
  });

  it('lays out a month Monday first', () => {
    const grid = monthGrid(2026, 11); // 2026-11-01 is a Sunday
    expect(grid[0]).toEqual([null, null, null, null, null, null, '2026-11-01']);
    expect(grid.at(-1)?.includes('2026-11-30')).toBe(true);
    expect(grid.every((w) => w.length === 7)).toBe(true);
  });
});

describe('zoned times', () => {
  it('builds an instant from a Shanghai wall-clock time', async () => {
    const { zonedIso, timeIn, offsetOf } = await import('./time.ts');
    expect(offsetOf('Asia/Shanghai', '2026-11-27')).toBe('+08:00');
    expect(zonedIso('2026-11-27', '08:35')).toBe('2026-11-27T08:35:00+08:00');
    expect(new Date(zonedIso('2026-11-27', '08:35')).toISOString()).toBe('2026-11-27T00:35:00.000Z');
    expect(timeIn('2026-11-27T00:35:00.000Z')).toBe('08:35');
    expect(timeIn(null)).toBe('');
    expect(timeIn('2026-11-27T00:35:07.000Z', 'Asia/Shanghai', true)).toBe('08:35:07');
  });
});
