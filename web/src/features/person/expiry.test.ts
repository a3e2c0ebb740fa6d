import { describe, expect, it } from 'vitest';
import { expiryState } from './expiry.ts';

describe('expiryState', () => {
  const today = '2026-11-27';
  it.each([
    [null, 'none'],
    ['2026-11-26', 'expired'],
    ['2026-11-27', 'soon'],
    ['2026-12-27', 'soon'],
    ['2026-12-28', 'valid'],
  ] as const)('%s → %s', (date, state) => {
    expect(expiryState(date, today)).toBe(state);
  });
});
