import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { AttendanceRecordTable } from '../../db/schema.ts';
import { businessDate, now } from '../../lib/clock.ts';
import { addDays, meetingTimes, workMonthOf } from './attendance.rules.ts';
import { dayOf, tenantConfig, type TenantConfig } from './config.service.ts';
import { recordsChanged, recordRow } from './record.repository.ts';

/**
 * Closing a meeting day: once the absent threshold has passed for every department, each person
 * expected at the meeting without a record gets an `absent` one. From then on a month's figures
 * are sums of records (and of their rollups), never "days without a row".
 */

export const CLOSE_DAYS_JOB = 'attendance.closeDays';
/** How far back a missed close is made up (a server that was down over a long weekend). */
const CATCH_UP_DAYS = 31;
const CHUNK = 400;

/** The instant after which no department's meeting of that day can take an on-time or late check-in. */
export function closesAt(cfg: TenantConfig, date: string): Date {
  const all = [cfg.rules, ...[...cfg.overrides.values()].map((o) => ({ ...cfg.rules, ...o }))];
  return new Date(Math.max(...all.map((r) => meetingTimes(date, r, cfg.timeZone).absentAt.getTime())));
}

/** People expected at a day's meeting: attendee roles, on the roster that day. */
function expectedPeople(db: Queryable, tenantId: string, roles: string[], date: string) {
  return db
    .selectFrom('users')
    .select(['users.id', 'users.unit_id'])
    .where('users.tenant_id', '=', tenantId)
    .where('users.role', 'in', roles)
    .where((eb) => eb.or([eb('users.status', '=', 'active'), eb('users.leave_date', '>', date)]))
    .where((eb) => eb.or([eb('users.join_date', 'is', null), eb('users.join_date', '<=', date)]))
    .where('users.created_at', '<', `${addDays(date, 1)}T00:00:00`);
}

/** Closes one day for a tenant. Idempotent: a second run finds everyone already has a record. */
export async function closeDay(
  db: Queryable,
  tenantId: string,
  date: string,
  at: Date = now(),
): Promise<number> {
  const cfg = await tenantConfig(db, tenantId);
  const meetingDay = dayOf(cfg, date).meetingDay;
  return db.transaction().execute(async (trx) => {
    const missing = !meetingDay
      ? []
      : await expectedPeople(trx, tenantId, cfg.rules.attendeeRoles, date)
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('attendance_records as r')
                  .select(sql.lit(1).as('one'))
                  .where('r.tenant_id', '=', tenantId)
                  .whereRef('r.user_id', '=', 'users.id')
                  .where('r.date', '=', date),
              ),
            ),
          )
          .execute();
    const stamp = at.toISOString();
    const month = workMonthOf(date, cfg.rules.workMonth);
    let closed = 0;
    for (let i = 0; i < missing.length; i += CHUNK) {
      const rows: AttendanceRecordTable[] = missing.slice(i, i + CHUNK).map((p) =>
        recordRow({
          tenant_id: tenantId,
          user_id: p.id,
          unit_id: p.unit_id,
          date,
          month,
          status: 'absent',
          method: 'system',
          created_at: stamp,
        }),
      );
      const inserted = await trx
        .insertInto('attendance_records')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .returning('user_id')
        .execute();
      if (inserted.length === 0) continue;
      closed += inserted.length;
      recordsChanged({ tenantId, date, month });
      await trx
        .insertInto('attendance_month_stats')
        .values(
          inserted.map((r) => ({
            tenant_id: tenantId,
            user_id: r.user_id,
            month,
            present: 0,
            late: 0,
            absent: 1,
            leave_attended: 0,
            leave_excused: 0,
            leave_unexcused: 0,
            early_leave: 0,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['tenant_id', 'month', 'user_id'])
            .doUpdateSet({ absent: sql`attendance_month_stats.absent + 1` }),
        )
        .execute();
    }
    await trx
      .insertInto('attendance_day_closes')
      .values({ tenant_id: tenantId, date, absent_count: closed, closed_at: stamp })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'date']).doUpdateSet({
          absent_count: sql`attendance_day_closes.absent_count + ${closed}`,
          closed_at: stamp,
        }),
      )
      .execute();
    return closed;
  });
}

/**
 * Closes every meeting day of every tenant whose threshold has passed and that is not closed yet,
 * from the day after the last closed one (or the first check-in ever: attendance is not invented
 * for days before a tenant used it), at most CATCH_UP_DAYS back.
 */
export async function closeDueDays(
  db: Queryable,
  at: Date = now(),
): Promise<{ tenantId: string; date: string; absent: number }[]> {
  const tenants = await db
    .selectFrom('tenants')
    .select([
      'tenants.id',
      (eb) =>
        eb
          .selectFrom('attendance_day_closes as c')
          .select((e) => e.fn.max('c.date').as('d'))
          .whereRef('c.tenant_id', '=', 'tenants.id')
          .as('last_closed'),
      (eb) =>
        eb
          .selectFrom('attendance_records as r')
          .select((e) => e.fn.min('r.date').as('d'))
          .whereRef('r.tenant_id', '=', 'tenants.id')
          .as('first_record'),
    ])
    .execute();
  const done: { tenantId: string; date: string; absent: number }[] = [];
  for (const t of tenants) {
    const start = t.last_closed ? addDays(t.last_closed, 1) : t.first_record;
    if (!start) continue;
    const cfg = await tenantConfig(db, t.id);
    const today = businessDate(at, cfg.timeZone);
    const from = start > addDays(today, -CATCH_UP_DAYS) ? start : addDays(today, -CATCH_UP_DAYS);
    for (let d = from; d <= today; d = addDays(d, 1)) {
      if (closesAt(cfg, d) > at) break;
      const absent = await closeDay(db, t.id, d, at);
      done.push({ tenantId: t.id, date: d, absent });
    }
  }
  return done;
}
