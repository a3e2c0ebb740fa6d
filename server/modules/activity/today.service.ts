import type { ActivityToday } from '../../../contracts/activity.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { notFound } from '../../http/errors.ts';
import { now } from '../../lib/clock.ts';
import { addDays } from '../attendance/attendance.rules.ts';
import { dayOf, tenantConfig } from '../attendance/config.service.ts';
import { fromMilli, monthPeriod, weekOf, weekRange } from './activity.rules.ts';
import * as units from './analysis.repository.ts';
import { activityConfig, todayOf } from './config.service.ts';
import { findPersonDays } from './figures.repository.ts';
import { rankIn } from './leaderboard.service.ts';
import { findPersonPlans } from './plan.repository.ts';
import { PlanCalendar, plannedOfPeople } from './planned.ts';
import { standardResolver } from './standard.service.ts';
import * as repo from './today.repository.ts';
import { getWorkLog } from './worklog.service.ts';

/**
 * The agent's today page in one answer: the day's log and activities, what was planned for today
 * (from their plans or team standard, as the summary plans it) against what is done, points of
 * the week and work month, rank in the team this week, feedback of the last 7 days (comments by
 * others, reviews, coaching), and what makes logging quick: their most used types of the last 30
 * days (topped up with the usual ones) and the prospects they saw recently.
 */

const FEEDBACK_DAYS = 7;
const FEEDBACK_MAX = 20;
const HABIT_DAYS = 30;
const QUICK_TYPES = 4;
const RECENT_PROSPECTS = 8;
/** Types offered first to someone without history. */
const DEFAULT_QUICK = ['interview', 'phoneAppointment', 'proposal', 'service'];

export async function getToday(ctx: Ctx): Promise<ActivityToday> {
  assertCan(ctx.actor, 'activity.log');
  const { tenantId, userId } = ctx.actor;
  const [cfg, att] = await Promise.all([activityConfig(ctx.db, tenantId), tenantConfig(ctx.db, tenantId)]);
  const person = await units.findVisiblePerson(ctx.db, ctx.actor.visibility, userId);
  if (!person) throw notFound('User');
  const today = todayOf(cfg);
  const week = weekRange(weekOf(today));
  const month = monthPeriod(today, att.rules.workMonth);
  const span = {
    from: week.from < month.from ? week.from : month.from,
    to: week.to > month.to ? week.to : month.to,
  };
  const since = new Date(now().getTime() - FEEDBACK_DAYS * 86_400_000).toISOString();
  const habitFrom = addDays(today, -HABIT_DAYS);

  const [log, days, plans, standardOf, comments, reviews, coaching, typeUse, prospects, teamRank] =
    await Promise.all([
      getWorkLog(ctx, today, undefined),
      findPersonDays(ctx.db, tenantId, userId, span.from, span.to),
      findPersonPlans(ctx.db, tenantId, userId, span.from, span.to),
      standardResolver(ctx.db, cfg),
      repo.findCommentsReceived(ctx.db, tenantId, userId, since, FEEDBACK_MAX),
      repo.findReviewsReceived(ctx.db, tenantId, userId, since, FEEDBACK_MAX),
      repo.findCoachingReceived(ctx.db, tenantId, userId, since, FEEDBACK_MAX),
      repo.findTypeUse(ctx.db, tenantId, userId, habitFrom),
      repo.findRecentProspects(ctx.db, tenantId, userId, habitFrom, RECENT_PROSPECTS),
      rankIn(ctx, { id: ctx.actor.unitId, name: ctx.actor.unitName }, week),
    ]);

  const [planToday, planWeek] = plannedOfPeople(
    new PlanCalendar(att, span),
    [{ ...person, user_id: person.id, current_unit_id: person.unit_id }],
    plans,
    standardOf,
    [{ from: today, to: today }, week],
  ).get(userId)!;

  const doneToday = new Map<string, number>();
  for (const a of log.activities) doneToday.set(a.typeId, (doneToday.get(a.typeId) ?? 0) + 1);
  const plannedToday = cfg.types
    .filter((t) => (planToday!.byType.get(t.row.id) ?? 0) > 0 || doneToday.has(t.row.id))
    .map((t) => ({
      typeId: t.row.id,
      planned: fromMilli(planToday!.byType.get(t.row.id) ?? 0),
      done: doneToday.get(t.row.id) ?? 0,
    }));

  const sum = (from: string, to: string) =>
    days.filter((d) => d.date >= from && d.date <= to).reduce((s, d) => s + d.points_milli, 0);

  const feedback: ActivityToday['feedback'] = [
    ...comments.map((c) => ({
      kind: 'comment' as const,
      at: c.created_at,
      by: c.author_name,
      text: c.body,
      date: c.date,
      logId: c.log_id,
      coachingId: null,
    })),
    ...reviews.map((r) => ({
      kind: 'review' as const,
      at: r.reviewed_at!,
      by: r.reviewer_name ?? '',
      text: '',
      date: r.date,
      logId: r.id,
      coachingId: null,
    })),
    ...coaching.map((k) => ({
      kind: 'coaching' as const,
      at: k.created_at,
      by: k.coach_name,
      text: `${k.topic}：${k.agreed}`,
      date: k.date,
      logId: k.log_id,
      coachingId: k.id,
    })),
  ]
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, FEEDBACK_MAX);

  const active = (id: string) => cfg.typesById.get(id)?.row.active === 1;
  const quickTypes: string[] = [];
  for (const u of typeUse)
    if (quickTypes.length < QUICK_TYPES && active(u.type_id)) quickTypes.push(u.type_id);
  for (const code of DEFAULT_QUICK) {
    const t = cfg.types.find((x) => x.row.code === code && x.row.active === 1);
    if (quickTypes.length < QUICK_TYPES && t && !quickTypes.includes(t.row.id)) quickTypes.push(t.row.id);
  }

  return {
    date: today,
    workday: dayOf(att, today).workday,
    log,
    plannedToday,
    plannedPoints: fromMilli(planToday!.pointsMilli),
    weekPoints: fromMilli(sum(week.from, week.to)),
    weekPlannedPoints: fromMilli(planWeek!.pointsMilli),
    monthPoints: fromMilli(sum(month.from, month.to)),
    teamRank,
    feedback,
    quickTypes,
    recentProspects: prospects.map((p) => ({ prospectId: p.prospect_id, name: p.prospect_name! })),
    backdateDays: cfg.settings.backdateDays,
  };
}
