import type { Page } from '../../../contracts/common.ts';
import {
  PolicySorts,
  type Policy,
  type PolicyCreate,
  type PolicyExportQuery,
  type PolicyListQuery,
  type PolicyPatch,
} from '../../../contracts/customer.ts';
import type { FieldError } from '../../../contracts/errors.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { assertUnitVisible } from '../../access/scope.ts';
import { newId } from '../../db/ids.ts';
import type { CustomerTable, PolicyTable } from '../../db/schema.ts';
import { inTx } from '../../db/tx.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import type { SheetColumn } from '../../lib/xlsx-export.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { parseSortKey, readVisibility, tenantToday, writableRow } from './customer.access.ts';
import { exportSheet, MAX_EXPORT_ROWS } from './customer.export.ts';
import { maskText, toPolicyDto } from './customer.dto.ts';
import { COVERAGE_LABELS, PAYMENT_MODE_LABELS, POLICY_STATUS_LABELS, labelOf } from './customer.labels.ts';
import { isRealDate, writableCustomer } from './customer.service.ts';
import * as repo from './policy.repository.ts';

/**
 * Policies (保单): each held by one customer and owned by the customer's owner (and team); its
 * household is the customer's. The insurer's policy number is unique within the tenant.
 */

export const policyNumberTaken = (policyNo: string) =>
  new AppError('POLICY_NUMBER_TAKEN', 409, `Policy number ${policyNo} is already recorded`, [
    { path: 'body.policyNo', message: 'Already recorded', code: 'taken' },
  ]);

export function policyFieldErrors(input: { effectiveDate?: string | undefined }, prefix = 'body'): FieldError[] {
  const errors: FieldError[] = [];
  if (input.effectiveDate !== undefined && !isRealDate(input.effectiveDate)) {
    errors.push({ path: `${prefix}.effectiveDate`, message: 'Not a calendar date', code: 'invalidDate' });
  }
  return errors;
}

/** The row of a new policy of a customer (owner, team and household from the customer). */
export function newPolicyRow(
  ctx: Ctx,
  customer: CustomerTable,
  input: Omit<PolicyCreate, 'customerId' | 'status'> & { status: PolicyTable['status'] },
  stamp: string,
): PolicyTable {
  return {
    id: newId(),
    tenant_id: ctx.actor.tenantId,
    owner_id: customer.owner_id,
    unit_id: customer.unit_id,
    customer_id: customer.id,
    household_id: customer.household_id,
    policy_no: input.policyNo,
    product: input.product,
    coverage_kind: input.coverageKind,
    sum_assured_fen: input.sumAssuredFen ?? null,
    insured_name: input.insuredName,
    beneficiary_name: input.beneficiaryName || null,
    premium_fen: input.premiumFen,
    payment_mode: input.paymentMode,
    payment_term_years: input.paymentTermYears ?? null,
    effective_date: input.effectiveDate,
    status: input.status,
    created_by: ctx.actor.userId,
    created_at: stamp,
    updated_at: stamp,
  };
}

async function loadDto(ctx: Ctx, id: string, today: string): Promise<Policy> {
  const v = await repo.findPolicyView(ctx.db, ctx.actor.tenantId, id, { ...ctx.actor.visibility, all: true });
  if (!v) throw notFound('Policy');
  return toPolicyDto(v, today);
}

export async function createPolicy(ctx: Ctx, input: PolicyCreate): Promise<Policy> {
  assertCan(ctx.actor, 'prospect.own');
  const errors = policyFieldErrors(input);
  if (errors.length) throw invalid(errors);
  const today = await tenantToday(ctx);
  return inTx(ctx, async (tx) => {
    const customer = await writableCustomer(tx, input.customerId);
    const row = newPolicyRow(tx, customer, { ...input, status: input.status ?? 'inForce' }, nowIso());
    if (!(await repo.insertPolicyIfNumberFree(tx.db, row))) throw policyNumberTaken(row.policy_no);
    const dto = await loadDto(tx, row.id, today);
    await recordAudit(tx, { entity: 'policy', entityId: row.id, action: 'create', after: dto, sessionNeutral: true });
    return dto;
  });
}

function writablePolicy(ctx: Ctx, id: string): Promise<PolicyTable> {
  return writableRow(ctx.actor, 'Policy', (vis) => repo.findPolicy(ctx.db, ctx.actor.tenantId, id, vis));
}

export async function patchPolicy(ctx: Ctx, id: string, patch: PolicyPatch): Promise<Policy> {
  assertCan(ctx.actor, 'prospect.own');
  const errors = policyFieldErrors(patch);
  if (errors.length) throw invalid(errors);
  const today = await tenantToday(ctx);
  return inTx(ctx, async (tx) => {
    const old = await writablePolicy(tx, id);
    if (patch.policyNo !== undefined && patch.policyNo !== old.policy_no) {
      const taken = await repo.findTakenNumbers(tx.db, tx.actor.tenantId, [patch.policyNo]);
      if (taken.size > 0) throw policyNumberTaken(patch.policyNo);
    }
    const before = await loadDto(tx, id, today);
    const next: PolicyTable = {
      ...old,
      policy_no: patch.policyNo ?? old.policy_no,
      product: patch.product ?? old.product,
      coverage_kind: patch.coverageKind ?? old.coverage_kind,
      sum_assured_fen: patch.sumAssuredFen !== undefined ? patch.sumAssuredFen : old.sum_assured_fen,
      insured_name: patch.insuredName ?? old.insured_name,
      beneficiary_name: patch.beneficiaryName !== undefined ? patch.beneficiaryName || null : old.beneficiary_name,
      premium_fen: patch.premiumFen ?? old.premium_fen,
      payment_mode: patch.paymentMode ?? old.payment_mode,
      payment_term_years: patch.paymentTermYears !== undefined ? patch.paymentTermYears : old.payment_term_years,
      effective_date: patch.effectiveDate ?? old.effective_date,
      status: patch.status ?? old.status,
      updated_at: nowIso(),
    };
    await repo.updatePolicy(tx.db, next);
    const after = await loadDto(tx, id, today);
    await recordAudit(tx, { entity: 'policy', entityId: id, action: 'update', before, after, sessionNeutral: true });
    return after;
  });
}

export async function getPolicy(ctx: Ctx, id: string): Promise<Policy> {
  assertCan(ctx.actor, 'prospect.own');
  const v = await repo.findPolicyView(ctx.db, ctx.actor.tenantId, id, readVisibility(ctx.actor));
  if (!v) throw notFound('Policy');
  return toPolicyDto(v, await tenantToday(ctx));
}

type Filter = Omit<PolicyListQuery, 'page' | 'pageSize' | 'sort'>;

async function checkedFilter(ctx: Ctx, q: Filter): Promise<repo.PolicyFilter> {
  if (q.unitId) await assertUnitVisible(ctx.db, ctx.actor, q.unitId);
  return {
    customerId: q.customerId,
    householdId: q.householdId,
    ownerId: q.ownerId,
    unitId: q.unitId,
    status: q.status,
    coverageKind: q.coverageKind,
  };
}

const sortOf = (sort: string | undefined) =>
  parseSortKey<repo.PolicySortKey>(sort, PolicySorts, { sort: 'effectiveDate', desc: true });

export async function listPolicies(ctx: Ctx, q: PolicyListQuery): Promise<Page<Policy>> {
  assertCan(ctx.actor, 'prospect.own');
  const order = sortOf(q.sort);
  const filter = await checkedFilter(ctx, q);
  const today = await tenantToday(ctx);
  const { rows, total } = await repo.findPoliciesPage(ctx.db, ctx.actor.tenantId, readVisibility(ctx.actor), {
    ...filter,
    ...order,
    page: q.page,
    pageSize: q.pageSize,
  });
  return { items: rows.map((r) => toPolicyDto(r, today)), total, page: q.page, pageSize: q.pageSize };
}

const yuan = (fen: number | null) => (fen === null ? null : Number(fen) / 100);

const exportColumns: SheetColumn<repo.PolicyView>[] = [
  { key: 'policy_no', header: { 'zh-CN': '保单号', 'en-US': 'Policy number' }, width: 20, text: true },
  { key: 'owner_username', header: { 'zh-CN': '工号', 'en-US': 'Username' }, width: 16, text: true },
  { key: 'owner_name', header: { 'zh-CN': '业务员', 'en-US': 'Agent' }, width: 12 },
  { key: 'customer_name', header: { 'zh-CN': '投保人', 'en-US': 'Customer' }, width: 12 },
  { key: 'product', header: { 'zh-CN': '产品', 'en-US': 'Product' }, width: 24 },
  {
    key: 'coverage_kind',
    header: { 'zh-CN': '险种类别', 'en-US': 'Coverage kind' },
    width: 12,
    format: (r, l) => labelOf(COVERAGE_LABELS, r.coverage_kind, l),
  },
  {
    key: 'sum_assured',
    header: { 'zh-CN': '保额（元）', 'en-US': 'Sum assured (yuan)' },
    width: 14,
    format: (r) => yuan(r.sum_assured_fen),
  },
  {
    key: 'insured_name',
    header: { 'zh-CN': '被保险人', 'en-US': 'Insured' },
    width: 12,
    format: (r) => maskText(r.insured_name),
  },
  {
    key: 'beneficiary_name',
    header: { 'zh-CN': '受益人', 'en-US': 'Beneficiary' },
    width: 12,
    format: (r) => maskText(r.beneficiary_name),
  },
  {
    key: 'premium',
    header: { 'zh-CN': '保费（元）', 'en-US': 'Premium (yuan)' },
    width: 12,
    format: (r) => yuan(r.premium_fen),
  },
  {
    key: 'payment_mode',
    header: { 'zh-CN': '缴费方式', 'en-US': 'Payment mode' },
    width: 10,
    format: (r, l) => labelOf(PAYMENT_MODE_LABELS, r.payment_mode, l),
  },
  { key: 'payment_term_years', header: { 'zh-CN': '缴费年期', 'en-US': 'Term (years)' }, width: 10 },
  { key: 'effective_date', header: { 'zh-CN': '生效日期', 'en-US': 'Effective date' }, width: 12 },
  {
    key: 'status',
    header: { 'zh-CN': '保单状态', 'en-US': 'Status' },
    width: 10,
    format: (r, l) => labelOf(POLICY_STATUS_LABELS, r.status, l),
  },
];

export async function exportPolicies(ctx: Ctx, q: PolicyExportQuery): Promise<{ buffer: Buffer; filename: string }> {
  assertCan(ctx.actor, 'prospect.own');
  const { lang, sort, ...rest } = q;
  const locale = lang ?? 'zh-CN';
  const filter = await checkedFilter(ctx, rest);
  const order = sortOf(sort);
  const rows = await repo.findPoliciesForExport(
    ctx.db,
    ctx.actor.tenantId,
    readVisibility(ctx.actor),
    { ...filter, ...order },
    MAX_EXPORT_ROWS + 1,
  );
  return exportSheet(ctx, {
    rows,
    columns: exportColumns,
    locale,
    title: { 'zh-CN': '保单', 'en-US': 'Policies' },
    file: 'policies',
    noun: 'policies',
    auditEntity: 'policyExport',
    filter,
    sort,
    today: await tenantToday(ctx),
  });
}
