import type { z } from 'zod';
import type {
  ActivitySettings,
  ActivityType,
  ActivityTypeCreateSchema,
  ActivityTypePatchSchema,
} from '../../../contracts/activity.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { newId } from '../../db/ids.ts';
import type { ActivityTypeTable } from '../../db/schema.ts';
import { inTx } from '../../db/tx.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { assertRealDate } from '../attendance/config.service.ts';
import { pointsOn, toMilli } from './activity.rules.ts';
import {
  DEFAULT_POINTS_FROM,
  activityConfig,
  invalidateActivityConfig,
  toActivityType,
  todayOf,
  type TypeConfig,
} from './config.service.ts';
import { upsertSettings } from './config.repository.ts';
import * as repo from './type.repository.ts';

/**
 * The tenant's activity settings and activity types (活动类型与积分). A type's points change from a
 * date on, never backwards: an activity earns the points in force on its own date and keeps them, so
 * a change dated in the past would give two activities of the same past day different points
 * depending on when each was typed. A new type's points apply to its whole history (an activity
 * backdated within the window earns them too).
 */

export type TypeCreate = z.output<typeof ActivityTypeCreateSchema>;
export type TypePatch = z.output<typeof ActivityTypePatchSchema>;

// ---- Settings -----------------------------------------------------------------------------------

/** Everyone who logs reads the settings (the backdating window, the reminder time). */
export async function getSettings(ctx: Ctx): Promise<ActivitySettings> {
  assertCan(ctx.actor, 'activity.log');
  return (await activityConfig(ctx.db, ctx.actor.tenantId)).settings;
}

export async function patchSettings(ctx: Ctx, patch: Partial<ActivitySettings>): Promise<ActivitySettings> {
  assertCan(ctx.actor, 'activity.configure');
  const { tenantId, userId } = ctx.actor;
  const before = (await activityConfig(ctx.db, tenantId)).settings;
  const after: ActivitySettings = { ...before, ...stripUndefined(patch) };
  if (after.loggingRoles) after.loggingRoles = [...new Set(after.loggingRoles)];
  await inTx(ctx, async (tx) => {
    await upsertSettings(tx.db, tenantId, JSON.stringify(after), userId, nowIso());
    await recordAudit(tx, {
      entity: 'activitySettings',
      entityId: tenantId,
      action: 'update',
      before,
      after,
      sessionNeutral: true,
    });
  });
  invalidateActivityConfig(tenantId);
  return after;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// ---- Types --------------------------------------------------------------------------------------

/** The tenant's types in its order: the active ones, or (all, for configurers) every one. */
export async function listTypes(ctx: Ctx, all: boolean): Promise<ActivityType[]> {
  assertCan(ctx.actor, all ? 'activity.configure' : 'activity.log');
  const cfg = await activityConfig(ctx.db, ctx.actor.tenantId);
  const today = todayOf(cfg);
  return cfg.types.filter((t) => all || t.row.active === 1).map((t) => toActivityType(t, today));
}

const codeTaken = (code: string) =>
  new AppError('ACTIVITY_TYPE_CODE_TAKEN', 409, `An activity type with code ${code} already exists`, {
    code,
  });

/** Reads one type with its dated points, in the caller's transaction (not through the cache). */
async function loadType(ctx: Ctx, id: string): Promise<TypeConfig | undefined> {
  const row = await repo.findType(ctx.db, ctx.actor.tenantId, id);
  if (!row) return undefined;
  const history = await repo.findTypeHistory(ctx.db, ctx.actor.tenantId, id);
  return {
    row,
    stage: row.stage as TypeConfig['stage'],
    history: history.map((h) => ({ effectiveFrom: h.effective_from, pointsMilli: h.points_milli })),
  };
}

export async function createType(ctx: Ctx, input: TypeCreate): Promise<ActivityType> {
  assertCan(ctx.actor, 'activity.configure');
  const { tenantId, userId } = ctx.actor;
  // The defaults of practice exist before the first type of the tenant's own.
  const cfg = await activityConfig(ctx.db, tenantId);
  const today = todayOf(cfg);
  const at = nowIso();
  const row: ActivityTypeTable = {
    id: newId(),
    tenant_id: tenantId,
    code: input.code,
    name: input.name,
    name_en: input.nameEn,
    stage: input.stage,
    active: input.active ? 1 : 0,
    sort_order: input.sortOrder,
    created_at: at,
    updated_at: at,
  };
  const dto = await inTx(ctx, async (tx) => {
    if (!(await repo.insertTypeIfCodeFree(tx.db, row))) throw codeTaken(input.code);
    await repo.upsertTypePoints(tx.db, {
      tenant_id: tenantId,
      type_id: row.id,
      effective_from: DEFAULT_POINTS_FROM,
      points_milli: toMilli(input.points),
      created_by: userId,
      created_at: at,
    });
    const after = toActivityType((await loadType(tx, row.id))!, today);
    await recordAudit(tx, {
      entity: 'activityType',
      entityId: row.id,
      action: 'create',
      after,
      sessionNeutral: true,
    });
    return after;
  });
  invalidateActivityConfig(tenantId);
  return dto;
}

/**
 * Changes a type. New points apply from `pointsFrom` (default today in the tenant's zone), which may
 * not lie before today: activities already written keep theirs, and every past day keeps one value.
 * A second change for the same date replaces the first; an unchanged value adds no entry.
 */
export async function patchType(ctx: Ctx, id: string, patch: TypePatch): Promise<ActivityType> {
  assertCan(ctx.actor, 'activity.configure');
  const { tenantId, userId } = ctx.actor;
  const cfg = await activityConfig(ctx.db, tenantId);
  const today = todayOf(cfg);
  if (patch.pointsFrom !== undefined) {
    if (patch.points === undefined) {
      throw invalid([
        { path: 'body.pointsFrom', message: 'Give the new points with their date', code: 'requiresPoints' },
      ]);
    }
    assertRealDate(patch.pointsFrom, 'body.pointsFrom');
  }
  const from = patch.pointsFrom ?? today;
  if (patch.points !== undefined && from < today) {
    throw new AppError(
      'POINTS_DATE_IN_PAST',
      422,
      `Points can change from today (${today}) on, not from ${from}`,
      {
        today,
        pointsFrom: from,
      },
    );
  }
  const dto = await inTx(ctx, async (tx) => {
    const current = await loadType(tx, id);
    if (!current) throw notFound('Activity type');
    const before = toActivityType(current, today);
    const at = nowIso();
    await repo.updateType(tx.db, tenantId, id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.nameEn !== undefined ? { name_en: patch.nameEn } : {}),
      ...(patch.stage !== undefined ? { stage: patch.stage } : {}),
      ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
      ...(patch.sortOrder !== undefined ? { sort_order: patch.sortOrder } : {}),
      updated_at: at,
    });
    if (patch.points !== undefined) {
      const milli = toMilli(patch.points);
      const exact = current.history.some((h) => h.effectiveFrom === from);
      if (exact || pointsOn(current.history, from) !== milli) {
        await repo.upsertTypePoints(tx.db, {
          tenant_id: tenantId,
          type_id: id,
          effective_from: from,
          points_milli: milli,
          created_by: userId,
          created_at: at,
        });
      }
    }
    const after = toActivityType((await loadType(tx, id))!, today);
    await recordAudit(tx, {
      entity: 'activityType',
      entityId: id,
      action: 'update',
      before,
      after: patch.points !== undefined ? { ...after, pointsFrom: from } : after,
      sessionNeutral: true,
    });
    return after;
  });
  invalidateActivityConfig(tenantId);
  return dto;
}
