/**
 * The check-in a phone has not had answered yet. It is written to localStorage before it is sent,
 * so a tap survives a lost connection, a closed tab and a login that expired: the same
 * Idempotency-Key and the time of the tap are sent again until the server answers. The server
 * judges it by that time and marks it delayed.
 */
export type PendingKind = 'in' | 'out';

export interface PendingPosition {
  lat: number;
  lng: number;
  accuracyM?: number;
}

export interface PendingCheck {
  kind: PendingKind;
  userId: string;
  /** Idempotency-Key: a retry returns the first result. */
  key: string;
  /** When it was tapped (ISO 8601). */
  at: string;
  method: 'app' | 'qr';
  qrToken?: string;
  position?: PendingPosition;
  /** A send failed for want of a network (or a session): it waits to be sent again. */
  offline: boolean;
}

export const PENDING_STORAGE_KEY = 'salesbase.attendance.pending';
/** The server accepts a queued check-in for at most a day (offlineToleranceMinutes ≤ 24 h). */
export const PENDING_MAX_AGE_MS = 24 * 60 * 60_000;

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function isPending(v: unknown): v is PendingCheck {
  if (!v || typeof v !== 'object') return false;
  const p = v as Record<string, unknown>;
  return (
    (p.kind === 'in' || p.kind === 'out') &&
    typeof p.userId === 'string' &&
    typeof p.key === 'string' &&
    typeof p.at === 'string' &&
    (p.method === 'app' || p.method === 'qr')
  );
}

function readAll(store: Store): PendingCheck[] {
  try {
    const v = JSON.parse(store.getItem(PENDING_STORAGE_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter(isPending) : [];
  } catch {
    return [];
  }
}

function writeAll(store: Store, all: PendingCheck[]): void {
  try {
    if (all.length === 0) store.removeItem(PENDING_STORAGE_KEY);
    else store.setItem(PENDING_STORAGE_KEY, JSON.stringify(all));
  } catch {
    /* private mode or full: the tap is still sent, only not remembered */
  }
}

/** The person's unanswered check-in (or check-out), if it is recent enough to still be accepted. */
export function readPending(
  store: Store,
  userId: string,
  kind: PendingKind,
  now = Date.now(),
): PendingCheck | null {
  const hit = readAll(store).find((p) => p.userId === userId && p.kind === kind);
  if (!hit) return null;
  const age = now - Date.parse(hit.at);
  if (!Number.isFinite(age) || age > PENDING_MAX_AGE_MS) {
    clearPending(store, userId, kind);
    return null;
  }
  return hit;
}

/** Remembers (or updates) the person's unanswered check-in of that kind: one of each at most. */
export function savePending(store: Store, p: PendingCheck): void {
  const rest = readAll(store).filter((x) => !(x.userId === p.userId && x.kind === p.kind));
  writeAll(store, [...rest, p]);
}

export function clearPending(store: Store, userId: string, kind: PendingKind): void {
  const all = readAll(store);
  const rest = all.filter((x) => !(x.userId === userId && x.kind === kind));
  if (rest.length !== all.length) writeAll(store, rest);
}

/**
 * A random Idempotency-Key (the server accepts 8–100 of [A-Za-z0-9_.:-]). getRandomValues works
 * outside secure contexts too, unlike crypto.randomUUID, so a phone on a plain-http LAN gets one.
 */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `ci-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
