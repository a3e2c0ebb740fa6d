import type { z } from 'zod';
import type {
  Plan,
  PlanDecisionSchema,
  PlanItem,
  PlanKind,
  PlanPutSchema,
  PlanStatus,
  TeamPlans,
  TeamPlansQuerySchema,
} from '../../../contracts/activity.ts';
import type { FieldError } from '../../../contracts/errors.ts';
import type { Role } from '../../../contracts/roles.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan, can } from '../../access/permissions.ts';
import { newId } from '../../db/ids.ts';
import type { ActivityPlanTable } from '../../db/schema.ts';
import { inTx } from '../../db/tx.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { tenantConfig, daysOf, type TenantConfig } from '../attendance/config.service.ts';
import { notify } from '../notification/notification.service.ts';
import { fromMilli, toMilli, type Period } from './activity.rules.ts';
import * as units from './analysis.repository.ts';
import { activityConfig, todayOf, typePointsOn, type ActivityConfig } from './config.service.ts';
import { plansChanged } from './figures.cache.ts';
import { planPeriod } from './periods.ts';
import { CHALLENGE_FACTOR, SPRINT_FACTOR, tierOf } from './planner.ts';
import * as repo from './plan.repository.ts';
import { checkTypeItems, standardResolver, type ResolvedStandard } from './standard.service.ts';

/**
 * Weekly and monthly activity plans (活动计划): the agent drafts (pre-filled from the team
 * standard), submits; the supervisor adjusts and approves, or returns with a comment (事先的指示).
 *
 * States: none → draft (owner saves) → submitted → approved | returned → draft … The owner may
 * change a draft, a returned or a submitted plan (which takes it back to draft) while its period
 * has not ended; an approved plan only through the supervisor. The supervisor (activity.review,
 * the person in scope, never their own plan) may adjust any plan — its state stays — and approve
 * a plan in any state (approving one never saved approves the pre-filled standard, or the items
 * given); returning needs a submitted or approved plan and a comment.
 *
 * Tiers: target / sprint / challenge (目标 / 冲刺 / 挑战). Pre-filled and default tiers are 1.2× and
 * 1.5× the target, rounded up; tiers given must not decrease. Points not given are the items'
 * counts × each type's points on the period's first day (or, without items, the target's points ×
 * the tier factor).
 */

export type PlanPut = z.output<typeof PlanPutSchema>;
export type PlanDecision = z.output<typeof PlanDecisionSchema>;
export type TeamPlansQuery = z.output<typeof TeamPlansQuerySchema>;

const fail = (
  code: 'PLAN_LOCKED' | 'PLAN_NOT_SUBMITTED' | 'PLAN_PERIOD_ENDED' | 'OWN_PLAN',
  status: number,
  message: string,
) => new AppError(code, status, message);

interface Person {
  id: string;
  display_name: string;
  unit_id: string;
}

interface PlanCtx {
  cfg: ActivityConfig;
  att: TenantConfig;
  kind: PlanKind;
  period: string;
  range: Period;
  workdays: number;
  today: string;
}

async function planCtx(ctx: Ctx, kind: PlanKind, period: string): Promise<PlanCtx> {
  const [cfg, att] = await Promise.all([
    activityConfig(ctx.db, ctx.actor.tenantId),
    tenantConfig(ctx.db, ctx.actor.tenantId),
  ]);
  const range = planPeriod(kind, period, att.rules.workMonth);
  return {
    cfg,
    att,
    kind,
    period,
    range,
    workdays: workdaysIn(att, range),
    today: todayOf(cfg),
  };
}

export function workdaysIn(att: TenantConfig, range: Period): number {
  return daysOf(att, range.from, range.to).filter((d) => d.workday).length;
}

async function self(ctx: Ctx): Promise<Person> {
  const p = await units.findVisiblePerson(ctx.db, ctx.actor.visibility, ctx.actor.userId);
  if (!p) throw notFound('User');
  return p;
}

/** The person asked for: the caller (default), or someone in their scope with `action` (404 otherwise). */
async function subject(
  ctx: Ctx,
  userId: string | undefined,
  action: 'activity.read' | 'activity.review',
): Promise<Person> {
  if (userId === undefined || userId === ctx.actor.userId) {
    assertCan(ctx.actor, 'activity.log');
    return self(ctx);
  }
  assertCan(ctx.actor, action);
  const p = await units.findVisiblePerson(ctx.db, ctx.actor.visibility, userId);
  if (!p) throw notFound('User');
  return p;
}

// ---- Values -----------------------------------------------------------------------------------------

interface PlanValues {
  items: PlanItem[];
  targetMilli: number;
  sprintMilli: number;
  challengeMilli: number;
}

/** The standard × the period's workdays, with the default tiers. */
export function prefillOf(std: ResolvedStandard, workdays: number): PlanValues {
  const items = std.items.map((i) => {
    const target = Math.round(i.perWorkday * workdays);
    return {
      typeId: i.typeId,
      target,
      sprint: tierOf(target, SPRINT_FACTOR),
      challenge: tierOf(target, CHALLENGE_FACTOR),
    };
  });
  const targetMilli = std.pointsPerWorkdayMilli * workdays;
  return {
    items,
    targetMilli,
    sprintMilli: Math.round(targetMilli * SPRINT_FACTOR),
    challengeMilli: Math.round(targetMilli * CHALLENGE_FACTOR),
  };
}

function valuesOf(row: ActivityPlanTable): PlanValues {
  return {
    items: JSON.parse(row.items) as PlanItem[],
    targetMilli: row.target_points_milli,
    sprintMilli: row.sprint_points_milli,
    challengeMilli: row.challenge_points_milli,
  };
}

interface ValuesInput {
  items?: PlanItem[] | undefined;
  targetPoints?: number | undefined;
  sprintPoints?: number | undefined;
  challengePoints?: number | undefined;
}

/**
 * New values from `input` over `base`: items replaced when given, points when given, else computed
 * from the items (when the items changed) or kept. Checked: active types once each, tiers not
 * decreasing. Errors name `body.…` paths.
 */
function mergeValues(pc: PlanCtx, base: PlanValues, input: ValuesInput): PlanValues {
  const errors: FieldError[] = [];
  const items = input.items ?? base.items;
  if (input.items) {
    errors.push(...checkTypeItems(pc.cfg, input.items, 'body.items'));
    input.items.forEach((it, i) => {
      if (it.sprint < it.target)
        errors.push({
          path: `body.items.${i}.sprint`,
          message: 'Sprint must not be below the target',
          code: 'tier_order',
        });
      if (it.challenge < it.sprint)
        errors.push({
          path: `body.items.${i}.challenge`,
          message: 'Challenge must not be below sprint',
          code: 'tier_order',
        });
    });
  }
  if (errors.length > 0) throw invalid(errors);
  const itemsMilli = (tier: 'target' | 'sprint' | 'challenge') => {
    let milli = 0;
    for (const it of items) {
      const t = pc.cfg.typesById.get(it.typeId);
      if (t) milli += it[tier] * typePointsOn(t, pc.range.from);
    }
    return milli;
  };
  const fromItems = input.items !== undefined && input.items.length > 0;
  let targetMilli: number;
  if (input.targetPoints !== undefined) targetMilli = toMilli(input.targetPoints);
  else if (fromItems) targetMilli = itemsMilli('target');
  else if (input.items !== undefined) targetMilli = 0;
  else targetMilli = base.targetMilli;
  const tier = (given: number | undefined, name: 'sprint' | 'challenge', factor: number, kept: number) => {
    if (given !== undefined) return toMilli(given);
    if (fromItems) return itemsMilli(name);
    if (input.items === undefined && input.targetPoints === undefined) return kept;
    return Math.round(targetMilli * factor);
  };
  const sprintMilli = tier(input.sprintPoints, 'sprint', SPRINT_FACTOR, base.sprintMilli);
  const challengeMilli = tier(input.challengePoints, 'challenge', CHALLENGE_FACTOR, base.challengeMilli);
  if (sprintMilli < targetMilli)
    errors.push({
      path: 'body.sprintPoints',
      message: 'Sprint must not be below the target',
      code: 'tier_order',
    });
  if (challengeMilli < sprintMilli)
    errors.push({
      path: 'body.challengePoints',
      message: 'Challenge must not be below sprint',
      code: 'tier_order',
    });
  if (errors.length > 0) throw invalid(errors);
  return { items, targetMilli, sprintMilli, challengeMilli };
}

// ---- DTO ----------------------------------------------------------------------------------------------

function toDto(person: Person, pc: PlanCtx, row: ActivityPlanTable | undefined, prefill: PlanValues): Plan {
  const v = row ? valuesOf(row) : prefill;
  return {
    id: row?.id ?? null,
    userId: person.id,
    userName: person.display_name,
    kind: pc.kind,
    period: pc.period,
    from: pc.range.from,
    to: pc.range.to,
    status: (row?.status as PlanStatus | undefined) ?? 'none',
    items: v.items,
    targetPoints: fromMilli(v.targetMilli),
    sprintPoints: fromMilli(v.sprintMilli),
    challengePoints: fromMilli(v.challengeMilli),
    note: row?.note ?? null,
    reviewComment: row?.review_comment ?? null,
    approvedBy: row?.approved_by ?? null,
    approvedAt: row?.approved_at ?? null,
  };
}

async function prefillFor(ctx: Ctx, pc: PlanCtx, unitId: string): Promise<PlanValues> {
  const resolve = await standardResolver(ctx.db, pc.cfg);
  return prefillOf(resolve(unitId), pc.workdays);
}

async function load(
  ctx: Ctx,
  pc: PlanCtx,
  person: Person,
): Promise<{ row: ActivityPlanTable | undefined; dto: Plan; prefill: PlanValues }> {
  const row = await repo.findPlan(ctx.db, ctx.actor.tenantId, person.id, pc.kind, pc.period);
  const prefill = await prefillFor(ctx, pc, person.unit_id);
  return { row, dto: toDto(person, pc, row, prefill), prefill };
}

// ---- Reading ------------------------------------------------------------------------------------------

/** A person's plan of a period: the caller's own, or (activity.read) someone's in scope. */
export async function getPlan(
  ctx: Ctx,
  kind: PlanKind,
  period: string,
  userId: string | undefined,
): Promise<Plan> {
  const person = await subject(ctx, userId, 'activity.read');
  const pc = await planCtx(ctx, kind, period);
  return (await load(ctx, pc, person)).dto;
}

/** Every active member of a unit's subtree (in the reader's scope) with their plan of the period. */
export async function getTeamPlans(ctx: Ctx, q: TeamPlansQuery): Promise<TeamPlans> {
  assertCan(ctx.actor, 'activity.read');
  const unit = await units.findReadableUnit(ctx.db, ctx.actor.visibility, ctx.actor.unitId, q.unitId);
  if (!unit) throw notFound('Unit');
  const pc = await planCtx(ctx, q.kind, q.period);
  const people = await repo.findTeamPeople(
    ctx.db,
    unit.covered ? null : ctx.actor.visibility,
    ctx.actor.tenantId,
    unit.id,
    pc.cfg.settings.loggingRoles,
  );
  const ids = people.map((p) => p.id);
  const [plans, points, resolve] = await Promise.all([
    repo.findPlansOfPeriod(ctx.db, ctx.actor.tenantId, q.kind, q.period, ids),
    repo.findPointsByPerson(ctx.db, ctx.actor.tenantId, ids, pc.range.from, pc.range.to),
    standardResolver(ctx.db, pc.cfg),
  ]);
  const byUser = new Map(plans.map((p) => [p.user_id, p]));
  return {
    unitId: unit.id,
    unitName: unit.name,
    kind: q.kind,
    period: q.period,
    from: pc.range.from,
    to: pc.range.to,
    items: people.map((p) => ({
      ...toDto(p, pc, byUser.get(p.id), prefillOf(resolve(p.unit_id), pc.workdays)),
      unitId: p.unit_id,
      unitName: p.unit_name,
      actualPoints: fromMilli(points.get(p.id) ?? 0),
    })),
  };
}

// ---- Writing ------------------------------------------------------------------------------------------

function rowOf(
  ctx: Ctx,
  pc: PlanCtx,
  person: Person,
  v: PlanValues,
  status: PlanStatus,
  note: string | null,
): ActivityPlanTable {
  const at = nowIso();
  return {
    id: newId(),
    tenant_id: ctx.actor.tenantId,
    user_id: person.id,
    unit_id: person.unit_id,
    period_kind: pc.kind,
    period: pc.period,
    date_from: pc.range.from,
    date_to: pc.range.to,
    status,
    items: JSON.stringify(v.items),
    target_points_milli: v.targetMilli,
    sprint_points_milli: v.sprintMilli,
    challenge_points_milli: v.challengeMilli,
    note,
    review_comment: null,
    approved_by: null,
    approved_at: null,
    created_at: at,
    updated_at: at,
  };
}

function valueColumns(v: PlanValues) {
  return {
    items: JSON.stringify(v.items),
    target_points_milli: v.targetMilli,
    sprint_points_milli: v.sprintMilli,
    challenge_points_milli: v.challengeMilli,
  };
}

function assertOpen(pc: PlanCtx): void {
  if (pc.range.to < pc.today) throw fail('PLAN_PERIOD_ENDED', 409, 'The period of this plan has ended');
}

const periodLabel = (pc: PlanCtx) => (pc.kind === 'week' ? `${pc.range.from} 周计划` : `${pc.period} 月计划`);
const planLink = (pc: PlanCtx) => `/activity/plans/${pc.kind}/${pc.period}`;

/**
 * Saves a plan: the caller's own (as a draft), or — `userId` of someone in scope, activity.review —
 * the supervisor's adjustment (state kept; the owner is told).
 */
export async function putPlan(
  ctx: Ctx,
  kind: PlanKind,
  period: string,
  userId: string | undefined,
  input: PlanPut,
): Promise<Plan> {
  const own = userId === undefined || userId === ctx.actor.userId;
  const person = await subject(ctx, userId, 'activity.review');
  const pc = await planCtx(ctx, kind, period);
  const { row, dto: before, prefill } = await load(ctx, pc, person);
  const v = mergeValues(pc, row ? valuesOf(row) : prefill, {
    items: input.items,
    targetPoints: input.targetPoints,
    sprintPoints: input.sprintPoints,
    challengePoints: input.challengePoints,
  });
  if (own) {
    if (row?.status === 'approved')
      throw fail('PLAN_LOCKED', 409, 'The plan is approved: only the supervisor may change it');
    assertOpen(pc);
  }
  const status: PlanStatus = own ? 'draft' : ((row?.status as PlanStatus | undefined) ?? 'draft');
  const note = input.note === undefined ? (row?.note ?? null) : input.note || null;
  return inTx(ctx, async (tx) => {
    if (row) await repo.updatePlan(tx.db, row.id, { ...valueColumns(v), status, note, updated_at: nowIso() });
    else await repo.insertPlan(tx.db, rowOf(tx, pc, person, v, status, note));
    const after = (await load(tx, pc, person)).dto;
    await recordAudit(tx, {
      entity: 'activityPlan',
      entityId: after.id!,
      action: own ? 'update' : 'adjust',
      before,
      after,
      sessionNeutral: true,
    });
    if (!own) {
      await notify(tx, {
        userId: person.id,
        kind: 'activity.planAdjusted',
        title: `${ctx.actor.displayName}调整了你的${periodLabel(pc)}`,
        link: planLink(pc),
        params: { kind, period, from: pc.range.from, to: pc.range.to, byName: ctx.actor.displayName },
      });
    }
    plansChanged(ctx.actor.tenantId);
    return after;
  });
}

/** The nearest leader above a person who may review their plan (never the person). */
async function reviewerOf(ctx: Ctx, person: Person): Promise<string | null> {
  const chain = await units.findAncestors(ctx.db, ctx.actor.tenantId, person.unit_id);
  for (const u of chain) {
    if (!u.leader_user_id || u.leader_user_id === person.id) continue;
    if (
      u.leader_status !== 'active' ||
      !u.leader_role ||
      !can({ role: u.leader_role as Role }, 'activity.review')
    )
      continue;
    return u.leader_user_id;
  }
  return null;
}

/** The owner submits their plan (a plan never saved submits the pre-filled standard); the supervisor is told. */
export async function submitPlan(ctx: Ctx, kind: PlanKind, period: string): Promise<Plan> {
  assertCan(ctx.actor, 'activity.log');
  const person = await self(ctx);
  const pc = await planCtx(ctx, kind, period);
  const { row, dto: before, prefill } = await load(ctx, pc, person);
  if (row?.status === 'approved') throw fail('PLAN_LOCKED', 409, 'The plan is already approved');
  if (row?.status === 'submitted') return before;
  assertOpen(pc);
  return inTx(ctx, async (tx) => {
    if (row) await repo.updatePlan(tx.db, row.id, { status: 'submitted', updated_at: nowIso() });
    else await repo.insertPlan(tx.db, rowOf(tx, pc, person, prefill, 'submitted', null));
    const after = (await load(tx, pc, person)).dto;
    await recordAudit(tx, {
      entity: 'activityPlan',
      entityId: after.id!,
      action: 'submit',
      before,
      after,
      sessionNeutral: true,
    });
    const reviewer = await reviewerOf(tx, person);
    if (reviewer) {
      await notify(tx, {
        userId: reviewer,
        kind: 'activity.planSubmitted',
        title: `${person.display_name}提交了${periodLabel(pc)}`,
        body: `目标 ${after.targetPoints} 分`,
        link: `/activity/team-plans?kind=${kind}&period=${period}`,
        params: {
          kind,
          period,
          from: pc.range.from,
          to: pc.range.to,
          userId: person.id,
          userName: person.display_name,
          targetPoints: after.targetPoints,
        },
      });
    }
    plansChanged(ctx.actor.tenantId);
    return after;
  });
}

/** The supervisor approves (with any adjustments) or returns someone's plan; the owner is told. */
export async function decidePlan(
  ctx: Ctx,
  kind: PlanKind,
  period: string,
  userId: string | undefined,
  input: PlanDecision,
): Promise<Plan> {
  assertCan(ctx.actor, 'activity.review');
  if (userId === undefined || userId === ctx.actor.userId)
    throw fail('OWN_PLAN', 403, 'Your own plan is decided by your leader');
  const person = await units.findVisiblePerson(ctx.db, ctx.actor.visibility, userId);
  if (!person) throw notFound('User');
  const pc = await planCtx(ctx, kind, period);
  const { row, dto: before, prefill } = await load(ctx, pc, person);
  const approve = input.decision === 'approve';
  if (!approve) {
    if (!row || (row.status !== 'submitted' && row.status !== 'approved'))
      throw fail('PLAN_NOT_SUBMITTED', 409, 'Only a submitted or approved plan can be returned');
    if (!input.comment)
      throw invalid([{ path: 'body.comment', message: 'Say why the plan goes back', code: 'required' }]);
  }
  const v = mergeValues(pc, row ? valuesOf(row) : prefill, {
    items: input.items,
    targetPoints: input.targetPoints,
    sprintPoints: input.sprintPoints,
    challengePoints: input.challengePoints,
  });
  const at = nowIso();
  const decided = {
    ...valueColumns(v),
    status: approve ? 'approved' : 'returned',
    review_comment: input.comment || null,
    approved_by: approve ? ctx.actor.userId : null,
    approved_at: approve ? at : null,
    updated_at: at,
  };
  return inTx(ctx, async (tx) => {
    if (row) await repo.updatePlan(tx.db, row.id, decided);
    else await repo.insertPlan(tx.db, { ...rowOf(tx, pc, person, v, 'approved', null), ...decided });
    const after = (await load(tx, pc, person)).dto;
    await recordAudit(tx, {
      entity: 'activityPlan',
      entityId: after.id!,
      action: approve ? 'approve' : 'return',
      before,
      after,
      sessionNeutral: true,
    });
    await notify(tx, {
      userId: person.id,
      kind: approve ? 'activity.planApproved' : 'activity.planReturned',
      title: `${approve ? '已批准' : '已退回'}：${periodLabel(pc)}`,
      body: input.comment ?? '',
      link: planLink(pc),
      params: {
        kind,
        period,
        from: pc.range.from,
        to: pc.range.to,
        byName: ctx.actor.displayName,
        comment: input.comment ?? null,
      },
    });
    plansChanged(ctx.actor.tenantId);
    return after;
  });
}
