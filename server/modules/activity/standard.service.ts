import type { z } from 'zod';
import type { Standard, StandardPutSchema } from '../../../contracts/activity.ts';
import type { FieldError } from '../../../contracts/errors.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan, can } from '../../access/permissions.ts';
import type { Queryable } from '../../db/database.ts';
import { inTx } from '../../db/tx.ts';
import { forbidden, invalid, notFound } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { DEFAULT_STANDARD, fromMilli, toMilli } from './activity.rules.ts';
import * as units from './analysis.repository.ts';
import { activityConfig, todayOf, typePointsOn, type ActivityConfig } from './config.service.ts';
import { plansChanged } from './figures.cache.ts';
import type { StandardSource } from './planner.ts';
import * as repo from './plan.repository.ts';

/**
 * Team standards (e.g. 日行三访, three interviews a workday): a unit's own, else the nearest
 * ancestor's, else the tenant's, else the default of practice. They pre-fill plans and plan the
 * workdays nobody planned.
 *
 * A standard's points per workday of 0 means "the points of its items" (count × the type's points
 * today), so a standard given only as counts still plans points.
 */

export const TENANT_KEY = 'tenant';

export interface ResolvedStandard extends StandardSource {
  /** The unit whose own standard applies; null for the tenant's or the default. */
  inheritedFrom: string | null;
  source: Standard['source'];
}

type StandardItems = { typeId: string; perWorkday: number }[];

function activeItems(cfg: ActivityConfig, items: StandardItems): StandardItems {
  return items.filter((i) => cfg.typesById.get(i.typeId)?.row.active === 1);
}

function itemsPointsMilli(cfg: ActivityConfig, items: StandardItems, today: string): number {
  let milli = 0;
  for (const i of items) {
    const t = cfg.typesById.get(i.typeId);
    if (t) milli += Math.round(i.perWorkday * typePointsOn(t, today));
  }
  return milli;
}

function resolvedOf(
  cfg: ActivityConfig,
  today: string,
  stored: { items: string; points_per_workday_milli: number } | undefined,
  inheritedFrom: string | null,
  source: Standard['source'],
): ResolvedStandard {
  let items: StandardItems;
  let milli: number;
  if (stored) {
    items = activeItems(cfg, JSON.parse(stored.items) as StandardItems);
    milli = stored.points_per_workday_milli;
  } else {
    const interview = cfg.types.find((t) => t.row.code === DEFAULT_STANDARD.typeCode && t.row.active === 1);
    items = interview ? [{ typeId: interview.row.id, perWorkday: DEFAULT_STANDARD.perWorkday }] : [];
    milli = 0;
  }
  if (milli === 0) milli = itemsPointsMilli(cfg, items, today);
  return { inheritedFrom, source, items, pointsPerWorkdayMilli: milli };
}

/**
 * Resolves the standard of any unit of the tenant with two queries in all (the tenant's standards,
 * and the units below those set on units): for plans of a whole department at once.
 */
export async function standardResolver(
  db: Queryable,
  cfg: ActivityConfig,
): Promise<(unitId: string) => ResolvedStandard> {
  const today = todayOf(cfg);
  const rows = await repo.findStandards(db, cfg.tenantId);
  const byKey = new Map(rows.map((r) => [r.scope_key, r]));
  const unitKeys = rows.map((r) => r.scope_key).filter((k) => k !== TENANT_KEY);
  const nearest = new Map<string, { unitId: string; depth: number }>();
  for (const l of await repo.findStandardLinks(db, cfg.tenantId, unitKeys)) {
    const hit = nearest.get(l.descendant_id);
    if (!hit || l.depth < hit.depth) nearest.set(l.descendant_id, { unitId: l.ancestor_id, depth: l.depth });
  }
  const tenantStandard = resolvedOf(
    cfg,
    today,
    byKey.get(TENANT_KEY),
    null,
    byKey.has(TENANT_KEY) ? 'tenant' : 'default',
  );
  const memo = new Map<string, ResolvedStandard>();
  return (unitId) => {
    const n = nearest.get(unitId);
    if (!n) return tenantStandard;
    let r = memo.get(n.unitId);
    if (!r) {
      r = resolvedOf(cfg, today, byKey.get(n.unitId), n.unitId, 'unit');
      memo.set(n.unitId, r);
    }
    return r;
  };
}

function toDto(scopeKey: string, r: ResolvedStandard): Standard {
  return {
    scopeKey,
    inheritedFrom: r.inheritedFrom,
    source: r.source,
    items: r.items.map((i) => ({ typeId: i.typeId, perWorkday: i.perWorkday })),
    pointsPerWorkday: fromMilli(r.pointsPerWorkdayMilli),
  };
}

/** The standard of a unit the reader may see (their own unit included), or the tenant's. */
export async function getStandard(ctx: Ctx, scopeKey: string): Promise<Standard> {
  assertCan(ctx.actor, 'activity.log');
  const cfg = await activityConfig(ctx.db, ctx.actor.tenantId);
  if (scopeKey !== TENANT_KEY) {
    const unit = await units.findReadableUnit(ctx.db, ctx.actor.visibility, ctx.actor.unitId, scopeKey);
    if (!unit) throw notFound('Unit');
  }
  const resolve = await standardResolver(ctx.db, cfg);
  if (scopeKey === TENANT_KEY) {
    const rows = await repo.findStandards(ctx.db, cfg.tenantId);
    const own = rows.find((r) => r.scope_key === TENANT_KEY);
    return toDto(scopeKey, resolvedOf(cfg, todayOf(cfg), own, null, own ? 'tenant' : 'default'));
  }
  return toDto(scopeKey, resolve(scopeKey));
}

/** Items must name active types of the tenant, each once; paths name the offending field. */
export function checkTypeItems(
  cfg: ActivityConfig,
  items: readonly { typeId: string }[],
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const t = cfg.typesById.get(item.typeId);
    if (!t) errors.push({ path: `${path}.${i}.typeId`, message: 'Unknown activity type', code: 'unknown' });
    else if (t.row.active !== 1)
      errors.push({ path: `${path}.${i}.typeId`, message: 'Inactive activity type', code: 'inactive' });
    else if (seen.has(item.typeId))
      errors.push({ path: `${path}.${i}.typeId`, message: 'Type listed twice', code: 'duplicate' });
    seen.add(item.typeId);
  });
  return errors;
}

/**
 * Who sets a unit's standard: activity.configure (admin, staff) in scope, or the leader of the unit
 * or of a unit above it (the team's supervisor, the department's manager).
 */
async function assertMaySet(ctx: Ctx, unitId: string): Promise<void> {
  const unit = await units.findReadableUnit(ctx.db, ctx.actor.visibility, ctx.actor.unitId, unitId);
  if (!unit) throw notFound('Unit');
  if (can(ctx.actor, 'activity.configure')) return;
  if (can(ctx.actor, 'activity.review')) {
    const chain = await units.findAncestors(ctx.db, ctx.actor.tenantId, unitId);
    if (chain.some((u) => u.leader_user_id === ctx.actor.userId)) return;
  }
  throw forbidden(
    'Only the leader of this unit (or above) or the activity configuration may set its standard',
  );
}

export type StandardPut = z.output<typeof StandardPutSchema>;

/** Sets a unit's own standard ('tenant': the tenant's default); audited. */
export async function putStandard(ctx: Ctx, scopeKey: string, input: StandardPut): Promise<Standard> {
  if (scopeKey === TENANT_KEY) assertCan(ctx.actor, 'activity.configure');
  else await assertMaySet(ctx, scopeKey);
  const { tenantId } = ctx.actor;
  const cfg = await activityConfig(ctx.db, tenantId);
  const errors = checkTypeItems(cfg, input.items, 'body.items');
  if (errors.length > 0) throw invalid(errors);
  const before = await getStandard(ctx, scopeKey);
  return inTx(ctx, async (tx) => {
    await repo.upsertStandard(tx.db, {
      tenant_id: tenantId,
      scope_key: scopeKey,
      items: JSON.stringify(input.items.map((i) => ({ typeId: i.typeId, perWorkday: i.perWorkday }))),
      points_per_workday_milli: toMilli(input.pointsPerWorkday),
      updated_by: ctx.actor.userId,
      updated_at: nowIso(),
    });
    const after = await getStandard(tx, scopeKey);
    await recordAudit(tx, {
      entity: 'activityStandard',
      entityId: scopeKey,
      action: 'update',
      before,
      after,
      sessionNeutral: true,
    });
    plansChanged(tenantId);
    return after;
  });
}

/** Removes a unit's own standard: it inherits again. Removing the tenant's restores the default. */
export async function deleteStandard(ctx: Ctx, scopeKey: string): Promise<Standard> {
  if (scopeKey === TENANT_KEY) assertCan(ctx.actor, 'activity.configure');
  else await assertMaySet(ctx, scopeKey);
  const before = await getStandard(ctx, scopeKey);
  return inTx(ctx, async (tx) => {
    const removed = await repo.deleteStandard(tx.db, ctx.actor.tenantId, scopeKey);
    const after = await getStandard(tx, scopeKey);
    if (removed) {
      await recordAudit(tx, {
        entity: 'activityStandard',
        entityId: scopeKey,
        action: 'delete',
        before,
        after,
        sessionNeutral: true,
      });
      plansChanged(ctx.actor.tenantId);
    }
    return after;
  });
}
