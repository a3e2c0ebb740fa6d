import { describe, expect, it } from 'vitest';
import { todoLink } from './links.ts';

describe('todoLink', () => {
  it('opens the card of a prospect and the customer of everything else', () => {
    expect(todoLink({ entity: 'prospect', entityId: 'p1', customerId: null })).toBe('/prospects/cards/p1');
    expect(todoLink({ entity: 'customer', entityId: 'c1', customerId: null })).toBe('/customers/c1');
    expect(todoLink({ entity: 'policy', entityId: 'x', customerId: 'c2' })).toBe('/customers/c2');
    expect(todoLink({ entity: 'serviceRequest', entityId: 'y', customerId: 'c3' })).toBe('/customers/c3');
    expect(todoLink({ entity: 'policy', entityId: 'x', customerId: null })).toBe('/customers');
  });
});
