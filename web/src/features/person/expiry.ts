import dayjs from 'dayjs';

export type ExpiryState = 'none' | 'valid' | 'soon' | 'expired';

/** Documents expiring within this many days are flagged so someone renews them in time. */
export const EXPIRY_WARNING_DAYS = 30;

/** Compares business dates as YYYY-MM-DD strings: no time zone can move a day. */
export function expiryState(
  expiryDate: string | null,
  today: string = dayjs().format('YYYY-MM-DD'),
): ExpiryState {
  if (!expiryDate) return 'none';
  if (expiryDate < today) return 'expired';
  const limit = dayjs(today).add(EXPIRY_WARNING_DAYS, 'day').format('YYYY-MM-DD');
  return expiryDate <= limit ? 'soon' : 'valid';
}
