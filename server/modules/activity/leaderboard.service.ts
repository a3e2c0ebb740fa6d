import type { z } from 'zod';
import type { Leaderboard, LeaderboardQuerySchema } from '../../../contracts/activity.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan, can } from '../../access/permissions.ts';
import type { Queryable } from '../../db/database.ts';
import { notFound } from '../../http/errors.ts';
import type { Answer } from '../../lib/answer-cache.ts';
import { tenantConfig } from '../attendance/config.service.ts';
import { fromMilli, monthPeriod, weekOf, weekRange, type Period } from './activity.rules.ts';
import * as units from './analysis.repository.ts';
import { activityConfig, todayOf } from './config.service.ts';
import { figuresCache, rangeTags } from './figures.cache.ts';
import * as repo from './figures.repository.ts';
import { assertDate } from './periods.ts';

/**
 * Weekly and work-monthly leaderboards (表彰先进), by points or by sales (sale-stage activities,
 * ties broken by premium). The honour roll is public within the unit: everyone reads the boards
 * of their own team and of the units above it up to their department; readers with activity.read
 * also those of units in their scope. Everyone of the logging roles counted in the unit for the
 * period is ranked (ties share a rank); the rows list the top `limit` with something to show, and
 * `me` gives the reader's rank when they are not among them.
 *
 * The ranking of a unit and period is the same for every reader: it is kept in the figures cache.
 */

export type LeaderboardQuery = z.output<typeof LeaderboardQuerySchema>;

interface Ranked {
  rank: number;
  userId: string;
  userName: string;
  unitName: string;
  pointsMilli: number;
  sales: number;
  premiumFen: number;
  activities: number;
}

interface Ranking {
  unitId: string;
  unitName: string;
  from: string;
  to: string;
  ranked: Ranked[];
}

const collator = new Intl.Collator('zh-CN');

/** Every person counted in a unit for a period, ranked by points or sales. */
async function computeRanking(
  db: Queryable,
  tenantId: string,
  unit: { id: string; name: string },
  range: Period,
  by: 'points' | 'sales',
): Promise<Ranking> {
  const cfg = await activityConfig(db, tenantId);
  const scope: repo.FigureScope = {
    tenantId,
    unitId: unit.id,
    vis: null,
    roles: cfg.settings.loggingRoles,
    ...range,
    nonWorkdays: [],
  };
  const [personUnits, members, subtree] = await Promise.all([
    repo.findPersonUnitFigures(db, scope),
    repo.findMembers(db, scope),
    units.findSubtreeUnits(db, tenantId, unit.id),
  ]);
  const names = new Map(subtree.map((u) => [u.id, u.name]));
  const people = new Map<string, Ranked & { lastDate: string; unitId: string }>();
  const counted = personUnits.filter((r) => repo.COUNTER_KEYS.some((k) => r[k] !== 0));
  const userNames = new Map(members.map((m) => [m.user_id, m.display_name]));
  const missing = [...new Set(counted.map((r) => r.user_id))].filter((id) => !userNames.has(id));
  for (const p of await repo.findPeople(db, tenantId, missing)) userNames.set(p.user_id, p.display_name);
  for (const r of counted) {
    let p = people.get(r.user_id);
    if (!p) {
      p = {
        rank: 0,
        userId: r.user_id,
        userName: userNames.get(r.user_id) ?? '',
        unitName: '',
        pointsMilli: 0,
        sales: 0,
        premiumFen: 0,
        activities: 0,
        lastDate: '',
        unitId: r.unit_id,
      };
      people.set(r.user_id, p);
    }
    p.pointsMilli += r.points_milli;
    p.sales += r.sales;
    p.premiumFen += r.premium_fen;
    p.activities += r.activities;
    if (r.last_date > p.lastDate) {
      p.lastDate = r.last_date;
      p.unitId = r.unit_id;
    }
  }
  for (const m of members) {
    if (!people.has(m.user_id))
      people.set(m.user_id, {
        rank: 0,
        userId: m.user_id,
        userName: m.display_name,
        unitName: '',
        pointsMilli: 0,
        sales: 0,
        premiumFen: 0,
        activities: 0,
        lastDate: '',
        unitId: m.current_unit_id,
      });
  }
  const score = (p: Ranked): [number, number] =>
    by === 'points' ? [p.pointsMilli, 0] : [p.sales, p.premiumFen];
  const list = [...people.values()].sort((a, b) => {
    const [a1, a2] = score(a);
    const [b1, b2] = score(b);
    return b1 - a1 || b2 - a2 || collator.compare(a.userName, b.userName) || (a.userId < b.userId ? -1 : 1);
  });
  const ranked: Ranked[] = [];
  list.forEach((p, i) => {
    const prev = ranked[i - 1];
    const [s1, s2] = score(p);
    const same = prev && score(prev)[0] === s1 && score(prev)[1] === s2;
    ranked.push({
      rank: same ? prev.rank : i + 1,
      userId: p.userId,
      userName: p.userName,
      unitName: names.get(p.unitId) ?? '',
      pointsMilli: p.pointsMilli,
      sales: p.sales,
      premiumFen: p.premiumFen,
      activities: p.activities,
    });
  });
  return { unitId: unit.id, unitName: unit.name, from: range.from, to: range.to, ranked };
}

const parsed = new WeakMap<Answer, Ranking>();

/** The ranking of a unit and period, from the figures cache. */
export async function rankingOf(
  db: Queryable,
  tenantId: string,
  unit: { id: string; name: string },
  range: Period,
  by: 'points' | 'sales',
): Promise<Ranking> {
  const answer = await figuresCache.get(`board|${tenantId}|${unit.id}|${range.from}|${range.to}|${by}`, {
    tags: rangeTags(tenantId, range.from, range.to),
    compute: async () => ({
      body: Buffer.from(JSON.stringify(await computeRanking(db, tenantId, unit, range, by))),
    }),
  });
  let r = parsed.get(answer);
  if (!r) {
    r = JSON.parse(answer.body.toString()) as Ranking;
    parsed.set(answer, r);
  }
  return r;
}

/** The unit whose board the reader asks for (default: their own unit); 404 when they may not read it. */
async function boardUnit(ctx: Ctx, unitId: string | undefined): Promise<{ id: string; name: string }> {
  const id = unitId ?? ctx.actor.unitId;
  const chain = await units.findAncestors(ctx.db, ctx.actor.tenantId, ctx.actor.unitId);
  // Own unit, and the units above it up to the department: the honour roll is public there.
  let reachedDepartment = false;
  for (const u of chain) {
    if (u.id === id && !reachedDepartment) return u;
    if (u.kind === 'department') reachedDepartment = true;
  }
  if (can(ctx.actor, 'activity.read')) {
    const u = await units.findReadableUnit(ctx.db, ctx.actor.visibility, ctx.actor.unitId, id);
    if (u) return u;
  }
  throw notFound('Unit');
}

export async function getLeaderboard(ctx: Ctx, q: LeaderboardQuery): Promise<Leaderboard> {
  assertCan(ctx.actor, 'activity.log');
  if (q.date) assertDate(q.date, 'query.date');
  const { tenantId } = ctx.actor;
  const [cfg, att] = await Promise.all([activityConfig(ctx.db, tenantId), tenantConfig(ctx.db, tenantId)]);
  const date = q.date ?? todayOf(cfg);
  const range = q.period === 'week' ? weekRange(weekOf(date)) : monthPeriod(date, att.rules.workMonth);
  const unit = await boardUnit(ctx, q.unitId);
  const ranking = await rankingOf(ctx.db, tenantId, unit, { from: range.from, to: range.to }, q.by);
  const shown = ranking.ranked
    .filter((r) => (q.by === 'points' ? r.pointsMilli > 0 : r.sales > 0 || r.premiumFen > 0))
    .slice(0, q.limit);
  const mine = ranking.ranked.find((r) => r.userId === ctx.actor.userId);
  return {
    unitId: ranking.unitId,
    unitName: ranking.unitName,
    period: q.period,
    from: ranking.from,
    to: ranking.to,
    by: q.by,
    rows: shown.map((r) => ({
      rank: r.rank,
      userId: r.userId,
      userName: r.userName,
      unitName: r.unitName,
      points: fromMilli(r.pointsMilli),
      sales: r.sales,
      premiumFen: r.premiumFen,
      activities: r.activities,
    })),
    me:
      mine && !shown.some((r) => r.userId === mine.userId)
        ? { rank: mine.rank, points: fromMilli(mine.pointsMilli), sales: mine.sales }
        : null,
  };
}

/** The reader's rank by points in a unit over a range, of how many are ranked (the today page). */
export async function rankIn(
  ctx: Ctx,
  unit: { id: string; name: string },
  range: Period,
): Promise<{ rank: number; of: number } | null> {
  const ranking = await rankingOf(ctx.db, ctx.actor.tenantId, unit, range, 'points');
  const mine = ranking.ranked.find((r) => r.userId === ctx.actor.userId);
  return mine ? { rank: mine.rank, of: ranking.ranked.length } : null;
}
