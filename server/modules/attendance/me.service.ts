import type { z } from 'zod';
import type { BoardStatus, MyAttendanceSchema } from '../../../contracts/attendance.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { businessDate, now } from '../../lib/clock.ts';
import {
  ZERO_COUNTERS,
  fineRuleFor,
  meetingTimes,
  monthFigures,
  workMonthOf,
  workMonthRange,
} from './attendance.rules.ts';
import { toRecordDto } from './checkin.service.ts';
import { dayOf, meetingDaysOf, rulesForUnit, tenantConfig } from './config.service.ts';
import * as repo from './record.repository.ts';

export type MyAttendance = z.infer<typeof MyAttendanceSchema>;

/** The agent's page: today's meeting and record, the work month's figures and each meeting day. */
export async function myAttendance(ctx: Ctx, month?: string): Promise<MyAttendance> {
  assertCan(ctx.actor, 'attendance.checkIn');
  const { tenantId, userId } = ctx.actor;
  const cfg = await tenantConfig(ctx.db, tenantId);
  const rules = await rulesForUnit(ctx.db, cfg, ctx.actor.unitId);
  const at = now();
  const today = businessDate(at, cfg.timeZone);
  const current = workMonthOf(today, rules.workMonth);
  const m = month ?? current;
  const { from, to } = workMonthRange(m, rules.workMonth);
  const times = meetingTimes(today, rules, cfg.timeZone);
  const [records, stats, person] = await Promise.all([
    repo.findRecordsOfUser(ctx.db, tenantId, userId, from, to),
    ctx.db
      .selectFrom('attendance_month_stats')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('month', '=', m)
      .where('user_id', '=', userId)
      .executeTakeFirst(),
    ctx.db
      .selectFrom('users')
      .select(['join_date', 'created_at'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow(),
  ]);
  const byDate = new Map(records.map((r) => [r.date, r]));
  // Days before the person was on the roster are not theirs to attend (the day close skips them too).
  const first = [from, person.join_date ?? from, person.created_at.slice(0, 10)].reduce((a, b) =>
    a > b ? a : b,
  );
  const last = to < today ? to : today;
  const days = meetingDaysOf(cfg, from, last)
    .filter((date) => date >= first || byDate.has(date))
    .map((date) => {
      const r = byDate.get(date);
      // A day without a record is absent once its threshold has passed (the day is closed soon after).
      const status: BoardStatus = r
        ? (r.status as BoardStatus)
        : date < today || at > times.absentAt
          ? 'absent'
          : 'pending';
      return { date, status, record: r ? toRecordDto(r) : null };
    });
  const record = byDate.get(today) ?? (await repo.findRecord(ctx.db, tenantId, userId, today));
  return {
    today: {
      date: today,
      meetingDay: dayOf(cfg, today).meetingDay,
      meetingStart: rules.meetingStart,
      meetingEnd: rules.meetingEnd,
      opensAt: times.opensAt.toISOString(),
      lateAt: times.lateAt.toISOString(),
      absentAt: times.absentAt.toISOString(),
      selfCheckIn: rules.selfCheckIn,
      geofence: cfg.locations.length === 0 ? 'off' : rules.geofence,
      record: record ? toRecordDto(record) : null,
    },
    workMonth: { month: m, from, to, current },
    month: monthFigures(stats ?? ZERO_COUNTERS, fineRuleFor(rules, ctx.actor.role)),
    days,
  };
}
