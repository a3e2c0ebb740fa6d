import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatMoney, formatNumber, formatPercent } from './format.ts';

describe('formatting', () => {
  it('keeps business dates as they are', () => {
    expect(formatDate('2026-11-27')).toBe('2026-11-27');
    expect(formatDate(null)).toBe('');
  });

  it('uses thousands separators', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(1234567, 'en-US')).toBe('1,234,567');
  });

  it('shows percentages with one decimal', () => {
    expect(formatPercent(0.8734)).toBe('87.3%');
    expect(formatPercent(1)).toBe('100.0%');
  });

  it('formats fen as yuan without float drift', () => {
    expect(formatMoney(123456)).toBe('¥1,234.56');
    expect(formatMoney(5)).toBe('¥0.05');
    expect(formatMoney(-100)).toBe('-¥1.00');
  });

  it('sizes files', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MB');
  });
});
