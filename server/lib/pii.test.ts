import { describe, expect, it } from 'vitest';
import { isChineseIdNumber, isChineseMobile, maskIdNumber, maskPhone, redact } from './pii.ts';

describe('personal numbers', () => {
  it.each([
    ['11010519491231002X', true],
    ['11010519491231002x', true],
    ['110105194912310021', false], // wrong check digit
    ['110105194913310028', false], // month 13
    ['11010519490230002X', false], // 30 February
    ['1101051949123100', false],
  ])('ID number %s valid: %s', (id, ok) => expect(isChineseIdNumber(id)).toBe(ok));

  it.each([
    ['13812345678', true],
    ['19912345678', true],
    ['12812345678', false],
    ['1381234567', false],
    ['+8613812345678', false],
  ])('mobile %s valid: %s', (phone, ok) => expect(isChineseMobile(phone)).toBe(ok));

  it('masks mobiles and ID numbers, keeping what identifies without exposing', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone('12345')).toBe('*****');
  });

  it('redacts records for the audit trail', () => {
    expect(redact({ phone: '13812345678', id_number: '11010519491231002X', password_hash: 'h', name: '张三' })).toEqual({
      phone: '138****5678',
      id_number: '110***********002X',
      name: '张三',
    });
  });
});
