/**
 * A name prefix as a range of text ordered by its bytes: the strings that start with `prefix` are
 * exactly those from `prefix` (inclusive) to `prefix` with its last character moved one code point
 * on (exclusive), because UTF-8 bytes order as code points do. SQLite compares text by its bytes,
 * and PostgreSQL's pattern operators (~>=~, ~<~) do too, so both read the range from an index, in
 * a statement planned once: unlike LIKE, whose prefix PostgreSQL can use only when it plans the
 * statement with the value itself, and which SQLite matches without regard to ASCII case.
 *
 * Undefined when there is no such range: an empty prefix, or one ending in U+10FFFF (the last code
 * point), or in an unpaired surrogate (not text a keyboard gives).
 */
export function prefixRange(prefix: string): { from: string; below: string } | undefined {
  if (prefix === '') return undefined;
  const chars = [...prefix];
  const last = chars.pop()!.codePointAt(0)!;
  if (last >= 0x10ffff || (last >= 0xd800 && last <= 0xdfff)) return undefined;
  // The next code point after one just below the surrogates is the first after them.
  const next = last === 0xd7ff ? 0xe000 : last + 1;
  return { from: prefix, below: chars.join('') + String.fromCodePoint(next) };
}

/** A LIKE pattern matching strings that start with `text` (escape character: backslash). */
export function likePrefix(text: string): string {
  return `${text.replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`;
}
