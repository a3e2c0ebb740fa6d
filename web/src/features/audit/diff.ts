export interface DiffRow {
  key: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Stable comparison of JSON values (key order does not count as a change). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => same(a[k], b[k]));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  return false;
}

/**
 * Field-by-field view of an audit entry's before/after. Either side may be null (create, delete)
 * or not an object at all, in which case the whole value is one row.
 */
export function diffRows(before: unknown, after: unknown): DiffRow[] {
  if ((before === null || isRecord(before)) && (after === null || isRecord(after)) && (before || after)) {
    const b = before ?? {};
    const a = after ?? {};
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    return keys.map((key) => ({ key, before: b[key], after: a[key], changed: !same(b[key], a[key]) }));
  }
  if (before === null && after === null) return [];
  return [{ key: '', before, after, changed: !same(before, after) }];
}
