import type { z } from 'zod';
import type {
  Coaching,
  CoachingCreateSchema,
  CoachingListQuerySchema,
  CoachingPatchSchema,
} from '../../../contracts/activity.ts';
import type { Page } from '../../../contracts/common.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { assertUnitVisible } from '../../access/scope.ts';
import { newId } from '../../db/ids.ts';
import type { CoachingRecordTable } from '../../db/schema.ts';
import { inTx } from '../../db/tx.ts';
import { forbidden, invalid, notFound } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { assertRealDate } from '../attendance/config.service.ts';
import { notify } from '../notification/notification.service.ts';
import * as repo from './coaching.repository.ts';
import { activityConfig, todayOf } from './config.service.ts';
import { readVisibility } from './entry.service.ts';
import { anyUnitVisible, findPersonOn } from './person.repository.ts';

/**
 * Coaching records (辅导): a reviewer writes what was discussed with a person in their scope and
 * what was agreed, with a follow-up date; the person is notified and answers (`reply`), which
 * notifies the coach. The coach edits the record and marks the follow-up done; the coached person
 * may only answer. Everyone else who sees the record (a manager above) reads it.
 */

export type CoachingCreate = z.output<typeof CoachingCreateSchema>;
export type CoachingPatch = z.output<typeof CoachingPatchSchema>;
export type CoachingListQuery = z.output<typeof CoachingListQuerySchema>;

const link = (id: string) => `/activity/coaching?id=${id}`;

function toDto(v: repo.CoachingView): Coaching {
  return {
    id: v.id,
    userId: v.user_id,
    userName: v.user_name,
    coachId: v.coach_id,
    coachName: v.coach_name,
    logId: v.log_id,
    date: v.date,
    topic: v.topic,
    agreed: v.agreed,
    followUpDate: v.follow_up_date,
    reply: v.reply,
    repliedAt: v.replied_at,
    followedUpAt: v.followed_up_at,
    createdAt: v.created_at,
  };
}

async function loadDto(ctx: Ctx, id: string): Promise<Coaching> {
  const v = await repo.findCoachingView(ctx.db, ctx.actor.tenantId, id);
  if (!v) throw notFound('Coaching record');
  return toDto(v);
}

export async function listCoaching(ctx: Ctx, q: CoachingListQuery): Promise<Page<Coaching>> {
  assertCan(ctx.actor, 'activity.log');
  if (q.unitId) await assertUnitVisible(ctx.db, ctx.actor, q.unitId);
  const { rows, total } = await repo.findCoachingPage(
    ctx.db,
    ctx.actor.tenantId,
    readVisibility(ctx.actor),
    q,
  );
  return { items: rows.map(toDto), total, page: q.page, pageSize: q.pageSize };
}

export async function getCoaching(ctx: Ctx, id: string): Promise<Coaching> {
  assertCan(ctx.actor, 'activity.log');
  const row = await repo.findVisibleCoaching(ctx.db, ctx.actor.tenantId, id, readVisibility(ctx.actor));
  if (!row) throw notFound('Coaching record');
  return loadDto(ctx, id);
}

/** A reviewer records coaching of someone else in their scope; the person is notified. */
export async function createCoaching(ctx: Ctx, input: CoachingCreate): Promise<Coaching> {
  assertCan(ctx.actor, 'activity.review');
  const { tenantId, userId, displayName } = ctx.actor;
  const cfg = await activityConfig(ctx.db, tenantId);
  const date = input.date ?? todayOf(cfg);
  if (input.date) assertRealDate(input.date, 'body.date');
  if (input.followUpDate) assertRealDate(input.followUpDate, 'body.followUpDate');
  if (input.userId === userId) throw forbidden('Coaching is recorded by your leader');
  const person = await findPersonOn(ctx.db, tenantId, input.userId, date);
  // The person must be in the coach's scope now, or have been (their team on the day coached).
  const inScope =
    person !== undefined &&
    (await anyUnitVisible(ctx.db, tenantId, readVisibility(ctx.actor), [person.unit_id, person.team_id]));
  if (!person || !inScope) throw notFound('User');
  if (input.logId && !(await repo.logOf(ctx.db, tenantId, input.logId, person.id))) {
    throw invalid([{ path: 'body.logId', message: "Not one of this person's logs", code: 'unknown' }]);
  }
  const at = nowIso();
  const row: CoachingRecordTable = {
    id: newId(),
    tenant_id: tenantId,
    user_id: person.id,
    unit_id: person.team_id,
    coach_id: userId,
    log_id: input.logId ?? null,
    date,
    topic: input.topic,
    agreed: input.agreed,
    follow_up_date: input.followUpDate ?? null,
    reply: null,
    replied_at: null,
    followed_up_at: null,
    created_at: at,
    updated_at: at,
  };
  return inTx(ctx, async (tx) => {
    await repo.insertCoaching(tx.db, row);
    const dto = await loadDto(tx, row.id);
    await notify(tx, {
      userId: person.id,
      kind: 'activity.coaching',
      title: `${displayName}记录了对你的辅导：${input.topic}`,
      body: input.agreed,
      link: link(row.id),
      params: {
        coachingId: row.id,
        coachName: displayName,
        topic: input.topic,
        agreed: input.agreed,
        date,
        followUpDate: row.follow_up_date,
      },
    });
    await recordAudit(tx, {
      entity: 'coaching',
      entityId: row.id,
      action: 'create',
      after: dto,
      sessionNeutral: true,
    });
    return dto;
  });
}

const COACH_FIELDS = ['topic', 'agreed', 'followUpDate', 'followedUp'] as const;

/**
 * The coach changes the record or marks the follow-up done; the coached person answers (`reply`,
 * which notifies the coach). Anyone else who sees the record may not change it.
 */
export async function patchCoaching(ctx: Ctx, id: string, patch: CoachingPatch): Promise<Coaching> {
  assertCan(ctx.actor, 'activity.log');
  const { tenantId, userId, displayName } = ctx.actor;
  if (patch.followUpDate) assertRealDate(patch.followUpDate, 'body.followUpDate');
  return inTx(ctx, async (tx) => {
    const row = await repo.findVisibleCoaching(tx.db, tenantId, id, readVisibility(ctx.actor), true);
    if (!row) throw notFound('Coaching record');
    const coachFields = COACH_FIELDS.some((f) => patch[f] !== undefined);
    const isCoach = row.coach_id === userId;
    const isCoached = row.user_id === userId;
    if (coachFields && !isCoach) throw forbidden('Only the coach changes the record');
    if (patch.reply !== undefined && !isCoached) throw forbidden('Only the coached person answers');
    if (!isCoach && !isCoached) throw forbidden('Only the coach or the coached person changes the record');
    const before = await loadDto(tx, id);
    const at = nowIso();
    const next: CoachingRecordTable = {
      ...row,
      topic: patch.topic ?? row.topic,
      agreed: patch.agreed ?? row.agreed,
      follow_up_date: patch.followUpDate !== undefined ? patch.followUpDate : row.follow_up_date,
      followed_up_at:
        patch.followedUp === undefined
          ? row.followed_up_at
          : patch.followedUp
            ? (row.followed_up_at ?? at)
            : null,
      reply: patch.reply ?? row.reply,
      replied_at: patch.reply !== undefined ? at : row.replied_at,
      updated_at: at,
    };
    await repo.updateCoaching(tx.db, next);
    const after = await loadDto(tx, id);
    if (patch.reply !== undefined) {
      await notify(tx, {
        userId: row.coach_id,
        kind: 'activity.coachingReplied',
        title: `${displayName}回复了辅导：${row.topic}`,
        body: patch.reply,
        link: link(id),
        params: { coachingId: id, userName: displayName, topic: row.topic, reply: patch.reply },
      });
    }
    await recordAudit(tx, {
      entity: 'coaching',
      entityId: id,
      action: patch.reply !== undefined ? 'reply' : 'update',
      before,
      after,
      sessionNeutral: true,
    });
    return after;
  });
}
