import { AppError } from '../http/errors.ts';
import { sessionMemo } from '../http/session-memo.ts';
import type { Ctx } from './actor.ts';
import { assertUnitVisible, assertUserVisible, type Visibility } from './scope.ts';

/**
 * The scope checks of a cached read, kept a few seconds: a cache hit should cost no query, and
 * these were its only ones. Any change to people or the org tree starts a new session generation,
 * which drops them all (see sessionMemo).
 */

/** A key naming a form of scope: readers whose keys match see the same rows. */
export function scopeKey(vis: Visibility, actorUnitId: string, extra = ''): string {
  const form = vis.all ? '*' : vis.subtree ? 't' : 'u';
  return `${vis.tenantId}|${form}|${vis.roots.join(',')}|${vis.selfId}|${actorUnitId}|${extra}`;
}

/** How a unit stands to a reader: in scope with all below it, visible (their own unit), or not at all. */
export type UnitAccess = 'covered' | 'visible' | 'hidden';

const unitMemo = sessionMemo<UnitAccess>(5_000);
const userMemo = sessionMemo<boolean>(5_000);

async function visibleOrHidden(check: () => Promise<void>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (e) {
    if (!(e instanceof AppError) || e.status !== 404) throw e;
    return false;
  }
}

/**
 * Whether the reader may name the unit (assertUnitVisible), and whether their scope holds it with
 * every unit below it, so that a filter on the unit needs no scope condition besides.
 */
export function unitAccess(ctx: Ctx, vis: Visibility, scope: string, unitId: string): Promise<UnitAccess> {
  return unitMemo(`${scope}|${unitId}`, async () => {
    if (!(await visibleOrHidden(() => assertUnitVisible(ctx.db, ctx.actor, unitId)))) return 'hidden';
    if (vis.all) return 'covered';
    if (!vis.subtree || vis.roots.length === 0) return 'visible';
    const row = await ctx.db
      .selectFrom('org_unit_closure')
      .select('ancestor_id')
      .where('descendant_id', '=', unitId)
      .where('ancestor_id', 'in', vis.roots)
      .executeTakeFirst();
    return row ? 'covered' : 'visible';
  });
}

/** Whether the reader may see the person (assertUserVisible). */
export function userVisible(ctx: Ctx, scope: string, userId: string): Promise<boolean> {
  return userMemo(`${scope}|${userId}`, () => visibleOrHidden(() => assertUserVisible(ctx.db, ctx.actor, userId)));
}
