import { describe, expect, it } from 'vitest';
import { menuKeyOf, navItemsFor, tabKeyOf } from './nav.tsx';

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

describe("the leads' card search", () => {
  it('is in the menu of whoever reads prospects in their scope, after the funnel', () => {
    const keys = navItemsFor(['prospect.own', 'prospect.read', 'prospect.spotCheck']).map((i) => i.key);
    expect(keys).toContain('prospectSearch');
    expect(keys.indexOf('prospectSearch')).toBe(keys.indexOf('prospectFunnel') + 1);
    expect(navItemsFor(['prospect.own']).map((i) => i.key)).not.toContain('prospectSearch');
  });

  it("lights its own entry, not the agent's cards", () => {
    expect(menuKeyOf('/prospects/search')).toBe('prospectSearch');
    // An agent's card opened from the search stays under it.
    expect(menuKeyOf('/prospects/search/p1')).toBe('prospectSearch');
    expect(menuKeyOf('/prospects/cards')).toBe('prospectCards');
  });
});
