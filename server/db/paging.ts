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
