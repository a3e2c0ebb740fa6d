/** Personal numbers: validation and masking (PIPL: show only what the reader needs). */

export function isChineseMobile(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 resident ID: 17 digits, a valid birth date, and the ISO 7064 MOD 11-2 check character. */
export function isChineseIdNumber(raw: string): boolean {
  const value = raw.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const birth = value.slice(6, 14);
  const y = Number(birth.slice(0, 4));
  const m = Number(birth.slice(4, 6));
  const d = Number(birth.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] === value[17];
}

/** 13812345678 → 138****5678 */
export function maskPhone(value: string | null): string | null {
  if (!value) return value;
  if (value.length < 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

/** 11010519491231002X → 110***********002X */
export function maskIdNumber(value: string | null): string | null {
  if (!value) return value;
  if (value.length < 8) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

const SENSITIVE_KEYS = new Set(['phone', 'id_number', 'idNumber']);
const SECRET_KEYS = new Set(['password', 'password_hash', 'passwordHash', 'token', 'token_hash']);

/** Copy of a record fit for logs and the audit trail: personal numbers masked, secrets dropped. */
export function redact(record: object | null | undefined): Record<string, unknown> | null {
  if (!record) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (SECRET_KEYS.has(k)) continue;
    if (SENSITIVE_KEYS.has(k) && typeof v === 'string') {
      out[k] = k === 'phone' ? maskPhone(v) : maskIdNumber(v);
    } else out[k] = v;
  }
  return out;
}
