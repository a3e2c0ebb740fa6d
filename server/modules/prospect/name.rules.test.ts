import { describe, expect, it } from 'vitest';
import { PlanNameCategories } from '../../../contracts/plan100.ts';
import {
  CATEGORY_LABELS,
  categoryOf,
  checkName,
  flagDuplicates,
  looksLikePhone,
  nameKeyOf,
  normalisePhone,
  parseNameLines,
  splitLine,
} from './name.rules.ts';

describe('name key', () => {
  it.each([
    ['  王伟 ', '王伟'],
    ['王 伟', '王伟'],
    ['Wang  Wei', 'wangwei'],
    ['ＷＡＮＧ　Ｗｅｉ', 'wangwei'],
  ])('%j → %j', (name, key) => expect(nameKeyOf(name)).toBe(key));
});

describe('categories', () => {
  it('every code and both labels name their category', () => {
    for (const code of PlanNameCategories) {
      expect(categoryOf(code)).toBe(code);
      expect(categoryOf(CATEGORY_LABELS[code]['zh-CN'])).toBe(code);
      expect(categoryOf(CATEGORY_LABELS[code]['en-US'])).toBe(code);
    }
  });
  it.each([
    ['亲戚', 'relatives'],
    ['朋友', 'friends'],
    ['同学', 'classmates'],
    ['校友', 'classmates'],
    ['同事', 'colleagues'],
    ['邻居', 'neighbours'],
    ['社区', 'neighbours'],
    ['转介绍', 'referrals'],
    ['其他', 'referrals'],
    ['Neighbor', 'neighbours'],
    ['spousechildren', 'spouseChildren'],
    ['表哥', null],
    ['', null],
  ])('%j → %s', (word, code) => expect(categoryOf(word)).toBe(code));
});

describe('phones', () => {
  it.each([
    ['13800138000', true],
    ['138-0013-8000', true],
    ['+86 138 0013 8000', true],
    ['1380', false],
    ['表哥', false],
  ])('%j looks like a phone: %s', (t, yes) => expect(looksLikePhone(t)).toBe(yes));
  it.each([
    ['138-0013-8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['12345', '12345'],
  ])('%j → %j', (raw, phone) => expect(normalisePhone(raw)).toBe(phone));
});

describe('a pasted line', () => {
  it.each([
    ['张三', { name: '张三' }],
    ['张三 亲戚', { name: '张三', category: '亲戚' }],
    ['张三 亲戚 13800138000', { name: '张三', category: '亲戚', phone: '13800138000' }],
    ['张三 13800138000 亲戚 表哥 在银行', { name: '张三', category: '亲戚', phone: '13800138000', note: '表哥 在银行' }],
    ['张三 表哥', { name: '张三', note: '表哥' }],
    ['John Smith, friends, 13800138000, met at the gym', {
      name: 'John Smith',
      category: 'friends',
      phone: '13800138000',
      note: 'met at the gym',
    }],
    ['李四\t同学\t\t老乡', { name: '李四', category: '同学', note: '老乡' }],
    ['王五，邻居，139 0000 1111', { name: '王五', category: '邻居', phone: '139 0000 1111' }],
  ])('%j', (line, expected) => {
    expect(splitLine(line)).toEqual({ category: undefined, phone: undefined, note: undefined, ...expected });
  });
});

describe('pasted text', () => {
  it('checks every non-blank line, numbered as in the text; a line without a category gets the default', () => {
    const lines = parseNameLines(
      ['张三 亲戚 13800138000', '', '李四 同学', '王五 13800', '   ', '赵六'].join('\n'),
      'referrals',
    );
    expect(lines.map((l) => [l.line, l.name, l.category, l.phone, l.errors.map((e) => `${e.field}:${e.code}`)])).toEqual([
      [1, '张三', 'relatives', '13800138000', []],
      [3, '李四', 'classmates', null, []],
      [4, '王五', 'referrals', null, ['phone:invalid']],
      [6, '赵六', 'referrals', null, []],
    ]);
  });

  it('Windows line ends and a long name', () => {
    const lines = parseNameLines(`甲\r\n${'长'.repeat(41)}\r\n乙`, 'friends');
    expect(lines.map((l) => [l.line, l.errors.map((e) => e.code)])).toEqual([
      [1, []],
      [2, ['tooLong']],
      [3, []],
    ]);
  });
});

describe('checking fields', () => {
  it('an unknown category is an error when given as a field', () => {
    expect(checkName({ name: '张三', category: '表哥' }, 'friends').errors).toEqual([
      expect.objectContaining({ field: 'category', code: 'unknown' }),
    ]);
    expect(checkName({ name: ' ', category: 'friends' }, 'friends').errors).toEqual([
      expect.objectContaining({ field: 'name', code: 'required' }),
    ]);
    expect(checkName({ name: '张三', note: 'x'.repeat(501) }, 'friends').errors[0]?.code).toBe('tooLong');
  });
});

describe('duplicates', () => {
  it('same key or same phone as the list or an earlier line; bad lines are not flagged', () => {
    const items = [
      { nameKey: '张三', phone: null, errors: [] },
      { nameKey: '李四', phone: '13800138000', errors: [] },
      { nameKey: '王五', phone: '13800138000', errors: [] },
      { nameKey: '赵六', phone: null, errors: [] },
      { nameKey: '赵六', phone: null, errors: [] },
      { nameKey: '张三', phone: null, errors: ['bad'] },
    ];
    expect(flagDuplicates(items, { keys: new Set(['张三']), phones: new Set() })).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
  });
});
