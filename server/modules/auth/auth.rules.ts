import fs from 'node:fs';

const commonPasswords = new Set(
  fs
    .readFileSync(new URL('../../access/common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((w) => w.trim())
    .filter(Boolean),
);

export type PasswordProblem = 'tooShort' | 'tooLong' | 'common' | 'containsUsername' | 'repetitive';

/**
 * Password policy after NIST SP 800-63B: a minimum length and a blocklist, no composition rules.
 * Length counts code points so a Chinese passphrase is measured by its characters.
 */
export function checkPassword(password: string, opts: { minLength: number; username?: string }): PasswordProblem | null {
  const length = [...password].length;
  if (length < opts.minLength) return 'tooShort';
  if (length > 128) return 'tooLong';
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) return 'common';
  if (opts.username && opts.username.length >= 3 && lower.includes(opts.username.toLowerCase())) return 'containsUsername';
  if (new Set(lower).size <= 2) return 'repetitive';
  return null;
}

/**
 * Delay before answering a failed login: grows with the recent failures of the account
 * (none for the first two, then the base, 2×, 4×, capped at 8× the base: 1 s … 8 s by default), so guessing is slow while a typo costs nothing.
 */
export function failureDelayMs(recentFailures: number, baseMs = 1000): number {
  if (recentFailures < 3) return 0;
  return Math.min(8 * baseMs, baseMs * 2 ** (recentFailures - 3));
}
