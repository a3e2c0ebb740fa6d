import type { Queryable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { nowIso } from '../../lib/clock.ts';
import { redact } from '../../lib/pii.ts';
import type { TestUser } from '../../test/factories.ts';

/**
 * Test data written straight into the tables: a person as a Plan 100 name, the card made from it
 * and (optionally) the customer it was signed as, with what hangs off them — stage changes, an
 * activity on the card, a spot-check comment, policies, service requests, audit rows and
 * notifications that quote them, as the modules that own those rows write them.
 */

export interface PersonSpec {
  name: string;
  phone?: string | null;
  idNumber?: string | null;
  customer?: boolean;
  householdId?: string | null;
  /** Policies of the customer: how many (each with the person insured). */
  policies?: number;
  serviceRequests?: number;
  activity?: boolean;
}

export interface PersonIds {
  nameId: string;
  prospectId: string;
  customerId: string | null;
  policyIds: string[];
  serviceRequestIds: string[];
  activityIds: string[];
}

let policySeq = 0;

async function activityTypeOf(db: Queryable, tenantId: string): Promise<string> {
  const found = await db.selectFrom('activity_types').select('id').where('tenant_id', '=', tenantId).executeTakeFirst();
  if (found) return found.id;
  const id = newId();
  const at = nowIso();
  await db
    .insertInto('activity_types')
    .values({ id, tenant_id: tenantId, code: `visit${id.slice(-6)}`, name: '拜访', name_en: 'Visit', stage: 'interview', active: 1, sort_order: 1, created_at: at, updated_at: at })
    .execute();
  return id;
}

export async function makeHousehold(db: Queryable, owner: TestUser, name: string): Promise<string> {
  const id = newId();
  const at = nowIso();
  await db
    .insertInto('households')
    .values({ id, tenant_id: owner.tenantId, owner_id: owner.id, unit_id: owner.unitId, name, created_at: at, updated_at: at })
    .execute();
  return id;
}

async function audit(db: Queryable, owner: TestUser, entity: string, entityId: string, after: object): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      tenant_id: owner.tenantId,
      actor_id: owner.id,
      at: nowIso(),
      entity,
      entity_id: entityId,
      action: 'create',
      before_json: null,
      after_json: JSON.stringify(redact(after)),
      request_id: null,
      ip: null,
    })
    .execute();
}

/** One person held by `owner` (their current team), with the rows named in the spec. */
export async function makePerson(db: Queryable, owner: TestUser, spec: PersonSpec): Promise<PersonIds> {
  const at = nowIso();
  const tenantId = owner.tenantId;
  const base = { tenant_id: tenantId, owner_id: owner.id, unit_id: owner.unitId, created_by: owner.id, created_at: at, updated_at: at };
  const nameId = newId();
  const prospectId = newId();
  const customerId = spec.customer ? newId() : null;
  const phone = spec.phone ?? null;
  const idNumber = spec.idNumber ?? null;
  const nameRow = {
    ...base,
    id: nameId,
    name: spec.name,
    name_key: spec.name.replace(/\s+/g, '').toLowerCase(),
    category: 'relatives',
    phone,
    note: `${spec.name}是表哥的同事`,
    excluded: 0,
    score: 22,
    grade: 'A',
    rubric_version: 1,
    answers: '{"closeness":"close"}',
    scored_at: at,
    prospect_id: prospectId,
    erased_at: null,
  };
  await db.insertInto('plan_names').values(nameRow).execute();
  await audit(db, owner, 'planName', nameId, nameRow);
  const prospectRow = {
    ...base,
    id: prospectId,
    name_id: nameId,
    name: spec.name,
    phone,
    id_number: idNumber,
    gender: 'male',
    birth_date: '1985-06-01',
    family: `已婚，妻子是${spec.name}的大学同学`,
    occupation: '教师',
    income_band: '100kTo300k',
    needs: '子女教育',
    source: 'plan100',
    referrer_prospect_id: null,
    referrer_customer_id: null,
    campaign_ref: null,
    grade: 'A',
    score: 22,
    rubric_version: 1,
    stage: spec.customer ? 'signed' : 'needsAnalysis',
    stage_reason: `${spec.name}要求下月再谈`,
    stage_changed_at: at,
    next_follow_up: '2026-12-01',
    tags: JSON.stringify(['重点', spec.name]),
    consent_note: `${spec.name}口头同意联系，电话${phone ?? ''}`,
    consent_date: '2026-11-01',
    customer_id: customerId,
    erased_at: null,
  };
  await db.insertInto('prospects').values(prospectRow).execute();
  await audit(db, owner, 'prospect', prospectId, prospectRow);
  await db
    .insertInto('prospect_stage_changes')
    .values({
      id: newId(),
      tenant_id: tenantId,
      prospect_id: prospectId,
      owner_id: owner.id,
      unit_id: owner.unitId,
      from_stage: 'lead',
      to_stage: 'appointment',
      reason: `约了${spec.name}周五见面`,
      changed_at: at,
      changed_by: owner.id,
    })
    .execute();
  const activityIds: string[] = [];
  if (spec.activity !== false) {
    const activityId = newId();
    const activity = {
      id: activityId,
      tenant_id: tenantId,
      user_id: owner.id,
      unit_id: owner.unitId,
      type_id: await activityTypeOf(db, tenantId),
      stage: 'interview',
      date: at.slice(0, 10),
      occurred_at: at,
      points_milli: 1000,
      premium_fen: null,
      prospect_id: prospectId,
      prospect_name: spec.name,
      outcome: `${spec.name}有意向`,
      notes: phone ? `打了${phone}，${spec.name}在家` : null,
      next_step: null,
      next_step_date: null,
      partner_id: null,
      late_entry: 0,
      created_by: owner.id,
      created_at: at,
      updated_at: at,
    };
    await db.insertInto('activities').values(activity).execute();
    await audit(db, owner, 'activity', activityId, activity);
    activityIds.push(activityId);
  }
  const policyIds: string[] = [];
  const serviceRequestIds: string[] = [];
  if (customerId) {
    const customerRow = {
      ...base,
      id: customerId,
      household_id: spec.householdId ?? null,
      household_role: spec.householdId ? 'self' : null,
      prospect_id: prospectId,
      name: spec.name,
      phone,
      id_number: idNumber,
      gender: 'male',
      birth_date: '1985-06-01',
      address: '北京市朝阳区某路1号',
      notes: `${spec.name}喜欢下午联系`,
      erased_at: null,
    };
    await db.insertInto('customers').values(customerRow).execute();
    await audit(db, owner, 'customer', customerId, customerRow);
    for (let i = 0; i < (spec.policies ?? 1); i++) {
      const id = newId();
      policyIds.push(id);
      await db
        .insertInto('policies')
        .values({
          ...base,
          id,
          customer_id: customerId,
          household_id: spec.householdId ?? null,
          policy_no: `P${Date.now()}${policySeq++}`,
          product: '终身寿险',
          coverage_kind: 'life',
          sum_assured_fen: 50_000_000,
          insured_name: spec.name,
          beneficiary_name: i === 0 ? spec.name : '某某',
          premium_fen: 1_200_000,
          payment_mode: 'annual',
          payment_term_years: 20,
          effective_date: '2026-01-01',
          status: 'inForce',
        })
        .execute();
    }
    for (let i = 0; i < (spec.serviceRequests ?? 1); i++) {
      const id = newId();
      serviceRequestIds.push(id);
      await db
        .insertInto('service_requests')
        .values({
          ...base,
          id,
          customer_id: customerId,
          policy_id: policyIds[0] ?? null,
          kind: 'returnVisit',
          status: 'open',
          due_date: '2026-12-10',
          notes: `回访${spec.name}`,
          activity_id: null,
          satisfaction: null,
          completed_at: null,
        })
        .execute();
    }
  }
  await db
    .insertInto('notifications')
    .values({
      id: newId(),
      tenant_id: tenantId,
      user_id: owner.id,
      kind: 'prospect.followUpDue',
      title: `今天跟进${spec.name}`,
      body: `${spec.name}的跟进日期到了`,
      link: `/prospects/${prospectId}`,
      params_json: JSON.stringify({ prospectId, name: spec.name }),
      created_at: at,
      read_at: null,
      dedupe_key: null,
    })
    .execute();
  return { nameId, prospectId, customerId, policyIds, serviceRequestIds, activityIds };
}
