import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  formatPoints,
  mondayOf,
  progressPercent,
  sumPoints,
  weekDays,
} from './dates.ts';

describe('activity page dates', () => {
  it.each([
    ['2026-11-23', '2026-11-23'], // Monday
    ['2026-11-29', '2026-11-23'], // Sunday
    ['2026-11-27', '2026-11-23'],
    ['2027-01-01', '2026-12-28'], // across the year
  ])('the week of %s starts on %s', (date, monday) => {
    expect(mondayOf(date)).toBe(monday);
  });

  it('lists a week and counts days across month ends', () => {
    expect(weekDays('2026-11-30')).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-11-25', '2026-11-27')).toBe(2);
  });
});

describe('points on screen', () => {
  it.each([
    [0.2, '0.2'],
    [3, '3'],
    [12.6, '12.6'],
    [0.25, '0.3'],
    [1204.4, '1,204.4'],
  ])('%s reads %s', (p, text) => {
    expect(formatPoints(p)).toBe(text);
  });

  it('sums 0.2 steps without drift', () => {
    expect(sumPoints(Array.from({ length: 1000 }, () => 0.2))).toBe(200);
  });

  it('turns done over planned into a bar', () => {
    expect(progressPercent(3, 6)).toBe(50);
    expect(progressPercent(9, 6)).toBe(100);
    expect(progressPercent(0, 0)).toBe(0);
    expect(progressPercent(2, 0)).toBe(100);
  });
});
