import { describe, expect, it } from 'vitest';
import { isBlocking, nameKey, parseLines } from './lines.ts';

const aliases = new Map([
  ['亲戚', 'relatives'],
  ['同学', 'classmates'],
  ['friend', 'friends'],
  ['朋友', 'friends'],
]);

describe('parseLines', () => {
  it('reads name, category, phone and note in any order after the name', () => {
    const [a, b, c] = parseLines(
      '张三 亲戚 13812345678 表哥\n李四 138-1234-5679 同学 高中同桌\n王五',
      aliases,
    );
    expect(a).toEqual({
      line: 1,
      name: '张三',
      category: 'relatives',
      phone: '13812345678',
      note: '表哥',
      problems: [],
    });
    expect(b).toMatchObject({ name: '李四', category: 'classmates', phone: '13812345679', note: '高中同桌' });
    expect(c).toMatchObject({ name: '王五', category: null, phone: null, note: null, problems: [] });
  });

  it('accepts +86, spaces, full-width commas and tabs', () => {
    const [a, b] = parseLines('赵六，朋友，+86 139 0000 1111\n\n钱七\tfriend\t老乡', aliases);
    expect(a).toMatchObject({ name: '赵六', category: 'friends', phone: '13900001111', note: null });
    expect(b).toMatchObject({ line: 3, name: '钱七', category: 'friends', note: '老乡' });
  });

  it('splits at commas or tabs when the line has one, so a note may hold spaces', () => {
    const [a] = parseLines('张三, 朋友, 高中 同学', aliases);
    expect(a).toMatchObject({ name: '张三', category: 'friends', note: '高中 同学' });
  });

  it('keeps a second category word in the note', () => {
    const [a] = parseLines('孙八 同学 朋友', aliases);
    expect(a).toMatchObject({ category: 'classmates', note: '朋友' });
  });

  it('flags numbers that are not a Chinese mobile', () => {
    const [a, b] = parseLines('周九 12345678901\n吴十 1381234', aliases);
    expect(a?.problems).toEqual(['badPhone']);
    expect(b?.problems).toEqual(['badPhone']);
    expect(isBlocking('badPhone')).toBe(true);
  });

  it('flags duplicates within the text and against the list without blocking them', () => {
    const lines = parseLines('张三\n张三 朋友\nZhangSan\nzhangsan', aliases, new Set([nameKey('Zhang San')]));
    expect(lines.map((l) => l.problems)).toEqual([
      [],
      ['duplicateInText'],
      ['duplicateInList'],
      ['duplicateInText', 'duplicateInList'],
    ]);
    // A name is one word: "Zhang San" would be the name Zhang with the note San.
    expect(parseLines('Zhang San', aliases)[0]).toMatchObject({ name: 'Zhang', note: 'San' });
    expect(isBlocking('duplicateInText')).toBe(false);
  });

  it('flags a name or note that is too long', () => {
    const [a] = parseLines(`${'名'.repeat(41)} ${'x'.repeat(501)}`, aliases);
    expect(a?.problems).toEqual(['nameTooLong', 'noteTooLong']);
  });
});
