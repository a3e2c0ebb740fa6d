import { isChineseIdNumber, maskIdNumber, maskPhone } from './pii.ts';

/**
 * Finding personal numbers in free text (log lines, responses, request URLs): mainland mobiles and
 * resident ID numbers that stand alone. A number counts only when it is not part of a longer run
 * of digits or letters (ids, hashes, timestamps) nor the fraction of a decimal.
 */

export interface PersonalNumberHit {
  kind: 'mobile' | 'idNumber';
  /** The number as written (separators included). */
  value: string;
  index: number;
}

// A token boundary: no letter or digit, and not the decimal point of a number, on either side.
const BEFORE = String.raw`(?<![0-9A-Za-z]|\d\.)`;
const AFTER = String.raw`(?![0-9A-Za-z]|\.\d)`;
/** 13812345678, 138-1234-5678, 138 1234 5678, +86 13812345678, 8613812345678. */
const MOBILE = new RegExp(String.raw`${BEFORE}(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}${AFTER}`, 'g');
const ID_NUMBER = new RegExp(String.raw`${BEFORE}\d{17}[\dXx]${AFTER}`, 'g');

function digitsOf(value: string): string {
  const digits = value.replace(/[^\dXx]/g, '');
  // A country code in front: the last 11 digits are the mobile.
  return digits.length > 11 && /^\d+$/.test(digits) ? digits.slice(-11) : digits;
}

/** Every unmasked mobile or valid (check character and birth date) ID number in the text. */
export function findPersonalNumbers(text: string): PersonalNumberHit[] {
  const hits: PersonalNumberHit[] = [];
  for (const m of text.matchAll(ID_NUMBER)) {
    if (isChineseIdNumber(m[0])) hits.push({ kind: 'idNumber', value: m[0], index: m.index });
  }
  for (const m of text.matchAll(MOBILE)) hits.push({ kind: 'mobile', value: m[0], index: m.index });
  return hits.sort((a, b) => a.index - b.index);
}

/** The hit masked as the API masks it (138****5678, 110***********002X): safe to print. */
export function maskHit(hit: Pick<PersonalNumberHit, 'kind' | 'value'>): string {
  const digits = digitsOf(hit.value);
  return (hit.kind === 'mobile' ? maskPhone(digits) : maskIdNumber(digits.toUpperCase())) ?? '';
}

/** The text with every personal number found in it masked (for log lines and request URLs). */
export function maskPersonalNumbersInText(text: string): string {
  const hits = findPersonalNumbers(text);
  if (hits.length === 0) return text;
  let out = '';
  let at = 0;
  for (const hit of hits) {
    if (hit.index < at) continue;
    out += text.slice(at, hit.index) + maskHit(hit);
    at = hit.index + hit.value.length;
  }
  return out + text.slice(at);
}
