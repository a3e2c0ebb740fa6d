import { describe, expect, it } from 'vitest';
import {
  PENDING_STORAGE_KEY,
  clearPending,
  newIdempotencyKey,
  readPending,
  savePending,
  type PendingCheck,
} from './pending.ts';

function memoryStore() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    raw: m,
  };
}

const NOW = Date.parse('2026-11-27T00:30:00Z');
const base: PendingCheck = {
  kind: 'in',
  userId: 'u1',
  key: 'ci-0123456789abcdef',
  at: '2026-11-27T00:25:00Z',
  method: 'app',
  offline: false,
};

describe('pending check-ins', () => {
  it('keeps one per person and kind, and gives it back until cleared', () => {
    const s = memoryStore();
    savePending(s, base);
    savePending(s, { ...base, offline: true });
    savePending(s, { ...base, kind: 'out', key: 'co-0123456789abcdef' });
    savePending(s, { ...base, userId: 'u2' });
    expect(readPending(s, 'u1', 'in', NOW)).toEqual({ ...base, offline: true });
    expect(readPending(s, 'u1', 'out', NOW)?.key).toBe('co-0123456789abcdef');
    clearPending(s, 'u1', 'in');
    expect(readPending(s, 'u1', 'in', NOW)).toBeNull();
    expect(readPending(s, 'u2', 'in', NOW)?.userId).toBe('u2');
    clearPending(s, 'u1', 'out');
    clearPending(s, 'u2', 'in');
    expect(s.raw.has(PENDING_STORAGE_KEY)).toBe(false);
  });

  it('drops one too old for the server to accept, and ignores a damaged store', () => {
    const s = memoryStore();
    savePending(s, { ...base, at: '2026-11-25T23:00:00Z' });
    expect(readPending(s, 'u1', 'in', NOW)).toBeNull();
    expect(s.raw.has(PENDING_STORAGE_KEY)).toBe(false);
    s.setItem(PENDING_STORAGE_KEY, '{not json');
    expect(readPending(s, 'u1', 'in', NOW)).toBeNull();
    s.setItem(PENDING_STORAGE_KEY, JSON.stringify([{ kind: 'in', userId: 'u1' }]));
    expect(readPending(s, 'u1', 'in', NOW)).toBeNull();
  });

  it('makes keys the server accepts, different every time', () => {
    const a = newIdempotencyKey();
    const b = newIdempotencyKey();
    expect(a).toMatch(/^[\w.:-]{8,100}$/);
    expect(a).not.toBe(b);
  });
});
