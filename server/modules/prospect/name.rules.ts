import {
  PlanNameCategories,
  type PlanNameCategory,
  type PlanNameBulkLine,
} from '../../../contracts/plan100.ts';
import { isChineseMobile } from '../../lib/pii.ts';
import type { Locale } from '../../lib/xlsx-export.ts';

/**
 * Plan 100 names, pure: the normalised name key, relationship categories by code or label, and the
 * quick entry of many names as lines of text. Table-tested in name.rules.test.ts.
 */

export const NAME_MAX = 40;
export const NOTE_MAX = 500;
export const BULK_MAX = 500;

/** Trimmed, inner whitespace removed, lower case: "Wang  Wei " and "wangwei" are the same name. */
export function nameKeyOf(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** Labels of the categories, for exports and messages (the web keeps its own). */
export const CATEGORY_LABELS: Record<PlanNameCategory, Record<Locale, string>> = {
  relatives: { 'zh-CN': '亲戚', 'en-US': 'Relatives' },
  friends: { 'zh-CN': '朋友', 'en-US': 'Friends' },
  classmates: { 'zh-CN': '同学/校友', 'en-US': 'Classmates/alumni' },
  spouseChildren: { 'zh-CN': '配偶子女关系', 'en-US': 'Through spouse or children' },
  clubs: { 'zh-CN': '社团/协会', 'en-US': 'Clubs/associations' },
  hobbies: { 'zh-CN': '兴趣爱好', 'en-US': 'Shared hobbies' },
  colleagues: { 'zh-CN': '同事/商务', 'en-US': 'Colleagues/business' },
  neighbours: { 'zh-CN': '邻居/社区', 'en-US': 'Neighbours/community' },
  commercial: { 'zh-CN': '商业往来', 'en-US': 'Commercial contacts' },
  referrals: { 'zh-CN': '转介绍/其他', 'en-US': 'Referrals/other' },
};

/** Other words people type for a category (matched like the labels: case, space and slash blind). */
const CATEGORY_ALIASES: Record<PlanNameCategory, string[]> = {
  relatives: ['relative', '亲戚', '亲属', '家人', '亲人', '家族', 'family'],
  friends: ['friend', '朋友', '好友', '友人'],
  classmates: ['classmate', '同学', '校友', 'alumni', 'alumnus'],
  spouseChildren: ['spouse', 'children', '配偶', '子女', '孩子', '配偶子女', '家长', 'parents'],
  clubs: ['club', 'association', 'associations', '社团', '协会', '俱乐部', '商会'],
  hobbies: ['hobby', '爱好', '兴趣', '兴趣爱好', '共同爱好', '球友', '驴友'],
  colleagues: ['colleague', 'business', '同事', '商务', '生意伙伴', '前同事'],
  neighbours: ['neighbour', 'neighbor', 'neighbors', 'community', '邻居', '社区', '邻里', '街坊'],
  commercial: ['commercialcontacts', '商业', '商家', '商业往来', '消费', '商户'],
  referrals: ['referral', 'other', 'others', 'cold', '转介绍', '介绍', '其他', '其它', '陌生', '陌拜'],
};

const normaliseWord = (w: string) => w.normalize('NFKC').toLowerCase().replace(/[\s/、|_-]/g, '');

const CATEGORY_BY_WORD = new Map<string, PlanNameCategory>();
for (const code of PlanNameCategories) {
  for (const word of [code, CATEGORY_LABELS[code]['zh-CN'], CATEGORY_LABELS[code]['en-US'], ...CATEGORY_ALIASES[code]]) {
    if (!CATEGORY_BY_WORD.has(normaliseWord(word))) CATEGORY_BY_WORD.set(normaliseWord(word), code);
  }
}

/** The category a word names (code, Chinese or English label, common alias), or null. */
export function categoryOf(word: string): PlanNameCategory | null {
  return CATEGORY_BY_WORD.get(normaliseWord(word)) ?? null;
}

/** Looks like a phone number someone typed: digits with spaces, dashes, brackets or +86. */
export function looksLikePhone(token: string): boolean {
  const t = token.normalize('NFKC').trim();
  return /^\+?[\d\s\-()]+$/.test(t) && (t.match(/\d/g)?.length ?? 0) >= 5;
}

/** "138-0013-8000", "+86 138 0013 8000" → "13800138000"; other text as typed (trimmed). */
export function normalisePhone(raw: string): string {
  const digits = raw.normalize('NFKC').replace(/[\s\-()]/g, '');
  const m = /^(?:\+?86)?(1\d{10})$/.exec(digits);
  return m ? m[1]! : digits;
}

export interface NameInput {
  name: string;
  category?: string | undefined;
  phone?: string | undefined;
  note?: string | undefined;
}

export interface LineError {
  field: 'name' | 'category' | 'phone' | 'note' | 'line';
  message: string;
  code: string;
}

export interface CheckedName {
  name: string;
  nameKey: string;
  category: PlanNameCategory | null;
  phone: string | null;
  note: string | null;
  errors: LineError[];
}

/**
 * Checks one name given as fields (a JSON item, an imported row, a parsed line): name required and
 * at most 40 characters, the category a known code or label (blank: `defaultCategory`), the phone a
 * mainland mobile, the note at most 500 characters.
 */
export function checkName(input: NameInput, defaultCategory: PlanNameCategory): CheckedName {
  const errors: LineError[] = [];
  const name = input.name.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (name === '') errors.push({ field: 'name', message: 'Required', code: 'required' });
  else if (name.length > NAME_MAX) errors.push({ field: 'name', message: `At most ${NAME_MAX} characters`, code: 'tooLong' });
  const rawCategory = input.category?.trim() ?? '';
  let category: PlanNameCategory | null = defaultCategory;
  if (rawCategory !== '') {
    category = categoryOf(rawCategory);
    if (!category) errors.push({ field: 'category', message: `Unknown category "${rawCategory}"`, code: 'unknown' });
  }
  const rawPhone = input.phone?.trim() ?? '';
  let phone: string | null = null;
  if (rawPhone !== '') {
    phone = normalisePhone(rawPhone);
    if (!isChineseMobile(phone)) {
      errors.push({ field: 'phone', message: 'Expected an 11-digit mainland mobile number', code: 'invalid' });
      phone = null;
    }
  }
  const note = input.note?.trim() ?? '';
  if (note.length > NOTE_MAX) errors.push({ field: 'note', message: `At most ${NOTE_MAX} characters`, code: 'tooLong' });
  return { name, nameKey: nameKeyOf(name), category, phone, note: note === '' ? null : note, errors };
}

/**
 * One pasted line, "name [category] [phone] [note]": fields split by tab, comma or semicolon when
 * the line has one (names with spaces), else by spaces. The first field is the name; of the rest,
 * the first that names a category is the category, the first that looks like a phone is the phone,
 * the others in order are the note.
 */
export function splitLine(line: string): NameInput {
  const text = line.trim();
  const fields = (/[\t,，;；]/.test(text) ? text.split(/[\t,，;；]+/) : text.split(/\s+/))
    .map((f) => f.trim())
    .filter((f) => f !== '');
  const [name = '', ...rest] = fields;
  let category: string | undefined;
  let phone: string | undefined;
  const note: string[] = [];
  for (const field of rest) {
    if (category === undefined && categoryOf(field)) category = field;
    else if (phone === undefined && looksLikePhone(field)) phone = field;
    else note.push(field);
  }
  return { name, category, phone, note: note.length ? note.join(' ') : undefined };
}

export interface ParsedLine extends CheckedName {
  /** 1-based line of the text (blank lines are skipped but counted). */
  line: number;
}

/** Every non-blank line of pasted text, checked. */
export function parseNameLines(text: string, defaultCategory: PlanNameCategory): ParsedLine[] {
  const out: ParsedLine[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    out.push({ line: i + 1, ...checkName(splitLine(raw), defaultCategory) });
  });
  return out;
}

/**
 * Marks each name that repeats one already on the list (`existing` keys and phones) or an earlier
 * one of the same batch: same name key or same phone.
 */
export function flagDuplicates<T extends { nameKey: string; phone: string | null; errors: unknown[] }>(
  items: T[],
  existing: { keys: Set<string>; phones: Set<string> },
): boolean[] {
  const keys = new Set(existing.keys);
  const phones = new Set(existing.phones);
  return items.map((item) => {
    if (item.errors.length > 0) return false;
    const dup = keys.has(item.nameKey) || (item.phone !== null && phones.has(item.phone));
    keys.add(item.nameKey);
    if (item.phone) phones.add(item.phone);
    return dup;
  });
}

/** The line as the bulk answer shows it (phone and numbers in the note masked by the caller). */
export function lineView(
  p: ParsedLine,
  duplicate: boolean,
  mask: (v: string | null) => string | null,
  maskText: (v: string) => string = (v) => v,
): PlanNameBulkLine {
  return {
    line: p.line,
    name: p.name === '' ? null : p.name,
    category: p.category,
    phone: mask(p.phone),
    note: p.note === null ? null : maskText(p.note),
    duplicate,
    errors: p.errors,
  };
}
