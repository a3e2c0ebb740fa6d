import { describe, expect, it } from 'vitest';
import { tabKeyOf } from './nav.tsx';

describe('tabKeyOf', () => {
  it('lights 客户 on the pages behind the customers tab, a handover included', () => {
    for (const path of [
      '/customers',
      '/customers/c1',
      '/prospects/cards/p1',
      '/prospects/names',
      '/todos',
      '/handovers/h1',
    ]) {
      expect(tabKeyOf(path)).toBe('customers');
    }
  });

  it('lights 我的 on pages outside the five tabs', () => {
    expect(tabKeyOf('/notifications')).toBe('me');
    expect(tabKeyOf('/people/u1')).toBe('me');
    expect(tabKeyOf('/')).toBe('home');
  });
});
