import { describe, expect, it } from 'vitest';
import {
  approverOf,
  countByWorkMonth,
  leaveRangeErrors,
  makeUpTooLate,
  monthOverLimit,
  noticeMet,
  type UnitLeader,
} from './request.rules.ts';

const day26 = { kind: 'day26', startDay: 26 } as const;

describe('a leave range', () => {
  it.each([
    ['2026-11-02', '2026-11-02', []],
    ['2026-11-02', '2026-12-02', []], // 31 days
    ['2026-11-02', '2026-12-03', ['body.endDate:tooLong']], // 32 days
    ['2026-11-03', '2026-11-02', ['body.endDate:beforeStart']],
    ['2026-02-30', '2026-03-01', ['body.startDate:invalidDate']],
    ['2026-13-01', '2026-13-40', ['body.startDate:invalidDate', 'body.endDate:invalidDate']],
  ])('%s – %s → %j', (start, end, expected) => {
    expect(leaveRangeErrors(start, end).map((e) => `${e.path}:${e.code}`)).toEqual(expected);
  });
});

describe('advance notice (today 2026-11-02)', () => {
  it.each([
    ['2026-11-02', 0, true],
    ['2026-11-01', 0, false],
    ['2026-11-02', 1, false],
    ['2026-11-03', 1, true],
    ['2026-11-04', 3, false],
    ['2026-11-05', 3, true],
  ])('start %s with %i days notice → %s', (start, notice, ok) => {
    expect(noticeMet(start, '2026-11-02', notice)).toBe(ok);
  });
});

describe('days per work month (26th to 25th)', () => {
  it('splits a range at the 26th', () => {
    const m = countByWorkMonth(['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'], day26);
    expect([...m]).toEqual([
      ['2026-11', 2],
      ['2026-12', 2],
    ]);
  });
  it('a calendar month counts by calendar', () => {
    const m = countByWorkMonth(['2026-11-25', '2026-11-26'], { kind: 'calendar', startDay: 26 });
    expect([...m]).toEqual([['2026-11', 2]]);
  });
});

describe('monthly limit (2 days)', () => {
  const map = (o: Record<string, number>) => new Map(Object.entries(o));
  it.each([
    [{}, { '2026-11': 2 }, null],
    [{ '2026-11': 1 }, { '2026-11': 1 }, null],
    [{ '2026-11': 1 }, { '2026-11': 2 }, '2026-11'],
    [{ '2026-11': 2 }, { '2026-11': 1 }, '2026-11'],
    [{ '2026-11': 2 }, { '2026-12': 2 }, null],
    [{ '2026-12': 1 }, { '2026-11': 1, '2026-12': 2 }, '2026-12'],
  ])('taken %j + asked %j → over in %s', (taken, asked, month) => {
    expect(monthOverLimit(map(taken), map(asked), 2)?.month ?? null).toBe(month);
  });
  it('no limit is never over', () => {
    expect(monthOverLimit(map({ '2026-11': 30 }), map({ '2026-11': 31 }), null)).toBeNull();
  });
  it('a limit of 0 refuses every day', () => {
    expect(monthOverLimit(map({}), map({ '2026-11': 1 }), 0)).toMatchObject({ taken: 0, asked: 1, limit: 0 });
  });
});

describe('make-up deadline (3 days, today 2026-11-05)', () => {
  it.each([
    ['2026-11-05', false],
    ['2026-11-02', false],
    ['2026-11-01', true],
  ])('%s too late → %s', (date, late) => {
    expect(makeUpTooLate(date, '2026-11-05', 3)).toBe(late);
  });
  it('a deadline of 0 days allows only today', () => {
    expect(makeUpTooLate('2026-11-05', '2026-11-05', 0)).toBe(false);
    expect(makeUpTooLate('2026-11-04', '2026-11-05', 0)).toBe(true);
  });
});

describe('who approves', () => {
  const u = (leaderId: string | null, leaderMayApprove = true): UnitLeader => ({
    unitId: `unit-${leaderId}`,
    leaderId,
    leaderMayApprove,
  });
  it.each([
    ['an agent: the team supervisor', [u('sup'), u('mgr')], 'agent', 'sup'],
    ['a supervisor: the department manager', [u('sup'), u('mgr')], 'sup', 'mgr'],
    ['a team without a leader: the next one up', [u(null), u('mgr')], 'agent', 'mgr'],
    ['a leader who may not approve is passed over', [u('exec', false), u('admin')], 'mgr', 'admin'],
    ['nobody above', [u('mgr'), u(null)], 'mgr', null],
    ['no units', [], 'agent', null],
  ])('%s', (_title, chain, requester, expected) => {
    expect(approverOf(chain, requester)).toBe(expected);
  });
});
