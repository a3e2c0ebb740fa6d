import type { z } from 'zod';
import type {
  CommentCreateSchema,
  ReviewCreateSchema,
  ReviewQueueItemSchema,
  ReviewQueueQuerySchema,
  WorkLog,
  WorkLogPutSchema,
  WorkLogSubmitSchema,
} from '../../../contracts/activity.ts';
import type { Page } from '../../../contracts/common.ts';
import type { Role } from '../../../contracts/roles.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan, can } from '../../access/permissions.ts';
import { assertUnitVisible } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { WorkLogTable } from '../../db/schema.ts';
import { inTx } from '../../db/tx.ts';
import { AppError, forbidden, invalid, notFound } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { assertRealDate, tenantConfig } from '../attendance/config.service.ts';
import { notify, notifyMany } from '../notification/notification.service.ts';
import { fromMilli } from './activity.rules.ts';
import { activityConfig, type ActivityConfig } from './config.service.ts';
import { findDayActivities, countDayActivities } from './entry.repository.ts';
import { admitDay, readVisibility, toActivityDto } from './entry.service.ts';
import { anyUnitVisible, findLeaderChain, findPersonOn, type PersonOn } from './person.repository.ts';
import { PlanCalendar, plannedOfPeople } from './planned.ts';
import { applyLog } from './rollup.repository.ts';
import { standardResolver } from './standard.service.ts';
import * as repo from './worklog.repository.ts';

/**
 * The daily work log (工作日志): a person's day — its activities, a short summary and tomorrow's
 * plan — saved as a draft and submitted, honestly as a day without activity when there was none.
 * The supervisor reviews it (the first review's time and reviewer are kept: that is what the
 * 24-hour review rate measures) and comments; the owner answers in the same thread.
 *
 * Decisions:
 * - A log may be written (saved, submitted, submitted again) for today or a past day within the
 *   backdating window, never for a future day.
 * - Submitting again before the review updates the text and keeps the first submission time, so
 *   the supervisor's 24 hours run from the first. Once reviewed, the text is final
 *   (WORK_LOG_REVIEWED); the owner answers in the comments.
 * - The day's activities stay editable within the window after submission or review: the log
 *   always shows them as they are, and every change is audited.
 */

export type ReviewQueueQuery = z.output<typeof ReviewQueueQuerySchema>;
export type WorkLogPut = z.output<typeof WorkLogPutSchema>;
export type WorkLogSubmit = z.output<typeof WorkLogSubmitSchema>;
export type ReviewCreate = z.output<typeof ReviewCreateSchema>;
export type CommentCreate = z.output<typeof CommentCreateSchema>;
type ReviewQueueItem = z.infer<typeof ReviewQueueItemSchema>;

/** Paths of the web app that notifications link to. */
export const links = {
  ownLog: (date: string) => `/log?date=${date}`,
  review: (logId: string) => `/activity/review?logId=${logId}`,
};

// ---- DTOs ---------------------------------------------------------------------------------------

/** A log without its activities and thread: what the audit trail keeps. */
function logRecord(l: WorkLogTable) {
  return {
    id: l.id,
    userId: l.user_id,
    unitId: l.unit_id,
    date: l.date,
    status: l.status,
    summary: l.summary,
    tomorrowPlan: l.tomorrow_plan,
    noActivity: l.no_activity === 1,
    submittedAt: l.submitted_at,
    reviewedAt: l.reviewed_at,
    reviewedBy: l.reviewed_by,
  };
}

async function toDto(
  ctx: Ctx,
  person: Pick<PersonOn, 'id' | 'display_name' | 'team_id'>,
  date: string,
  log: WorkLogTable | undefined,
): Promise<WorkLog> {
  const { tenantId } = ctx.actor;
  const [activities, comments, reviewerName] = await Promise.all([
    findDayActivities(ctx.db, tenantId, person.id, date),
    log ? repo.findComments(ctx.db, tenantId, log.id) : Promise.resolve([]),
    log ? repo.findUserName(ctx.db, tenantId, log.reviewed_by) : Promise.resolve(undefined),
  ]);
  return {
    id: log?.id ?? null,
    userId: person.id,
    userName: person.display_name,
    unitId: log?.unit_id ?? person.team_id,
    date,
    status: (log?.status ?? 'none') as WorkLog['status'],
    summary: log?.summary ?? null,
    tomorrowPlan: log?.tomorrow_plan ?? null,
    noActivity: log?.no_activity === 1,
    submittedAt: log?.submitted_at ?? null,
    reviewedAt: log?.reviewed_at ?? null,
    reviewedBy: log?.reviewed_by ?? null,
    reviewedByName: reviewerName ?? null,
    points: fromMilli(activities.reduce((sum, a) => sum + a.points_milli, 0)),
    activities: activities.map(toActivityDto),
    comments: comments.map((c) => ({
      id: c.id,
      activityId: c.activity_id,
      authorId: c.author_id,
      authorName: c.author_name,
      byOwner: c.author_id === person.id,
      body: c.body,
      createdAt: c.created_at,
    })),
  };
}

async function logDto(ctx: Ctx, log: WorkLogTable): Promise<WorkLog> {
  const person = await findPersonOn(ctx.db, ctx.actor.tenantId, log.user_id, log.date);
  if (!person) throw notFound('Work log');
  return toDto(ctx, person, log.date, log);
}

// ---- Reading a day --------------------------------------------------------------------------------

/**
 * A person's day as the caller may see it: their own, or (with activity.read) a person whose log
 * (or, without one, whose team that day) lies in the caller's scope; anything else is not found.
 */
async function visibleDay(
  ctx: Ctx,
  userId: string,
  date: string,
): Promise<{ person: PersonOn; log: WorkLogTable | undefined }> {
  const { tenantId } = ctx.actor;
  const [person, log] = await Promise.all([
    findPersonOn(ctx.db, tenantId, userId, date),
    repo.findLog(ctx.db, tenantId, userId, date),
  ]);
  if (!person) throw notFound('Work log');
  if (userId === ctx.actor.userId) return { person, log };
  const visible = await anyUnitVisible(ctx.db, tenantId, readVisibility(ctx.actor), [
    log?.unit_id ?? person.team_id,
  ]);
  if (!visible) throw notFound('Work log');
  return { person, log };
}

export async function getWorkLog(ctx: Ctx, date: string, userId: string | undefined): Promise<WorkLog> {
  assertCan(ctx.actor, 'activity.log');
  assertRealDate(date);
  const { person, log } = await visibleDay(ctx, userId ?? ctx.actor.userId, date);
  return toDto(ctx, person, date, log);
}

// ---- Writing one's own log -----------------------------------------------------------------------

const reviewedAlready = (log: WorkLogTable) =>
  new AppError('WORK_LOG_REVIEWED', 409, 'The log has been reviewed: answer in the comments', {
    reviewedAt: log.reviewed_at,
  });

/** The caller's log of a day, created as a draft when there is none, locked for the transaction. */
async function ownLogForWrite(ctx: Ctx, date: string): Promise<{ log: WorkLogTable; created: boolean }> {
  const { tenantId, userId } = ctx.actor;
  const existing = await repo.findLog(ctx.db, tenantId, userId, date, true);
  if (existing) return { log: existing, created: false };
  const person = await findPersonOn(ctx.db, tenantId, userId, date);
  if (!person) throw notFound('User');
  const at = nowIso();
  await repo.insertLogIfAbsent(ctx.db, {
    id: newId(),
    tenant_id: tenantId,
    user_id: userId,
    unit_id: person.team_id,
    date,
    status: 'draft',
    summary: null,
    tomorrow_plan: null,
    no_activity: 0,
    submitted_at: null,
    reviewed_at: null,
    reviewed_by: null,
    created_at: at,
    updated_at: at,
  });
  const log = await repo.findLog(ctx.db, tenantId, userId, date, true);
  if (!log) throw new AppError('CONFLICT', 409, 'The log changed while it was written; try again');
  return { log, created: true };
}

function withText(log: WorkLogTable, input: WorkLogPut): WorkLogTable {
  return {
    ...log,
    summary: input.summary !== undefined ? input.summary || null : log.summary,
    tomorrow_plan: input.tomorrowPlan !== undefined ? input.tomorrowPlan || null : log.tomorrow_plan,
    updated_at: nowIso(),
  };
}

/** Saves the caller's summary and tomorrow's plan (a draft, or a submitted log not yet reviewed). */
export async function putWorkLog(ctx: Ctx, date: string, input: WorkLogPut): Promise<WorkLog> {
  assertCan(ctx.actor, 'activity.log');
  assertRealDate(date);
  const cfg = await activityConfig(ctx.db, ctx.actor.tenantId);
  admitDay(cfg, date);
  return inTx(ctx, async (tx) => {
    const { log, created } = await ownLogForWrite(tx, date);
    if (log.reviewed_at) throw reviewedAlready(log);
    const next = withText(log, input);
    await repo.updateLog(tx.db, next);
    await recordAudit(tx, {
      entity: 'workLog',
      entityId: log.id,
      action: created ? 'create' : 'update',
      before: created ? null : logRecord(log),
      after: logRecord(next),
      sessionNeutral: true,
    });
    return logDto(tx, next);
  });
}

/**
 * Submits the caller's log of a day. A day without activity needs `noActivity: true` (a zero day
 * is recorded as such, not by accident); on a day with activities the flag is ignored, and an
 * activity logged later clears it. Submitting again before the review keeps the first time.
 */
export async function submitWorkLog(ctx: Ctx, date: string, input: WorkLogSubmit): Promise<WorkLog> {
  assertCan(ctx.actor, 'activity.log');
  assertRealDate(date);
  const { tenantId, userId } = ctx.actor;
  const cfg = await activityConfig(ctx.db, tenantId);
  admitDay(cfg, date);
  return inTx(ctx, async (tx) => {
    const { log, created } = await ownLogForWrite(tx, date);
    if (log.reviewed_at) throw reviewedAlready(log);
    const activities = await countDayActivities(tx.db, tenantId, userId, date);
    if (activities === 0 && !input.noActivity) {
      throw new AppError('WORK_LOG_EMPTY', 422, 'No activity on this day: submit it with noActivity: true', {
        date,
      });
    }
    const at = nowIso();
    const next: WorkLogTable = {
      ...withText(log, input),
      status: 'submitted',
      no_activity: activities === 0 ? 1 : 0,
      submitted_at: log.submitted_at ?? at,
    };
    await repo.updateLog(tx.db, next);
    await applyLog(tx.db, next);
    await recordAudit(tx, {
      entity: 'workLog',
      entityId: log.id,
      action: 'submit',
      before: created ? null : logRecord(log),
      after: logRecord(next),
      sessionNeutral: true,
    });
    return logDto(tx, next);
  });
}

// ---- Review queue ---------------------------------------------------------------------------------

/**
 * Planned points of each (person, day) on the page, planned as the summary and the today page plan
 * them (planned.ts): the person's approved, submitted or draft plan covering the day, else their
 * team standard (their unit's own or the nearest ancestor's, the tenant's, or 日行三访), on workdays.
 */
async function plannedPointsOf(
  db: Queryable,
  cfg: ActivityConfig,
  items: { userId: string; date: string }[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (items.length === 0) return out;
  const dates = [...new Set(items.map((i) => i.date))].sort();
  const userIds = [...new Set(items.map((i) => i.userId))];
  const span = { from: dates[0]!, to: dates.at(-1)! };
  const [people, plans, standardOf, att] = await Promise.all([
    repo.findPlannedPeople(db, cfg.tenantId, userIds),
    repo.findPlansOfPeople(db, cfg.tenantId, userIds, span.from, span.to),
    standardResolver(db, cfg),
    tenantConfig(db, cfg.tenantId),
  ]);
  const buckets = dates.map((d) => ({ from: d, to: d }));
  const planned = plannedOfPeople(new PlanCalendar(att, span), people, plans, standardOf, buckets);
  for (const [userId, perDay] of planned) {
    perDay.forEach((p, i) => out.set(`${userId}|${dates[i]}`, p.pointsMilli));
  }
  return out;
}

/** Submitted logs of people in the caller's scope (never their own), newest day first. */
export async function listReviewQueue(ctx: Ctx, q: ReviewQueueQuery): Promise<Page<ReviewQueueItem>> {
  assertCan(ctx.actor, 'activity.read');
  if (q.unitId) await assertUnitVisible(ctx.db, ctx.actor, q.unitId);
  const { tenantId } = ctx.actor;
  const { rows, total } = await repo.findQueuePage(ctx.db, tenantId, readVisibility(ctx.actor), q);
  const cfg = await activityConfig(ctx.db, tenantId);
  const planned = await plannedPointsOf(
    ctx.db,
    cfg,
    rows.map((r) => ({ userId: r.user_id, date: r.date })),
  );
  const page: Page<ReviewQueueItem> = {
    items: rows.map((r) => ({
      logId: r.id,
      userId: r.user_id,
      userName: r.user_name,
      unitId: r.unit_id,
      unitName: r.unit_name ?? '',
      date: r.date,
      submittedAt: r.submitted_at ?? '',
      reviewedAt: r.reviewed_at,
      noActivity: r.no_activity === 1,
      summary: r.summary,
      activities: Number(r.activities),
      points: fromMilli(Number(r.points_milli)),
      plannedPoints: fromMilli(planned.get(`${r.user_id}|${r.date}`) ?? 0),
      comments: Number(r.comments ?? 0),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
  return page;
}

// ---- Review and comments --------------------------------------------------------------------------

/**
 * The nearest leader above a unit who may review logs, other than `exceptId` (the log's owner):
 * whom an owner's answer goes to when no reviewer has written yet, and whom reminders go to.
 */
export async function nearestReviewer(
  db: Queryable,
  tenantId: string,
  unitId: string,
  exceptId: string,
): Promise<string | null> {
  const chain = await findLeaderChain(db, tenantId, unitId);
  for (const u of chain) {
    if (!u.leader_id || u.leader_id === exceptId || u.leader_status !== 'active' || !u.leader_role) continue;
    if (can({ role: u.leader_role as Role }, 'activity.review')) return u.leader_id;
  }
  return null;
}

async function checkActivityOfLog(
  ctx: Ctx,
  log: WorkLogTable,
  activityId: string | undefined,
): Promise<void> {
  if (activityId === undefined) return;
  if (!(await repo.activityOfDay(ctx.db, ctx.actor.tenantId, activityId, log.user_id, log.date))) {
    throw invalid([
      { path: 'body.activityId', message: "Not an activity of this log's day", code: 'unknown' },
    ]);
  }
}

/**
 * A reviewer in scope marks another person's submitted log reviewed, optionally with a comment on
 * the log or one of its activities; the owner is notified. The first review's time and reviewer
 * are kept (a later review by another leader adds its comment only).
 */
export async function reviewWorkLog(ctx: Ctx, id: string, input: ReviewCreate): Promise<WorkLog> {
  assertCan(ctx.actor, 'activity.review');
  const { tenantId, userId, displayName } = ctx.actor;
  if (input.activityId !== undefined && input.comment === undefined) {
    throw invalid([
      {
        path: 'body.activityId',
        message: 'A comment on an activity needs the comment',
        code: 'requiresComment',
      },
    ]);
  }
  return inTx(ctx, async (tx) => {
    const log = await repo.findVisibleLog(tx.db, tenantId, id, readVisibility(ctx.actor), true);
    if (!log) throw notFound('Work log');
    if (log.user_id === userId)
      throw new AppError('OWN_WORK_LOG', 403, 'Your own log is reviewed by your leader');
    if (log.status !== 'submitted')
      throw new AppError('WORK_LOG_NOT_SUBMITTED', 409, 'The log has not been submitted');
    await checkActivityOfLog(tx, log, input.activityId);
    const at = nowIso();
    const next: WorkLogTable = {
      ...log,
      reviewed_at: log.reviewed_at ?? at,
      reviewed_by: log.reviewed_by ?? userId,
      updated_at: at,
    };
    await repo.updateLog(tx.db, next);
    await applyLog(tx.db, next);
    const commentId = input.comment ? newId() : null;
    if (commentId) {
      await repo.insertComment(tx.db, {
        id: commentId,
        tenant_id: tenantId,
        log_id: log.id,
        activity_id: input.activityId ?? null,
        author_id: userId,
        body: input.comment!,
        created_at: at,
      });
    }
    await notify(tx, {
      userId: log.user_id,
      kind: 'activity.logReviewed',
      title: `${displayName}批阅了你${log.date}的工作日志`,
      body: input.comment ?? '',
      link: links.ownLog(log.date),
      params: {
        logId: log.id,
        date: log.date,
        reviewerName: displayName,
        comment: input.comment ?? '',
        activityId: input.activityId ?? null,
      },
    });
    await recordAudit(tx, {
      entity: 'workLog',
      entityId: log.id,
      action: 'review',
      before: logRecord(log),
      after: {
        ...logRecord(next),
        comment: input.comment ?? null,
        commentId,
        activityId: input.activityId ?? null,
      },
      sessionNeutral: true,
    });
    return logDto(tx, next);
  });
}

/**
 * A comment in a log's thread: a reviewer in scope (their note), or the owner (an answer). The
 * other side is notified: the owner of a reviewer's note; the reviewers who wrote in the thread (or
 * reviewed it) of an answer, else the nearest leader who may review.
 */
export async function commentWorkLog(ctx: Ctx, id: string, input: CommentCreate) {
  assertCan(ctx.actor, 'activity.log');
  const { tenantId, userId, displayName } = ctx.actor;
  return inTx(ctx, async (tx) => {
    const log = await repo.findVisibleLog(tx.db, tenantId, id, readVisibility(ctx.actor));
    if (!log) throw notFound('Work log');
    const byOwner = log.user_id === userId;
    if (!byOwner && !can(ctx.actor, 'activity.review'))
      throw forbidden("Only a reviewer or the log's owner may comment");
    await checkActivityOfLog(tx, log, input.activityId);
    const at = nowIso();
    const comment = {
      id: newId(),
      tenant_id: tenantId,
      log_id: log.id,
      activity_id: input.activityId ?? null,
      author_id: userId,
      body: input.body,
      created_at: at,
    };
    await repo.insertComment(tx.db, comment);
    const params = {
      logId: log.id,
      date: log.date,
      authorName: displayName,
      body: input.body,
      activityId: comment.activity_id,
    };
    if (byOwner) {
      const others = new Set(await repo.findOtherCommenters(tx.db, tenantId, log.id, userId));
      if (log.reviewed_by && log.reviewed_by !== userId) others.add(log.reviewed_by);
      if (others.size === 0) {
        const leader = await nearestReviewer(tx.db, tenantId, log.unit_id, userId);
        if (leader) others.add(leader);
      }
      await notifyMany(
        tx.db,
        tenantId,
        [...others].map((to) => ({
          userId: to,
          kind: 'activity.logAnswered',
          title: `${displayName}回复了${log.date}工作日志的点评`,
          body: input.body,
          link: links.review(log.id),
          params,
        })),
      );
    } else {
      await notify(tx, {
        userId: log.user_id,
        kind: 'activity.logCommented',
        title: `${displayName}点评了你${log.date}的工作日志`,
        body: input.body,
        link: links.ownLog(log.date),
        params,
      });
    }
    await recordAudit(tx, {
      entity: 'workLogComment',
      entityId: comment.id,
      action: 'create',
      after: { logId: log.id, activityId: comment.activity_id, body: input.body, byOwner },
      sessionNeutral: true,
    });
    return {
      id: comment.id,
      activityId: comment.activity_id,
      authorId: userId,
      authorName: displayName,
      byOwner,
      body: input.body,
      createdAt: at,
    };
  });
}
