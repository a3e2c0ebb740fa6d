import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Meeting QR codes: a token names the unit whose meeting it is and a 30-second window, signed with
 * the tenant's key. It is accepted in its own window and the next, judged by the server's clock, so
 * a photo of the screen sent to someone at home stops working within a minute.
 */
export const QR_WINDOW_MS = 30_000;
const ACCEPTED_WINDOWS = 2;

function sign(secret: Buffer, tenantId: string, unitId: string, window: number): string {
  return createHmac('sha256', secret)
    .update(`${tenantId}|${unitId}|${window}`)
    .digest('base64url')
    .slice(0, 22);
}

export function windowOf(atMs: number): number {
  return Math.floor(atMs / QR_WINDOW_MS);
}

export function issueQrToken(
  secret: Buffer,
  tenantId: string,
  unitId: string,
  atMs: number,
): { token: string; expiresAt: Date; refreshInMs: number } {
  const w = windowOf(atMs);
  return {
    token: `1.${unitId}.${w}.${sign(secret, tenantId, unitId, w)}`,
    expiresAt: new Date((w + ACCEPTED_WINDOWS) * QR_WINDOW_MS),
    refreshInMs: (w + 1) * QR_WINDOW_MS - atMs,
  };
}

export type QrCheck = { ok: true; unitId: string } | { ok: false; reason: 'invalid' | 'expired' };

export function verifyQrToken(secret: Buffer, tenantId: string, token: string, nowMs: number): QrCheck {
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== '1') return { ok: false, reason: 'invalid' };
  const [, unitId = '', windowText = '', sig = ''] = parts;
  const w = Number(windowText);
  if (!Number.isSafeInteger(w)) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(sign(secret, tenantId, unitId, w));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'invalid' };
  const current = windowOf(nowMs);
  // A token from the future is as wrong as a forged one; one from before the previous window is stale.
  if (w > current) return { ok: false, reason: 'invalid' };
  if (current - w >= ACCEPTED_WINDOWS) return { ok: false, reason: 'expired' };
  return { ok: true, unitId };
}
