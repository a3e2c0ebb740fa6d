import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { assertUserVisible } from '../../access/scope.ts';
import { newId } from '../../db/ids.ts';
import type { HandoverItemTable } from '../../db/schema.ts';
import { inTx } from '../../db/tx.ts';
import { invalid, notFound } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import { maskPersonalNumbersInText } from '../../lib/pii-text.ts';
import type { FieldError } from '../../../contracts/errors.ts';
import type { Page } from '../../../contracts/common.ts';
import type {
  Handover,
  HandoverCounts,
  HandoverCreate,
  HandoverDetail,
  HandoverEntity,
  HandoverListQuery,
  HandoverPreview,
  HandoverReason,
} from '../../../contracts/handover.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notify } from '../notification/notification.service.ts';
import { tenantCardsChanged } from '../prospect/card-list.cache.ts';
import { funnelChanged } from '../prospect/funnel.cache.ts';
import * as repo from './handover.repository.ts';

/**
 * Handover (客户移交): names, cards and customers of one agent go to another, on a manager's
 * decision or because the agent leaves. Rules:
 *
 * - Needs prospect.handover; both agents must be in the actor's tenant and scope (404 otherwise);
 *   the new owner must be active and someone else (400).
 * - `all` moves everything the agent holds: every Plan 100 name, card, customer, household, policy
 *   and service request. Otherwise exactly the chosen names, cards and customers move (each must be
 *   the agent's, 400 otherwise); a chosen customer takes along their policies and service requests
 *   held by the agent. Names and cards do not pull each other along.
 * - A household moves when none of its members stays with anyone but the new owner; otherwise it
 *   stays with the old owner (the customers moved still point at it).
 * - Moved rows get the new owner and the new owner's current team; stage changes, activities and
 *   the audit trail keep the owner and team of their day. One handover row, one item per moved row,
 *   one audit entry with the counts and ids, an in-app notification to the new owner (and, on a
 *   manager's decision, to the old owner too).
 */

const EMPTY_COUNTS: HandoverCounts = { names: 0, prospects: 0, customers: 0, households: 0, policies: 0, serviceRequests: 0 };

const COUNT_KEY: Record<HandoverEntity, keyof HandoverCounts> = {
  name: 'names',
  prospect: 'prospects',
  customer: 'customers',
  household: 'households',
  policy: 'policies',
  serviceRequest: 'serviceRequests',
};

const TABLE_OF: Record<HandoverEntity, repo.OwnedTable> = {
  name: 'plan_names',
  prospect: 'prospects',
  customer: 'customers',
  household: 'households',
  policy: 'policies',
  serviceRequest: 'service_requests',
};

const link = (id: string) => `/handovers/${id}`;

/** Names and the note are free text: a number typed into one is shown masked (PIPL). */
function masked<T extends string | null>(text: T): T {
  return (text === null ? null : maskPersonalNumbersInText(text)) as T;
}

function toDto(r: repo.HandoverRow, counts: HandoverCounts, toUnitId: string | null): Handover {
  return {
    id: r.id,
    fromUserId: r.from_user_id,
    fromUserName: r.from_name,
    toUserId: r.to_user_id,
    toUserName: r.to_name,
    toUnitId,
    reason: r.reason as HandoverReason,
    note: masked(r.note),
    createdBy: r.created_by,
    createdByName: r.created_by_name ?? '',
    createdAt: r.created_at,
    counts,
  };
}

/** Ids per statement when counting the items of many handovers (well under every bound-parameter limit). */
const COUNT_CHUNK = 500;

/** What each handover moved, per kind of row. */
export async function countsOf(ctx: Ctx, ids: readonly string[]): Promise<Map<string, HandoverCounts>> {
  const out = new Map<string, HandoverCounts>(ids.map((id) => [id, { ...EMPTY_COUNTS }]));
  for (let i = 0; i < ids.length; i += COUNT_CHUNK) {
    for (const row of await repo.countItems(ctx.db, ids.slice(i, i + COUNT_CHUNK))) {
      const counts = out.get(row.handover_id);
      const key = COUNT_KEY[row.entity as HandoverEntity] as keyof HandoverCounts | undefined;
      if (counts && key) counts[key] = row.n;
    }
  }
  return out;
}

/** The team the rows were filed under, as the handover's audit entry recorded it. */
async function toUnitsOf(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  const rows = await ctx.db
    .selectFrom('audit_log')
    .select(['entity_id', 'after_json'])
    .where('tenant_id', '=', ctx.actor.tenantId)
    .where('entity', '=', 'handover')
    .where('entity_id', 'in', ids)
    .execute();
  for (const r of rows) {
    const after = r.after_json ? (JSON.parse(r.after_json) as { toUnitId?: string }) : {};
    if (after.toUnitId) out.set(r.entity_id, after.toUnitId);
  }
  return out;
}

function dedupe(ids: readonly string[] | undefined): string[] {
  return [...new Set(ids ?? [])];
}

/** The chosen ids that the agent does not hold, as 400 details (body.prospectIds.3 …). */
function notOwned(field: string, ids: string[], owned: Set<string>, message: string): FieldError[] {
  return ids.flatMap((id, i) => (owned.has(id) ? [] : [{ path: `body.${field}.${i}`, message, code: 'notOwned' }]));
}

export async function createHandover(ctx: Ctx, input: HandoverCreate): Promise<HandoverDetail> {
  assertCan(ctx.actor, 'prospect.handover');
  const { tenantId } = ctx.actor;
  await assertUserVisible(ctx.db, ctx.actor, input.fromUserId);
  await assertUserVisible(ctx.db, ctx.actor, input.toUserId);
  const id = newId();
  await inTx(ctx, async (tx) => {
    const db = tx.db;
    const from = await repo.findUser(db, tenantId, input.fromUserId);
    const to = await repo.findUser(db, tenantId, input.toUserId);
    if (!from || !to) throw notFound('User');
    const errors: FieldError[] = [];
    if (from.id === to.id) errors.push({ path: 'body.toUserId', message: 'Hand over to someone else', code: 'sameUser' });
    else if (to.status !== 'active') errors.push({ path: 'body.toUserId', message: 'The new owner has left', code: 'inactive' });
    if (errors.length) throw invalid(errors);

    let names: string[];
    let prospects: string[];
    let customers: string[];
    if (input.all === true) {
      names = await repo.allOwned(db, 'plan_names', tenantId, from.id);
      prospects = await repo.allOwned(db, 'prospects', tenantId, from.id);
      customers = await repo.allOwned(db, 'customers', tenantId, from.id);
    } else {
      names = dedupe(input.nameIds);
      prospects = dedupe(input.prospectIds);
      customers = dedupe(input.customerIds);
      errors.push(
        ...notOwned('nameIds', names, await repo.ownedAmong(db, 'plan_names', tenantId, from.id, names), "Not one of this agent's names"),
        ...notOwned('prospectIds', prospects, await repo.ownedAmong(db, 'prospects', tenantId, from.id, prospects), "Not one of this agent's cards"),
        ...notOwned('customerIds', customers, await repo.ownedAmong(db, 'customers', tenantId, from.id, customers), "Not one of this agent's customers"),
      );
      if (errors.length) throw invalid(errors);
    }
    const policies = await repo.ofCustomers(db, 'policies', tenantId, from.id, customers);
    const serviceRequests = await repo.ofCustomers(db, 'service_requests', tenantId, from.id, customers);
    const candidates = input.all === true
      ? await repo.allOwned(db, 'households', tenantId, from.id)
      : await repo.householdsOf(db, tenantId, from.id, customers);

    const moved: Record<HandoverEntity, string[]> = {
      name: names,
      prospect: prospects,
      customer: customers,
      household: [],
      policy: policies,
      serviceRequest: serviceRequests,
    };
    if (Object.values(moved).every((ids) => ids.length === 0) && candidates.length === 0) {
      throw invalid([{ path: 'body.all', message: 'This agent holds nothing to hand over', code: 'empty' }]);
    }

    const at = nowIso();
    const owner = { id: to.id, unitId: to.unit_id };
    for (const entity of ['name', 'prospect', 'customer', 'policy', 'serviceRequest'] as const) {
      await repo.reassign(db, TABLE_OF[entity], tenantId, moved[entity], owner, at);
    }
    // Once the customers have moved, a household goes along when no member stays with anyone else.
    const staying = await repo.householdsWithOtherOwners(db, tenantId, to.id, candidates);
    moved.household = candidates.filter((h) => !staying.has(h));
    await repo.reassign(db, 'households', tenantId, moved.household, owner, at);

    const items: HandoverItemTable[] = (Object.keys(moved) as HandoverEntity[]).flatMap((entity) =>
      moved[entity].map((entityId) => ({ handover_id: id, entity, entity_id: entityId })),
    );
    await repo.insertHandover(
      db,
      {
        id,
        tenant_id: tenantId,
        from_user_id: from.id,
        to_user_id: to.id,
        reason: input.reason,
        note: input.note ?? null,
        created_by: tx.actor.userId,
        created_at: at,
      },
      items,
    );
    const counts: HandoverCounts = {
      names: moved.name.length,
      prospects: moved.prospect.length,
      customers: moved.customer.length,
      households: moved.household.length,
      policies: moved.policy.length,
      serviceRequests: moved.serviceRequest.length,
    };
    await recordAudit(tx, {
      entity: 'handover',
      entityId: id,
      action: 'create',
      after: {
        fromUserId: from.id,
        fromUnitId: from.unit_id,
        toUserId: to.id,
        toUnitId: to.unit_id,
        reason: input.reason,
        note: masked(input.note ?? null),
        all: input.all === true,
        counts,
        ids: {
          names: moved.name,
          prospects: moved.prospect,
          customers: moved.customer,
          households: moved.household,
          policies: moved.policy,
          serviceRequests: moved.serviceRequest,
        },
      },
      sessionNeutral: true,
    });
    const noteText = masked(input.note ?? '');
    await notify(tx, {
      userId: to.id,
      kind: 'prospect.handover',
      title: `${from.display_name}的客户已移交给你：名单${counts.names}、准主顾${counts.prospects}、客户${counts.customers}`,
      body: noteText,
      link: link(id),
      params: { handoverId: id, fromUserId: from.id, fromName: from.display_name, reason: input.reason, ...counts },
    });
    // On a manager's decision the agent who still works here learns where their customers went
    // (people who have left are skipped by notify).
    if (input.reason === 'decision' && from.status === 'active') {
      await notify(tx, {
        userId: from.id,
        kind: 'prospect.handedOver',
        title: `你的客户已移交给${to.display_name}：名单${counts.names}、准主顾${counts.prospects}、客户${counts.customers}`,
        body: noteText,
        link: link(id),
        params: { handoverId: id, toUserId: to.id, toName: to.display_name, reason: input.reason, ...counts },
      });
    }
  });
  // The cards' owners changed: the funnel's answers are refreshed, no card list is served again.
  funnelChanged(tenantId);
  tenantCardsChanged(tenantId);
  return getHandover(ctx, id);
}

export async function listHandovers(ctx: Ctx, q: HandoverListQuery): Promise<Page<Handover>> {
  assertCan(ctx.actor, 'prospect.own');
  const { rows, total } = await repo.findHandoverPage(ctx.db, ctx.actor.tenantId, ctx.actor.visibility, q);
  const ids = rows.map((r) => r.id);
  const counts = await countsOf(ctx, ids);
  const units = await toUnitsOf(ctx, ids);
  const items = rows.map((r) => toDto(r, counts.get(r.id) ?? { ...EMPTY_COUNTS }, units.get(r.id) ?? null));
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** One handover whose from- or to-agent the reader sees, with every moved row named. */
export async function getHandover(ctx: Ctx, id: string): Promise<HandoverDetail> {
  assertCan(ctx.actor, 'prospect.own');
  const row = await repo.findVisibleHandover(ctx.db, ctx.actor.tenantId, ctx.actor.visibility, id);
  if (!row) throw notFound('Handover');
  const counts = (await countsOf(ctx, [id])).get(id) ?? { ...EMPTY_COUNTS };
  const items = await repo.findItems(ctx.db, id);
  return {
    ...toDto(row, counts, (await toUnitsOf(ctx, [id])).get(id) ?? null),
    items: items.map((i) => ({ entity: i.entity as HandoverEntity, entityId: i.entity_id, label: masked(i.label) ?? '' })),
  };
}

/** What an agent holds, for the handover picker: prospect.handover, the agent in scope. */
export async function previewHandover(ctx: Ctx, fromUserId: string): Promise<HandoverPreview> {
  assertCan(ctx.actor, 'prospect.handover');
  await assertUserVisible(ctx.db, ctx.actor, fromUserId);
  const { tenantId } = ctx.actor;
  const user = await repo.findUser(ctx.db, tenantId, fromUserId);
  if (!user) throw notFound('User');
  const [names, prospects, customers] = [
    await repo.previewNames(ctx.db, tenantId, user.id),
    await repo.previewProspects(ctx.db, tenantId, user.id),
    await repo.previewCustomers(ctx.db, tenantId, user.id),
  ];
  return {
    user: { id: user.id, name: user.display_name, unitId: user.unit_id, unitName: user.unit_name, status: user.status },
    counts: {
      names: names.length,
      prospects: prospects.length,
      customers: customers.length,
      households: await repo.countOwned(ctx.db, 'households', tenantId, user.id),
      policies: await repo.countOwned(ctx.db, 'policies', tenantId, user.id),
      serviceRequests: await repo.countOwned(ctx.db, 'service_requests', tenantId, user.id),
    },
    names: names.map((n) => ({ id: n.id, name: masked(n.name), category: n.category, grade: n.grade, prospectId: n.prospect_id })),
    prospects: prospects.map((p) => ({
      id: p.id,
      name: masked(p.name),
      grade: p.grade,
      stage: p.stage,
      nextFollowUp: p.next_follow_up,
      nameId: p.name_id,
      customerId: p.customer_id,
    })),
    customers: customers.map((c) => ({
      id: c.id,
      name: masked(c.name),
      householdId: c.household_id,
      householdName: masked(c.household_name),
      prospectId: c.prospect_id,
      policies: Number(c.policies ?? 0),
      serviceRequests: Number(c.service_requests ?? 0),
    })),
  };
}
