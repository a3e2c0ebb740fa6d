import type { Page } from '../../../contracts/common.ts';
import {
  ServiceRequestSorts,
  type Satisfaction,
  type SatisfactionQuery,
  type ServiceRequest,
  type ServiceRequestCreate,
  type ServiceRequestExportQuery,
  type ServiceRequestListQuery,
  type ServiceRequestPatch,
} from '../../../contracts/customer.ts';
import type { FieldError } from '../../../contracts/errors.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { assertUnitVisible } from '../../access/scope.ts';
import { newId } from '../../db/ids.ts';
import type { ServiceRequestTable } from '../../db/schema.ts';
import { inTx } from '../../db/tx.ts';
import { invalid, notFound } from '../../http/errors.ts';
import { nowIso } from '../../lib/clock.ts';
import type { SheetColumn } from '../../lib/xlsx-export.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { addDays, zonedInstant } from '../attendance/attendance.rules.ts';
import { findTenantTimeZone } from '../attendance/config.repository.ts';
import { parseSortKey, readVisibility, tenantToday, writableRow } from './customer.access.ts';
import { exportSheet, MAX_EXPORT_ROWS } from './customer.export.ts';
import { isOverdue, maskText, toServiceRequestDto } from './customer.dto.ts';
import { SERVICE_KIND_LABELS, SERVICE_STATUS_LABELS, labelOf } from './customer.labels.ts';
import { isRealDate, writableCustomer } from './customer.service.ts';
import { findPolicy } from './policy.repository.ts';
import * as repo from './service-request.repository.ts';

/**
 * After-sales service (售后服务): requests of a customer — new-contract delivery and return visit
 * (新契约回访), claims help (理赔), policy changes (保全), other — owned by the customer's owner,
 * with a due date; open or in progress past it, they are overdue and surface in the owner's to-dos
 * and to their supervisor. A return visit marked done records the customer's satisfaction (1–5).
 */

/** The satisfaction rule: required for a return visit that is (or becomes) done, refused otherwise. */
export function satisfactionErrors(kind: string, status: string, satisfaction: number | null): FieldError[] {
  const path = 'body.satisfaction';
  if (kind === 'returnVisit' && status === 'done') {
    return satisfaction === null ? [{ path, message: 'A finished return visit records the satisfaction (1–5)', code: 'required' }] : [];
  }
  if (satisfaction !== null) {
    return [{ path, message: 'Only a finished return visit records a satisfaction', code: 'notAllowed' }];
  }
  return [];
}

async function loadDto(ctx: Ctx, id: string, today: string): Promise<ServiceRequest> {
  const v = await repo.findRequestView(ctx.db, ctx.actor.tenantId, id, { ...ctx.actor.visibility, all: true });
  if (!v) throw notFound('Service request');
  return toServiceRequestDto(v, today);
}

/** The activity linked must be one the owner logged; else 400 on the field. */
async function checkActivity(ctx: Ctx, activityId: string, ownerId: string): Promise<void> {
  if (!(await repo.activityOf(ctx.db, ctx.actor.tenantId, activityId, ownerId))) {
    throw invalid([{ path: 'body.activityId', message: 'Not an activity of the owner', code: 'unknown' }]);
  }
}

export async function createServiceRequest(ctx: Ctx, input: ServiceRequestCreate): Promise<ServiceRequest> {
  assertCan(ctx.actor, 'prospect.own');
  if (!isRealDate(input.dueDate)) {
    throw invalid([{ path: 'body.dueDate', message: 'Not a calendar date', code: 'invalidDate' }]);
  }
  const today = await tenantToday(ctx);
  return inTx(ctx, async (tx) => {
    const customer = await writableCustomer(tx, input.customerId);
    if (input.policyId) {
      const policy = await findPolicy(tx.db, tx.actor.tenantId, input.policyId, readVisibility(tx.actor));
      if (!policy || policy.customer_id !== customer.id) {
        throw invalid([{ path: 'body.policyId', message: "Not one of the customer's policies", code: 'unknown' }]);
      }
    }
    if (input.activityId) await checkActivity(tx, input.activityId, customer.owner_id);
    const stamp = nowIso();
    const row: ServiceRequestTable = {
      id: newId(),
      tenant_id: tx.actor.tenantId,
      owner_id: customer.owner_id,
      unit_id: customer.unit_id,
      customer_id: customer.id,
      policy_id: input.policyId ?? null,
      kind: input.kind,
      status: 'open',
      due_date: input.dueDate,
      notes: input.notes || null,
      activity_id: input.activityId ?? null,
      satisfaction: null,
      completed_at: null,
      created_by: tx.actor.userId,
      created_at: stamp,
      updated_at: stamp,
    };
    await repo.insertRequest(tx.db, row);
    const dto = await loadDto(tx, row.id, today);
    await recordAudit(tx, { entity: 'serviceRequest', entityId: row.id, action: 'create', after: dto, sessionNeutral: true });
    return dto;
  });
}

function writableRequest(ctx: Ctx, id: string): Promise<ServiceRequestTable> {
  return writableRow(ctx.actor, 'Service request', (vis) => repo.findRequest(ctx.db, ctx.actor.tenantId, id, vis));
}

/**
 * Changes a request. Moving to done stamps the completion time; leaving done clears it and the
 * satisfaction. A return visit moved to (or left) done needs its satisfaction (see satisfactionErrors).
 */
export async function patchServiceRequest(
  ctx: Ctx,
  id: string,
  patch: ServiceRequestPatch,
): Promise<ServiceRequest> {
  assertCan(ctx.actor, 'prospect.own');
  if (patch.dueDate !== undefined && !isRealDate(patch.dueDate)) {
    throw invalid([{ path: 'body.dueDate', message: 'Not a calendar date', code: 'invalidDate' }]);
  }
  const today = await tenantToday(ctx);
  return inTx(ctx, async (tx) => {
    const old = await writableRequest(tx, id);
    const status = patch.status ?? old.status;
    const satisfaction =
      patch.satisfaction !== undefined ? patch.satisfaction : status === 'done' ? old.satisfaction : null;
    const errors = satisfactionErrors(old.kind, status, satisfaction);
    if (errors.length) throw invalid(errors);
    if (patch.activityId) await checkActivity(tx, patch.activityId, old.owner_id);
    const before = await loadDto(tx, id, today);
    const stamp = nowIso();
    const next: ServiceRequestTable = {
      ...old,
      status,
      due_date: patch.dueDate ?? old.due_date,
      notes: patch.notes !== undefined ? patch.notes || null : old.notes,
      activity_id: patch.activityId !== undefined ? patch.activityId : old.activity_id,
      satisfaction,
      completed_at: status === 'done' ? (old.status === 'done' ? old.completed_at : stamp) : null,
      updated_at: stamp,
    };
    await repo.updateRequest(tx.db, next);
    const after = await loadDto(tx, id, today);
    await recordAudit(tx, { entity: 'serviceRequest', entityId: id, action: 'update', before, after, sessionNeutral: true });
    return after;
  });
}

export async function getServiceRequest(ctx: Ctx, id: string): Promise<ServiceRequest> {
  assertCan(ctx.actor, 'prospect.own');
  const v = await repo.findRequestView(ctx.db, ctx.actor.tenantId, id, readVisibility(ctx.actor));
  if (!v) throw notFound('Service request');
  return toServiceRequestDto(v, await tenantToday(ctx));
}

type Filter = Omit<ServiceRequestListQuery, 'page' | 'pageSize' | 'sort'>;

async function checkedFilter(ctx: Ctx, q: Filter, today: string): Promise<repo.RequestFilter> {
  if (q.unitId) await assertUnitVisible(ctx.db, ctx.actor, q.unitId);
  return {
    ownerId: q.ownerId,
    unitId: q.unitId,
    customerId: q.customerId,
    status: q.status,
    kind: q.kind,
    overdueBefore: q.overdue === '1' ? today : undefined,
  };
}

const sortOf = (sort: string | undefined) =>
  parseSortKey<repo.RequestSortKey>(sort, ServiceRequestSorts, { sort: 'dueDate', desc: false });

export async function listServiceRequests(ctx: Ctx, q: ServiceRequestListQuery): Promise<Page<ServiceRequest>> {
  assertCan(ctx.actor, 'prospect.own');
  const order = sortOf(q.sort);
  const today = await tenantToday(ctx);
  const filter = await checkedFilter(ctx, q, today);
  const { rows, total } = await repo.findRequestsPage(ctx.db, ctx.actor.tenantId, readVisibility(ctx.actor), {
    ...filter,
    ...order,
    page: q.page,
    pageSize: q.pageSize,
  });
  return { items: rows.map((r) => toServiceRequestDto(r, today)), total, page: q.page, pageSize: q.pageSize };
}

function exportColumns(today: string): SheetColumn<repo.ServiceRequestView>[] {
  return [
    { key: 'owner_username', header: { 'zh-CN': '工号', 'en-US': 'Username' }, width: 16, text: true },
    { key: 'owner_name', header: { 'zh-CN': '业务员', 'en-US': 'Agent' }, width: 12 },
    { key: 'customer_name', header: { 'zh-CN': '客户', 'en-US': 'Customer' }, width: 12 },
    { key: 'policy_no', header: { 'zh-CN': '保单号', 'en-US': 'Policy number' }, width: 20, text: true },
    {
      key: 'kind',
      header: { 'zh-CN': '服务类型', 'en-US': 'Kind' },
      width: 12,
      format: (r, l) => labelOf(SERVICE_KIND_LABELS, r.kind, l),
    },
    {
      key: 'status',
      header: { 'zh-CN': '状态', 'en-US': 'Status' },
      width: 10,
      format: (r, l) => labelOf(SERVICE_STATUS_LABELS, r.status, l),
    },
    { key: 'due_date', header: { 'zh-CN': '截止日期', 'en-US': 'Due date' }, width: 12 },
    {
      key: 'overdue',
      header: { 'zh-CN': '逾期', 'en-US': 'Overdue' },
      width: 8,
      format: (r, l) => (isOverdue(r, today) ? (l === 'zh-CN' ? '是' : 'Yes') : ''),
    },
    { key: 'satisfaction', header: { 'zh-CN': '满意度', 'en-US': 'Satisfaction' }, width: 8 },
    { key: 'notes', header: { 'zh-CN': '备注', 'en-US': 'Notes' }, width: 30, format: (r) => maskText(r.notes) },
    { key: 'completed_at', header: { 'zh-CN': '完成时间', 'en-US': 'Completed at' }, width: 22 },
    { key: 'created_at', header: { 'zh-CN': '登记时间', 'en-US': 'Created at' }, width: 22 },
  ];
}

export async function exportServiceRequests(
  ctx: Ctx,
  q: ServiceRequestExportQuery,
): Promise<{ buffer: Buffer; filename: string }> {
  assertCan(ctx.actor, 'prospect.own');
  const { lang, sort, ...rest } = q;
  const locale = lang ?? 'zh-CN';
  const today = await tenantToday(ctx);
  const filter = await checkedFilter(ctx, rest, today);
  const order = sortOf(sort);
  const rows = await repo.findRequestsForExport(
    ctx.db,
    ctx.actor.tenantId,
    readVisibility(ctx.actor),
    { ...filter, ...order },
    MAX_EXPORT_ROWS + 1,
  );
  return exportSheet(ctx, {
    rows,
    columns: exportColumns(today),
    locale,
    title: { 'zh-CN': '售后服务', 'en-US': 'Service requests' },
    file: 'service-requests',
    noun: 'service requests',
    auditEntity: 'serviceRequestExport',
    filter,
    sort,
    today,
  });
}

/** Default period of the satisfaction figure: the last 90 days up to today. */
export const SATISFACTION_DEFAULT_DAYS = 90;

const average = (total: number, n: number) => (n === 0 ? null : Math.round((total / n) * 100) / 100);

/**
 * The satisfaction figure: average return-visit score and count, overall, per team and per agent,
 * of visits completed in [from, to] (tenant dates), within the reader's scope.
 */
export async function satisfactionFigure(ctx: Ctx, q: SatisfactionQuery): Promise<Satisfaction> {
  assertCan(ctx.actor, 'prospect.own');
  if (q.unitId) await assertUnitVisible(ctx.db, ctx.actor, q.unitId);
  const errors: FieldError[] = [];
  for (const key of ['from', 'to'] as const) {
    const v = q[key];
    if (v !== undefined && !isRealDate(v)) errors.push({ path: `querystring.${key}`, message: 'Not a calendar date', code: 'invalidDate' });
  }
  if (errors.length) throw invalid(errors);
  const timeZone = await findTenantTimeZone(ctx.db, ctx.actor.tenantId);
  const today = await tenantToday(ctx);
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -(SATISFACTION_DEFAULT_DAYS - 1));
  if (from > to) throw invalid([{ path: 'querystring.from', message: 'After "to"', code: 'range' }]);
  const rows = await repo.satisfactionByOwner(ctx.db, ctx.actor.tenantId, readVisibility(ctx.actor), {
    unitId: q.unitId,
    fromIso: zonedInstant(from, '00:00', timeZone).toISOString(),
    toIso: zonedInstant(addDays(to, 1), '00:00', timeZone).toISOString(),
  });
  const teams = new Map<string, { unitId: string; unitName: string; total: number; n: number }>();
  const agents = new Map<string, { userId: string; userName: string; unitId: string; total: number; n: number }>();
  let total = 0;
  let n = 0;
  for (const r of rows) {
    const t = Number(r.total);
    const c = Number(r.n);
    total += t;
    n += c;
    const team = teams.get(r.unit_id) ?? { unitId: r.unit_id, unitName: r.unit_name, total: 0, n: 0 };
    team.total += t;
    team.n += c;
    teams.set(r.unit_id, team);
    const agent = agents.get(r.owner_id) ?? { userId: r.owner_id, userName: r.owner_name, unitId: r.unit_id, total: 0, n: 0 };
    agent.total += t;
    agent.n += c;
    agents.set(r.owner_id, agent);
  }
  const byAverage = <T extends { total: number; n: number }>(a: T, b: T) =>
    b.total / b.n - a.total / a.n || b.n - a.n;
  return {
    from,
    to,
    average: average(total, n),
    count: n,
    teams: [...teams.values()]
      .sort(byAverage)
      .map(({ total: t, n: c, ...rest }) => ({ ...rest, average: average(t, c), count: c })),
    agents: [...agents.values()]
      .sort(byAverage)
      .map(({ total: t, n: c, ...rest }) => ({ ...rest, average: average(t, c), count: c })),
  };
}
