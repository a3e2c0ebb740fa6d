import type { Visibility } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { sessionMemo } from '../../http/session-memo.ts';
import { AnswerCache } from '../../lib/answer-cache.ts';

/**
 * Card lists as served (an agent's list, a lead's search of a unit), kept until a card they may
 * hold changes: unlike the figures' caches, never stale. Every answer is `fresh`-only, so a write
 * shows in the very next list, the writer's own included.
 *
 * Tags name what a list can hold:
 * - `owner` — the cards of one owner (a list filtered by owner, or an agent's own);
 * - `unit` — the cards filed under a unit or below it (a unit filter, or a lead's scope roots);
 * - `all` — every card of the tenant (a reader who sees the whole tenant);
 * - `tenant` — moved by bulk changes (a handover, an erasure), carried by every answer.
 * A card's write moves its owner's tag, the tag of its unit and of each unit above it, and `all`.
 * So a department's search stays cached while other departments work.
 *
 * Keys carry the session generation, which any change to people or the org tree moves: an owner's
 * new name or a team moved to another department never shows an old answer. Writes of another
 * process (the CLI) show within CARD_LIST_CACHE_MS. REPORT_CACHE_MS = 0 turns this cache off.
 */

export const CARD_LIST_CACHE_MS = 30_000;

export const cardListAnswers = new AnswerCache({ maxAgeMs: CARD_LIST_CACHE_MS, maxBytes: 32 * 1024 * 1024 });

/** Set at boot from REPORT_CACHE_MS: 0 turns the cache off. */
export function configureCardListCache(reportCacheMs: number): void {
  cardListAnswers.setMaxAge(reportCacheMs === 0 ? 0 : CARD_LIST_CACHE_MS);
}

const tenantTag = (tenantId: string) => `cards|${tenantId}`;
const allTag = (tenantId: string) => `cards|${tenantId}|all`;
const ownerTag = (tenantId: string, ownerId: string) => `cards|${tenantId}|o|${ownerId}`;
const unitTag = (tenantId: string, unitId: string) => `cards|${tenantId}|u|${unitId}`;

/** What a list of these filters, read with this scope, may hold. */
export function cardListTags(vis: Visibility, f: { ownerId?: string | undefined; unitId?: string | undefined }): string[] {
  const t = vis.tenantId;
  const tags = [tenantTag(t)];
  if (f.ownerId) tags.push(ownerTag(t, f.ownerId));
  else if (f.unitId) tags.push(unitTag(t, f.unitId));
  else if (vis.all) tags.push(allTag(t));
  else tags.push(ownerTag(t, vis.selfId), ...vis.roots.map((r) => unitTag(t, r)));
  return tags;
}

const ancestorsMemo = sessionMemo<string[]>(60_000);

/** A unit and the units above it; kept while the org tree stays as it is. */
function unitAndAncestors(db: Queryable, tenantId: string, unitId: string): Promise<string[]> {
  return ancestorsMemo(`${tenantId}|${unitId}`, async () => {
    const rows = await db
      .selectFrom('org_unit_closure')
      .select('ancestor_id')
      .where('descendant_id', '=', unitId)
      .execute();
    return [unitId, ...rows.map((r) => r.ancestor_id).filter((a) => a !== unitId)];
  });
}

/** Cards of these owners, filed under these units (before and after the change), changed. Call after the commit. */
export async function cardsChanged(
  db: Queryable,
  tenantId: string,
  cards: readonly { ownerId: string; unitId: string }[],
): Promise<void> {
  const tags = new Set([allTag(tenantId)]);
  for (const c of cards) {
    tags.add(ownerTag(tenantId, c.ownerId));
    for (const u of await unitAndAncestors(db, tenantId, c.unitId)) tags.add(unitTag(tenantId, u));
  }
  for (const tag of tags) cardListAnswers.bump(tag);
}

/** Many cards changed at once (a handover, an erasure): no list answer computed before is served. Call after the commit. */
export function tenantCardsChanged(tenantId: string): void {
  cardListAnswers.bump(tenantTag(tenantId));
}

/** Tests only: forget every cached list. */
export function clearCardListCache(): void {
  cardListAnswers.clear();
}
