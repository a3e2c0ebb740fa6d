import type { z } from 'zod';
import type { ActivityTrendSchema, TrendQuerySchema } from '../../../contracts/activity.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { invalid, notFound } from '../../http/errors.ts';
import { tenantConfig } from '../attendance/config.service.ts';
import { fromMilli } from './activity.rules.ts';
import * as units from './analysis.repository.ts';
import { activityConfig, todayOf } from './config.service.ts';
import { figuresCache, rangeTags } from './figures.cache.ts';
import * as repo from './figures.repository.ts';
import { trendBuckets } from './periods.ts';
import { findPersonPlans, findSubtreePlans } from './plan.repository.ts';
import { PlanCalendar, plannedOfPeople, type PlannedPerson } from './planned.ts';
import { standardResolver } from './standard.service.ts';
import { scopeForm } from './summary.service.ts';

/**
 * Points and activities, with planned points, per day (last 30), week (last 12) or work month
 * (last 6), oldest first, ending with the current one: of a unit (activity.read, the unit
 * readable) or of a person (one's own for everyone; someone else's with activity.read, in scope).
 * Without unitId or userId: the caller's own. Read from the rollups; a unit's is kept in the
 * figures cache.
 */

export type TrendQuery = z.output<typeof TrendQuerySchema>;
export type ActivityTrend = z.infer<typeof ActivityTrendSchema>;

export async function getTrend(ctx: Ctx, q: TrendQuery): Promise<ActivityTrend> {
  if (q.unitId !== undefined && q.userId !== undefined)
    throw invalid([{ path: 'query.userId', message: 'Give unitId or userId, not both', code: 'exclusive' }]);
  const { tenantId } = ctx.actor;
  const [cfg, att] = await Promise.all([activityConfig(ctx.db, tenantId), tenantConfig(ctx.db, tenantId)]);
  const today = todayOf(cfg);
  const buckets = trendBuckets(q.grain, today, att.rules.workMonth);
  const span = { from: buckets[0]!.from, to: buckets[buckets.length - 1]!.to };
  const cal = () => new PlanCalendar(att, span);

  if (q.unitId !== undefined) {
    assertCan(ctx.actor, 'activity.read');
    const unit = await units.findReadableUnit(ctx.db, ctx.actor.visibility, ctx.actor.unitId, q.unitId);
    if (!unit) throw notFound('Unit');
    const key = `trend|${tenantId}|${scopeForm(ctx.actor.visibility, ctx.actor.unitId, unit.covered)}|${unit.id}|${q.grain}|${today}`;
    const answer = await figuresCache.get(key, {
      tags: rangeTags(tenantId, span.from, span.to),
      compute: async () => {
        const scope: repo.FigureScope = {
          tenantId,
          unitId: unit.id,
          vis: unit.covered ? null : ctx.actor.visibility,
          roles: cfg.settings.loggingRoles,
          ...span,
          nonWorkdays: [],
        };
        const [daily, personUnits, members, plans, standardOf] = await Promise.all([
          repo.findDailyTotals(ctx.db, scope),
          repo.findPersonUnitFigures(ctx.db, scope),
          repo.findMembers(ctx.db, scope),
          findSubtreePlans(ctx.db, tenantId, unit.id, span.from, span.to),
          standardResolver(ctx.db, cfg),
        ]);
        const people = new Map<string, PlannedPerson>(members.map((m) => [m.user_id, m]));
        const missing = [...new Set(personUnits.map((r) => r.user_id))].filter((id) => !people.has(id));
        for (const p of await repo.findPeople(ctx.db, tenantId, missing)) people.set(p.user_id, p);
        const planned = plannedOfPeople(
          cal(),
          people.values(),
          plans.filter((p) => people.has(p.user_id)),
          standardOf,
          buckets,
        );
        const trend = buckets.map((b, i) => {
          let activities = 0;
          let points = 0;
          for (const d of daily) {
            if (d.date < b.from || d.date > b.to) continue;
            activities += d.activities;
            points += d.points_milli;
          }
          let plannedMilli = 0;
          for (const pl of planned.values()) plannedMilli += pl[i]!.pointsMilli;
          return {
            period: b.period,
            from: b.from,
            to: b.to,
            activities,
            points: fromMilli(points),
            plannedPoints: fromMilli(plannedMilli),
          };
        });
        return { body: Buffer.from(JSON.stringify(trend)) };
      },
    });
    return JSON.parse(answer.body.toString()) as ActivityTrend;
  }

  const own = q.userId === undefined || q.userId === ctx.actor.userId;
  assertCan(ctx.actor, own ? 'activity.log' : 'activity.read');
  const person = await units.findVisiblePerson(
    ctx.db,
    ctx.actor.visibility,
    own ? ctx.actor.userId : q.userId!,
  );
  if (!person) throw notFound('User');
  const [days, plans, standardOf] = await Promise.all([
    repo.findPersonDays(ctx.db, tenantId, person.id, span.from, span.to),
    findPersonPlans(ctx.db, tenantId, person.id, span.from, span.to),
    standardResolver(ctx.db, cfg),
  ]);
  const planned = plannedOfPeople(
    cal(),
    [{ ...person, user_id: person.id, current_unit_id: person.unit_id }],
    plans,
    standardOf,
    buckets,
  ).get(person.id)!;
  return buckets.map((b, i) => {
    let activities = 0;
    let points = 0;
    for (const d of days) {
      if (d.date < b.from || d.date > b.to) continue;
      activities += d.activities;
      points += d.points_milli;
    }
    return {
      period: b.period,
      from: b.from,
      to: b.to,
      activities,
      points: fromMilli(points),
      plannedPoints: fromMilli(planned[i]!.pointsMilli),
    };
  });
}
