import type { z } from 'zod';
import type {
  SkillAssessment,
  SkillPutSchema,
  SkillQuerySchema,
  SkillRatings,
} from '../../../contracts/activity.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import type { Queryable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { inTx } from '../../db/tx.ts';
import { invalid, notFound } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { monthsEndingAt, workMonthOf } from '../attendance/attendance.rules.ts';
import { tenantConfig } from '../attendance/config.service.ts';
import * as units from './analysis.repository.ts';
import * as repo from './skill.repository.ts';
import { activityConfig, todayOf } from './config.service.ts';

/**
 * Skill self-assessment (技能成熟度): each month a person rates themself 1–5 on the six selling
 * skills; their supervisor (activity.review, the person in scope) rates beside it. One row per
 * person and month holds both. A month is named like a work month (YYYY-MM) and may not lie ahead
 * of the current one.
 */

export type SkillPut = z.output<typeof SkillPutSchema>;
export type SkillQuery = z.output<typeof SkillQuerySchema>;

function toDto(r: repo.SkillRow): SkillAssessment {
  return {
    id: r.id,
    userId: r.user_id,
    userName: r.user_name,
    period: r.period,
    self: r.self_ratings ? (JSON.parse(r.self_ratings) as SkillRatings) : null,
    selfNote: r.self_note,
    selfAt: r.self_at,
    supervisor: r.supervisor_ratings ? (JSON.parse(r.supervisor_ratings) as SkillRatings) : null,
    supervisorNote: r.supervisor_note,
    supervisorName: r.supervisor_name,
    supervisorAt: r.supervisor_at,
  };
}

async function findOne(
  db: Queryable,
  tenantId: string,
  userId: string,
  period: string,
): Promise<SkillAssessment | null> {
  const r = await repo.findSkill(db, tenantId, userId, period);
  return r ? toDto(r) : null;
}

async function currentMonth(ctx: Ctx): Promise<string> {
  const [cfg, att] = await Promise.all([
    activityConfig(ctx.db, ctx.actor.tenantId),
    tenantConfig(ctx.db, ctx.actor.tenantId),
  ]);
  return workMonthOf(todayOf(cfg), att.rules.workMonth);
}

/**
 * Rates a month: the caller's own self-rating, or — `userId` of someone in scope, activity.review —
 * the supervisor's rating beside theirs. Audited.
 */
export async function putSkills(
  ctx: Ctx,
  period: string,
  userId: string | undefined,
  input: SkillPut,
): Promise<SkillAssessment> {
  const own = userId === undefined || userId === ctx.actor.userId;
  assertCan(ctx.actor, own ? 'activity.log' : 'activity.review');
  const person = await units.findVisiblePerson(ctx.db, ctx.actor.visibility, own ? ctx.actor.userId : userId);
  if (!person) throw notFound('User');
  if (period > (await currentMonth(ctx)))
    throw invalid([{ path: 'params.period', message: 'A month ahead cannot be rated yet', code: 'future' }]);
  const { tenantId } = ctx.actor;
  const before = await findOne(ctx.db, tenantId, person.id, period);
  const at = nowIso();
  const ratings = JSON.stringify(input.ratings);
  const note = input.note || null;
  const part = own
    ? { self_ratings: ratings, self_note: note, self_at: at }
    : {
        supervisor_ratings: ratings,
        supervisor_note: note,
        supervisor_id: ctx.actor.userId,
        supervisor_at: at,
      };
  return inTx(ctx, async (tx) => {
    await repo.upsertSkill(
      tx.db,
      {
        id: newId(),
        tenant_id: tenantId,
        user_id: person.id,
        unit_id: person.unit_id,
        period,
        self_ratings: null,
        self_note: null,
        self_at: null,
        supervisor_ratings: null,
        supervisor_note: null,
        supervisor_id: null,
        supervisor_at: null,
        created_at: at,
        updated_at: at,
      },
      part,
    );
    const after = (await findOne(tx.db, tenantId, person.id, period))!;
    await recordAudit(tx, {
      entity: 'skillAssessment',
      entityId: after.id,
      action: own ? 'selfRate' : 'supervisorRate',
      before,
      after,
      sessionNeutral: true,
    });
    return after;
  });
}

/** A person's assessments of the last `months` months (those that have one), oldest first. */
export async function getSkillTrend(ctx: Ctx, q: SkillQuery): Promise<SkillAssessment[]> {
  const own = q.userId === undefined || q.userId === ctx.actor.userId;
  assertCan(ctx.actor, own ? 'activity.log' : 'activity.read');
  const person = await units.findVisiblePerson(
    ctx.db,
    ctx.actor.visibility,
    own ? ctx.actor.userId : q.userId!,
  );
  if (!person) throw notFound('User');
  const months = monthsEndingAt(await currentMonth(ctx), q.months);
  const rows = await repo.findSkills(ctx.db, ctx.actor.tenantId, person.id, months);
  return rows.map(toDto);
}
