import { describe, expect, it } from 'vitest';
import { likePrefix, prefixRange } from './text-prefix.ts';

/** Whether s lies in the range, comparing UTF-8 bytes as both databases do. */
function inRange(s: string, r: { from: string; below: string }): boolean {
  const b = (x: string) => Buffer.from(x, 'utf8');
  return Buffer.compare(b(s), b(r.from)) >= 0 && Buffer.compare(b(s), b(r.below)) < 0;
}

describe('prefixRange', () => {
  it('moves the last character one code point on', () => {
    expect(prefixRange('王')).toEqual({ from: '王', below: '玌' });
    expect(prefixRange('ab')).toEqual({ from: 'ab', below: 'ac' });
    expect(prefixRange('a\u{1F600}')).toEqual({ from: 'a\u{1F600}', below: 'a\u{1F601}' });
    expect(prefixRange('x\uD7FF')).toEqual({ from: 'x\uD7FF', below: 'x\uE000' });
  });

  it('holds exactly the strings that start with the prefix', () => {
    const words = ['王', '王小明', '王\u{10FFFF}', '玌', '汪洋', '王a', 'wang', 'Wang', 'wa', 'w', 'waz', 'wb', '', 'wa\u{1F600}'];
    for (const prefix of ['王', 'wa', 'W', '王小']) {
      const r = prefixRange(prefix)!;
      for (const w of words) expect(inRange(w, r), `${prefix} / ${w}`).toBe(w.startsWith(prefix));
    }
  });

  it('has no range for an empty prefix or one ending at the last code point', () => {
    expect(prefixRange('')).toBeUndefined();
    expect(prefixRange('a\u{10FFFF}')).toBeUndefined();
    expect(prefixRange('a\uD800')).toBeUndefined();
  });
});

describe('likePrefix', () => {
  it('escapes the wildcards', () => {
    expect(likePrefix('50%_off\\')).toBe('50\\%\\_off\\\\%');
  });
});
