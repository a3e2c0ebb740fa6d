import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../attendance/attendance.rules.ts';
import {
  backdateCheck,
  fromMilli,
  funnelRatios,
  monthPeriod,
  plannedShareMilli,
  pointsOn,
  quarterPeriod,
  reviewedWithin24h,
  toMilli,
  weakestStep,
  weekOf,
  weekRange,
} from './activity.rules.ts';

const WM = DEFAULT_RULES.workMonth;

describe('points', () => {
  it('sums 0.2 ten thousand times to exactly 2000, where floats drift', () => {
    let milli = 0;
    let float = 0;
    for (let i = 0; i < 10_000; i++) {
      milli += toMilli(0.2);
      float += 0.2;
    }
    expect(fromMilli(milli)).toBe(2000);
    expect(float).not.toBe(2000);
  });

  it.each([
    [0.2, 200],
    [1, 1000],
    [0.001, 1],
    [2.5, 2500],
    [0.1 + 0.2, 300],
  ])('%s points are %s thousandths', (p, m) => expect(toMilli(p)).toBe(m));

  const history = [
    { effectiveFrom: '2026-01-01', pointsMilli: 1000 },
    { effectiveFrom: '2026-07-01', pointsMilli: 2000 },
  ];
  it.each([
    ['2025-12-31', 0],
    ['2026-01-01', 1000],
    ['2026-06-30', 1000],
    ['2026-07-01', 2000],
    ['2027-01-01', 2000],
  ])('a type earns on %s the points in force then: %s', (date, m) => expect(pointsOn(history, date)).toBe(m));
});

describe('funnel', () => {
  it('gives each step its conversion, null where the base is zero', () => {
    expect(funnelRatios({ contact: 40, interview: 20, proposal: 10, closing: 5, sale: 2 })).toEqual([0.5, 0.5, 0.5, 0.4]);
    expect(funnelRatios({ contact: 0, interview: 3, proposal: 0, closing: 0, sale: 0 })).toEqual([null, 0, null, null]);
  });

  it.each([
    // own, team, weakest
    [[0.5, 0.5, 0.5, 0.4], [0.5, 0.5, 0.5, 0.4], null],
    [[0.6, 0.6, 0.6, 0.6], [0.5, 0.5, 0.5, 0.4], null],
    [[0.5, 0.2, 0.5, 0.4], [0.5, 0.5, 0.5, 0.4], 1],
    // 0.4 vs 0.8 (half short) is worse than 0.3 vs 0.5 (40 % short)
    [[0.4, 0.3, 0.5, 0.4], [0.8, 0.5, 0.5, 0.4], 0],
    // unknown steps are skipped
    [[null, 0.1, null, null], [0.5, 0.5, 0.5, 0.4], 1],
    [[0.1, 0.1, 0.1, 0.1], [null, null, null, null], null],
    // a step the team never reaches (0) says nothing
    [[0, 0, 0, 0], [0, 0, 0, 0.5], 3],
  ] as const)('weakest step of %j against %j is %s', (own, team, step) => {
    expect(weakestStep(own, team)).toBe(step);
  });
});

describe('periods', () => {
  it.each([
    ['2026-11-27', '2026-11-23'],
    ['2026-11-23', '2026-11-23'],
    ['2026-11-29', '2026-11-23'],
    ['2027-01-01', '2026-12-28'],
  ])('the week of %s starts on Monday %s', (d, monday) => {
    expect(weekOf(d)).toBe(monday);
    expect(weekRange(monday).to).toBe(new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10));
  });

  it('work months cross calendar months (26th–25th), January from the 1st and December to the 31st', () => {
    expect(monthPeriod('2026-11-27', WM)).toEqual({ month: '2026-12', from: '2026-11-26', to: '2026-12-31' });
    expect(monthPeriod('2026-11-25', WM)).toEqual({ month: '2026-11', from: '2026-10-26', to: '2026-11-25' });
    expect(monthPeriod('2026-01-03', WM)).toEqual({ month: '2026-01', from: '2026-01-01', to: '2026-01-25' });
    expect(monthPeriod('2026-11-27', { kind: 'calendar', startDay: 26 })).toEqual({ month: '2026-11', from: '2026-11-01', to: '2026-11-30' });
  });

  it('quarters are three work months', () => {
    expect(quarterPeriod('2026-11-27', WM)).toEqual({ quarter: '2026-Q4', from: '2026-09-26', to: '2026-12-31' });
    expect(quarterPeriod('2026-03-26', WM)).toEqual({ quarter: '2026-Q2', from: '2026-03-26', to: '2026-06-25' });
    expect(quarterPeriod('2026-01-02', WM)).toEqual({ quarter: '2026-Q1', from: '2026-01-01', to: '2026-03-25' });
  });
});

describe('plan spread over workdays', () => {
  it('gives a work month that crosses a calendar month each side its share of workdays', () => {
    // Work month 2026-11: 26 Oct – 25 Nov. Say 22 workdays, 4 of them in October (26–29 Oct).
    const planned = 66_000; // 66 interviews, 日行三访
    const october = plannedShareMilli(planned, 22, 4);
    const november = plannedShareMilli(planned, 22, 18);
    expect(october).toBe(12_000);
    expect(november).toBe(54_000);
    expect(october + november).toBe(planned);
  });

  it('keeps fractions in thousandths and never plans more than the whole', () => {
    expect(plannedShareMilli(10_000, 3, 1)).toBe(3333);
    expect(plannedShareMilli(10_000, 3, 5)).toBe(10_000);
    expect(plannedShareMilli(10_000, 0, 1)).toBe(10_000);
    expect(plannedShareMilli(10_000, 0, 0)).toBe(0);
  });
});

describe('review within 24 h', () => {
  it.each([
    ['2026-11-27T12:00:00.000Z', null, false],
    ['2026-11-27T12:00:00.000Z', '2026-11-27T12:30:00.000Z', true],
    ['2026-11-27T12:00:00.000Z', '2026-11-28T12:00:00.000Z', true],
    ['2026-11-27T12:00:00.000Z', '2026-11-28T12:00:00.001Z', false],
    ['2026-11-27T12:00:00.000Z', '2026-11-29T08:00:00.000Z', false],
  ])('submitted %s, reviewed %s: %s', (s, r, ok) => expect(reviewedWithin24h(s, r)).toBe(ok));
});

describe('backdating window', () => {
  it.each([
    ['2026-11-27', 'ok'],
    ['2026-11-28', 'future'],
    ['2026-11-26', 'late'],
    ['2026-11-24', 'late'],
    ['2026-11-23', 'tooOld'],
  ])('on 2026-11-27 with 3 days, an activity of %s is %s', (d, verdict) => {
    expect(backdateCheck(d, '2026-11-27', 3)).toBe(verdict);
  });
  it('with 0 days only today is accepted', () => expect(backdateCheck('2026-11-26', '2026-11-27', 0)).toBe('tooOld'));
});
