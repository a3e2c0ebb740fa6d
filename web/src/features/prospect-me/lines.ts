/**
 * Quick entry of Plan 100 names: one line each, "姓名 关系 电话 备注". Only the name is required;
 * the relationship is any word the alias table knows (亲戚, 同学, friend…), the phone is any
 * Chinese mobile number in the line (spaces, dashes and +86 allowed), the rest is the note.
 * Fields are split as the server splits pasted text: at tabs and commas when the line has one,
 * else at spaces. The preview is what is sent: the parsed names go to the bulk route as objects.
 */

export interface ParsedLine {
  /** 1-based line number in the pasted text (blank lines are skipped but counted). */
  line: number;
  name: string;
  /** The category the line names, or null when it names none (the default applies). */
  category: string | null;
  /** Digits only (11), or null. */
  phone: string | null;
  note: string | null;
  problems: LineProblem[];
}

export type LineProblem = 'nameTooLong' | 'noteTooLong' | 'badPhone' | 'duplicateInText' | 'duplicateInList';

export const NAME_MAX = 40;
export const NOTE_MAX = 500;

/** The key duplicates are found by: trimmed, inner spaces removed, lower case (as the server keeps it). */
export function nameKey(name: string): string {
  return name.replace(/\s+/g, '').toLowerCase();
}

const STRONG_SEPARATORS = /[\t,，]+/u;
const SPACES = /[\s\u3000]+/u;
// A mobile number possibly written with +86, spaces or dashes between its groups.
const MOBILE_IN_TEXT = /(?:\+?86[\s-]?)?(1\d{2})[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)/u;
const DIGITS_RUN = /\d{6,}/u;

export function isMobile(digits: string): boolean {
  return /^1[3-9]\d{9}$/.test(digits);
}

/**
 * Parses pasted lines. `aliases` maps lower-cased words (labels in both languages, short forms)
 * to category codes; `existingKeys` are nameKey()s already on the list (flagged, not refused).
 */
export function parseLines(
  text: string,
  aliases: ReadonlyMap<string, string>,
  existingKeys: ReadonlySet<string> = new Set(),
): ParsedLine[] {
  const out: ParsedLine[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    let rest = raw.trim();
    if (!rest) return;
    const problems: LineProblem[] = [];

    // The phone first, so that a number written "138 1234 5678" is not split into three words.
    let phone: string | null = null;
    const m = MOBILE_IN_TEXT.exec(rest);
    if (m) {
      phone = `${m[1]}${m[2]}${m[3]}`;
      if (!isMobile(phone)) problems.push('badPhone');
      rest = `${rest.slice(0, m.index)} ${rest.slice(m.index + m[0].length)}`;
    } else if (DIGITS_RUN.test(rest.replace(/^\S+/u, ''))) {
      // Digits that are not a mobile number: most likely a mistyped one.
      problems.push('badPhone');
    }

    const words = rest
      .split(STRONG_SEPARATORS.test(rest) ? STRONG_SEPARATORS : SPACES)
      .map((w) => w.trim())
      .filter(Boolean);
    const name = words.shift() ?? '';
    if (!name) return;
    let category: string | null = null;
    const noteWords: string[] = [];
    for (const w of words) {
      const code: string | undefined = category === null ? aliases.get(w.toLowerCase()) : undefined;
      if (code !== undefined) category = code;
      else noteWords.push(w);
    }
    const note = noteWords.join(' ') || null;
    if (name.length > NAME_MAX) problems.push('nameTooLong');
    if (note && note.length > NOTE_MAX) problems.push('noteTooLong');
    const key = nameKey(name);
    if (seen.has(key)) problems.push('duplicateInText');
    else seen.set(key, i + 1);
    if (existingKeys.has(key)) problems.push('duplicateInList');
    out.push({ line: i + 1, name, category, phone, note, problems });
  });
  return out;
}

/** Problems that keep a line out of the request; duplicates are only flagged (the list marks them too). */
export function isBlocking(p: LineProblem): boolean {
  return p === 'nameTooLong' || p === 'noteTooLong' || p === 'badPhone';
}
