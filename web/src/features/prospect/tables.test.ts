import { describe, expect, it } from 'vitest';
import {
  monthShareOf,
  onSortOrPage,
  ratio,
  serverSorted,
  shortfalls,
  sortFromTable,
  sortOrderOf,
  sortParam,
} from './tables.ts';

describe('desk table helpers', () => {
  it('gives a server-sorted column its sort props, and tells a new sort from a page move', () => {
    expect(serverSorted('-onHand', 'onHand')).toEqual({
      key: 'onHand',
      sorter: true,
      sortOrder: 'descend',
      showSorterTooltip: false,
    });
    expect(serverSorted('-onHand', 'abShare').sortOrder).toBeNull();
    const calls: unknown[] = [];
    const change = onSortOrPage(
      '-onHand',
      20,
      (s) => calls.push(['sort', s]),
      (p, n) => calls.push(['page', p, n]),
    );
    change({ current: 3, pageSize: 50 }, {}, { columnKey: 'onHand', order: 'descend' });
    change({ current: 1 }, {}, { columnKey: 'abShare', order: 'ascend' });
    change({}, {}, [{ columnKey: 'onHand', order: null }]);
    expect(calls).toEqual([
      ['page', 3, 50],
      ['sort', 'abShare'],
      ['sort', undefined],
    ]);
  });

  it('turns sort strings into antd orders and back', () => {
    expect(sortParam('-onHand')).toBe('onHand');
    expect(sortOrderOf('-onHand', 'onHand')).toBe('descend');
    expect(sortOrderOf('onHand', 'onHand')).toBe('ascend');
    expect(sortOrderOf('onHand', 'abShare')).toBeNull();
    expect(sortOrderOf(undefined, 'abShare')).toBeNull();
    expect(sortFromTable('abShare', 'descend')).toBe('-abShare');
    expect(sortFromTable('abShare', 'ascend')).toBe('abShare');
    expect(sortFromTable('abShare', null)).toBeUndefined();
  });

  it('measures the shortfall against the standard', () => {
    const std = { onHand: 50, monthly: 30 };
    expect(shortfalls({ onHand: 50, newThisMonth: 30 }, std)).toEqual({ onHand: 0, monthly: 0 });
    expect(shortfalls({ onHand: 42, newThisMonth: 31 }, std)).toEqual({ onHand: 8, monthly: 0 });
    // Half-way through the month, 15 new cards are on track.
    expect(shortfalls({ onHand: 60, newThisMonth: 15 }, std, 0.5)).toEqual({ onHand: 0, monthly: 0 });
    expect(shortfalls({ onHand: 60, newThisMonth: 10 }, std, 0.5)).toEqual({ onHand: 0, monthly: 5 });
  });

  it('knows how much of the month is gone', () => {
    expect(monthShareOf('2026-11-15', '2026-11-01', '2026-11-30')).toBe(0.5);
    expect(monthShareOf('2026-11-30', '2026-11-01', '2026-11-30')).toBe(1);
    expect(monthShareOf('2026-10-31', '2026-11-01', '2026-11-30')).toBe(0);
    expect(ratio(3, 4)).toBe(0.75);
    expect(ratio(3, 0)).toBeNull();
  });
});
