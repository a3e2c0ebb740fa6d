import { AnswerCache } from '../../lib/answer-cache.ts';

/**
 * Funnel answers are kept serialised per reader's scope, unit and period (a department's quarter
 * reads tens of thousands of moves). Every card creation and stage move of the tenant marks them
 * stale; a stale answer is still served for at most FUNNEL_CACHE_MS while one recomputation
 * refreshes it, and other changes (org, handovers) show within that bound too.
 */
export const FUNNEL_CACHE_MS = 2_000;
export const funnelAnswers = new AnswerCache({ maxAgeMs: FUNNEL_CACHE_MS, maxBytes: 32 * 1024 * 1024 });
export const funnelTag = (tenantId: string) => `prospectFunnel|${tenantId}`;

/** A card was made or moved: the tenant's funnel answers are stale. Call after the commit. */
export function funnelChanged(tenantId: string): void {
  funnelAnswers.bump(funnelTag(tenantId));
}

/** Tests only: forget every cached funnel. */
export function clearFunnelCache(): void {
  funnelAnswers.clear();
}
