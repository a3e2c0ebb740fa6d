import type { PendingPosition } from './pending.ts';

export type GeoFailure = 'denied' | 'unavailable' | 'timeout' | 'unsupported';
export type GeoResult = { ok: true; position: PendingPosition } | { ok: false; reason: GeoFailure };

/** Whether the browser will give the position without asking ('granted'), refuses, or will ask. */
export async function geoPermission(): Promise<'granted' | 'denied' | 'prompt' | 'unknown'> {
  try {
    const status = await navigator.permissions?.query({ name: 'geolocation' });
    return status?.state ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** One reading of the phone's position for this check-in (nothing is watched or kept). */
export function currentPosition(timeoutMs = 10_000): Promise<GeoResult> {
  return new Promise((resolve) => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      resolve({ ok: false, reason: 'unsupported' });
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({
          ok: true,
          position: {
            lat: p.coords.latitude,
            lng: p.coords.longitude,
            accuracyM: Math.min(100_000, Math.max(0, Math.round(p.coords.accuracy))),
          },
        }),
      (e) =>
        resolve({
          ok: false,
          reason:
            e.code === e.PERMISSION_DENIED ? 'denied' : e.code === e.TIMEOUT ? 'timeout' : 'unavailable',
        }),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}
