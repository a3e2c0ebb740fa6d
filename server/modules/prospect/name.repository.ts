import { sql } from 'kysely';
import type { Visibility } from '../../access/scope.ts';
import { ownedRowVisible } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';
import { fetchPage } from '../../db/paging.ts';
import type { PlanNameTable } from '../../db/schema.ts';

/** Plan 100 names: every query filters by tenant and by the reader's scope (owner or unit). */

export type NameSortKey = 'createdAt' | 'name' | 'score';

export interface NameFilter {
  ownerId: string;
  category?: string | undefined;
  /** A, B, C, or "none" for names not scored yet. */
  grade?: string | undefined;
  excluded?: boolean | undefined;
  /** Name-key prefix (normalised as name_key is). */
  keyPrefix?: string | undefined;
  sort: NameSortKey;
  desc: boolean;
}

export type NameRow = PlanNameTable & { duplicate: number };

/**
 * 1 when another name of the same owner has the same key, or the same phone: read through the
 * (tenant, owner, name_key) index and the owner's own rows.
 */
const duplicateExpr = sql<number>`case when exists (
  select 1 from plan_names d
  where d.tenant_id = n.tenant_id and d.owner_id = n.owner_id and d.id <> n.id and d.erased_at is null
    and (d.name_key = n.name_key or (n.phone is not null and d.phone = n.phone))
) then 1 else 0 end`;

function scoped(db: Queryable, tenantId: string, vis: Visibility) {
  return db
    .selectFrom('plan_names as n')
    .where('n.tenant_id', '=', tenantId)
    .where('n.erased_at', 'is', null)
    .where(ownedRowVisible(vis, 'n.owner_id', 'n.unit_id'));
}

/** LIKE prefix with the wildcards of the text escaped. */
function prefixPattern(text: string): string {
  return `${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}

function filtered(db: Queryable, tenantId: string, vis: Visibility, f: NameFilter) {
  let q = scoped(db, tenantId, vis).where('n.owner_id', '=', f.ownerId);
  if (f.category) q = q.where('n.category', '=', f.category);
  if (f.grade === 'none') q = q.where('n.grade', 'is', null);
  else if (f.grade) q = q.where('n.grade', '=', f.grade);
  if (f.excluded !== undefined) q = q.where('n.excluded', '=', f.excluded ? 1 : 0);
  if (f.keyPrefix) {
    const like = prefixPattern(f.keyPrefix);
    q = q.where((eb) => eb('n.name_key', 'like', sql<string>`${like} escape '\\'`));
  }
  return q;
}

function ordered<Q extends ReturnType<typeof filtered>>(q: Q, f: NameFilter) {
  const dir = f.desc ? 'desc' : 'asc';
  // Unscored names sort below every score on both databases (nulls order differently in each).
  const key =
    f.sort === 'name' ? sql`n.name_key` : f.sort === 'score' ? sql`coalesce(n.score, -1)` : sql`n.created_at`;
  return q.orderBy(key, dir).orderBy('n.created_at', dir).orderBy('n.id', dir);
}

export async function findNamesPage(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: NameFilter,
  page: number,
  pageSize: number,
): Promise<{ rows: NameRow[]; total: number }> {
  return fetchPage(
    page,
    pageSize,
    (limit, offset) =>
      ordered(filtered(db, tenantId, vis, f), f)
        .selectAll('n')
        .select(duplicateExpr.as('duplicate'))
        .limit(limit)
        .offset(offset)
        .execute() as Promise<NameRow[]>,
    async () => {
      const r = await filtered(db, tenantId, vis, f)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return toNumber(r.n);
    },
  );
}

/** Every matching name (the export), capped by `limit`. */
export function findNamesForExport(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: NameFilter,
  limit: number,
): Promise<NameRow[]> {
  return ordered(filtered(db, tenantId, vis, f), f)
    .selectAll('n')
    .select(duplicateExpr.as('duplicate'))
    .limit(limit)
    .execute();
}

/** Counts of an owner's list by excluded and grade (progress toward 100). */
export async function countByGrade(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  ownerId: string,
): Promise<{ excluded: number; grade: string | null; n: number }[]> {
  const rows = await scoped(db, tenantId, vis)
    .where('n.owner_id', '=', ownerId)
    .select(['n.excluded', 'n.grade', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['n.excluded', 'n.grade'])
    .execute();
  return rows.map((r) => ({ excluded: toNumber(r.excluded), grade: r.grade, n: toNumber(r.n) }));
}

/** One name the reader may see, with its duplicate flag. */
export async function findName(
  db: Queryable,
  tenantId: string,
  id: string,
  vis: Visibility,
): Promise<NameRow | undefined> {
  return (await scoped(db, tenantId, vis)
    .where('n.id', '=', id)
    .selectAll('n')
    .select(duplicateExpr.as('duplicate'))
    .executeTakeFirst());
}

/** Rows by id (after a write), with their duplicate flags, in the order given. */
export async function findNamesByIds(db: Queryable, tenantId: string, ids: string[]): Promise<NameRow[]> {
  const out = new Map<string, NameRow>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = (await db
      .selectFrom('plan_names as n')
      .where('n.tenant_id', '=', tenantId)
      .where('n.id', 'in', ids.slice(i, i + 500))
      .selectAll('n')
      .select(duplicateExpr.as('duplicate'))
      .execute()) as NameRow[];
    for (const r of rows) out.set(r.id, r);
  }
  return ids.map((id) => out.get(id)).filter((r): r is NameRow => r !== undefined);
}

/** The keys and phones already on an owner's list (duplicates of a batch). */
export async function ownerKeys(
  db: Queryable,
  tenantId: string,
  ownerId: string,
): Promise<{ keys: Set<string>; phones: Set<string> }> {
  const rows = await db
    .selectFrom('plan_names')
    .select(['name_key', 'phone'])
    .where('tenant_id', '=', tenantId)
    .where('owner_id', '=', ownerId)
    .where('erased_at', 'is', null)
    .execute();
  return {
    keys: new Set(rows.map((r) => r.name_key)),
    phones: new Set(rows.map((r) => r.phone).filter((p): p is string => p !== null)),
  };
}

export async function insertNames(db: Queryable, rows: PlanNameTable[]): Promise<void> {
  // 19 columns a row: 50 rows keep a statement far below SQLite's variable limit.
  for (let i = 0; i < rows.length; i += 50) await db.insertInto('plan_names').values(rows.slice(i, i + 50)).execute();
}

export async function updateName(db: Queryable, row: PlanNameTable): Promise<void> {
  const { id, tenant_id, ...rest } = row;
  await db.updateTable('plan_names').set(rest).where('id', '=', id).where('tenant_id', '=', tenant_id).execute();
}

/** Deletes a name unless it became a card meanwhile; true when deleted. */
export async function deleteName(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom('plan_names')
    .where('id', '=', id)
    .where('tenant_id', '=', tenantId)
    .where('prospect_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
