import { describe, expect, it } from 'vitest';
import { fieldPath } from './errors.ts';

describe('fieldPath', () => {
  it('drops the request part and turns indexes into numbers', () => {
    expect(fieldPath('body.phone')).toEqual(['phone']);
    expect(fieldPath('body.members.0.userId')).toEqual(['members', 0, 'userId']);
    expect(fieldPath('query.unitId')).toEqual(['unitId']);
    expect(fieldPath('rows.3.username')).toEqual(['rows', 3, 'username']);
  });
});
