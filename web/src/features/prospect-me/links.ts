import type { TodoItem } from '../../../../contracts/customer.ts';

/** Where a to-do opens: the card of a prospect, the customer of anything else (a policy's, a request's). */
export function todoLink(x: Pick<TodoItem, 'entity' | 'entityId' | 'customerId'>): string {
  if (x.entity === 'prospect') return `/prospects/cards/${encodeURIComponent(x.entityId)}`;
  if (x.entity === 'customer') return `/customers/${encodeURIComponent(x.entityId)}`;
  return x.customerId ? `/customers/${encodeURIComponent(x.customerId)}` : '/customers';
}
