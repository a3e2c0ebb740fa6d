import { AnswerCache } from '../../lib/answer-cache.ts';
import { addDays } from '../attendance/attendance.rules.ts';
import { onActivityChanged } from './changes.ts';

/**
 * Answers of the activity figures (summaries, trends, leaderboards), kept in an AnswerCache.
 *
 * Tags: one per tenant and day (moved by every activity and work-log write of that day, through
 * changes.ts), one per tenant for plans and standards (moved by their writes here) and one per tenant
 * for everything (a rollup rebuild). A period's answer carries the tags of its days, so today's
 * activity leaves last month's figures cached.
 *
 * Age bound: FIGURES_CACHE_MS (twenty times that for a period that ended before today), and
 * a fresh answer is renewed in the background before it reaches the bound, so no reader waits for a
 * long computation while its answer ages. Within the bound a stale answer is served, and once it is
 * FIGURES_REFRESH_MS old one recomputation refreshes it in the background (a department's month
 * takes a few queries; a company's quarter longer): a write shows within FIGURES_REFRESH_MS plus one
 * computation, and a company's figures read while thousands log are recomputed at most that often.
 * Changes no tag covers (the org tree, people moving, the calendar, writes of other processes) show
 * within the bound. REPORT_CACHE_MS = 0 turns this cache off too.
 *
 * A tag is moved inside the writer's transaction, before its commit, and again shortly after: a
 * computation that began in between (possible on PostgreSQL's pool) read the data before the commit,
 * and the second move marks its answer stale.
 */

export const FIGURES_CACHE_MS = 30_000;
export const FIGURES_REFRESH_MS = 5_000;
/**
 * The bound of figures of a period that ended before today, as a multiple of the cache's bound
 * (10 minutes by default). Its days' tags still move with late
 * entries; what no tag covers (the org tree, people moving) shows within this bound. A company's
 * quarter takes seconds to compute: renewed every few minutes rather than every 20 seconds.
 */
const CLOSED_BOUND_FACTOR = 20;
/** A fresh answer is renewed in the background once it has lived this share of its bound. */
export const RENEW_AT = 2 / 3;
const CACHE_MAX_BYTES = 64 * 1024 * 1024;
const LATE_BUMPS_MS = [250, 2_000];

export const figuresCache = new AnswerCache({
  maxAgeMs: FIGURES_CACHE_MS,
  maxBytes: CACHE_MAX_BYTES,
  refreshAfterMs: FIGURES_REFRESH_MS,
  renewAt: RENEW_AT,
});

/** The staleness bound of figures of the days from…to, `today` being the tenant's today. */
export function boundOf(to: string, today: string): number | undefined {
  return closedPeriodBound(figuresCache, to, today);
}

/** The bound of a period's figures kept in `cache`: longer once the period ended before today. */
export function closedPeriodBound(cache: AnswerCache, to: string, today: string): number | undefined {
  return to < today ? cache.maxAge * CLOSED_BOUND_FACTOR : undefined;
}

/** Set at boot from REPORT_CACHE_MS: 0 turns the cache off, anything else keeps FIGURES_CACHE_MS. */
export function configureFiguresCache(reportCacheMs: number, maxAgeMs = FIGURES_CACHE_MS): void {
  figuresCache.setMaxAge(reportCacheMs === 0 ? 0 : maxAgeMs);
}

export const allTag = (tenantId: string) => `activity|${tenantId}`;
export const plansTag = (tenantId: string) => `activity|${tenantId}|plans`;
export const dayTag = (tenantId: string, date: string) => `activity|${tenantId}|day|${date}`;

const rangeTagsMemo = new Map<string, string[]>();

/** The tags of an answer over a range of days (and the plans, and everything); kept, as every read asks. */
export function rangeTags(tenantId: string, from: string, to: string): string[] {
  const key = `${tenantId}|${from}|${to}`;
  let tags = rangeTagsMemo.get(key);
  if (!tags) {
    tags = [allTag(tenantId), plansTag(tenantId)];
    for (let d = from; d <= to; d = addDays(d, 1)) tags.push(dayTag(tenantId, d));
    if (rangeTagsMemo.size >= 1000) rangeTagsMemo.clear();
    rangeTagsMemo.set(key, tags);
  }
  return tags;
}

function bumpNowAndLater(tag: string): void {
  figuresCache.bump(tag);
  for (const ms of LATE_BUMPS_MS) setTimeout(() => figuresCache.bump(tag), ms).unref();
}

onActivityChanged((c) => bumpNowAndLater('all' in c ? allTag(c.tenantId) : dayTag(c.tenantId, c.date)));

/** Plans or standards of the tenant changed (called by their writers here). */
export function plansChanged(tenantId: string): void {
  bumpNowAndLater(plansTag(tenantId));
}

/** Tests: forget every answer. */
export function clearFiguresCache(): void {
  figuresCache.clear();
}

/** Tests: wait for background refreshes. */
export function figuresCacheIdle(): Promise<void> {
  return figuresCache.idle();
}
