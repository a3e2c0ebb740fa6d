import type { z } from 'zod';
import type {
  AttendanceRecord,
  AttendanceRules,
  CheckInCreateSchema,
  CheckInMethod,
  DayStatus,
  LeaveType,
} from '../../../contracts/attendance.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { assertUserVisible } from '../../access/scope.ts';
import { newId } from '../../db/ids.ts';
import type { AttendanceRecordTable, AuditLogTable } from '../../db/schema.ts';
import { inTx } from '../../db/tx.ts';
import type { DB, Queryable } from '../../db/database.ts';
import { GroupCommit, groupedTransaction, groupedWritesDurable } from '../../db/write-batcher.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { businessDate, now, nowIso } from '../../lib/clock.ts';
import { auditRow, recordAudit, recordAuditRows } from '../audit/audit.service.ts';
import {
  insideAny,
  isEarlyLeave,
  judgeCheckIn,
  meetingTimes,
  workMonthOf,
  type MeetingTimes,
} from './attendance.rules.ts';
import { dayOf, qrSecret, rulesForUnit, tenantConfig, type TenantConfig } from './config.service.ts';
import { findAncestorIds } from './config.repository.ts';
import { verifyQrToken } from './qr.ts';
import * as repo from './record.repository.ts';

export type CheckInInput = z.output<typeof CheckInCreateSchema>;

/** Seconds a check-in may claim to be ahead of the server (a phone's clock running fast). */
const FUTURE_SKEW_MS = 2 * 60_000;
/** A check-in sent more than this after it was made is marked delayed (an offline phone's queue). */
const DELAY_MARK_MS = 60_000;
const KEY_PATTERN = /^[\w.:-]{8,100}$/;

export function toRecordDto(r: AttendanceRecordTable): AttendanceRecord {
  return {
    id: r.id,
    userId: r.user_id,
    date: r.date,
    status: r.status as DayStatus,
    checkInAt: r.check_in_at,
    checkOutAt: r.check_out_at,
    earlyLeave: r.early_leave === 1,
    method: r.method as CheckInMethod,
    leaveType: r.leave_type as LeaveType | null,
    delayed: r.delayed === 1,
    outsideGeofence: r.outside_geofence === 1,
    note: r.note,
    recordedBy: r.recorded_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface CheckInResult {
  record: AttendanceRecord;
  /** False when the person already had a record for the day (a retry, a second tap). */
  created: boolean;
}

function fail(
  code: ConstructorParameters<typeof AppError>[0],
  status: number,
  message: string,
  path?: string,
): AppError {
  return new AppError(code, status, message, path ? [{ path, message }] : undefined);
}

/**
 * Checks the caller in (tap or QR), or records a check-in for someone (staff, manual). The same
 * person and meeting day give one record however often and however concurrently it is sent.
 */
export async function checkIn(
  ctx: Ctx,
  input: CheckInInput,
  idempotencyKey: string | undefined,
): Promise<CheckInResult> {
  assertCan(ctx.actor, input.method === 'manual' ? 'attendance.record' : 'attendance.checkIn');
  if (idempotencyKey !== undefined && !KEY_PATTERN.test(idempotencyKey)) {
    throw invalid([
      { path: 'headers.idempotency-key', message: '8–100 letters, digits, dot, colon, dash or underscore' },
    ]);
  }
  if (input.method === 'manual') return recordManually(ctx, input);

  const { tenantId, userId } = ctx.actor;
  const cfg = await tenantConfig(ctx.db, tenantId);
  const rules = await rulesForUnit(ctx.db, cfg, ctx.actor.unitId);
  const received = now();
  // The claimed time is judged after the retry lookup (a retry is answered whatever it claims).
  let at: Date | undefined;
  let atError: unknown;
  try {
    at = claimedTime(input.at, received, rules);
  } catch (error) {
    atError = error;
  }
  const date = businessDate(at ?? received, cfg.timeZone);
  // One read: the day's record, and the record made with this key.
  const found = await repo.findCheckInRecords(ctx.db, tenantId, userId, date, idempotencyKey || undefined);
  // A retry after a lost response: answer with what the first attempt stored.
  if (found.ofKey) return answerWith(ctx, found.ofKey);
  if (at === undefined) throw atError;
  if (!dayOf(cfg, date).meetingDay) throw fail('NOT_A_MEETING_DAY', 409, `${date} has no morning meeting`);
  const times = meetingTimesOf(cfg, rules, date);
  if (at < times.opensAt)
    throw fail('CHECK_IN_NOT_OPEN', 409, `Check-in opens at ${times.opensAt.toISOString()}`);

  let outside = false;
  if (input.method === 'qr') {
    await assertQrValid(ctx, cfg, input.qrToken ?? '', received.getTime());
  } else {
    if (rules.selfCheckIn === 'qrOnly')
      throw fail('QR_REQUIRED', 403, 'Scan the code shown at the meeting to check in');
    outside = await judgeGeofence(cfg, rules, input.position);
  }

  const existing = found.ofDay;
  // A person who comes after all (a closed day's absence, a leave they did not take) replaces it.
  if (existing && existing.check_in_at !== null) return answerWith(ctx, existing);
  const at8601 = at.toISOString();
  const stamp = received.toISOString();
  const row: AttendanceRecordTable = {
    id: newId(),
    tenant_id: tenantId,
    user_id: userId,
    unit_id: ctx.actor.unitId,
    date,
    month: workMonthOf(date, rules.workMonth),
    status: judgeCheckIn(at, times),
    check_in_at: at8601,
    check_out_at: null,
    early_leave: 0,
    method: input.method,
    leave_type: null,
    leave_counts: null,
    request_id: null,
    delayed: received.getTime() - at.getTime() > DELAY_MARK_MS ? 1 : 0,
    outside_geofence: outside ? 1 : 0,
    lat: input.position?.lat ?? null,
    lng: input.position?.lng ?? null,
    note: null,
    recorded_by: userId,
    idempotency_key: idempotencyKey ?? null,
    created_at: stamp,
    updated_at: stamp,
  };
  if (existing) {
    await inTx(ctx, async (tx) => {
      await repo.replaceRecord(tx.db, existing, { ...row, id: existing.id, created_at: existing.created_at });
      await recordAudit(tx, {
        entity: 'attendanceRecord',
        entityId: existing.id,
        action: 'checkIn',
        before: toRecordDto(existing),
        after: toRecordDto(row),
        sessionNeutral: true,
      });
    });
    return {
      record: toRecordDto({ ...row, id: existing.id, created_at: existing.created_at }),
      created: true,
    };
  }

  // The hot path: grouped with the other check-ins arriving now into one commit (see GroupCommit).
  const dto = toRecordDto(row);
  const audit = auditRow(ctx, tenantId, userId, {
    entity: 'attendanceRecord',
    entityId: row.id,
    action: 'checkIn',
    after: dto,
  });
  const inserted = ctx.db.isTransaction
    ? (await writeCheckIns(ctx.db, [{ row, audit }]))[0]
    : await checkInWriter(ctx.db).submit({ row, audit });
  if (inserted) return { record: dto, created: true };
  // Another request of the same person won the race: its record is the day's record.
  const winner = await repo.findCheckInRecords(ctx.db, tenantId, userId, date, idempotencyKey || undefined);
  const record = winner.ofKey ?? winner.ofDay;
  if (!record) throw new AppError('CONFLICT', 409, 'Check-in raced with a change; send it again');
  return answerWith(ctx, record);
}

/** An earlier record as the answer, once the grouped write that may have made it is durable. */
async function answerWith(ctx: Ctx, record: AttendanceRecordTable): Promise<CheckInResult> {
  await groupedWritesDurable(ctx.db);
  return { record: toRecordDto(record), created: false };
}

interface CheckInWrite {
  row: AttendanceRecordTable;
  audit: AuditLogTable;
}

const writers = new WeakMap<object, GroupCommit<CheckInWrite, boolean>>();

/**
 * The morning check-ins of a database, grouped: each batch is one transaction of three multi-row
 * statements whatever its size (the records, their rollups, the audit rows of those inserted).
 */
function checkInWriter(db: DB): GroupCommit<CheckInWrite, boolean> {
  let w = writers.get(db);
  if (!w) {
    w = new GroupCommit<CheckInWrite, boolean>(groupedTransaction(db, writeCheckIns));
    writers.set(db, w);
  }
  return w;
}

/** Writes a batch of check-ins in the transaction `trx`: three statements whatever its size. */
async function writeCheckIns(trx: Queryable, items: CheckInWrite[]): Promise<boolean[]> {
  const inserted = await repo.insertRecordsIfAbsent(
    trx,
    items.map((i) => i.row),
  );
  await recordAuditRows(
    trx,
    items.filter((_, i) => inserted[i]).map((i) => i.audit),
    { sessionNeutral: true },
  );
  return inserted;
}

const timesMemo = new WeakMap<AttendanceRules, Map<string, MeetingTimes>>();

/** meetingTimes, kept per rules object (a TenantConfig's) and date: every check-in asks for them. */
function meetingTimesOf(cfg: TenantConfig, rules: AttendanceRules, date: string): MeetingTimes {
  let byDate = timesMemo.get(rules);
  if (!byDate) timesMemo.set(rules, (byDate = new Map<string, MeetingTimes>()));
  const key = `${cfg.timeZone}|${date}`;
  let times = byDate.get(key);
  if (!times) {
    times = meetingTimes(date, rules, cfg.timeZone);
    byDate.set(key, times);
  }
  return times;
}

/** The time a check-in claims: now, or an offline phone's time within the tolerance. */
function claimedTime(at: string | undefined, received: Date, rules: AttendanceRules): Date {
  if (at === undefined) return received;
  const t = new Date(at);
  if (t.getTime() > received.getTime() + FUTURE_SKEW_MS) {
    throw invalid([{ path: 'body.at', message: 'Lies in the future', code: 'future' }]);
  }
  if (received.getTime() - t.getTime() > rules.offlineToleranceMinutes * 60_000) {
    throw fail(
      'CHECK_IN_TOO_OLD',
      422,
      `A check-in must be sent within ${rules.offlineToleranceMinutes} minutes of being made`,
      'body.at',
    );
  }
  return t.getTime() > received.getTime() ? received : t;
}

async function assertQrValid(ctx: Ctx, cfg: TenantConfig, token: string, nowMs: number): Promise<void> {
  const check = verifyQrToken(await qrSecret(ctx.db, cfg.tenantId), cfg.tenantId, token, nowMs);
  if (!check.ok) {
    throw check.reason === 'expired'
      ? fail('QR_EXPIRED', 403, 'This code has expired: scan the one on the screen now', 'body.qrToken')
      : fail('QR_INVALID', 403, 'Not a valid meeting code', 'body.qrToken');
  }
  // The code of a meeting is for its own unit's people (a department's code serves all its teams).
  const ancestors = await findAncestorIds(ctx.db, ctx.actor.unitId);
  if (!ancestors.includes(check.unitId))
    throw fail('QR_INVALID', 403, 'This code is for another meeting', 'body.qrToken');
}

/** Returns whether the check-in is outside every workplace (flag mode), or refuses it (refuse mode). */
async function judgeGeofence(
  cfg: TenantConfig,
  rules: AttendanceRules,
  position: CheckInInput['position'],
): Promise<boolean> {
  if (rules.geofence === 'off' || cfg.locations.length === 0) return false;
  if (!position) {
    if (rules.geofence === 'refuse')
      throw fail(
        'POSITION_REQUIRED',
        400,
        'Allow location access to check in at the workplace',
        'body.position',
      );
    return true;
  }
  const inside = insideAny(position, cfg.locations);
  if (!inside && rules.geofence === 'refuse')
    throw fail('OUTSIDE_GEOFENCE', 403, 'You are not at the workplace', 'body.position');
  return !inside;
}

/** Staff record a check-in for someone, with a reason; an existing record of the day is corrected. */
async function recordManually(ctx: Ctx, input: CheckInInput): Promise<CheckInResult> {
  const userId = input.userId!;
  await assertUserVisible(ctx.db, ctx.actor, userId);
  const person = await ctx.db
    .selectFrom('users')
    .select(['unit_id'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!person) throw notFound('User');
  const cfg = await tenantConfig(ctx.db, ctx.actor.tenantId);
  const rules = await rulesForUnit(ctx.db, cfg, person.unit_id);
  const at = input.at ? new Date(input.at) : now();
  if (at.getTime() > now().getTime() + FUTURE_SKEW_MS) {
    throw invalid([{ path: 'body.at', message: 'Lies in the future', code: 'future' }]);
  }
  const date = businessDate(at, cfg.timeZone);
  if (!dayOf(cfg, date).meetingDay) throw fail('NOT_A_MEETING_DAY', 409, `${date} has no morning meeting`);
  const times = meetingTimes(date, rules, cfg.timeZone);
  const stamp = nowIso();
  return inTx(ctx, async (tx) => {
    const existing = await repo.findRecord(tx.db, ctx.actor.tenantId, userId, date);
    const row: AttendanceRecordTable = {
      id: existing?.id ?? newId(),
      tenant_id: ctx.actor.tenantId,
      user_id: userId,
      unit_id: person.unit_id,
      date,
      month: workMonthOf(date, rules.workMonth),
      status: judgeCheckIn(at, times),
      check_in_at: at.toISOString(),
      check_out_at: existing?.check_out_at ?? null,
      early_leave: existing?.early_leave ?? 0,
      method: 'manual',
      leave_type: null,
      leave_counts: null,
      request_id: null,
      delayed: 0,
      outside_geofence: 0,
      lat: null,
      lng: null,
      note: input.reason ?? null,
      recorded_by: ctx.actor.userId,
      idempotency_key: existing?.idempotency_key ?? null,
      created_at: existing?.created_at ?? stamp,
      updated_at: stamp,
    };
    if (existing) await repo.replaceRecord(tx.db, existing, row);
    else await repo.insertRecordIfAbsent(tx.db, row);
    await recordAudit(tx, {
      entity: 'attendanceRecord',
      entityId: row.id,
      action: 'record',
      before: existing ? toRecordDto(existing) : null,
      after: { ...toRecordDto(row), reason: input.reason },
      sessionNeutral: true,
    });
    return { record: toRecordDto(row), created: !existing };
  });
}

/** Records leaving the meeting; leaving `earlyLeaveMinutes` or more before the end is early leave. */
export async function checkOut(ctx: Ctx, atText: string | undefined): Promise<AttendanceRecord> {
  assertCan(ctx.actor, 'attendance.checkIn');
  const cfg = await tenantConfig(ctx.db, ctx.actor.tenantId);
  const rules = await rulesForUnit(ctx.db, cfg, ctx.actor.unitId);
  const at = claimedTime(atText, now(), rules);
  const date = businessDate(at, cfg.timeZone);
  return inTx(ctx, async (tx) => {
    const existing = await repo.findRecord(tx.db, ctx.actor.tenantId, ctx.actor.userId, date);
    if (!existing?.check_in_at) throw fail('NOT_CHECKED_IN', 409, 'Check in before checking out');
    const times = meetingTimes(date, rules, cfg.timeZone);
    const row = {
      ...existing,
      check_out_at: at.toISOString(),
      early_leave: isEarlyLeave(at, times, rules) ? 1 : 0,
      updated_at: nowIso(),
    };
    await repo.replaceRecord(tx.db, existing, row);
    await recordAudit(tx, {
      entity: 'attendanceRecord',
      entityId: row.id,
      action: 'checkOut',
      before: toRecordDto(existing),
      after: toRecordDto(row),
      sessionNeutral: true,
    });
    return toRecordDto(row);
  });
}
