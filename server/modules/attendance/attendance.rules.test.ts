import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RULES,
  allowanceCutFen,
  allowanceTier,
  calendarDay,
  fineFen,
  isEarlyLeave,
  judgeCheckIn,
  meetingTimes,
  monthFigures,
  ZERO_COUNTERS,
  workMonthOf,
  workMonthRange,
  zonedInstant,
  monthsEndingAt,
} from './attendance.rules.ts';

const TZ = 'Asia/Shanghai';
const times = meetingTimes('2026-11-27', DEFAULT_RULES, TZ);
const at = (hms: string) => new Date(`2026-11-27T${hms}+08:00`);

describe('judging a check-in (meeting 08:30, late up to 10 min)', () => {
  it.each([
    ['08:00:00', 'present'],
    ['08:30:00', 'present'],
    ['08:30:01', 'late'],
    ['08:39:59', 'late'],
    ['08:40:00', 'late'],
    ['08:40:01', 'absent'],
    ['11:00:00', 'absent'],
  ])('%s → %s', (hms, expected) => {
    expect(judgeCheckIn(at(hms), times)).toBe(expected);
  });

  it('a grace period moves the late boundary', () => {
    const t = meetingTimes(
      '2026-11-27',
      { ...DEFAULT_RULES, lateAfterMinutes: 5, absentAfterMinutes: 30 },
      TZ,
    );
    expect(judgeCheckIn(at('08:35:00'), t)).toBe('present');
    expect(judgeCheckIn(at('08:35:01'), t)).toBe('late');
    expect(judgeCheckIn(at('09:00:00'), t)).toBe('late');
    expect(judgeCheckIn(at('09:00:01'), t)).toBe('absent');
  });
});

describe('early leave (meeting ends 09:30, 10 min or more early)', () => {
  it.each([
    ['09:19:59', true],
    ['09:20:00', true],
    ['09:20:01', false],
    ['09:30:00', false],
  ])('leaving at %s → %s', (hms, expected) => {
    expect(isEarlyLeave(at(hms), times, DEFAULT_RULES)).toBe(expected);
  });
});

describe('calendar', () => {
  const rules = DEFAULT_RULES;
  it.each([
    ['2025-01-26', true, true, true, '春节'], // Sunday made a workday for the Spring Festival
    ['2026-02-14', true, true, true, '春节'], // Saturday made a workday
    ['2026-10-01', false, false, false, '国庆节'],
    ['2026-11-27', true, false, true, null], // plain Friday
    ['2026-11-28', false, false, false, null], // plain Saturday
  ])('%s: workday %s, adjusted %s, meeting %s', (date, workday, adjusted, meeting, name) => {
    const d = calendarDay(date, undefined, rules);
    expect(d.workday).toBe(workday);
    expect(d.adjusted).toBe(adjusted);
    expect(d.meetingDay).toBe(meeting);
    expect(d.name).toBe(name);
  });

  it('the tenant entry wins over the statutory calendar', () => {
    expect(calendarDay('2026-10-01', { kind: 'workday', name: '值班' }, rules)).toMatchObject({
      workday: true,
      source: 'tenant',
      meetingDay: true,
    });
    expect(calendarDay('2026-11-27', { kind: 'holiday', name: '司庆' }, rules)).toMatchObject({
      workday: false,
      meetingDay: false,
    });
  });

  it('meeting weekdays and adjusted workdays are rules', () => {
    const monWedFri = { ...rules, meetingWeekdays: [1, 3, 5], meetingOnAdjustedWorkdays: false };
    expect(calendarDay('2026-11-26', undefined, monWedFri).meetingDay).toBe(false); // Thursday
    expect(calendarDay('2026-11-27', undefined, monWedFri).meetingDay).toBe(true);
    expect(calendarDay('2026-02-14', undefined, monWedFri).meetingDay).toBe(false);
  });
});

describe('work month 26th–25th', () => {
  const wm = DEFAULT_RULES.workMonth;
  it.each([
    ['2026-11-25', '2026-11'],
    ['2026-11-26', '2026-12'],
    ['2026-12-31', '2026-12'],
    ['2027-01-01', '2027-01'],
    ['2027-01-25', '2027-01'],
    ['2027-01-26', '2027-02'],
    ['2026-02-26', '2026-03'],
  ])('%s is in work month %s', (date, month) => {
    expect(workMonthOf(date, wm)).toBe(month);
  });

  it.each([
    ['2026-11', '2026-10-26', '2026-11-25'],
    ['2026-12', '2026-11-26', '2026-12-31'],
    ['2027-01', '2027-01-01', '2027-01-25'],
    ['2026-03', '2026-02-26', '2026-03-25'],
  ])('%s runs %s – %s', (month, from, to) => {
    expect(workMonthRange(month, wm)).toEqual({ from, to });
  });

  it('calendar months as an option', () => {
    const cal = { kind: 'calendar' as const, startDay: 26 };
    expect(workMonthOf('2026-11-26', cal)).toBe('2026-11');
    expect(workMonthRange('2026-02', cal)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('months ending at a month cross years', () => {
    expect(monthsEndingAt('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
  });
});

describe('tiers and fines', () => {
  const tiers = DEFAULT_RULES.allowanceTiers;
  it.each([
    [1, 0, 0],
    [0.8, 0, 0],
    [16 / 20, 0, 0],
    [0.7999, 1, 0.2],
    [0.5, 1, 0.2],
    [10 / 20, 1, 0.2],
    [0.4999, 2, 1],
    [0, 2, 1],
  ])('rate %s → tier %s, cut %s', (rate, index, cut) => {
    expect(allowanceTier(rate, tiers)).toEqual({ index, cut });
  });

  it('cut amounts round to the fen', () => {
    expect(allowanceCutFen(123_457, 0.2)).toBe(24_691);
  });

  it.each([
    [0, 0],
    [3, 1_500],
    [20, 10_000],
    [21, 10_000],
  ])('%s agent events → %s fen (5 元 each, capped at 100 元)', (events, fen) => {
    expect(fineFen(events, DEFAULT_RULES.fines.agent)).toBe(fen);
  });

  it('supervisors: 10 元 an event, capped at 150 元', () => {
    expect(fineFen(14, DEFAULT_RULES.fines.supervisor)).toBe(14_000);
    expect(fineFen(16, DEFAULT_RULES.fines.supervisor)).toBe(15_000);
  });

  it('monthly figures: late is attended, excused leave is off the required days', () => {
    const f = monthFigures(
      {
        ...ZERO_COUNTERS,
        present: 14,
        late: 2,
        absent: 2,
        leave_attended: 1,
        leave_excused: 2,
        leave_unexcused: 1,
        early_leave: 1,
      },
      DEFAULT_RULES.fines.agent,
    );
    expect(f).toMatchObject({ required: 20, attended: 17, leave: 4, rate: 0.85, finesFen: 2_500 });
    expect(monthFigures(ZERO_COUNTERS, null).rate).toBeNull();
  });
});

describe('time zones', () => {
  it('a wall-clock time in Shanghai is 8 hours ahead of UTC', () => {
    expect(zonedInstant('2026-11-27', '08:30', TZ).toISOString()).toBe('2026-11-27T00:30:00.000Z');
  });
  it('follows a daylight-saving zone', () => {
    expect(zonedInstant('2026-07-01', '08:30', 'Europe/Berlin').toISOString()).toBe(
      '2026-07-01T06:30:00.000Z',
    );
    expect(zonedInstant('2026-12-01', '08:30', 'Europe/Berlin').toISOString()).toBe(
      '2026-12-01T07:30:00.000Z',
    );
  });
});
