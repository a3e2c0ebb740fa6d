import ExcelJS from 'exceljs';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { inTx } from '../../db/tx.ts';
import { notFound } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import { maskIdNumber, maskPhone } from '../../lib/pii.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { tenantCardsChanged } from '../prospect/card-list.cache.ts';
import { funnelErased } from '../prospect/funnel.cache.ts';
import {
  ERASED_NAME,
  type PersonErase,
  type PersonEraseResult,
  type PersonExport,
  type PiiEntity,
  type Reveal,
  type RevealResult,
} from '../../../contracts/privacy.ts';
import * as repo from './privacy.repository.ts';

/**
 * Personal data of prospects and customers (PIPL): the audited reveal of one full number, the
 * export of everything held about one person, and their erasure.
 *
 * A person is the Plan 100 name, the card made from it and the customer it was signed as (linked
 * by name_id / prospect_id / customer_id, in either direction): any of them identifies the three.
 * Every call needs the named row in the caller's scope (404 otherwise) and is audited without the
 * values. Erasure blanks the personal fields and keeps the rows, so counts, grades and funnel
 * figures stay; the person's name and numbers are also scrubbed from the texts that quote them and
 * belong to the person's rows: stage-change reasons, the card's activities, spot-check comments,
 * service-request notes, the household's name, their audit trail and notifications that link to
 * them. Texts of unrelated rows (another customer's notes mentioning them) are not searched.
 */

/** Shows one full number of a name, card or customer in the caller's scope; always audited. */
export async function reveal(ctx: Ctx, input: Reveal): Promise<RevealResult> {
  assertCan(ctx.actor, 'prospect.revealPii');
  return inTx(ctx, async (tx) => {
    const row = await repo.findVisibleRow(tx.db, tx.actor.tenantId, tx.actor.visibility, input.entity, input.id);
    if (!row) throw notFound(entityLabel(input.entity));
    const value = input.field === 'phone' ? row.phone : 'id_number' in row ? row.id_number : null;
    await recordAudit(tx, {
      entity: input.entity,
      entityId: input.id,
      action: 'pii.reveal',
      after: { field: input.field },
      sessionNeutral: true,
    });
    return { entity: input.entity, id: input.id, field: input.field, value };
  });
}

function entityLabel(entity: PiiEntity): string {
  return entity === 'name' ? 'Name' : entity === 'prospect' ? 'Prospect' : 'Customer';
}

async function loadVisiblePerson(ctx: Ctx, entity: PiiEntity, id: string): Promise<repo.PersonRows> {
  const row = await repo.findVisibleRow(ctx.db, ctx.actor.tenantId, ctx.actor.visibility, entity, id);
  if (!row) throw notFound(entityLabel(entity));
  return repo.findPerson(ctx.db, ctx.actor.tenantId, entity, id);
}

// ---- Export ---------------------------------------------------------------------------------------

const JSON_COLUMNS = new Set(['answers', 'tags']);

function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** A stored row as the export shows it: camelCase keys, JSON columns parsed, the tenant left out. */
function record(row: object | undefined | null): Record<string, unknown> | null {
  if (!row) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === 'tenant_id') continue;
    if (JSON_COLUMNS.has(k) && typeof v === 'string') {
      try {
        out[camel(k)] = JSON.parse(v) as unknown;
        continue;
      } catch {
        // Kept as stored.
      }
    }
    out[camel(k)] = v;
  }
  return out;
}

/** Everything held about one person, with full numbers: privacy.manage, in scope, audited. */
export async function exportPerson(ctx: Ctx, entity: PiiEntity, id: string, format: 'json' | 'xlsx'): Promise<PersonExport> {
  assertCan(ctx.actor, 'privacy.manage');
  return inTx(ctx, async (tx) => {
    const { tenantId } = tx.actor;
    const person = await loadVisiblePerson(tx, entity, id);
    const { name, prospect, customer } = person;
    const household = customer?.household_id ? await repo.findHousehold(tx.db, tenantId, customer.household_id) : undefined;
    const out: PersonExport = {
      exportedAt: nowIso(),
      subject: { entity, id, name: customer?.name ?? prospect?.name ?? name?.name ?? '' },
      name: record(name),
      prospect: record(prospect),
      stageChanges: prospect ? (await repo.findStageChanges(tx.db, tenantId, prospect.id)).map((r) => record(r) ?? {}) : [],
      activities: prospect ? (await repo.findActivities(tx.db, tenantId, prospect.id)).map((r) => record(r) ?? {}) : [],
      customer: record(customer),
      household: household
        ? { id: household.id, name: household.name, householdRole: customer?.household_role ?? null, ownerId: household.owner_id }
        : null,
      policies: customer ? (await repo.findPolicies(tx.db, tenantId, customer.id)).map((r) => record(r) ?? {}) : [],
      serviceRequests: customer ? (await repo.findServiceRequests(tx.db, tenantId, customer.id)).map((r) => record(r) ?? {}) : [],
    };
    await recordAudit(tx, {
      entity,
      entityId: id,
      action: 'pii.export',
      after: {
        format,
        nameId: name?.id ?? null,
        prospectId: prospect?.id ?? null,
        customerId: customer?.id ?? null,
        activities: out.activities.length,
        policies: out.policies.length,
        serviceRequests: out.serviceRequests.length,
      },
      sessionNeutral: true,
    });
    return out;
  });
}

const SECTION_TITLES: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  name: { 'zh-CN': '计划100名单', 'en-US': 'Plan 100 name' },
  prospect: { 'zh-CN': '准主顾卡', 'en-US': 'Prospect card' },
  stageChanges: { 'zh-CN': '阶段变化', 'en-US': 'Stage changes' },
  activities: { 'zh-CN': '活动记录', 'en-US': 'Activities' },
  customer: { 'zh-CN': '客户', 'en-US': 'Customer' },
  household: { 'zh-CN': '家庭', 'en-US': 'Household' },
  policies: { 'zh-CN': '保单', 'en-US': 'Policies' },
  serviceRequests: { 'zh-CN': '售后服务', 'en-US': 'Service requests' },
};

function cell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** The export as a workbook: one sheet per part (field / value for one record, a table for many). */
export async function personExportXlsx(data: PersonExport, locale: 'zh-CN' | 'en-US' = 'zh-CN'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Salesbase';
  for (const key of Object.keys(SECTION_TITLES)) {
    const value = data[key as keyof PersonExport];
    const title = SECTION_TITLES[key]?.[locale] ?? key;
    const ws = wb.addWorksheet(title);
    if (Array.isArray(value)) {
      const rows = value;
      const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
      ws.columns = columns.map((c) => ({ header: c, key: c, width: 18, style: { numFmt: '@' } }));
      for (const r of rows) ws.addRow(columns.map((c) => cell(r[c])));
    } else {
      ws.columns = [
        { header: locale === 'zh-CN' ? '字段' : 'Field', key: 'field', width: 22 },
        { header: locale === 'zh-CN' ? '值' : 'Value', key: 'value', width: 40, style: { numFmt: '@' } },
      ];
      for (const [k, v] of Object.entries((value as Record<string, unknown> | null) ?? {})) ws.addRow([k, cell(v)]);
    }
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---- Erasure --------------------------------------------------------------------------------------

const ERASED_NUMBER = '***';

/** What to scrub from texts: the person's names (raw and as JSON escapes them) and numbers (full and masked). */
function replacementsOf(person: repo.PersonRows): [string, string][] {
  const names = new Set<string>();
  const numbers = new Set<string>();
  for (const n of [person.name?.name, person.prospect?.name, person.customer?.name]) {
    const v = n?.trim();
    if (v && v !== ERASED_NAME) {
      names.add(v);
      names.add(JSON.stringify(v).slice(1, -1));
    }
  }
  for (const p of [person.name?.phone, person.prospect?.phone, person.customer?.phone]) {
    if (!p) continue;
    numbers.add(p);
    const masked = maskPhone(p);
    if (masked && masked !== p) numbers.add(masked);
  }
  for (const raw of [person.prospect?.id_number, person.customer?.id_number]) {
    if (!raw) continue;
    for (const v of [raw, raw.toUpperCase(), raw.toLowerCase()]) numbers.add(v);
    const masked = maskIdNumber(raw.toUpperCase());
    if (masked) numbers.add(masked);
  }
  // Longest first, so that a longer name is not half-replaced by a shorter one it contains.
  const pairs: [string, string][] = [
    ...[...numbers].map((n): [string, string] => [n, ERASED_NUMBER]),
    ...[...names].map((n): [string, string] => [n, ERASED_NAME]),
  ];
  return pairs.sort((a, b) => b[0].length - a[0].length);
}

/**
 * Erases one person: personal fields blanked on their name, card and customer (erased_at set), the
 * card's activities renamed, policies naming them as insured or beneficiary renamed, and their
 * name and numbers scrubbed from the texts of their rows. Rows stay: figures do not change.
 */
export async function erasePerson(ctx: Ctx, input: PersonErase): Promise<PersonEraseResult> {
  assertCan(ctx.actor, 'privacy.manage');
  const erased = await inTx(ctx, async (tx) => {
    const { tenantId } = tx.actor;
    const db = tx.db;
    const person = await loadVisiblePerson(tx, input.entity, input.id);
    const { name, prospect, customer } = person;
    const at = nowIso();
    const subs = replacementsOf(person);
    const scrub = (column: string) => repo.scrubbed(column, subs);
    const personNames = [...new Set([name?.name, prospect?.name, customer?.name].filter((n): n is string => !!n && n !== ERASED_NAME))];
    const result: PersonEraseResult = { erasedAt: at, names: 0, prospects: 0, customers: 0, activities: 0, policies: 0 };
    const relatedIds: string[] = [];

    if (name) {
      relatedIds.push(name.id);
      await db
        .updateTable('plan_names')
        .set({ name: ERASED_NAME, name_key: `erased:${name.id}`, phone: null, note: null, erased_at: at, updated_at: at })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', name.id)
        .execute();
      result.names = 1;
    }
    if (prospect) {
      relatedIds.push(prospect.id);
      await db
        .updateTable('prospects')
        .set({
          name: ERASED_NAME,
          phone: null,
          id_number: null,
          birth_date: null,
          family: null,
          occupation: null,
          needs: null,
          consent_note: null,
          consent_date: null,
          tags: null,
          stage_reason: scrub('stage_reason'),
          erased_at: at,
          updated_at: at,
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', prospect.id)
        .execute();
      result.prospects = 1;
      await db
        .updateTable('prospect_stage_changes')
        .set({ reason: scrub('reason') })
        .where('tenant_id', '=', tenantId)
        .where('prospect_id', '=', prospect.id)
        .execute();
      const activities = await db
        .updateTable('activities')
        .set((eb) => ({
          prospect_name: eb.case().when('prospect_name', 'is', null).then(null).else(ERASED_NAME).end(),
          notes: scrub('notes'),
          outcome: scrub('outcome'),
          next_step: scrub('next_step'),
          updated_at: at,
        }))
        .where('tenant_id', '=', tenantId)
        .where('prospect_id', '=', prospect.id)
        .returning('id')
        .execute();
      result.activities = activities.length;
      relatedIds.push(...activities.map((a) => a.id));
      const items = await repo.findSpotCheckItemIds(db, tenantId, prospect.id);
      relatedIds.push(...items.map((i) => i.id));
      if (items.length > 0) {
        await db
          .updateTable('spot_check_items')
          .set({ comment: scrub('comment') })
          .where('tenant_id', '=', tenantId)
          .where('prospect_id', '=', prospect.id)
          .execute();
      }
    }
    if (customer) {
      relatedIds.push(customer.id);
      await db
        .updateTable('customers')
        .set({
          name: ERASED_NAME,
          phone: null,
          id_number: null,
          birth_date: null,
          address: null,
          notes: null,
          erased_at: at,
          updated_at: at,
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', customer.id)
        .execute();
      result.customers = 1;
      const requests = await db
        .updateTable('service_requests')
        .set({ notes: scrub('notes') })
        .where('tenant_id', '=', tenantId)
        .where('customer_id', '=', customer.id)
        .returning('id')
        .execute();
      relatedIds.push(...requests.map((r) => r.id));
      if (customer.household_id) {
        relatedIds.push(customer.household_id);
        await db
          .updateTable('households')
          .set({ name: scrub('name') })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', customer.household_id)
          .execute();
      }
    }

    // Policies naming the person as insured or beneficiary: their own, their household's, and any
    // other policy of the agents who hold them.
    const owners = [...new Set([name?.owner_id, prospect?.owner_id, customer?.owner_id].filter((o): o is string => !!o))];
    if (personNames.length > 0) {
      const policies = await db
        .updateTable('policies')
        .set((eb) => ({
          insured_name: eb.case().when('insured_name', 'in', personNames).then(ERASED_NAME).else(eb.ref('insured_name')).end(),
          beneficiary_name: eb
            .case()
            .when('beneficiary_name', 'in', personNames)
            .then(ERASED_NAME)
            .else(eb.ref('beneficiary_name'))
            .end(),
          updated_at: at,
        }))
        .where('tenant_id', '=', tenantId)
        .where((eb) =>
          eb.and([
            eb.or([eb('insured_name', 'in', personNames), eb('beneficiary_name', 'in', personNames)]),
            eb.or([
              ...(customer ? [eb('customer_id', '=', customer.id)] : []),
              ...(customer?.household_id ? [eb('household_id', '=', customer.household_id)] : []),
              ...(owners.length > 0 ? [eb('owner_id', 'in', owners)] : []),
            ]),
          ]),
        )
        .returning('id')
        .execute();
      result.policies = policies.length;
      relatedIds.push(...policies.map((p) => p.id));
    }
    if (customer) {
      const own = await repo.findPolicies(db, tenantId, customer.id);
      relatedIds.push(...own.map((p) => p.id));
    }

    // The audit trail and the notifications of the person's rows quote their name (numbers are
    // masked there, but even the masked form goes).
    const ids = [...new Set(relatedIds)];
    if (subs.length > 0 && ids.length > 0) {
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await db
          .updateTable('audit_log')
          .set({ before_json: scrub('before_json'), after_json: scrub('after_json') })
          .where('tenant_id', '=', tenantId)
          .where('entity_id', 'in', chunk)
          .execute();
      }
      const linked = [name?.id, prospect?.id, customer?.id].filter((v): v is string => !!v);
      await db
        .updateTable('notifications')
        .set({ title: scrub('title'), body: scrub('body'), params_json: scrub('params_json') })
        .where('tenant_id', '=', tenantId)
        .where((eb) => eb.or(linked.flatMap((id) => [eb('link', 'like', `%${id}%`), eb('params_json', 'like', `%${id}%`)])))
        .execute();
      // Digests (care reminders) quote names without linking each: the notifications of everyone
      // who held the person, now or before a handover, that name them.
      const holders = await db
        .selectFrom('handover_items')
        .innerJoin('handovers', 'handovers.id', 'handover_items.handover_id')
        .select('handovers.from_user_id')
        .where('handovers.tenant_id', '=', tenantId)
        .where('handover_items.entity_id', 'in', linked)
        .execute();
      const users = [...new Set([...owners, ...holders.map((h) => h.from_user_id)])];
      const quoted = subs.map(([needle]) => needle);
      if (users.length > 0) {
        await db
          .updateTable('notifications')
          .set({ title: scrub('title'), body: scrub('body'), params_json: scrub('params_json') })
          .where('tenant_id', '=', tenantId)
          .where('user_id', 'in', users)
          .where((eb) =>
            eb.or(
              quoted.flatMap((q) => [eb('title', 'like', `%${q}%`), eb('body', 'like', `%${q}%`), eb('params_json', 'like', `%${q}%`)]),
            ),
          )
          .execute();
      }
    }

    await recordAudit(tx, {
      entity: input.entity,
      entityId: input.id,
      action: 'pii.erase',
      after: {
        nameId: name?.id ?? null,
        prospectId: prospect?.id ?? null,
        customerId: customer?.id ?? null,
        activities: result.activities,
        policies: result.policies,
      },
      sessionNeutral: true,
    });
    return result;
  });
  // Cached funnels and card lists may quote erased data: none is served again.
  funnelErased(ctx.actor.tenantId);
  tenantCardsChanged(ctx.actor.tenantId);
  return erased;
}
