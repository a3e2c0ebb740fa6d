import type { Unit } from '../../../contracts/org.ts';

export interface UnitNode extends Unit {
  children: UnitNode[];
  /** Active members of this unit and every unit below it. */
  totalMembers: number;
}

/**
 * Builds the org tree from the flat list the API returns. A unit whose parent is not visible to
 * the reader (an agent sees only their own team) becomes a root, so nothing disappears.
 */
export function buildUnitTree(units: readonly Unit[]): UnitNode[] {
  const byId = new Map<string, UnitNode>();
  for (const u of units) byId.set(u.id, { ...u, children: [], totalMembers: u.memberCount });
  const roots: UnitNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const order = (a: UnitNode, b: UnitNode) =>
    a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh-CN');
  const visit = (n: UnitNode): number => {
    n.children.sort(order);
    n.totalMembers = n.memberCount + n.children.reduce((s, c) => s + visit(c), 0);
    return n.totalMembers;
  };
  roots.sort(order);
  roots.forEach(visit);
  return roots;
}

/** Ids of a unit and everything below it (a unit cannot be moved under any of them). */
export function subtreeIds(units: readonly Unit[], rootId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of units) {
    if (!u.parentId) continue;
    const list = children.get(u.parentId) ?? [];
    list.push(u.id);
    children.set(u.parentId, list);
  }
  const out = new Set<string>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** Names from the root down to the unit, for breadcrumbs and "moves under …" texts. */
export function unitPath(units: readonly Unit[], id: string): Unit[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const path: Unit[] = [];
  let cur = byId.get(id);
  const seen = new Set<string>();
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    path.unshift(cur);
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return path;
}
