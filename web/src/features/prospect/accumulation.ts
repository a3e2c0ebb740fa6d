import type { SpotCheckOverviewRow } from '../../../../contracts/spot-check.ts';
import { addDays, rangeOf } from './period.ts';

/**
 * Pure helpers of the accumulation page (客户积累): team sums of the spot-check overview's
 * per-agent rows, and the dates at which the overview is read for a trend of new cards.
 */

export interface TeamFigures {
  unitId: string;
  unitName: string;
  agents: number;
  onHand: number;
  newThisWeek: number;
  newThisMonth: number;
  abCount: number;
  /** abCount / onHand, null without cards. */
  abShare: number | null;
  /** Cards on hand per agent. */
  onHandPerAgent: number;
  newThisMonthPerAgent: number;
  /** Agents below either standard. */
  below: number;
}

export function sumRows(rows: readonly SpotCheckOverviewRow[]): Omit<TeamFigures, 'unitId' | 'unitName'> {
  const agents = rows.length;
  const onHand = rows.reduce((s, r) => s + r.onHand, 0);
  const abCount = rows.reduce((s, r) => s + r.abCount, 0);
  const newThisMonth = rows.reduce((s, r) => s + r.newThisMonth, 0);
  return {
    agents,
    onHand,
    newThisWeek: rows.reduce((s, r) => s + r.newThisWeek, 0),
    newThisMonth,
    abCount,
    abShare: onHand > 0 ? abCount / onHand : null,
    onHandPerAgent: agents > 0 ? Math.round((onHand / agents) * 10) / 10 : 0,
    newThisMonthPerAgent: agents > 0 ? Math.round((newThisMonth / agents) * 10) / 10 : 0,
    below: rows.filter((r) => !(r.meetsOnHand && r.meetsMonthly)).length,
  };
}

/** The agents' rows summed per team (the agent's current team), teams by name. */
export function byTeam(rows: readonly SpotCheckOverviewRow[], locale = 'zh-CN'): TeamFigures[] {
  const groups = new Map<string, SpotCheckOverviewRow[]>();
  for (const r of rows) {
    const g = groups.get(r.unitId);
    if (g) g.push(r);
    else groups.set(r.unitId, [r]);
  }
  const collator = new Intl.Collator(locale);
  return [...groups.values()]
    .map((g) => ({ unitId: g[0]!.unitId, unitName: g[0]!.unitName, ...sumRows(g) }))
    .sort((a, b) => collator.compare(a.unitName, b.unitName));
}

export type Grain = 'week' | 'month';

export interface TrendPoint {
  /** The date the overview is read at: the period's last day, or today for the current one. */
  date: string;
  /** "11-23" (week, its Monday) or "2026-11" (month). */
  label: string;
}

/** The last `count` weeks or months up to the one of `today`, oldest first. */
export function trendPoints(grain: Grain, today: string, count: number): TrendPoint[] {
  const out: TrendPoint[] = [];
  let r = rangeOf(grain, today);
  for (let i = 0; i < count; i++) {
    out.unshift({
      date: r.to < today ? r.to : today,
      label: grain === 'week' ? r.from.slice(5) : r.from.slice(0, 7),
    });
    r = rangeOf(grain, addDays(r.from, -1));
  }
  return out;
}
