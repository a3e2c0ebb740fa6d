import { AnswerCache } from '../../lib/answer-cache.ts';
import { closedPeriodBound, RENEW_AT } from '../activity/figures.cache.ts';

/**
 * Funnel answers (a department's quarter reads tens of thousands of stage moves), kept in an
 * AnswerCache as the activity figures are (see activity/figures.cache.ts): per form of the reader's
 * scope, unit and period the full row set, and the pages cut from it.
 *
 * Tag: one per tenant, moved after the commit of every card creation, stage move and handover. A
 * stale answer is served within its bound while, once it is FUNNEL_REFRESH_MS old, one
 * recomputation refreshes it in the background: a move shows within FUNNEL_REFRESH_MS plus one
 * computation. Bound: FUNNEL_CACHE_MS (twenty times that for a period that ended before today);
 * a fresh answer is renewed in the background once it has lived two thirds of its bound, so no
 * reader waits for a computation at the bound. Changes no tag covers (the org tree, people's
 * names) show within the bound.
 *
 * An erasure moves the tag and also starts a new generation of the tenant's keys: answers quoting
 * an erased reason are never served again, not even while their refresh runs.
 *
 * REPORT_CACHE_MS = 0 turns this cache off, as it does the figures'.
 */

export const FUNNEL_CACHE_MS = 30_000;
export const FUNNEL_REFRESH_MS = 5_000;

export const funnelAnswers = new AnswerCache({
  maxAgeMs: FUNNEL_CACHE_MS,
  maxBytes: 64 * 1024 * 1024,
  refreshAfterMs: FUNNEL_REFRESH_MS,
  renewAt: RENEW_AT,
});

export const funnelTag = (tenantId: string) => `prospectFunnel|${tenantId}`;

/** The staleness bound of a funnel of the days from…to, `today` being the tenant's today. */
export function funnelBoundOf(to: string, today: string): number | undefined {
  return closedPeriodBound(funnelAnswers, to, today);
}

/** Set at boot from REPORT_CACHE_MS: 0 turns the cache off, anything else keeps FUNNEL_CACHE_MS. */
export function configureFunnelCache(reportCacheMs: number, maxAgeMs = FUNNEL_CACHE_MS): void {
  funnelAnswers.setMaxAge(reportCacheMs === 0 ? 0 : maxAgeMs);
}

/** Per tenant, the generation of its keys: moved by an erasure. */
const erasures = new Map<string, number>();

/** The part of a funnel key that an erasure changes. */
export function funnelGeneration(tenantId: string): number {
  return erasures.get(tenantId) ?? 0;
}

/** A card was made, moved or handed over: the tenant's funnel answers are stale. Call after the commit. */
export function funnelChanged(tenantId: string): void {
  funnelAnswers.bump(funnelTag(tenantId));
}

/** A person was erased (their reasons scrubbed): no answer computed before is served again. Call after the commit. */
export function funnelErased(tenantId: string): void {
  erasures.set(tenantId, funnelGeneration(tenantId) + 1);
  funnelAnswers.bump(funnelTag(tenantId));
}

/** Tests only: forget every cached funnel. */
export function clearFunnelCache(): void {
  funnelAnswers.clear();
}

/** Tests: wait for background refreshes. */
export function funnelCacheIdle(): Promise<void> {
  return funnelAnswers.idle();
}
