import { useSyncExternalStore } from 'react';
import type { AttendanceRecord } from '../../../../contracts/attendance.ts';
import type { Me } from '../../../../contracts/auth.ts';
import { isApiError } from '../../api/client.ts';
import { queryClient } from '../../api/queryClient.ts';
import { meKey } from '../auth/api.ts';
import { attendanceMeKey, sendPending, type MyAttendance } from './api.ts';
import {
  clearPending,
  newIdempotencyKey,
  readPending,
  savePending,
  type PendingCheck,
  type PendingKind,
  type PendingPosition,
} from './pending.ts';

/**
 * Delivery of check-ins and check-outs, outside React so it goes on when the agent leaves the page:
 * a tap is stored, sent, and sent again (when the browser is back online, every 20 s, when the tab
 * is shown again) until the server answers. A network failure, a server error or an expired login
 * keep it queued; any other answer (late, refused, wrong QR code) is final and shown.
 */

const RESEND_EVERY_MS = 20_000;

const listeners = new Set<() => void>();
let version = 0;
const inFlight = new Set<string>();
const lastErrors = new Map<string, unknown>();

const slot = (userId: string, kind: PendingKind) => `${userId}:${kind}`;

function emit(): void {
  version += 1;
  for (const l of listeners) l();
}

function store(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Worth sending again: nothing came back, the server failed, or the login must be renewed first. */
function retryable(e: unknown): boolean {
  if (!isApiError(e)) return true;
  return e.code === 'NETWORK' || e.status >= 500 || e.status === 401 || e.status === 429;
}

/** The server refuses a time ahead of its own clock: a phone whose clock runs fast. */
function timeInFuture(e: unknown): boolean {
  return (
    isApiError(e) &&
    e.code === 'VALIDATION_FAILED' &&
    e.fieldErrors.some((f) => f.path.endsWith('at') && f.code === 'future')
  );
}

function applyRecord(record: AttendanceRecord): void {
  queryClient.setQueryData<MyAttendance>([...attendanceMeKey, 'me', 'current'], (old) =>
    old && old.today.date === record.date ? { ...old, today: { ...old.today, record } } : old,
  );
  void queryClient.invalidateQueries({ queryKey: [...attendanceMeKey, 'me'] });
  void queryClient.invalidateQueries({ queryKey: ['attendance'] });
}

async function deliver(p: PendingCheck): Promise<AttendanceRecord | null> {
  const s = store();
  const id = slot(p.userId, p.kind);
  if (inFlight.has(id)) return null;
  inFlight.add(id);
  emit();
  try {
    let record: AttendanceRecord;
    try {
      record = await sendPending(p);
    } catch (e) {
      if (!timeInFuture(e)) throw e;
      record = await sendPending(p, false);
    }
    if (s) clearPending(s, p.userId, p.kind);
    lastErrors.delete(id);
    applyRecord(record);
    return record;
  } catch (e) {
    if (retryable(e)) {
      if (s) savePending(s, { ...p, offline: true });
      // The session ended: the login page comes up, and the queued tap is sent after it.
      if (isApiError(e) && e.status === 401) void queryClient.invalidateQueries({ queryKey: meKey });
    } else {
      if (s) clearPending(s, p.userId, p.kind);
      lastErrors.set(id, e);
    }
    return null;
  } finally {
    inFlight.delete(id);
    emit();
  }
}

/** Sends whatever the logged-in person has queued: the check-in before the check-out. */
export async function resendPending(): Promise<void> {
  const s = store();
  const me = queryClient.getQueryData<Me | null>(meKey);
  if (!s || !me) return;
  const pin = readPending(s, me.id, 'in');
  if (pin) await deliver(pin);
  const pout = readPending(s, me.id, 'out');
  if (pout && !readPending(s, me.id, 'in')) await deliver(pout);
}

let started = false;
/** Starts the resend loop once per page load. */
export function ensureAutoResend(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  const retry = () => void resendPending();
  window.addEventListener('online', retry);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') retry();
  });
  window.setInterval(retry, RESEND_EVERY_MS);
  retry();
}

export interface TapOptions {
  method: 'app' | 'qr';
  qrToken?: string | undefined;
  position?: PendingPosition | undefined;
  /** When the person tapped; defaults to now. */
  at?: Date;
}

/**
 * Checks in (or out): the tap is stored with its key and time before anything is sent. A tap while
 * one is still queued sends the queued one again (same key, same time) instead of making another.
 */
export function tap(userId: string, kind: PendingKind, o: TapOptions): Promise<AttendanceRecord | null> {
  const s = store();
  lastErrors.delete(slot(userId, kind));
  const queued = s ? readPending(s, userId, kind) : null;
  const p: PendingCheck = queued ?? {
    kind,
    userId,
    key: newIdempotencyKey(),
    at: (o.at ?? new Date()).toISOString(),
    method: o.method,
    ...(o.qrToken ? { qrToken: o.qrToken } : {}),
    ...(o.position ? { position: o.position } : {}),
    offline: false,
  };
  if (s) savePending(s, p);
  emit();
  return deliver(p);
}

export function dismissError(userId: string, kind: PendingKind): void {
  if (lastErrors.delete(slot(userId, kind))) emit();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export interface QueueState {
  pending: PendingCheck | null;
  sending: boolean;
  error: unknown;
}

/** What the page shows for the person's check-in or check-out: queued, being sent, refused. */
export function useQueueState(userId: string, kind: PendingKind): QueueState {
  useSyncExternalStore(
    subscribe,
    () => version,
    () => version,
  );
  const s = store();
  const id = slot(userId, kind);
  return {
    pending: s ? readPending(s, userId, kind) : null,
    sending: inFlight.has(id),
    error: lastErrors.get(id) ?? null,
  };
}
