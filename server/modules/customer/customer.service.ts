import type { Page } from '../../../contracts/common.ts';
import {
  CustomerSorts,
  type Customer,
  type CustomerCreate,
  type CustomerDetail,
  type CustomerExportQuery,
  type CustomerListQuery,
  type CustomerPatch,
} from '../../../contracts/customer.ts';
import type { FieldError } from '../../../contracts/errors.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { assertUnitVisible, ownedRowVisible } from '../../access/scope.ts';
import { newId } from '../../db/ids.ts';
import type { CustomerTable } from '../../db/schema.ts';
import { inTx } from '../../db/tx.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import { isChineseIdNumber, maskIdNumber, maskPhone } from '../../lib/pii.ts';
import type { SheetColumn } from '../../lib/xlsx-export.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { parseSortKey, readVisibility, tenantToday, writableRow, writeVisibility } from './customer.access.ts';
import { exportSheet, MAX_EXPORT_ROWS } from './customer.export.ts';
import { maskText, toCustomerDto, toHouseholdDto, toPolicyDto, toServiceRequestDto } from './customer.dto.ts';
import { GENDER_LABELS, HOUSEHOLD_ROLE_LABELS, labelOf } from './customer.labels.ts';
import * as repo from './customer.repository.ts';
import { findCustomerPolicies } from './policy.repository.ts';
import { findOpenCustomerRequests } from './service-request.repository.ts';

/**
 * Customers (客户): a signed prospect card becomes one (written by the prospect module, with
 * prospect_id); an agent also enters customers by hand. A customer belongs to its owner and is
 * filed under the owner's current team; families are grouped as households (household.service.ts).
 */

export { MAX_EXPORT_ROWS };

/** Whether a YYYY-MM-DD string is a real calendar date. */
export function isRealDate(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/** Field checks beyond the contract's shapes: the ID number's check digit, real dates. */
export function personFieldErrors(
  input: { idNumber?: string | null | undefined; birthDate?: string | null | undefined },
  today: string,
): FieldError[] {
  const errors: FieldError[] = [];
  if (input.idNumber && !isChineseIdNumber(input.idNumber)) {
    errors.push({ path: 'body.idNumber', message: 'Not a valid resident ID number', code: 'invalidIdNumber' });
  }
  if (input.birthDate) {
    if (!isRealDate(input.birthDate))
      errors.push({ path: 'body.birthDate', message: 'Not a calendar date', code: 'invalidDate' });
    else if (input.birthDate > today)
      errors.push({ path: 'body.birthDate', message: 'Lies in the future', code: 'future' });
  }
  return errors;
}

/** A customer the caller may change; 403 if they only may read it, 404 if not even that. */
export function writableCustomer(ctx: Ctx, id: string): Promise<CustomerTable> {
  return writableRow(ctx.actor, 'Customer', (vis) => repo.findCustomer(ctx.db, ctx.actor.tenantId, id, vis));
}

async function loadDto(ctx: Ctx, id: string): Promise<Customer> {
  const v = await repo.findCustomerView(ctx.db, ctx.actor.tenantId, id, { ...ctx.actor.visibility, all: true });
  if (!v) throw notFound('Customer');
  return toCustomerDto(v);
}

/**
 * The household a customer of `ownerId` may join: one of the owner's, else 400 on the field (a
 * household the caller cannot see reads the same as one that does not exist).
 */
async function householdFor(ctx: Ctx, householdId: string, ownerId: string): Promise<void> {
  const h = await repo.findHousehold(ctx.db, ctx.actor.tenantId, householdId, writeVisibility(ctx.actor));
  if (!h) throw invalid([{ path: 'body.householdId', message: 'No such household', code: 'unknown' }]);
  if (h.owner_id !== ownerId) {
    throw invalid([
      { path: 'body.householdId', message: "The household is another agent's", code: 'otherOwner' },
    ]);
  }
}

/** The owner of a new customer: the caller, or a person of their scope (managers of the unit). */
async function ownerFor(ctx: Ctx, ownerId: string | undefined): Promise<{ id: string; unitId: string }> {
  const { actor } = ctx;
  if (ownerId === undefined || ownerId === actor.userId) return { id: actor.userId, unitId: actor.unitId };
  const row = await ctx.db
    .selectFrom('users')
    .select(['id', 'unit_id'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', ownerId)
    .where('status', '=', 'active')
    .where(ownedRowVisible(writeVisibility(actor), 'users.id', 'users.unit_id'))
    .executeTakeFirst();
  if (!row) throw invalid([{ path: 'body.ownerId', message: 'Not a person you may assign customers to', code: 'unknown' }]);
  return { id: row.id, unitId: row.unit_id };
}

// ---- Writing --------------------------------------------------------------------------------------

export async function createCustomer(ctx: Ctx, input: CustomerCreate): Promise<Customer> {
  assertCan(ctx.actor, 'prospect.own');
  const today = await tenantToday(ctx);
  const errors = personFieldErrors(input, today);
  if (errors.length) throw invalid(errors);
  const owner = await ownerFor(ctx, input.ownerId);
  if (input.householdId) await householdFor(ctx, input.householdId, owner.id);
  const stamp = nowIso();
  const row: CustomerTable = {
    id: newId(),
    tenant_id: ctx.actor.tenantId,
    owner_id: owner.id,
    unit_id: owner.unitId,
    household_id: input.householdId ?? null,
    household_role: input.householdRole ?? null,
    prospect_id: null,
    name: input.name,
    phone: input.phone ?? null,
    id_number: input.idNumber ?? null,
    gender: input.gender ?? null,
    birth_date: input.birthDate ?? null,
    address: input.address || null,
    notes: input.notes || null,
    erased_at: null,
    created_by: ctx.actor.userId,
    created_at: stamp,
    updated_at: stamp,
  };
  return inTx(ctx, async (tx) => {
    await repo.insertCustomer(tx.db, row);
    const dto = await loadDto(tx, row.id);
    await recordAudit(tx, { entity: 'customer', entityId: row.id, action: 'create', after: dto, sessionNeutral: true });
    return dto;
  });
}

export async function patchCustomer(ctx: Ctx, id: string, patch: CustomerPatch): Promise<Customer> {
  assertCan(ctx.actor, 'prospect.own');
  const today = await tenantToday(ctx);
  const errors = personFieldErrors(patch, today);
  if (errors.length) throw invalid(errors);
  return inTx(ctx, async (tx) => {
    const old = await writableCustomer(tx, id);
    if (old.erased_at !== null) {
      throw new AppError('CONFLICT', 409, "This customer's personal data was erased");
    }
    if (patch.householdId) await householdFor(tx, patch.householdId, old.owner_id);
    const before = await loadDto(tx, id);
    const stamp = nowIso();
    const householdId = patch.householdId !== undefined ? patch.householdId : old.household_id;
    const next: CustomerTable = {
      ...old,
      name: patch.name ?? old.name,
      phone: patch.phone !== undefined ? patch.phone : old.phone,
      id_number: patch.idNumber !== undefined ? patch.idNumber : old.id_number,
      gender: patch.gender !== undefined ? patch.gender : old.gender,
      birth_date: patch.birthDate !== undefined ? patch.birthDate : old.birth_date,
      address: patch.address !== undefined ? patch.address || null : old.address,
      notes: patch.notes !== undefined ? patch.notes || null : old.notes,
      household_id: householdId,
      household_role:
        householdId === null ? null : patch.householdRole !== undefined ? patch.householdRole : old.household_role,
      updated_at: stamp,
    };
    await repo.updateCustomer(tx.db, next);
    if (householdId !== old.household_id) await repo.setHousehold(tx.db, tx.actor.tenantId, [id], householdId, stamp);
    const after = await loadDto(tx, id);
    await recordAudit(tx, { entity: 'customer', entityId: id, action: 'update', before, after, sessionNeutral: true });
    return after;
  });
}

// ---- Reading --------------------------------------------------------------------------------------

export async function getCustomer(ctx: Ctx, id: string): Promise<CustomerDetail> {
  assertCan(ctx.actor, 'prospect.own');
  const { tenantId } = ctx.actor;
  const v = await repo.findCustomerView(ctx.db, tenantId, id, readVisibility(ctx.actor));
  if (!v) throw notFound('Customer');
  const today = await tenantToday(ctx);
  const household = v.household_id
    ? await repo.findHousehold(ctx.db, tenantId, v.household_id, { ...ctx.actor.visibility, all: true })
    : undefined;
  const members = household ? await repo.findHouseholdMembers(ctx.db, tenantId, household.id) : [];
  const policies = await findCustomerPolicies(ctx.db, tenantId, id);
  const requests = await findOpenCustomerRequests(ctx.db, tenantId, id);
  return {
    ...toCustomerDto(v),
    household: household ? toHouseholdDto(household, members) : null,
    policies: policies.map((p) => toPolicyDto(p, today)),
    openServiceRequests: requests.map((r) => toServiceRequestDto(r, today)),
  };
}

type Filter = Omit<CustomerListQuery, 'page' | 'pageSize' | 'sort'>;

async function checkedFilter(ctx: Ctx, q: Filter): Promise<repo.CustomerFilter> {
  if (q.unitId) await assertUnitVisible(ctx.db, ctx.actor, q.unitId);
  return { ownerId: q.ownerId, unitId: q.unitId, householdId: q.householdId, q: q.q };
}

const sortOf = (sort: string | undefined) =>
  parseSortKey<repo.CustomerSortKey>(sort, CustomerSorts, { sort: 'name', desc: false });

export async function listCustomers(ctx: Ctx, q: CustomerListQuery): Promise<Page<Customer>> {
  assertCan(ctx.actor, 'prospect.own');
  const order = sortOf(q.sort);
  const filter = await checkedFilter(ctx, q);
  const { rows, total } = await repo.findCustomersPage(ctx.db, ctx.actor.tenantId, readVisibility(ctx.actor), {
    ...filter,
    ...order,
    page: q.page,
    pageSize: q.pageSize,
  });
  return { items: rows.map(toCustomerDto), total, page: q.page, pageSize: q.pageSize };
}

type ExportRow = repo.CustomerView;
const exportColumns: SheetColumn<ExportRow>[] = [
  { key: 'owner_username', header: { 'zh-CN': '工号', 'en-US': 'Username' }, width: 16, text: true },
  { key: 'owner_name', header: { 'zh-CN': '业务员', 'en-US': 'Agent' }, width: 12 },
  { key: 'name', header: { 'zh-CN': '客户姓名', 'en-US': 'Customer' }, width: 12 },
  {
    key: 'gender',
    header: { 'zh-CN': '性别', 'en-US': 'Gender' },
    width: 6,
    format: (r, l) => labelOf(GENDER_LABELS, r.gender, l),
  },
  { key: 'birth_date', header: { 'zh-CN': '出生日期', 'en-US': 'Birth date' }, width: 12 },
  {
    key: 'phone',
    header: { 'zh-CN': '手机号', 'en-US': 'Mobile' },
    width: 14,
    text: true,
    format: (r) => maskPhone(r.phone),
  },
  {
    key: 'id_number',
    header: { 'zh-CN': '身份证号', 'en-US': 'ID number' },
    width: 22,
    text: true,
    format: (r) => maskIdNumber(r.id_number),
  },
  {
    key: 'household_name',
    header: { 'zh-CN': '家庭', 'en-US': 'Household' },
    width: 14,
    format: (r) => maskText(r.household_name),
  },
  {
    key: 'household_role',
    header: { 'zh-CN': '家庭角色', 'en-US': 'Role in household' },
    width: 10,
    format: (r, l) => labelOf(HOUSEHOLD_ROLE_LABELS, r.household_role, l),
  },
  {
    key: 'address',
    header: { 'zh-CN': '地址', 'en-US': 'Address' },
    width: 30,
    format: (r) => maskText(r.address),
  },
  { key: 'notes', header: { 'zh-CN': '备注', 'en-US': 'Notes' }, width: 30, format: (r) => maskText(r.notes) },
  {
    key: 'source',
    header: { 'zh-CN': '来源', 'en-US': 'Source' },
    width: 10,
    format: (r, l) => (r.prospect_id ? (l === 'zh-CN' ? '准主顾卡' : 'Prospect card') : l === 'zh-CN' ? '手工录入' : 'Entered'),
  },
  { key: 'created_at', header: { 'zh-CN': '建档时间', 'en-US': 'Created at' }, width: 22 },
];

/** The customer list as .xlsx (same scope, filters, order), numbers masked (in free text too); audited. */
export async function exportCustomers(
  ctx: Ctx,
  q: CustomerExportQuery,
): Promise<{ buffer: Buffer; filename: string }> {
  assertCan(ctx.actor, 'prospect.own');
  const { lang, sort, ...rest } = q;
  const locale = lang ?? 'zh-CN';
  const filter = await checkedFilter(ctx, rest);
  const order = sortOf(sort);
  const { tenantId } = ctx.actor;
  const rows = await repo.findCustomersForExport(
    ctx.db,
    tenantId,
    readVisibility(ctx.actor),
    { ...filter, ...order },
    MAX_EXPORT_ROWS + 1,
  );
  return exportSheet(ctx, {
    rows,
    columns: exportColumns,
    locale,
    title: { 'zh-CN': '客户', 'en-US': 'Customers' },
    file: 'customers',
    noun: 'customers',
    auditEntity: 'customerExport',
    filter,
    sort,
    today: await tenantToday(ctx),
  });
}
