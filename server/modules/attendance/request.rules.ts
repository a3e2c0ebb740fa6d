import type { AttendanceRules } from '../../../contracts/attendance.ts';
import type { FieldError } from '../../../contracts/errors.ts';
import { addDays, daysBetween, workMonthOf } from './attendance.rules.ts';

/**
 * Pure rules of leave and make-up requests (请假 / 补卡): date ranges, advance notice, monthly
 * limits, the make-up deadline and who is asked to approve. Nothing here reads the database or the
 * clock ("today" is passed in), so each rule is tested by tables of cases.
 */

/** A leave request covers at most this many calendar days (longer absences are several requests). */
export const MAX_LEAVE_SPAN_DAYS = 31;

export function isRealDate(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/** Field errors of a leave's range: real dates, the start not after the end, at most 31 days. */
export function leaveRangeErrors(startDate: string, endDate: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!isRealDate(startDate))
    errors.push({ path: 'body.startDate', message: 'Not a calendar date', code: 'invalidDate' });
  if (!isRealDate(endDate))
    errors.push({ path: 'body.endDate', message: 'Not a calendar date', code: 'invalidDate' });
  if (errors.length > 0) return errors;
  if (endDate < startDate) {
    errors.push({ path: 'body.endDate', message: 'Must not be before startDate', code: 'beforeStart' });
  } else if (daysBetween(startDate, endDate) + 1 > MAX_LEAVE_SPAN_DAYS) {
    errors.push({
      path: 'body.endDate',
      message: `A request covers at most ${MAX_LEAVE_SPAN_DAYS} days`,
      code: 'tooLong',
    });
  }
  return errors;
}

/** The first day a leave may start when asked for today: notice is counted in whole calendar days. */
export function earliestLeaveStart(today: string, advanceNoticeDays: number): string {
  return addDays(today, advanceNoticeDays);
}

export function noticeMet(startDate: string, today: string, advanceNoticeDays: number): boolean {
  return startDate >= earliestLeaveStart(today, advanceNoticeDays);
}

/** How many of the dates fall in each work month. */
export function countByWorkMonth(
  dates: readonly string[],
  workMonth: AttendanceRules['workMonth'],
): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of dates) {
    const m = workMonthOf(d, workMonth);
    out.set(m, (out.get(m) ?? 0) + 1);
  }
  return out;
}

export interface MonthOverLimit {
  month: string;
  /** Days already taken or asked for (approved or pending) in that month. */
  taken: number;
  /** Days the new request asks for in that month. */
  asked: number;
  limit: number;
}

/**
 * The first work month in which the days already taken plus the days now asked for exceed the
 * limit (reaching it exactly is allowed), or null. A null limit is no limit.
 */
export function monthOverLimit(
  taken: ReadonlyMap<string, number>,
  asked: ReadonlyMap<string, number>,
  limit: number | null,
): MonthOverLimit | null {
  if (limit === null) return null;
  for (const month of [...asked.keys()].sort()) {
    const a = asked.get(month) ?? 0;
    const t = taken.get(month) ?? 0;
    if (t + a > limit) return { month, taken: t, asked: a, limit };
  }
  return null;
}

/** Make-ups are asked for after the fact: within deadlineDays calendar days of the meeting day. */
export function makeUpTooLate(date: string, today: string, deadlineDays: number): boolean {
  return daysBetween(date, today) > deadlineDays;
}

export interface UnitLeader {
  unitId: string;
  leaderId: string | null;
  /** The leader is active and their role may decide requests. */
  leaderMayApprove: boolean;
}

/**
 * Who is asked to decide a request: the leader of the requester's unit, else of the nearest
 * ancestor that has one. The requester never approves themself (a supervisor's own request goes up
 * to the department manager), and a leader who may not decide requests (an executive, someone who
 * left) is passed over for the next one up. `chain` is the unit and its ancestors, nearest first.
 */
export function approverOf(chain: readonly UnitLeader[], requesterId: string): string | null {
  for (const u of chain) {
    if (u.leaderId !== null && u.leaderId !== requesterId && u.leaderMayApprove) return u.leaderId;
  }
  return null;
}
