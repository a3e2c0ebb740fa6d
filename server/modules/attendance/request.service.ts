import type { z } from 'zod';
import type {
  AttendanceRequest,
  AttendanceRequestCreate,
  AttendanceRequestListQuerySchema,
  AttendanceRules,
  LeaveType,
} from '../../../contracts/attendance.ts';
import type { Page } from '../../../contracts/common.ts';
import type { ErrorCode } from '../../../contracts/errors.ts';
import type { Role } from '../../../contracts/roles.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan, can } from '../../access/permissions.ts';
import { newId } from '../../db/ids.ts';
import type { AttendanceRecordTable, AttendanceRequestTable } from '../../db/schema.ts';
import { inTx } from '../../db/tx.ts';
import { AppError, forbidden, invalid, notFound } from '../../http/errors.ts';
import { businessDate, now, nowIso } from '../../lib/clock.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notify } from '../notification/notification.service.ts';
import {
  judgeCheckIn,
  leaveRuleOf,
  meetingTimes,
  workMonthOf,
  workMonthRange,
  zonedInstant,
} from './attendance.rules.ts';
import { toRecordDto } from './checkin.service.ts';
import { dayOf, meetingDaysOf, rulesForUnit, tenantConfig, type TenantConfig } from './config.service.ts';
import * as records from './record.repository.ts';
import * as repo from './request.repository.ts';
import {
  approverOf,
  countByWorkMonth,
  earliestLeaveStart,
  isRealDate,
  leaveRangeErrors,
  makeUpTooLate,
  monthOverLimit,
  noticeMet,
} from './request.rules.ts';

/**
 * Leave and make-up requests (请假 / 补卡). A person asks for their own days; the leader of their
 * team (or the nearest leader above) is notified and anyone who may approve and sees the person
 * decides. Approval writes the days' attendance records through record.repository.ts, so the monthly
 * rollups move in the same transaction as the decision.
 */

export type RequestListQuery = z.output<typeof AttendanceRequestListQuerySchema>;
type LeaveInput = Extract<AttendanceRequestCreate, { kind: 'leave' }>;
type MakeUpInput = Extract<AttendanceRequestCreate, { kind: 'makeUp' }>;

/** Default wording of notifications; the web translates by kind and params. */
const LEAVE_NAMES: Record<LeaveType, string> = {
  personal: '事假',
  sick: '病假',
  annual: '年假',
  field: '外勤',
};

function fail(code: ErrorCode, status: number, message: string, details?: Record<string, unknown>): AppError {
  return new AppError(code, status, message, details);
}

const notPending = () =>
  fail('REQUEST_NOT_PENDING', 409, 'This request has already been decided or cancelled');

function toDto(v: repo.RequestView): AttendanceRequest {
  return {
    id: v.id,
    kind: v.kind as AttendanceRequest['kind'],
    userId: v.user_id,
    userName: v.user_name,
    unitName: v.unit_name ?? '',
    leaveType: v.leave_type as LeaveType | null,
    startDate: v.start_date,
    endDate: v.end_date,
    time: v.time,
    reason: v.reason,
    status: v.status as AttendanceRequest['status'],
    decidedBy: v.decided_by,
    decidedByName: v.decided_by_name,
    decisionComment: v.decision_comment,
    decidedAt: v.decided_at,
    createdAt: v.created_at,
  };
}

async function loadDto(ctx: Ctx, id: string): Promise<AttendanceRequest> {
  const view = await repo.findRequestView(ctx.db, ctx.actor.tenantId, id);
  if (!view) throw notFound('Request');
  return toDto(view);
}

// ---- Asking -------------------------------------------------------------------------------------

/** The caller asks for leave or a make-up of their own; the approver is notified. */
export async function createRequest(ctx: Ctx, input: AttendanceRequestCreate): Promise<AttendanceRequest> {
  assertCan(ctx.actor, 'attendance.checkIn');
  const { tenantId, userId, unitId } = ctx.actor;
  const cfg = await tenantConfig(ctx.db, tenantId);
  const rules = await rulesForUnit(ctx.db, cfg, unitId);
  const today = businessDate(now(), cfg.timeZone);
  return inTx(ctx, async (tx) => {
    // Overlaps and limits depend on the person's other requests: check them one request at a time.
    await repo.lockRequester(tx.db, tenantId, userId);
    const fields =
      input.kind === 'leave'
        ? await admitLeave(tx, cfg, rules, today, input)
        : await admitMakeUp(tx, cfg, rules, today, input);
    const at = nowIso();
    const row: AttendanceRequestTable = {
      id: newId(),
      tenant_id: tenantId,
      user_id: userId,
      // Filed under the unit the person is in now: its leaders decide, even if the person moves later.
      unit_id: unitId,
      ...fields,
      reason: input.reason,
      status: 'pending',
      decided_by: null,
      decision_comment: null,
      decided_at: null,
      created_at: at,
      updated_at: at,
    };
    await repo.insertRequest(tx.db, row);
    const dto = await loadDto(tx, row.id);
    await notifyApprover(tx, dto, unitId);
    await recordAudit(tx, {
      entity: 'attendanceRequest',
      entityId: row.id,
      action: 'create',
      after: dto,
      sessionNeutral: true,
    });
    return dto;
  });
}

type RequestFields = Pick<AttendanceRequestTable, 'kind' | 'leave_type' | 'start_date' | 'end_date' | 'time'>;

/** Checks a leave request against the rules of the person's unit; returns the fields to store. */
async function admitLeave(
  ctx: Ctx,
  cfg: TenantConfig,
  rules: AttendanceRules,
  today: string,
  input: LeaveInput,
): Promise<RequestFields> {
  const { startDate, endDate, leaveType } = input;
  const rangeErrors = leaveRangeErrors(startDate, endDate);
  if (rangeErrors.length > 0) throw invalid(rangeErrors);
  const rule = leaveRuleOf(rules, leaveType);
  if (!rule?.enabled) {
    throw invalid([{ path: 'body.leaveType', message: 'This leave type is not in use', code: 'disabled' }]);
  }
  const days = meetingDaysOf(cfg, startDate, endDate);
  if (days.length === 0) throw fail('NOT_A_MEETING_DAY', 409, 'No morning meeting falls in this range');
  if (!noticeMet(startDate, today, rule.advanceNoticeDays)) {
    const earliest = earliestLeaveStart(today, rule.advanceNoticeDays);
    throw fail('LEAVE_NOTICE_TOO_SHORT', 422, `This leave must be asked for by the day before ${earliest}`, {
      advanceNoticeDays: rule.advanceNoticeDays,
      earliestStartDate: earliest,
    });
  }
  const overlapping = await repo.findActiveRequests(
    ctx.db,
    ctx.actor.tenantId,
    ctx.actor.userId,
    'leave',
    startDate,
    endDate,
  );
  if (overlapping[0]) {
    throw fail('REQUEST_OVERLAPS', 409, 'Overlaps a leave already asked for', {
      requestId: overlapping[0].id,
      startDate: overlapping[0].start_date,
      endDate: overlapping[0].end_date,
    });
  }
  await assertWithinLeaveLimit(ctx, cfg, rules, leaveType, days, rule.monthlyLimitDays);
  return { kind: 'leave', leave_type: leaveType, start_date: startDate, end_date: endDate, time: null };
}

/**
 * A leave type's monthly limit: in each work month the request touches, the meeting days of this
 * type already approved or pending plus the new ones may reach the limit but not pass it.
 */
async function assertWithinLeaveLimit(
  ctx: Ctx,
  cfg: TenantConfig,
  rules: AttendanceRules,
  leaveType: LeaveType,
  days: string[],
  limit: number | null,
): Promise<void> {
  if (limit === null) return;
  const asked = countByWorkMonth(days, rules.workMonth);
  const months = [...asked.keys()].sort();
  const from = workMonthRange(months[0]!, rules.workMonth).from;
  const to = workMonthRange(months.at(-1)!, rules.workMonth).to;
  const others = await repo.findActiveRequests(
    ctx.db,
    ctx.actor.tenantId,
    ctx.actor.userId,
    'leave',
    from,
    to,
  );
  // Days of other requests are counted by today's calendar, clipped to the months in question.
  const takenDays = others
    .filter((r) => r.leave_type === leaveType)
    .flatMap((r) =>
      meetingDaysOf(cfg, r.start_date > from ? r.start_date : from, r.end_date < to ? r.end_date : to),
    );
  const over = monthOverLimit(countByWorkMonth(takenDays, rules.workMonth), asked, limit);
  if (over) {
    throw fail(
      'LEAVE_LIMIT_REACHED',
      422,
      `At most ${limit} days of this leave in work month ${over.month}; ${over.taken} already taken or asked for`,
      { ...over },
    );
  }
}

/** Checks a make-up (补卡) against the deadline, the monthly count and the day's record. */
async function admitMakeUp(
  ctx: Ctx,
  cfg: TenantConfig,
  rules: AttendanceRules,
  today: string,
  input: MakeUpInput,
): Promise<RequestFields> {
  const { date, time } = input;
  if (!isRealDate(date)) {
    throw invalid([{ path: 'body.date', message: 'Not a calendar date', code: 'invalidDate' }]);
  }
  // A make-up vouches for a check-in that happened: never for a day or an hour still to come.
  if (date > today) throw invalid([{ path: 'body.date', message: 'Lies in the future', code: 'future' }]);
  if (zonedInstant(date, time, cfg.timeZone) > now()) {
    throw invalid([{ path: 'body.time', message: 'Lies in the future', code: 'future' }]);
  }
  if (!dayOf(cfg, date).meetingDay) throw fail('NOT_A_MEETING_DAY', 409, `${date} has no morning meeting`);
  const { deadlineDays, monthlyLimit } = rules.makeUp;
  if (makeUpTooLate(date, today, deadlineDays)) {
    throw fail('MAKE_UP_TOO_LATE', 422, `A make-up must be asked for within ${deadlineDays} days`, {
      deadlineDays,
    });
  }
  const { tenantId, userId } = ctx.actor;
  const record = await records.findRecord(ctx.db, tenantId, userId, date);
  if (record && (record.status === 'present' || record.status === 'late')) {
    throw fail('CONFLICT', 409, `${date} already has a check-in`, { status: record.status });
  }
  const month = workMonthOf(date, rules.workMonth);
  const { from, to } = workMonthRange(month, rules.workMonth);
  const used = await repo.findActiveRequests(ctx.db, tenantId, userId, 'makeUp', from, to);
  const twin = used.find((r) => r.status === 'pending' && r.start_date === date);
  if (twin) {
    throw fail('REQUEST_OVERLAPS', 409, `A make-up for ${date} is already waiting`, { requestId: twin.id });
  }
  if (used.length >= monthlyLimit) {
    throw fail('MAKE_UP_LIMIT_REACHED', 422, `At most ${monthlyLimit} make-ups in work month ${month}`, {
      month,
      limit: monthlyLimit,
      used: used.length,
    });
  }
  return { kind: 'makeUp', leave_type: null, start_date: date, end_date: date, time };
}

/** Tells the nearest leader above the requester (never the requester) that a request waits. */
async function notifyApprover(ctx: Ctx, req: AttendanceRequest, unitId: string): Promise<void> {
  const chain = await repo.findLeaderChain(ctx.db, ctx.actor.tenantId, unitId);
  const approverId = approverOf(
    chain.map((u) => ({
      unitId: u.unit_id,
      leaderId: u.leader_id,
      leaderMayApprove:
        u.leader_status === 'active' &&
        u.leader_role !== null &&
        can({ role: u.leader_role as Role }, 'attendance.approve'),
    })),
    req.userId,
  );
  if (!approverId) return;
  const what = requestSummary(req);
  await notify(ctx, {
    userId: approverId,
    kind: 'attendance.requestSubmitted',
    title: `${req.userName}申请${req.kind === 'leave' ? '请假' : '补卡'}`,
    body: `${what}：${req.reason}`,
    // The web's pages: the approver's list and the requester's own requests (params carry the id).
    link: '/attendance/approvals',
    params: { ...requestParams(req), userName: req.userName, reason: req.reason },
  });
}

function requestSummary(req: AttendanceRequest): string {
  if (req.kind === 'makeUp') return `补卡 ${req.startDate} ${req.time ?? ''}`.trim();
  const type = req.leaveType ? LEAVE_NAMES[req.leaveType] : '请假';
  return req.startDate === req.endDate
    ? `${type} ${req.startDate}`
    : `${type} ${req.startDate} 至 ${req.endDate}`;
}

function requestParams(req: AttendanceRequest): Record<string, unknown> {
  return {
    requestId: req.id,
    kind: req.kind,
    leaveType: req.leaveType,
    startDate: req.startDate,
    endDate: req.endDate,
    time: req.time,
  };
}

// ---- Reading ------------------------------------------------------------------------------------

/** The caller's own requests, or (toApprove) other people's requests filed under units in scope. */
export async function listRequests(ctx: Ctx, q: RequestListQuery): Promise<Page<AttendanceRequest>> {
  assertCan(ctx.actor, q.view === 'toApprove' ? 'attendance.approve' : 'attendance.checkIn');
  const { rows, total } = await repo.findRequestsPage(ctx.db, ctx.actor.tenantId, ctx.actor.visibility, {
    view: q.view,
    status: q.status,
    kind: q.kind,
    page: q.page,
    pageSize: q.pageSize,
  });
  return { items: rows.map(toDto), total, page: q.page, pageSize: q.pageSize };
}

/** One request: the caller's own or one in their scope; anything else is not found. */
export async function getRequest(ctx: Ctx, id: string): Promise<AttendanceRequest> {
  const view = await repo.findRequestView(ctx.db, ctx.actor.tenantId, id, ctx.actor.visibility);
  if (!view) throw notFound('Request');
  return toDto(view);
}

// ---- Deciding -----------------------------------------------------------------------------------

export type Outcome = 'approved' | 'rejected';

/** A day's record as approval changed it (or left it: a day the person actually checked in). */
interface DayChange {
  date: string;
  change: 'inserted' | 'replaced' | 'kept';
  status: string;
}

/**
 * Approves or rejects a pending request of someone in the caller's scope. The decision is one
 * conditional update, so of two concurrent deciders exactly one wins; the loser gets
 * REQUEST_NOT_PENDING and its transaction writes nothing.
 */
export async function decideRequest(
  ctx: Ctx,
  id: string,
  outcome: Outcome,
  comment: string | undefined,
): Promise<AttendanceRequest> {
  assertCan(ctx.actor, 'attendance.approve');
  const { tenantId, userId } = ctx.actor;
  const req = await repo.findVisibleRequest(ctx.db, tenantId, ctx.actor.visibility, id);
  if (!req) throw notFound('Request');
  if (req.user_id === userId) throw fail('OWN_REQUEST', 403, 'Your own request is decided by your leader');
  if (req.status !== 'pending') throw notPending();
  const before = await loadDto(ctx, id);
  const person = await repo.findPerson(ctx.db, tenantId, req.user_id);
  if (!person) throw notFound('Request');
  const cfg = await tenantConfig(ctx.db, tenantId);
  const rules = await rulesForUnit(ctx.db, cfg, person.unit_id);

  return inTx(ctx, async (tx) => {
    const at = nowIso();
    const won = await repo.settleIfPending(tx.db, tenantId, id, {
      status: outcome,
      decided_by: userId,
      decision_comment: comment || null,
      decided_at: at,
      updated_at: at,
    });
    if (!won) throw notPending();
    const days =
      outcome === 'rejected'
        ? []
        : await applyApproval(tx, { cfg, rules, req, personUnitId: person.unit_id, at });
    const after = await loadDto(tx, id);
    await notifyRequester(tx, after);
    await recordAudit(tx, {
      entity: 'attendanceRequest',
      entityId: id,
      action: outcome === 'approved' ? 'approve' : 'reject',
      before,
      after: { ...after, days },
      sessionNeutral: true,
    });
    return after;
  });
}

interface Approval {
  cfg: TenantConfig;
  /** The rules of the requester's unit: how leave counts, how a make-up's time is judged. */
  rules: AttendanceRules;
  req: AttendanceRequestTable;
  personUnitId: string;
  at: string;
}

/** Writes the approved request into the attendance records, one meeting day at a time. */
async function applyApproval(ctx: Ctx, a: Approval): Promise<DayChange[]> {
  const build = a.req.kind === 'leave' ? leaveRecord(ctx, a) : makeUpRecord(ctx, a);
  // Meeting days by the calendar as it is now (a day may have become a holiday since the request).
  const dates = meetingDaysOf(a.cfg, a.req.start_date, a.req.end_date);
  const out: DayChange[] = [];
  for (const date of dates) out.push(await writeDay(ctx, a.req.user_id, date, build));
  return out;
}

/** Builds a day's new record from the existing one (if any); null keeps the existing record. */
type RecordBuilder = (
  date: string,
  existing: AttendanceRecordTable | undefined,
) => AttendanceRecordTable | null;

function baseRecord(ctx: Ctx, a: Approval, date: string, existing: AttendanceRecordTable | undefined) {
  return {
    id: existing?.id ?? newId(),
    tenant_id: ctx.actor.tenantId,
    user_id: a.req.user_id,
    unit_id: a.personUnitId,
    date,
    month: workMonthOf(date, a.rules.workMonth),
    request_id: a.req.id,
    delayed: 0,
    outside_geofence: 0,
    lat: null,
    lng: null,
    recorded_by: ctx.actor.userId,
    // A replaced row keeps its identity and any offline check-in key, so a late retry still finds it.
    idempotency_key: existing?.idempotency_key ?? null,
    created_at: existing?.created_at ?? a.at,
    updated_at: a.at,
  };
}

/**
 * An approved leave day: a `leave` record counted as the type's rules say. It replaces a record
 * without a check-in (the closed day's absence, another leave) but never a real check-in: a person
 * who came to the meeting after all attended it.
 */
function leaveRecord(ctx: Ctx, a: Approval): RecordBuilder {
  // A type dropped from the rules since the request counts the strict way: required, not attended.
  const countsAs = leaveRuleOf(a.rules, a.req.leave_type ?? '')?.countsAs ?? 'notAttended';
  return (date, existing) => {
    if (existing?.check_in_at) return null;
    return {
      ...baseRecord(ctx, a, date, existing),
      status: 'leave',
      check_in_at: null,
      check_out_at: null,
      early_leave: 0,
      method: 'system',
      leave_type: a.req.leave_type,
      leave_counts: countsAs,
      note: null,
    };
  };
}

/**
 * An approved make-up: the day becomes a check-in at the time the person gave, judged by their
 * unit's meeting rules like any check-in (so a time past the absent threshold is still absent). A
 * day already attended on time or late keeps its own check-in.
 */
function makeUpRecord(ctx: Ctx, a: Approval): RecordBuilder {
  return (date, existing) => {
    if (existing && (existing.status === 'present' || existing.status === 'late')) return null;
    const at = zonedInstant(date, a.req.time ?? a.rules.meetingStart, a.cfg.timeZone);
    return {
      ...baseRecord(ctx, a, date, existing),
      status: judgeCheckIn(at, meetingTimes(date, a.rules, a.cfg.timeZone)),
      check_in_at: at.toISOString(),
      check_out_at: existing?.check_out_at ?? null,
      early_leave: existing?.early_leave ?? 0,
      method: 'makeUp',
      leave_type: null,
      leave_counts: null,
      note: a.req.reason,
    };
  };
}

/**
 * Inserts or replaces one day's record (both move the monthly rollup in this transaction) and
 * audits it. A check-in that lands between the read and the insert wins the insert; the day is
 * then judged against that record.
 */
async function writeDay(ctx: Ctx, userId: string, date: string, build: RecordBuilder): Promise<DayChange> {
  const { tenantId } = ctx.actor;
  let existing = await records.findRecord(ctx.db, tenantId, userId, date);
  if (!existing) {
    const row = build(date, undefined);
    if (!row) return { date, change: 'kept', status: 'none' };
    if (await records.insertRecordIfAbsent(ctx.db, row)) {
      await auditRecord(ctx, null, row);
      return { date, change: 'inserted', status: row.status };
    }
    existing = await records.findRecord(ctx.db, tenantId, userId, date);
    if (!existing) throw fail('CONFLICT', 409, 'The day changed while it was written; try again');
  }
  const row = build(date, existing);
  if (!row) return { date, change: 'kept', status: existing.status };
  await records.replaceRecord(ctx.db, existing, row);
  await auditRecord(ctx, existing, row);
  return { date, change: 'replaced', status: row.status };
}

async function auditRecord(
  ctx: Ctx,
  before: AttendanceRecordTable | null,
  after: AttendanceRecordTable,
): Promise<void> {
  await recordAudit(ctx, {
    entity: 'attendanceRecord',
    entityId: after.id,
    action: after.method === 'makeUp' ? 'makeUp' : 'leave',
    before: before ? toRecordDto(before) : null,
    after: { ...toRecordDto(after), requestId: after.request_id },
    sessionNeutral: true,
  });
}

async function notifyRequester(ctx: Ctx, req: AttendanceRequest): Promise<void> {
  const approved = req.status === 'approved';
  const what = requestSummary(req);
  await notify(ctx, {
    userId: req.userId,
    kind: approved ? 'attendance.requestApproved' : 'attendance.requestRejected',
    title: `${approved ? '已批准' : '未批准'}：${what}`,
    body: req.decisionComment ?? '',
    link: '/checkin/requests',
    params: {
      ...requestParams(req),
      decidedByName: req.decidedByName,
      comment: req.decisionComment,
    },
  });
}

// ---- Cancelling ---------------------------------------------------------------------------------

/** The requester withdraws a request while it still waits for a decision. */
export async function cancelRequest(ctx: Ctx, id: string): Promise<AttendanceRequest> {
  assertCan(ctx.actor, 'attendance.checkIn');
  const { tenantId, userId } = ctx.actor;
  const req = await repo.findVisibleRequest(ctx.db, tenantId, ctx.actor.visibility, id);
  if (!req) throw notFound('Request');
  if (req.user_id !== userId) throw forbidden('Only the requester may cancel a request');
  if (req.status !== 'pending') throw notPending();
  const before = await loadDto(ctx, id);
  return inTx(ctx, async (tx) => {
    if (!(await repo.settleIfPending(tx.db, tenantId, id, { status: 'cancelled', updated_at: nowIso() }))) {
      throw notPending();
    }
    const after = await loadDto(tx, id);
    await recordAudit(tx, {
      entity: 'attendanceRequest',
      entityId: id,
      action: 'cancel',
      before,
      after,
      sessionNeutral: true,
    });
    return after;
  });
}
