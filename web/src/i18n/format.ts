import dayjs from 'dayjs';

/**
 * One place for how figures and dates look: 2026-11-27, 24-hour times, thousands separators,
 * one decimal for percentages, money from integer fen as ¥1,234.56.
 */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  // A business date is already YYYY-MM-DD; do not route it through a time zone.
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD') : value;
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : value;
}

export function formatTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.format('HH:mm') : value;
}

export function formatNumber(n: number | null | undefined, locale = 'zh-CN'): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n);
}

/** A ratio (0.873) as "87.3%". */
export function formatPercent(ratio: number | null | undefined, locale = 'zh-CN'): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '';
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(ratio);
}

/** Integer fen → "¥1,234.56"; money never passes through a float sum here, only one division. */
export function formatMoney(fen: number | null | undefined, locale = 'zh-CN'): string {
  if (fen === null || fen === undefined || Number.isNaN(fen)) return '';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(yuan)}.${cents}`;
}

export function formatBytes(bytes: number, locale = 'zh-CN'): string {
  if (bytes < 1024) return `${formatNumber(bytes, locale)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 102.4) / 10, locale)} KB`;
  return `${formatNumber(Math.round(bytes / (1024 * 102.4)) / 10, locale)} MB`;
}
