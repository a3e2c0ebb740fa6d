import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { businessDate, now } from '../../lib/clock.ts';
import { dayOf, tenantConfig } from '../attendance/config.service.ts';
import { notifyMany, type NotifyInput } from '../notification/notification.service.ts';
import { activityConfig } from './config.service.ts';
import { links, nearestReviewer } from './worklog.service.ts';

/**
 * Reminders of activity management, run by a recurring job (every 15 minutes):
 * - after the tenant's evening time (settings.logReminderAt) on a workday, each person of the
 *   logging roles without a submitted log of the day is reminded, once per person and day;
 * - a log submitted more than settings.reviewReminderHours ago and still unreviewed reminds the
 *   nearest leader above its team who may review, once per log.
 *
 * Idempotent: each notification carries a dedupe key (the day, the log), and people or logs whose
 * key exists are not asked again. Only tenants that use activity management (an activity or a log
 * exists) are reminded, and unreviewed logs older than REVIEW_LOOKBACK_DAYS are left to the review
 * rate: a first run on old data does not send a flood.
 */

export const ACTIVITY_REMINDERS_JOB = 'activity.reminders';
const REVIEW_LOOKBACK_DAYS = 7;
const HOUR_MS = 3_600_000;
const CHUNK = 500;

export const logReminderKey = (date: string) => `activity.logReminder:${date}`;
export const reviewReminderKey = (logId: string) => `activity.reviewReminder:${logId}`;

const timeFormatters = new Map<string, Intl.DateTimeFormat>();
/** "HH:mm" on the wall clock of a time zone. */
function localTime(at: Date, timeZone: string): string {
  let f = timeFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    timeFormatters.set(timeZone, f);
  }
  return f.format(at);
}

export interface ReminderResult {
  tenantId: string;
  logReminders: number;
  reviewReminders: number;
}

/** One pass over every tenant using the module; returns what was sent (tenants with nothing left out). */
export async function sendActivityReminders(db: Queryable, at: Date = now()): Promise<ReminderResult[]> {
  const tenants = await db
    .selectFrom('tenants as t')
    .select('t.id')
    .where((eb) =>
      eb.or([
        eb.exists(
          eb.selectFrom('activities as a').select(sql.lit(1).as('one')).whereRef('a.tenant_id', '=', 't.id'),
        ),
        eb.exists(
          eb.selectFrom('work_logs as l').select(sql.lit(1).as('one')).whereRef('l.tenant_id', '=', 't.id'),
        ),
      ]),
    )
    .execute();
  const out: ReminderResult[] = [];
  for (const t of tenants) {
    const logReminders = await remindLoggers(db, t.id, at);
    const reviewReminders = await remindReviewers(db, t.id, at);
    if (logReminders + reviewReminders > 0) out.push({ tenantId: t.id, logReminders, reviewReminders });
  }
  return out;
}

/** People of the logging roles without a submitted log today, after the evening time of a workday. */
async function remindLoggers(db: Queryable, tenantId: string, at: Date): Promise<number> {
  const cfg = await activityConfig(db, tenantId);
  const today = businessDate(at, cfg.timeZone);
  if (localTime(at, cfg.timeZone) < cfg.settings.logReminderAt) return 0;
  if (!dayOf(await tenantConfig(db, tenantId), today).workday) return 0;
  const key = logReminderKey(today);
  const people = await db
    .selectFrom('users as u')
    .select('u.id')
    .where('u.tenant_id', '=', tenantId)
    .where('u.role', 'in', cfg.settings.loggingRoles)
    .where('u.status', '=', 'active')
    .where((eb) => eb.or([eb('u.join_date', 'is', null), eb('u.join_date', '<=', today)]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('work_logs as l')
            .select(sql.lit(1).as('one'))
            .where('l.tenant_id', '=', tenantId)
            .whereRef('l.user_id', '=', 'u.id')
            .where('l.date', '=', today)
            .where('l.status', '=', 'submitted'),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('notifications as n')
            .select(sql.lit(1).as('one'))
            .where('n.tenant_id', '=', tenantId)
            .whereRef('n.user_id', '=', 'u.id')
            .where('n.dedupe_key', '=', key),
        ),
      ),
    )
    .execute();
  if (people.length === 0) return 0;
  const inputs: NotifyInput[] = people.map((p) => ({
    userId: p.id,
    kind: 'activity.logReminder',
    title: '今天的工作日志还没有提交',
    body: '记下今天的活动并提交日志；今天没有活动，也可以如实提交。',
    link: links.ownLog(today),
    params: { date: today },
    dedupeKey: key,
  }));
  const ids = await db.transaction().execute((trx) => notifyMany(trx, tenantId, inputs));
  return ids.length;
}

/** Logs submitted more than reviewReminderHours ago, unreviewed, not yet reminded of. */
async function remindReviewers(db: Queryable, tenantId: string, at: Date): Promise<number> {
  const cfg = await activityConfig(db, tenantId);
  const dueBefore = new Date(at.getTime() - cfg.settings.reviewReminderHours * HOUR_MS).toISOString();
  const notBefore = new Date(at.getTime() - REVIEW_LOOKBACK_DAYS * 24 * HOUR_MS).toISOString();
  const logs = await db
    .selectFrom('work_logs as l')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .select(['l.id', 'l.user_id', 'l.unit_id', 'l.date', 'l.submitted_at', 'u.display_name'])
    .where('l.tenant_id', '=', tenantId)
    .where('l.status', '=', 'submitted')
    .where('l.reviewed_at', 'is', null)
    .where('l.submitted_at', '<=', dueBefore)
    .where('l.submitted_at', '>=', notBefore)
    .orderBy('l.submitted_at')
    .execute();
  if (logs.length === 0) return 0;
  const reviewerOf = new Map<string, string | null>();
  const inputs: NotifyInput[] = [];
  for (const log of logs) {
    const k = `${log.unit_id}|${log.user_id}`;
    if (!reviewerOf.has(k)) reviewerOf.set(k, await nearestReviewer(db, tenantId, log.unit_id, log.user_id));
    const reviewer = reviewerOf.get(k);
    if (!reviewer) continue;
    inputs.push({
      userId: reviewer,
      kind: 'activity.reviewReminder',
      title: `${log.display_name} ${log.date}的工作日志等待批阅`,
      body: `已提交超过${cfg.settings.reviewReminderHours}小时`,
      link: links.review(log.id),
      params: {
        logId: log.id,
        userId: log.user_id,
        userName: log.display_name,
        hours: cfg.settings.reviewReminderHours,
        date: log.date,
        submittedAt: log.submitted_at,
      },
      dedupeKey: reviewReminderKey(log.id),
    });
  }
  if (inputs.length === 0) return 0;
  // Logs already reminded of: looked up by recipient, the leading part of the dedupe index.
  const seen = new Set<string>();
  for (let i = 0; i < inputs.length; i += CHUNK) {
    const part = inputs.slice(i, i + CHUNK);
    const sent = await db
      .selectFrom('notifications')
      .select(['user_id', 'dedupe_key'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', 'in', [...new Set(part.map((p) => p.userId))])
      .where(
        'dedupe_key',
        'in',
        part.map((p) => p.dedupeKey!),
      )
      .execute();
    for (const n of sent) seen.add(`${n.user_id}|${n.dedupe_key}`);
  }
  const fresh = inputs.filter((i) => !seen.has(`${i.userId}|${i.dedupeKey}`));
  if (fresh.length === 0) return 0;
  const ids = await db.transaction().execute((trx) => notifyMany(trx, tenantId, fresh));
  return ids.length;
}
