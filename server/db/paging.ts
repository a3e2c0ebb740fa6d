import { sql, type SelectQueryBuilder } from 'kysely';

/**
 * Reads one page and the total. A page that is not full ends the list, so it gives the total
 * without a count query: most lists (a team, a filtered search) fit on their first page.
 */
export async function fetchPage<R>(
  page: number,
  pageSize: number,
  rows: (limit: number, offset: number) => Promise<R[]>,
  count: () => Promise<number>,
): Promise<{ rows: R[]; total: number }> {
  const offset = (page - 1) * pageSize;
  const items = await rows(pageSize, offset);
  if (items.length < pageSize && (items.length > 0 || offset === 0))
    return { rows: items, total: offset + items.length };
  return { rows: items, total: await count() };
}

/**
 * fetchPage over a query: `listed` selects the columns in the page's order, `filtered` is the same
 * rows unselected, which is counted only when the page does not give the total.
 */
export function fetchQueryPage<DB, TB extends keyof DB, O>(
  page: number,
  pageSize: number,
  listed: SelectQueryBuilder<DB, TB, O>,
  filtered: SelectQueryBuilder<DB, TB, object>,
) {
  return fetchPage(
    page,
    pageSize,
    (limit, offset) => listed.limit(limit).offset(offset).execute(),
    async () => {
      const r = await filtered.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      return Number((r as { n: number | string }).n);
    },
  );
}
