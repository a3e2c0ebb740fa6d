import { describe, expect, it } from 'vitest';
import { diffRows } from './diff.ts';

describe('diffRows', () => {
  it('marks changed fields of an update', () => {
    const rows = diffRows(
      { name: 'A', kind: 'team', x: { a: 1, b: 2 } },
      { name: 'B', kind: 'team', x: { b: 2, a: 1 } },
    );
    expect(rows.filter((r) => r.changed).map((r) => r.key)).toEqual(['name']);
  });
  it('shows every field of a create as changed', () => {
    expect(diffRows(null, { a: 1, b: null })).toEqual([
      { key: 'a', before: undefined, after: 1, changed: true },
      { key: 'b', before: undefined, after: null, changed: true },
    ]);
  });
  it('handles deletes, scalars and nothing', () => {
    expect(diffRows({ a: 1 }, null)).toEqual([{ key: 'a', before: 1, after: undefined, changed: true }]);
    expect(diffRows(null, null)).toEqual([]);
    expect(diffRows(null, [1, 2])).toEqual([{ key: '', before: null, after: [1, 2], changed: true }]);
  });
});
