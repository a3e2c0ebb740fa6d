import type { z } from 'zod';
import {
  ActivitySorts,
  type Activity,
  type ActivityCreate,
  type ActivityListQuerySchema,
  type ActivityPatch,
} from '../../../contracts/activity.ts';
import type { Page } from '../../../contracts/common.ts';
import type { FieldError } from '../../../contracts/errors.ts';
import type { Actor, Ctx } from '../../access/actor.ts';
import { assertCan, can } from '../../access/permissions.ts';
import { assertUnitVisible, type Visibility } from '../../access/scope.ts';
import { newId } from '../../db/ids.ts';
import type { ActivityTable } from '../../db/schema.ts';
import { inTx } from '../../db/tx.ts';
import { AppError, forbidden, invalid, notFound } from '../../http/errors.ts';
import { businessDate, now, nowIso } from '../../lib/clock.ts';
import { auditRow, recordAudit } from '../audit/audit.service.ts';
import { assertRealDate } from '../attendance/config.service.ts';
import { backdateCheck, fromMilli } from './activity.rules.ts';
import {
  activityConfig,
  invalidateActivityConfig,
  todayOf,
  typePointsOn,
  type ActivityConfig,
  type TypeConfig,
} from './config.service.ts';
import * as repo from './entry.repository.ts';
import { writeNewActivity } from './entry.writer.ts';
import { findActiveUsers, findPersonOn } from './person.repository.ts';
import { applyActivity } from './rollup.repository.ts';
import { maskPersonalNumbersInText } from '../../lib/pii-text.ts';

const maskText = (text: string | null): string | null => (text === null ? null : maskPersonalNumbersInText(text));

/**
 * Activities (活动记录): a person logs their own, for today or a past day within the tenant's
 * backdating window (a late entry); beyond it the day is closed for logging, editing and deleting.
 * An activity is filed under the person's team on its date and keeps the funnel stage and points
 * its type had then; each write moves the day's rollups in its own transaction.
 *
 * An activity names its prospect by a free `prospectName`, or links a prospect card by `prospectId`:
 * a card of the activity's owner (else 404), whose name it then carries.
 *
 * Editing an activity of a day whose log is submitted (or reviewed) is allowed within the window:
 * the log shows the day's activities as they are, and every change is audited.
 */

export type ActivityListQuery = z.output<typeof ActivityListQuerySchema>;

/** A phone's clock may run a little ahead of the server's: an instant up to this far ahead is now. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * What a reader may see of activities and logs: their own, and with activity.read their scope.
 * An agent whose tenant widened their scope still reads only their own activity.
 */
export function readVisibility(actor: Actor): Visibility {
  return can(actor, 'activity.read') ? actor.visibility : { ...actor.visibility, all: false, roots: [] };
}

/**
 * Whether a day may still be written on `today`: throws past the window or in the future; returns
 * whether a new entry for it is late.
 */
export function admitDay(cfg: ActivityConfig, date: string, today = todayOf(cfg)): { late: boolean } {
  const { backdateDays } = cfg.settings;
  switch (backdateCheck(date, today, backdateDays)) {
    case 'future':
      throw new AppError('ACTIVITY_DATE_IN_FUTURE', 422, `${date} lies in the future`, { date, today });
    case 'tooOld':
      throw new AppError('ACTIVITY_DATE_TOO_OLD', 422, `${date} is more than ${backdateDays} days back`, {
        date,
        today,
        backdateDays,
      });
    case 'late':
      return { late: true };
    case 'ok':
      return { late: false };
  }
}

export function toActivityDto(v: repo.ActivityView): Activity {
  return {
    id: v.id,
    userId: v.user_id,
    userName: v.user_name,
    unitId: v.unit_id,
    typeId: v.type_id,
    typeName: v.type_name,
    typeNameEn: v.type_name_en,
    stage: v.stage as Activity['stage'],
    date: v.date,
    occurredAt: v.occurred_at,
    points: fromMilli(v.points_milli),
    premiumFen: v.premium_fen,
    prospectId: v.prospect_id,
    prospectName: v.prospect_name,
    // A number typed into the free text is shown masked, like every phone field (PIPL).
    outcome: maskText(v.outcome),
    notes: maskText(v.notes),
    nextStep: maskText(v.next_step),
    nextStepDate: v.next_step_date,
    partnerId: v.partner_id,
    partnerName: v.partner_name,
    lateEntry: v.late_entry === 1,
    createdAt: v.created_at,
    updatedAt: v.updated_at,
  };
}

/** The DTO of a row just written, from names already at hand (no read after the write). */
function dtoOf(row: ActivityTable, userName: string, type: TypeConfig, partnerName: string | null): Activity {
  return toActivityDto({
    ...row,
    user_name: userName,
    type_name: type.row.name,
    type_name_en: type.row.name_en,
    partner_name: partnerName,
  });
}

/** The type by id, reading the configuration again once if this process has not seen it yet. */
async function typeOf(
  ctx: Ctx,
  cfg: ActivityConfig,
  typeId: string,
): Promise<{ cfg: ActivityConfig; type: TypeConfig }> {
  let type = cfg.typesById.get(typeId);
  if (!type) {
    invalidateActivityConfig(cfg.tenantId);
    cfg = await activityConfig(ctx.db, cfg.tenantId);
    type = cfg.typesById.get(typeId);
  }
  if (!type) throw invalid([{ path: 'body.typeId', message: 'No such activity type', code: 'unknown' }]);
  return { cfg, type };
}

function assertActive(type: TypeConfig): void {
  if (type.row.active !== 1) {
    throw new AppError('ACTIVITY_TYPE_INACTIVE', 422, `Activity type ${type.row.name} is no longer in use`, {
      typeId: type.row.id,
    });
  }
}

/** The instant of an activity: given, or now; never ahead of now (beyond a phone's clock drift). */
function instantOf(occurredAt: string | undefined): Date {
  const at = occurredAt ? new Date(occurredAt) : now();
  if (at.getTime() > now().getTime() + FUTURE_TOLERANCE_MS) {
    throw new AppError('ACTIVITY_DATE_IN_FUTURE', 422, 'The activity lies in the future', {
      occurredAt: at.toISOString(),
    });
  }
  return at;
}

/** The joint-visit partner: an active person of the tenant other than the owner; returns their name. */
async function partnerName(ctx: Ctx, partnerId: string, ownerId: string): Promise<string> {
  const err: FieldError = {
    path: 'body.partnerId',
    message: 'Not an active colleague of your company',
    code: 'unknown',
  };
  if (partnerId === ownerId)
    throw invalid([{ ...err, message: 'The partner is someone else', code: 'self' }]);
  const [partner] = await findActiveUsers(ctx.db, ctx.actor.tenantId, [partnerId]);
  if (!partner) throw invalid([err]);
  return partner.display_name;
}

/** The prospect card an activity links: one the activity's owner keeps (owned, so visible to them); else 404. */
async function linkedProspect(
  ctx: Ctx,
  prospectId: string | undefined,
  ownerId: string,
): Promise<{ id: string; name: string } | null> {
  if (prospectId === undefined) return null;
  const card = await ctx.db
    .selectFrom('prospects')
    .select(['id', 'name'])
    .where('tenant_id', '=', ctx.actor.tenantId)
    .where('id', '=', prospectId)
    .where('owner_id', '=', ownerId)
    .executeTakeFirst();
  if (!card) throw notFound('Prospect');
  return card;
}

// ---- Writing --------------------------------------------------------------------------------------

/** Logs one of the caller's own activities (nobody logs for anyone else). */
export async function createActivity(ctx: Ctx, input: ActivityCreate): Promise<Activity> {
  assertCan(ctx.actor, 'activity.log');
  const { tenantId, userId, displayName } = ctx.actor;
  if (input.nextStepDate) assertRealDate(input.nextStepDate, 'body.nextStepDate');
  const found = await typeOf(ctx, await activityConfig(ctx.db, tenantId), input.typeId);
  const { cfg, type } = found;
  assertActive(type);
  const at = instantOf(input.occurredAt);
  const date = businessDate(at, cfg.timeZone);
  const { late } = admitDay(cfg, date);
  const partner = input.partnerId ? await partnerName(ctx, input.partnerId, userId) : null;
  const prospect = await linkedProspect(ctx, input.prospectId, userId);
  const person = await findPersonOn(ctx.db, tenantId, userId, date);
  if (!person) throw notFound('User');
  const stamp = nowIso();
  const row: ActivityTable = {
    id: newId(),
    tenant_id: tenantId,
    user_id: userId,
    unit_id: person.team_id,
    type_id: type.row.id,
    stage: type.stage,
    date,
    occurred_at: at.toISOString(),
    points_milli: typePointsOn(type, date),
    premium_fen: input.premiumFen ?? null,
    prospect_id: prospect?.id ?? null,
    prospect_name: prospect?.name ?? input.prospectName ?? null,
    outcome: input.outcome || null,
    notes: input.notes || null,
    next_step: input.nextStep || null,
    next_step_date: input.nextStepDate ?? null,
    partner_id: input.partnerId ?? null,
    late_entry: late ? 1 : 0,
    created_by: userId,
    created_at: stamp,
    updated_at: stamp,
  };
  const dto = dtoOf(row, displayName, type, partner);
  const audit = auditRow(ctx, tenantId, userId, { entity: 'activity', entityId: row.id, action: 'create', after: dto });
  await writeNewActivity(ctx.db, { row, audit });
  return dto;
}

/** An activity the caller may change: their own (else 403 if they may read it, 404 if not). */
async function ownActivity(ctx: Ctx, id: string): Promise<ActivityTable> {
  const row = await repo.findActivity(ctx.db, ctx.actor.tenantId, id, readVisibility(ctx.actor), true);
  if (!row) throw notFound('Activity');
  if (row.user_id !== ctx.actor.userId)
    throw forbidden('Only the person who logged an activity may change it');
  return row;
}

const sameFacts = (a: ActivityTable, b: ActivityTable) =>
  a.unit_id === b.unit_id &&
  a.date === b.date &&
  a.type_id === b.type_id &&
  a.stage === b.stage &&
  a.points_milli === b.points_milli &&
  (a.premium_fen ?? 0) === (b.premium_fen ?? 0);

/**
 * Changes the caller's own activity while its day (and a new day) is within the window. A new type
 * or date earns the points and stage in force for it then (and a new date the team of that day);
 * otherwise the activity keeps the points it was written with. The rollups move by −old +new.
 */
export async function patchActivity(ctx: Ctx, id: string, patch: ActivityPatch): Promise<Activity> {
  assertCan(ctx.actor, 'activity.log');
  const { tenantId, userId } = ctx.actor;
  if (patch.nextStepDate) assertRealDate(patch.nextStepDate, 'body.nextStepDate');
  let cfg = await activityConfig(ctx.db, tenantId);
  if (patch.partnerId) await partnerName(ctx, patch.partnerId, userId);
  const prospect = await linkedProspect(ctx, patch.prospectId, userId);
  let newType: TypeConfig | undefined;
  if (patch.typeId !== undefined) ({ cfg, type: newType } = await typeOf(ctx, cfg, patch.typeId));
  const at = patch.occurredAt !== undefined ? instantOf(patch.occurredAt) : undefined;
  const today = todayOf(cfg);

  return inTx(ctx, async (tx) => {
    const old = await ownActivity(tx, id);
    admitDay(cfg, old.date, today);
    const date = at ? businessDate(at, cfg.timeZone) : old.date;
    const { late } = admitDay(cfg, date, today);
    const typeChanged = newType !== undefined && newType.row.id !== old.type_id;
    if (typeChanged) assertActive(newType!);
    const type = newType ?? cfg.typesById.get(old.type_id);
    if (!type) throw notFound('Activity type');
    const dateChanged = date !== old.date;
    const unitId = dateChanged
      ? ((await findPersonOn(tx.db, tenantId, userId, date))?.team_id ?? old.unit_id)
      : old.unit_id;
    const next: ActivityTable = {
      ...old,
      unit_id: unitId,
      type_id: type.row.id,
      stage: typeChanged || dateChanged ? type.stage : old.stage,
      date,
      occurred_at: at ? at.toISOString() : old.occurred_at,
      points_milli: typeChanged || dateChanged ? typePointsOn(type, date) : old.points_milli,
      premium_fen: patch.premiumFen !== undefined ? patch.premiumFen : old.premium_fen,
      prospect_id: prospect ? prospect.id : old.prospect_id,
      prospect_name: prospect
        ? prospect.name
        : patch.prospectName !== undefined
          ? patch.prospectName || null
          : old.prospect_name,
      outcome: patch.outcome !== undefined ? patch.outcome || null : old.outcome,
      notes: patch.notes !== undefined ? patch.notes || null : old.notes,
      next_step: patch.nextStep !== undefined ? patch.nextStep || null : old.next_step,
      next_step_date: patch.nextStepDate !== undefined ? patch.nextStepDate : old.next_step_date,
      partner_id: patch.partnerId !== undefined ? patch.partnerId : old.partner_id,
      late_entry: dateChanged ? (late ? 1 : 0) : old.late_entry,
      updated_at: nowIso(),
    };
    const before = await loadDto(tx, id);
    await repo.updateActivity(tx.db, next);
    if (!sameFacts(old, next)) {
      await applyActivity(tx.db, old, -1);
      await applyActivity(tx.db, next, 1);
    }
    if (dateChanged) await repo.clearNoActivity(tx.db, tenantId, userId, date);
    const after = await loadDto(tx, id);
    await recordAudit(tx, {
      entity: 'activity',
      entityId: id,
      action: 'update',
      before,
      after,
      sessionNeutral: true,
    });
    return after;
  });
}

/** Deletes the caller's own activity while its day is within the window. */
export async function deleteActivity(ctx: Ctx, id: string): Promise<void> {
  assertCan(ctx.actor, 'activity.log');
  const cfg = await activityConfig(ctx.db, ctx.actor.tenantId);
  await inTx(ctx, async (tx) => {
    const old = await ownActivity(tx, id);
    admitDay(cfg, old.date);
    const before = await loadDto(tx, id);
    await repo.deleteActivity(tx.db, ctx.actor.tenantId, id);
    await applyActivity(tx.db, old, -1);
    await recordAudit(tx, {
      entity: 'activity',
      entityId: id,
      action: 'delete',
      before,
      sessionNeutral: true,
    });
  });
}

// ---- Reading ----------------------------------------------------------------------------------------

async function loadDto(ctx: Ctx, id: string): Promise<Activity> {
  const v = await repo.findActivityView(ctx.db, ctx.actor.tenantId, id);
  if (!v) throw notFound('Activity');
  return toActivityDto(v);
}

/** One activity: the caller's own, or (with activity.read) one filed under their scope; else 404. */
export async function getActivity(ctx: Ctx, id: string): Promise<Activity> {
  const row = await repo.findActivity(ctx.db, ctx.actor.tenantId, id, readVisibility(ctx.actor));
  if (!row) throw notFound('Activity');
  return loadDto(ctx, id);
}

/** Parses "field" / "-field" against the list's sort keys; default newest first. */
export function parseSort(sort: string | undefined): { sort: repo.SortKey; desc: boolean } {
  if (!sort) return { sort: 'occurredAt', desc: true };
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  if (!(ActivitySorts as readonly string[]).includes(key)) {
    throw invalid([
      {
        path: 'querystring.sort',
        message: `One of ${ActivitySorts.join(', ')}, "-" for descending`,
        code: 'invalid_value',
      },
    ]);
  }
  return { sort: key as repo.SortKey, desc };
}

/** The filters of a list, checked: a unit out of scope is a 404 like any other id. */
export async function listFilter(ctx: Ctx, q: repo.ActivityFilter): Promise<repo.ActivityFilter> {
  if (q.unitId) await assertUnitVisible(ctx.db, ctx.actor, q.unitId);
  return { userId: q.userId, unitId: q.unitId, typeId: q.typeId, stage: q.stage, from: q.from, to: q.to };
}

/** Activities the caller may see, filtered, one page, newest first unless sorted otherwise. */
export async function listActivities(ctx: Ctx, q: ActivityListQuery): Promise<Page<Activity>> {
  assertCan(ctx.actor, 'activity.log');
  const order = parseSort(q.sort);
  const filter = await listFilter(ctx, q);
  const { rows, total } = await repo.findActivitiesPage(
    ctx.db,
    ctx.actor.tenantId,
    readVisibility(ctx.actor),
    {
      ...filter,
      ...order,
      page: q.page,
      pageSize: q.pageSize,
    },
  );
  return { items: rows.map(toActivityDto), total, page: q.page, pageSize: q.pageSize };
}
