import { describe, expect, it } from 'vitest';
import type { Unit } from '../../../contracts/org.ts';
import { buildUnitTree, subtreeIds, unitPath } from './tree.ts';

function unit(id: string, parentId: string | null, memberCount = 0, sortOrder = 0): Unit {
  return {
    id,
    parentId,
    name: id,
    kind: 'team',
    leaderUserId: null,
    leaderName: null,
    sortOrder,
    depth: 0,
    memberCount,
  };
}

const units = [
  unit('root', null, 1),
  unit('b', 'root', 2, 2),
  unit('a', 'root', 3, 1),
  unit('a1', 'a', 4),
  unit('orphan', 'hidden', 5),
];

describe('org tree', () => {
  it('nests units under their parents in sort order and sums members', () => {
    const roots = buildUnitTree(units);
    expect(roots.map((r) => r.id)).toEqual(['orphan', 'root']);
    const root = roots.find((r) => r.id === 'root')!;
    expect(root.children.map((c) => c.id)).toEqual(['a', 'b']);
    expect(root.totalMembers).toBe(1 + 2 + 3 + 4);
    expect(root.children[0]!.totalMembers).toBe(7);
  });

  it('keeps a unit whose parent is invisible as a root', () => {
    expect(buildUnitTree(units).some((r) => r.id === 'orphan')).toBe(true);
  });

  it('lists a subtree', () => {
    expect([...subtreeIds(units, 'a')].sort()).toEqual(['a', 'a1']);
    expect(subtreeIds(units, 'root').size).toBe(4);
  });

  it('gives the path from the root', () => {
    expect(unitPath(units, 'a1').map((u) => u.id)).toEqual(['root', 'a', 'a1']);
  });
});
