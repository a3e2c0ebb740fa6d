import type { Activity } from '../../../contracts/activity.ts';
import type { Page } from '../../../contracts/common.ts';
import type { FieldError } from '../../../contracts/errors.ts';
import {
  type Prospect,
  type ProspectCreate,
  type ProspectDetail,
  type ProspectListItem,
  type ProspectPatch,
  type ProspectStage,
} from '../../../contracts/prospect.ts';
import type { Actor, Ctx } from '../../access/actor.ts';
import { assertCan, can } from '../../access/permissions.ts';
import { assertUserVisible, type Visibility } from '../../access/scope.ts';
import { newId } from '../../db/ids.ts';
import type { ProspectTable } from '../../db/schema.ts';
import { inTx } from '../../db/tx.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import { isChineseIdNumber, isChineseMobile, maskIdNumber, maskPhone } from '../../lib/pii.ts';
import { maskPersonalNumbersInText } from '../../lib/pii-text.ts';
import { toActivityDto } from '../activity/entry.service.ts';
import { isRealDate } from '../activity/periods.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notify } from '../notification/notification.service.ts';
import { cardsChanged } from './card-list.cache.ts';
import * as repo from './card.repository.ts';
import { funnelChanged } from './funnel.cache.ts';
import { admitGrade, isGrade, normaliseTags } from './prospect.rules.ts';

/**
 * Prospect cards (准主顾卡). An agent keeps their own; leads (prospect.read) read the cards of their
 * scope; staff and managers (prospect.handover) may make a card for an agent in scope and keep it
 * for them. Anything out of the reader's scope is a 404. Phone and ID numbers are stored in full and
 * masked in every response and audit row.
 */

/** What a reader sees of cards: their own, and with prospect.read their scope. */
export function readVisibility(actor: Actor): Visibility {
  return can(actor, 'prospect.read') ? actor.visibility : { ...actor.visibility, all: false, roots: [] };
}

/** Who may change a card: its owner, or someone with prospect.handover in whose scope it lies (already checked). */
export function assertWriter(actor: Actor, row: Pick<ProspectTable, 'owner_id'>): void {
  if (row.owner_id !== actor.userId && !can(actor, 'prospect.handover'))
    throw forbidden('Only the owner of a prospect card may change it');
}

function parseTags(json: string | null): string[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** A free-text field with any phone or ID number typed into it masked, as the number fields are. */
export function maskText(text: string | null): string | null {
  return text === null ? null : maskPersonalNumbersInText(text);
}

export function toProspectDto(v: repo.ProspectView): Prospect {
  return {
    id: v.id,
    ownerId: v.owner_id,
    ownerName: v.owner_name,
    unitId: v.unit_id,
    nameId: v.name_id,
    name: v.name,
    phone: maskPhone(v.phone),
    idNumber: maskIdNumber(v.id_number),
    gender: v.gender as Prospect['gender'],
    birthDate: v.birth_date,
    family: maskText(v.family),
    occupation: maskText(v.occupation),
    incomeBand: v.income_band as Prospect['incomeBand'],
    needs: maskText(v.needs),
    source: v.source as Prospect['source'],
    referrerProspectId: v.referrer_prospect_id,
    referrerCustomerId: v.referrer_customer_id,
    campaignRef: v.campaign_ref,
    grade: isGrade(v.grade) ? v.grade : null,
    score: v.score,
    rubricVersion: v.rubric_version,
    stage: v.stage as ProspectStage,
    stageReason: maskText(v.stage_reason),
    stageChangedAt: v.stage_changed_at,
    nextFollowUp: v.next_follow_up,
    tags: parseTags(v.tags),
    consentNote: maskText(v.consent_note),
    consentDate: v.consent_date,
    customerId: v.customer_id,
    erased: v.erased_at !== null,
    createdAt: v.created_at,
    updatedAt: v.updated_at,
  };
}

/** A card as lists show it (see ProspectListItemSchema). */
export function toProspectListItem(v: repo.ProspectListRow): ProspectListItem {
  return {
    id: v.id,
    ownerId: v.owner_id,
    ownerName: v.owner_name,
    unitId: v.unit_id,
    nameId: v.name_id,
    name: v.name,
    phone: maskPhone(v.phone),
    source: v.source as ProspectListItem['source'],
    grade: isGrade(v.grade) ? v.grade : null,
    score: v.score,
    stage: v.stage as ProspectStage,
    stageReason: maskText(v.stage_reason),
    nextFollowUp: v.next_follow_up,
    tags: parseTags(v.tags),
    needs: maskText(v.needs),
    customerId: v.customer_id,
    erased: v.erased_at !== null,
    createdAt: v.created_at,
    updatedAt: v.updated_at,
  };
}

type PersonalInput = Partial<Record<'phone' | 'idNumber' | 'birthDate' | 'nextFollowUp' | 'consentDate', string | null>>;

/** Phone, ID number and dates checked together: every bad field in one 400, nothing written. */
export function checkPersonalFields(input: PersonalInput): { phone?: string | null; idNumber?: string | null } {
  const errors: FieldError[] = [];
  const out: { phone?: string | null; idNumber?: string | null } = {};
  if (input.phone !== undefined) {
    const phone = input.phone === null || input.phone === '' ? null : input.phone.replace(/[\s-]/g, '');
    if (phone !== null && !isChineseMobile(phone))
      errors.push({ path: 'body.phone', message: 'Not a Chinese mobile number', code: 'invalid_phone' });
    out.phone = phone;
  }
  if (input.idNumber !== undefined) {
    const id = input.idNumber === null || input.idNumber === '' ? null : input.idNumber.toUpperCase();
    if (id !== null && !isChineseIdNumber(id))
      errors.push({ path: 'body.idNumber', message: 'Not a valid resident ID number', code: 'invalid_id_number' });
    out.idNumber = id;
  }
  for (const key of ['birthDate', 'nextFollowUp', 'consentDate'] as const) {
    const v = input[key];
    if (typeof v === 'string' && !isRealDate(v))
      errors.push({ path: `body.${key}`, message: 'Expected a real date YYYY-MM-DD', code: 'invalid_date' });
  }
  if (errors.length > 0) throw invalid(errors);
  return out;
}

/** The owner of a new card: the caller, or (prospect.handover) an active person in their scope. */
async function ownerOf(ctx: Ctx, ownerId: string | undefined): Promise<{ id: string; unitId: string; name: string }> {
  const { actor } = ctx;
  const id = ownerId ?? actor.userId;
  if (id !== actor.userId) {
    if (!can(actor, 'prospect.handover')) throw forbidden('Only staff and managers make cards for someone else');
    await assertUserVisible(ctx.db, actor, id);
  }
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'unit_id', 'display_name', 'status'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!user) throw notFound('User');
  if (user.status !== 'active')
    throw invalid([{ path: 'body.ownerId', message: 'The owner has left the company', code: 'inactive' }]);
  return { id: user.id, unitId: user.unit_id, name: user.display_name };
}

function nameRefused(code: 'PROSPECT_NAME_UNSCORED' | 'PROSPECT_NAME_EXCLUDED' | 'PROSPECT_GRADE_C', message: string, nameId: string) {
  return new AppError(code, 422, message, { nameId });
}

/**
 * Makes a card, from a graded Plan 100 name or directly, at stage lead with its first stage move;
 * audited; the owner is notified when someone else made it for them.
 */
export async function createProspect(ctx: Ctx, input: ProspectCreate): Promise<ProspectDetail> {
  assertCan(ctx.actor, 'prospect.own');
  const personal = checkPersonalFields(input);
  const { tenantId, userId } = ctx.actor;
  const vis = readVisibility(ctx.actor);

  let filed = { ownerId: '', unitId: '' };
  const id = await inTx(ctx, async (tx) => {
    const owner = await ownerOf(tx, input.ownerId);
    filed = { ownerId: owner.id, unitId: owner.unitId };
    const stamp = nowIso();
    const id = newId();
    let fromName: Pick<ProspectTable, 'name' | 'phone' | 'grade' | 'score' | 'rubric_version' | 'name_id'> | null = null;
    if (input.nameId) {
      const name = await repo.findPlanName(tx.db, tenantId, input.nameId, vis);
      if (!name || name.owner_id !== owner.id || name.erased_at !== null) throw notFound('Name');
      if (name.excluded === 1)
        throw nameRefused('PROSPECT_NAME_EXCLUDED', 'This name is marked not to approach', name.id);
      if (name.prospect_id !== null) throw conflict('PROSPECT_NAME_HAS_CARD', 'This name already has a card');
      switch (admitGrade(name.grade, input.allowGradeC === true)) {
        case 'unscored':
          throw nameRefused('PROSPECT_NAME_UNSCORED', 'Score the name before making it a card', name.id);
        case 'gradeC':
          throw nameRefused('PROSPECT_GRADE_C', 'A grade C name becomes a card only with allowGradeC', name.id);
        case 'ok':
          break;
      }
      if (!(await repo.linkPlanName(tx.db, tenantId, name.id, id, stamp)))
        throw conflict('PROSPECT_NAME_HAS_CARD', 'This name already has a card');
      fromName = {
        name_id: name.id,
        name: name.name,
        phone: name.phone,
        grade: name.grade,
        score: name.score,
        rubric_version: name.rubric_version,
      };
    }
    const source = input.nameId ? 'plan100' : input.source!;
    if (input.referrerProspectId && !(await repo.findProspect(tx.db, tenantId, input.referrerProspectId, vis)))
      throw notFound('Referrer');
    if (input.referrerCustomerId && !(await repo.findCustomerRef(tx.db, tenantId, input.referrerCustomerId, vis)))
      throw notFound('Referrer');

    const row: ProspectTable = {
      id,
      tenant_id: tenantId,
      owner_id: owner.id,
      unit_id: owner.unitId,
      name_id: fromName?.name_id ?? null,
      name: input.name ?? fromName?.name ?? '',
      phone: personal.phone !== undefined ? personal.phone : (fromName?.phone ?? null),
      id_number: personal.idNumber ?? null,
      gender: input.gender ?? null,
      birth_date: input.birthDate ?? null,
      family: input.family || null,
      occupation: input.occupation || null,
      income_band: input.incomeBand ?? null,
      needs: input.needs || null,
      source,
      referrer_prospect_id: input.referrerProspectId ?? null,
      referrer_customer_id: input.referrerCustomerId ?? null,
      campaign_ref: input.campaignRef ?? null,
      grade: fromName ? fromName.grade : (input.grade ?? null),
      score: fromName?.score ?? null,
      rubric_version: fromName?.rubric_version ?? null,
      stage: 'lead',
      stage_reason: null,
      stage_changed_at: stamp,
      next_follow_up: input.nextFollowUp ?? null,
      tags: input.tags ? JSON.stringify(normaliseTags(input.tags)) : null,
      consent_note: input.consentNote || null,
      consent_date: input.consentDate ?? null,
      customer_id: null,
      erased_at: null,
      created_by: userId,
      created_at: stamp,
      updated_at: stamp,
    };
    await repo.insertProspect(tx.db, row);
    await repo.insertStageChange(tx.db, {
      id: newId(),
      tenant_id: tenantId,
      prospect_id: id,
      owner_id: owner.id,
      unit_id: owner.unitId,
      from_stage: null,
      to_stage: 'lead',
      reason: null,
      changed_at: stamp,
      changed_by: userId,
    });
    await recordAudit(tx, {
      entity: 'prospect',
      entityId: id,
      action: 'create',
      after: toProspectDto({ ...row, owner_name: owner.name }),
      sessionNeutral: true,
    });
    if (owner.id !== userId) {
      await notify(tx, {
        userId: owner.id,
        kind: 'prospect.assigned',
        title: `新的准主顾卡：${row.name}`,
        link: `/prospects/cards/${id}`,
        params: { prospectId: id, name: row.name, by: ctx.actor.displayName },
      });
    }
    return id;
  });
  funnelChanged(tenantId);
  await cardsChanged(ctx.db, tenantId, [filed]);
  return getProspect(ctx, id);
}

/** One card with its referrer, its referrals and its stage history; 404 out of scope. */
export async function getProspect(ctx: Ctx, id: string): Promise<ProspectDetail> {
  assertCan(ctx.actor, 'prospect.own');
  const { tenantId } = ctx.actor;
  const vis = readVisibility(ctx.actor);
  const v = await repo.findProspectView(ctx.db, tenantId, id, vis);
  if (!v) throw notFound('Prospect');
  let referrer: ProspectDetail['referrer'] = null;
  if (v.referrer_prospect_id) {
    const r = await repo.findProspect(ctx.db, tenantId, v.referrer_prospect_id, vis);
    if (r) referrer = { id: r.id, name: r.name, kind: 'prospect' };
  } else if (v.referrer_customer_id) {
    const r = await repo.findCustomerRef(ctx.db, tenantId, v.referrer_customer_id, vis);
    if (r) referrer = { id: r.id, name: r.name, kind: 'customer' };
  }
  const [referrals, history] = await Promise.all([
    repo.findReferrals(ctx.db, tenantId, id, vis),
    repo.findStageHistory(ctx.db, tenantId, id),
  ]);
  return {
    ...toProspectDto(v),
    referrer,
    referrals: referrals.map((r) => ({ id: r.id, name: r.name, stage: r.stage as ProspectStage })),
    stageHistory: history.map((h) => ({
      id: h.id,
      fromStage: h.from_stage as ProspectStage | null,
      toStage: h.to_stage as ProspectStage,
      reason: maskText(h.reason),
      changedAt: h.changed_at,
      changedBy: h.changed_by,
      changedByName: h.changed_by_name,
      unitId: h.unit_id,
    })),
  };
}

/** Changes a card's own fields (owner, or prospect.handover in scope); audited before/after, masked. */
export async function patchProspect(ctx: Ctx, id: string, patch: ProspectPatch): Promise<ProspectDetail> {
  assertCan(ctx.actor, 'prospect.own');
  const personal = checkPersonalFields(patch);
  const { tenantId } = ctx.actor;
  const vis = readVisibility(ctx.actor);
  const changed = await inTx(ctx, async (tx) => {
    const row = await repo.findProspect(tx.db, tenantId, id, vis, true);
    if (!row) throw notFound('Prospect');
    assertWriter(ctx.actor, row);
    if (row.erased_at !== null)
      throw invalid([{ path: 'params.id', message: 'The personal data of this card was erased', code: 'erased' }]);
    const set: Partial<ProspectTable> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (personal.phone !== undefined) set.phone = personal.phone;
    if (personal.idNumber !== undefined) set.id_number = personal.idNumber;
    if (patch.gender !== undefined) set.gender = patch.gender;
    if (patch.birthDate !== undefined) set.birth_date = patch.birthDate;
    if (patch.family !== undefined) set.family = patch.family || null;
    if (patch.occupation !== undefined) set.occupation = patch.occupation || null;
    if (patch.incomeBand !== undefined) set.income_band = patch.incomeBand;
    if (patch.needs !== undefined) set.needs = patch.needs || null;
    if (patch.nextFollowUp !== undefined) set.next_follow_up = patch.nextFollowUp;
    if (patch.tags !== undefined) set.tags = JSON.stringify(normaliseTags(patch.tags));
    if (patch.consentNote !== undefined) set.consent_note = patch.consentNote || null;
    if (patch.consentDate !== undefined) set.consent_date = patch.consentDate;
    const before = await getProspect(tx, id);
    if (Object.keys(set).length === 0) return null;
    await repo.updateProspect(tx.db, tenantId, id, { ...set, updated_at: nowIso() });
    const after = await getProspect(tx, id);
    await recordAudit(tx, {
      entity: 'prospect',
      entityId: id,
      action: 'update',
      before: cardOnly(before),
      after: cardOnly(after),
      sessionNeutral: true,
    });
    return { ownerId: row.owner_id, unitId: row.unit_id };
  });
  if (changed) await cardsChanged(ctx.db, tenantId, [changed]);
  return getProspect(ctx, id);
}

/** The card's own fields for the audit trail (no history or referral lists). */
export function cardOnly(d: ProspectDetail): Prospect {
  const { referrer: _r, referrals: _rs, stageHistory: _h, ...card } = d;
  return card;
}

/** The card's activities (its contact history), newest first; 404 when the card is out of scope. */
export async function listProspectActivities(
  ctx: Ctx,
  id: string,
  q: { page: number; pageSize: number },
): Promise<Page<Activity>> {
  assertCan(ctx.actor, 'prospect.own');
  const { tenantId } = ctx.actor;
  const card = await repo.findProspect(ctx.db, tenantId, id, readVisibility(ctx.actor));
  if (!card) throw notFound('Prospect');
  const offset = (q.page - 1) * q.pageSize;
  const rows = await repo.findProspectActivities(ctx.db, tenantId, id, q.pageSize, offset);
  const total =
    rows.length < q.pageSize && (rows.length > 0 || offset === 0)
      ? offset + rows.length
      : await repo.countProspectActivities(ctx.db, tenantId, id);
  return { items: rows.map(toActivityDto), total, page: q.page, pageSize: q.pageSize };
}
