import type { PlanStatus } from '../../../contracts/activity.ts';
import { addDays } from '../attendance/attendance.rules.ts';
import { plannedShareMilli, standardPlanMilli } from './activity.rules.ts';

/**
 * What a person planned for part of the calendar, from their plans and the team standard (pure).
 *
 * - Each workday is planned by one source. A plan covering the day counts if it is approved,
 *   submitted or a draft (a returned plan was refused: the standard applies instead). An approved
 *   plan wins over one not yet approved; between two of the same standing the week plan, the more
 *   specific instruction, wins over the month's.
 * - A plan's targets are spread evenly over the workdays of its own period (`plannedShareMilli`),
 *   so a work month's plan read over a calendar month counts only the workdays inside it.
 * - Workdays no plan covers are planned by the person's team standard: per workday × those days.
 * - Days outside `active` (before the person joined, after they left) are planned by nothing.
 *
 * Counts and points come back in thousandths, so that shares of many days sum without loss.
 */

export interface PlanSource {
  id: string;
  kind: 'week' | 'month';
  status: PlanStatus;
  from: string;
  to: string;
  /** Workdays of the plan's whole period. */
  workdays: number;
  items: readonly { typeId: string; target: number }[];
  targetPointsMilli: number;
}

export interface StandardSource {
  items: readonly { typeId: string; perWorkday: number }[];
  pointsPerWorkdayMilli: number;
}

export interface Range {
  from: string;
  to: string;
}

export interface Planned {
  pointsMilli: number;
  /** Planned count per type, in thousandths. */
  byType: Map<string, number>;
}

/** Plans of these statuses are counted; a returned plan is not. */
export const COUNTED_PLAN_STATUSES: readonly PlanStatus[] = ['approved', 'submitted', 'draft'];

/** The workdays of a calendar span, with prefix counts to count any sub-range at once. */
export class Workdays {
  private readonly index = new Map<string, number>();
  /** prefix[i] = workdays among the first i days. */
  private readonly prefix: number[] = [0];
  constructor(
    readonly from: string,
    readonly to: string,
    isWorkday: (date: string) => boolean,
  ) {
    let i = 0;
    for (let d = from; d <= to; d = addDays(d, 1)) {
      this.index.set(d, i++);
      this.prefix.push(this.prefix[this.prefix.length - 1]! + (isWorkday(d) ? 1 : 0));
    }
  }

  isWorkday(date: string): boolean {
    const i = this.index.get(date);
    return i !== undefined && this.prefix[i + 1]! > this.prefix[i]!;
  }

  /** Workdays from `from` to `to` (both included), clipped to the span. */
  count(from: string, to: string): number {
    const a = from < this.from ? this.from : from;
    const b = to > this.to ? this.to : to;
    if (a > b) return 0;
    return this.prefix[this.index.get(b)! + 1]! - this.prefix[this.index.get(a)!]!;
  }
}

function better(a: PlanSource, b: PlanSource): boolean {
  const aa = a.status === 'approved';
  const ba = b.status === 'approved';
  if (aa !== ba) return aa;
  if (a.kind !== b.kind) return a.kind === 'week';
  return a.from > b.from;
}

function intersect(a: Range, b: Range): Range | null {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to < b.to ? a.to : b.to;
  return from <= to ? { from, to } : null;
}

function addMilli(map: Map<string, number>, typeId: string, milli: number): void {
  if (milli === 0) return;
  map.set(typeId, (map.get(typeId) ?? 0) + milli);
}

/**
 * Planned counts and points for each bucket (ranges inside the workday span). `plans` may hold any
 * of the person's plans: those not counted or not overlapping are skipped.
 */
export function plannedFor(
  plans: readonly PlanSource[],
  standard: StandardSource,
  workdays: Workdays,
  buckets: readonly Range[],
  active: Range,
): Planned[] {
  const counted = plans.filter((p) => COUNTED_PLAN_STATUSES.includes(p.status));
  return buckets.map((bucket) => {
    const out: Planned = { pointsMilli: 0, byType: new Map() };
    const span = intersect(bucket, active);
    if (!span) return out;
    let standardDays = 0;
    const planDays = new Map<PlanSource, number>();
    const overlapping = counted.filter((p) => p.from <= span.to && p.to >= span.from);
    if (overlapping.length === 0) {
      standardDays = workdays.count(span.from, span.to);
    } else {
      for (let d = span.from; d <= span.to; d = addDays(d, 1)) {
        if (!workdays.isWorkday(d)) continue;
        let best: PlanSource | null = null;
        for (const p of overlapping) if (p.from <= d && p.to >= d && (!best || better(p, best))) best = p;
        if (best) planDays.set(best, (planDays.get(best) ?? 0) + 1);
        else standardDays++;
      }
    }
    for (const [p, n] of planDays) {
      out.pointsMilli += plannedShareMilli(p.targetPointsMilli, p.workdays, n);
      for (const item of p.items)
        addMilli(out.byType, item.typeId, plannedShareMilli(item.target * 1000, p.workdays, n));
    }
    if (standardDays > 0) {
      out.pointsMilli += standardPlanMilli(standard.pointsPerWorkdayMilli, standardDays);
      for (const item of standard.items)
        addMilli(
          out.byType,
          item.typeId,
          standardPlanMilli(Math.round(item.perWorkday * 1000), standardDays),
        );
    }
    return out;
  });
}

/** Default sprint and challenge tiers: 1.2× and 1.5× the target, rounded up. */
export const SPRINT_FACTOR = 1.2;
export const CHALLENGE_FACTOR = 1.5;

export function tierOf(target: number, factor: number): number {
  // Rounded up from a product taken to 6 decimals, so 10 × 1.2 is 12, not 12.000000000000002 → 13.
  return Math.ceil(Math.round(target * factor * 1e6) / 1e6);
}
