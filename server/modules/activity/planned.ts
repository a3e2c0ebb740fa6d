import type { PlanItem, PlanKind, PlanStatus } from '../../../contracts/activity.ts';
import type { ActivityPlanTable } from '../../db/schema.ts';
import { addDays } from '../attendance/attendance.rules.ts';
import { dayOf, type TenantConfig } from '../attendance/config.service.ts';
import type { Period } from './activity.rules.ts';
import { plannedFor, Workdays, type PlanSource, type Planned, type Range } from './planner.ts';
import type { ResolvedStandard } from './standard.service.ts';

/**
 * Planned figures of many people at once: their plans (as rows) and team standards over the
 * tenant's calendar, through the pure planner. Used by the summary, the trend, the leaderboard's
 * neighbours and the today page, so they all plan alike.
 */

export interface PlannedPerson {
  user_id: string;
  current_unit_id: string;
  status: string;
  join_date: string | null;
  leave_date: string | null;
}

/** The days a person is counted in a span: from joining, until the day before leaving. */
export function activeRange(p: Omit<PlannedPerson, 'user_id' | 'current_unit_id'>, span: Period): Period {
  let { from, to } = span;
  if (p.join_date && p.join_date > from) from = p.join_date;
  if (p.status !== 'active' && p.leave_date) {
    const last = addDays(p.leave_date, -1);
    if (last < to) to = last;
  }
  return { from, to };
}

export class PlanCalendar {
  readonly workdays: Workdays;
  private readonly planDays = new Map<string, number>();
  constructor(
    private readonly att: TenantConfig,
    readonly span: Period,
  ) {
    this.workdays = new Workdays(span.from, span.to, (d) => dayOf(att, d).workday);
  }

  /** Workdays of a whole plan period (memoised: a department's plans share a few periods). */
  planWorkdays(from: string, to: string): number {
    const key = `${from}|${to}`;
    let n = this.planDays.get(key);
    if (n === undefined) {
      n = 0;
      for (let d = from; d <= to; d = addDays(d, 1)) if (dayOf(this.att, d).workday) n++;
      this.planDays.set(key, n);
    }
    return n;
  }

  source(row: ActivityPlanTable): PlanSource {
    return {
      id: row.id,
      kind: row.period_kind as PlanKind,
      status: row.status as PlanStatus,
      from: row.date_from,
      to: row.date_to,
      workdays: this.planWorkdays(row.date_from, row.date_to),
      items: (JSON.parse(row.items) as PlanItem[]).map((i) => ({ typeId: i.typeId, target: i.target })),
      targetPointsMilli: row.target_points_milli,
    };
  }
}

/** Each person's planned figures per bucket (buckets lie inside the calendar's span). */
export function plannedOfPeople(
  cal: PlanCalendar,
  people: Iterable<PlannedPerson>,
  plans: readonly ActivityPlanTable[],
  standardOf: (unitId: string) => ResolvedStandard,
  buckets: readonly Range[],
): Map<string, Planned[]> {
  const byUser = new Map<string, PlanSource[]>();
  for (const row of plans) {
    const list = byUser.get(row.user_id) ?? [];
    list.push(cal.source(row));
    byUser.set(row.user_id, list);
  }
  const out = new Map<string, Planned[]>();
  for (const p of people) {
    out.set(
      p.user_id,
      plannedFor(
        byUser.get(p.user_id) ?? [],
        standardOf(p.current_unit_id),
        cal.workdays,
        buckets,
        activeRange(p, cal.span),
      ),
    );
  }
  return out;
}
