import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { ownedRowVisible, type Visibility } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { dialectOf } from '../../db/dialect.ts';
import { fetchPage } from '../../db/paging.ts';
import { shapedQuery } from '../../db/prepared.ts';
import { likePrefix, prefixRange } from '../../lib/text-prefix.ts';
import type { PlanNameTable, ProspectStageChangeTable, ProspectTable } from '../../db/schema.ts';
import { viewColumns } from '../activity/entry.repository.ts';
import { locksRows } from '../activity/person.repository.ts';

/** Prospect cards (准主顾卡): all their SQL. Every read is filtered by tenant and the reader's scope. */

export type ProspectView = ProspectTable & { owner_name: string };

/** Cards with their owner's name. */
function cardsWithOwner(db: Queryable) {
  return db
    .selectFrom('prospects as p')
    .innerJoin('users as u', 'u.id', 'p.owner_id')
    .selectAll('p')
    .select('u.display_name as owner_name');
}

/** A card by id if the reader may see it (else undefined: the caller answers 404). */
export function findProspect(
  db: Queryable,
  tenantId: string,
  id: string,
  vis: Visibility,
  lock = false,
): Promise<ProspectTable | undefined> {
  return db
    .selectFrom('prospects as p')
    .selectAll('p')
    .where('p.tenant_id', '=', tenantId)
    .where('p.id', '=', id)
    .where(ownedRowVisible(vis, 'p.owner_id', 'p.unit_id'))
    .$if(lock && locksRows(db), (q) => q.forUpdate())
    .executeTakeFirst();
}

export function findProspectView(db: Queryable, tenantId: string, id: string, vis: Visibility) {
  return cardsWithOwner(db)
    .where('p.tenant_id', '=', tenantId)
    .where(ownedRowVisible(vis, 'p.owner_id', 'p.unit_id'))
    .where('p.id', '=', id)
    .executeTakeFirst() as Promise<ProspectView | undefined>;
}

export async function insertProspect(db: Queryable, row: ProspectTable): Promise<void> {
  await db.insertInto('prospects').values(row).execute();
}

export async function updateProspect(db: Queryable, tenantId: string, id: string, set: Partial<ProspectTable>): Promise<void> {
  await db.updateTable('prospects').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function insertStageChange(db: Queryable, row: ProspectStageChangeTable): Promise<void> {
  await db.insertInto('prospect_stage_changes').values(row).execute();
}

/** A card's stage moves, oldest first, with the mover's name. */
export function findStageHistory(db: Queryable, tenantId: string, prospectId: string) {
  return db
    .selectFrom('prospect_stage_changes as c')
    .innerJoin('users as u', 'u.id', 'c.changed_by')
    .select([
      'c.id',
      'c.from_stage',
      'c.to_stage',
      'c.reason',
      'c.changed_at',
      'c.changed_by',
      'u.display_name as changed_by_name',
      'c.unit_id',
    ])
    .where('c.tenant_id', '=', tenantId)
    .where('c.prospect_id', '=', prospectId)
    .orderBy('c.changed_at')
    .orderBy('c.id')
    .execute();
}

/** Cards naming this one as their referrer, those the reader may see. */
export function findReferrals(db: Queryable, tenantId: string, prospectId: string, vis: Visibility) {
  return db
    .selectFrom('prospects as p')
    .select(['p.id', 'p.name', 'p.stage'])
    .where('p.tenant_id', '=', tenantId)
    .where('p.referrer_prospect_id', '=', prospectId)
    .where(ownedRowVisible(vis, 'p.owner_id', 'p.unit_id'))
    .orderBy('p.created_at')
    .limit(200)
    .execute();
}

/** A customer by id if the reader may see it. */
export function findCustomerRef(db: Queryable, tenantId: string, id: string, vis: Visibility) {
  return db
    .selectFrom('customers as c')
    .select(['c.id', 'c.name'])
    .where('c.tenant_id', '=', tenantId)
    .where('c.id', '=', id)
    .where(ownedRowVisible(vis, 'c.owner_id', 'c.unit_id'))
    .executeTakeFirst();
}

// ---- Plan 100 names turned into cards ------------------------------------------------------------

/** A Plan 100 name by id if the reader may see it; locked in a transaction on PostgreSQL. */
export function findPlanName(db: Queryable, tenantId: string, id: string, vis: Visibility): Promise<PlanNameTable | undefined> {
  return db
    .selectFrom('plan_names as n')
    .selectAll('n')
    .where('n.tenant_id', '=', tenantId)
    .where('n.id', '=', id)
    .where(ownedRowVisible(vis, 'n.owner_id', 'n.unit_id'))
    .$if(locksRows(db), (q) => q.forUpdate())
    .executeTakeFirst();
}

/** Links the name to its card, unless another request linked it first (returns whether it did). */
export async function linkPlanName(db: Queryable, tenantId: string, nameId: string, prospectId: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('plan_names')
    .set({ prospect_id: prospectId, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', nameId)
    .where('prospect_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- Lists ----------------------------------------------------------------------------------------

export interface ProspectFilter {
  ownerId?: string | undefined;
  unitId?: string | undefined;
  grades?: string[] | undefined;
  stages?: string[] | undefined;
  q?: string | undefined;
  followUpBefore?: string | undefined;
  /** The unit lies in the reader's scope with all its sub-units: its filter is the scope's too. */
  unitCoversScope?: boolean | undefined;
}

export type ProspectSortKey = 'nextFollowUp' | 'createdAt' | 'name' | 'grade';
export interface ProspectOrder {
  sort: ProspectSortKey;
  desc: boolean;
}

const SORT_COLUMNS = {
  nextFollowUp: 'p.next_follow_up',
  createdAt: 'p.created_at',
  name: 'p.name',
  grade: 'p.grade',
} as const;

/**
 * The conditions of a card list with their values apart: `shape` names which conditions there are
 * (so that a list query is compiled once per shape, see shapedQuery) and `where` builds them with
 * `arg(i)` standing for `values[i]` (a placeholder when compiling, the value itself otherwise).
 */
interface ListWhere {
  shape: string;
  values: unknown[];
  where(arg: (i: number) => unknown): RawBuilder<SqlBool>;
}

function listWhere(db: Queryable, tenantId: string, vis: Visibility, f: ProspectFilter): ListWhere {
  const values: unknown[] = [];
  const shape: string[] = [];
  const parts: ((arg: (i: number) => unknown) => RawBuilder<SqlBool>)[] = [];
  const at = (v: unknown) => values.push(v) - 1;
  const list = (arg: (i: number) => unknown, from: number, n: number) =>
    sql.join(Array.from({ length: n }, (_, k) => arg(from + k)));

  const tenant = at(tenantId);
  parts.push((arg) => sql<SqlBool>`p.tenant_id = ${arg(tenant)}`);
  // The scope: left out when the unit filter lies wholly in it (so that PostgreSQL reads a search
  // from its index alone, the scope needing the owner of each row).
  if (vis.all || f.unitCoversScope) shape.push('all');
  else if (vis.roots.length === 0) {
    const self = at(vis.selfId);
    shape.push('own');
    parts.push((arg) => sql<SqlBool>`p.owner_id = ${arg(self)}`);
  } else {
    const self = at(vis.selfId);
    const roots = values.length;
    for (const r of vis.roots) at(r);
    const n = vis.roots.length;
    shape.push(`roots${n}${vis.subtree ? 't' : 'u'}`);
    parts.push((arg) =>
      vis.subtree
        ? sql<SqlBool>`(p.owner_id = ${arg(self)} or p.unit_id in (select descendant_id from org_unit_closure where ancestor_id in (${list(arg, roots, n)})))`
        : sql<SqlBool>`(p.owner_id = ${arg(self)} or p.unit_id in (${list(arg, roots, n)}))`,
    );
  }
  if (f.ownerId) {
    const i = at(f.ownerId);
    shape.push('owner');
    parts.push((arg) => sql<SqlBool>`p.owner_id = ${arg(i)}`);
  }
  if (f.unitId) {
    const i = at(f.unitId);
    shape.push('unit');
    parts.push((arg) => sql<SqlBool>`p.unit_id in (select descendant_id from org_unit_closure where ancestor_id = ${arg(i)})`);
  }
  for (const [column, set] of [['grade', f.grades], ['stage', f.stages]] as const) {
    if (!set || set.length === 0) continue;
    const from = values.length;
    for (const v of set) at(v);
    shape.push(`${column}${set.length}`);
    parts.push((arg) => sql<SqlBool>`${sql.ref(`p.${column}`)} in (${list(arg, from, set.length)})`);
  }
  if (f.q) {
    const range = prefixRange(f.q);
    if (range) {
      const from = at(range.from);
      at(range.below);
      shape.push('prefix');
      // Byte order on both: SQLite's own, PostgreSQL's pattern operators (served by the
      // text_pattern_ops index of unit and name).
      parts.push((arg) =>
        dialectOf(db as unknown as Kysely<unknown>) === 'sqlite'
          ? sql<SqlBool>`p.name >= ${arg(from)} and p.name < ${arg(from + 1)}`
          : sql<SqlBool>`p.name ~>=~ ${arg(from)} and p.name ~<~ ${arg(from + 1)}`,
      );
    } else {
      const i = at(likePrefix(f.q));
      shape.push('like');
      parts.push((arg) => sql<SqlBool>`p.name like ${arg(i)} escape '\\'`);
    }
  }
  if (f.followUpBefore) {
    const i = at(f.followUpBefore);
    shape.push('due');
    parts.push((arg) => sql<SqlBool>`p.next_follow_up <= ${arg(i)}`);
  }
  return { shape: shape.join(','), values, where: (arg) => sql.join(parts.map((p) => p(arg)), sql` and `) };
}

/** The order of a list: cards without a follow-up date (or grade) come last whichever the direction, on both databases. */
function orderBy(o: ProspectOrder): RawBuilder<unknown> {
  const col = sql.ref(SORT_COLUMNS[o.sort]);
  const dir = sql.raw(o.desc ? 'desc' : 'asc');
  const nullable = o.sort === 'nextFollowUp' || o.sort === 'grade';
  return nullable
    ? sql`case when ${col} is null then 1 else 0 end, ${col} ${dir}, p.id ${dir}`
    : sql`${col} ${dir}, p.id ${dir}`;
}

function filtered(db: Queryable, tenantId: string, vis: Visibility, f: ProspectFilter) {
  const w = listWhere(db, tenantId, vis, f);
  return cardsWithOwner(db).where(w.where((i) => w.values[i]));
}

function ordered<Q extends ReturnType<typeof filtered>>(q: Q, o: ProspectOrder): Q {
  return q.orderBy(orderBy(o)) as Q;
}

/** The columns of a list row (ProspectListItem), with the owner's name. */
const LIST_COLUMNS = [
  'p.id',
  'p.owner_id',
  'p.unit_id',
  'p.name_id',
  'p.name',
  'p.phone',
  'p.source',
  'p.grade',
  'p.score',
  'p.stage',
  'p.stage_reason',
  'p.next_follow_up',
  'p.tags',
  'p.needs',
  'p.customer_id',
  'p.erased_at',
  'p.created_at',
  'p.updated_at',
  'u.display_name as owner_name',
] as const;

export type ProspectListRow = Pick<
  ProspectTable,
  | 'id'
  | 'owner_id'
  | 'unit_id'
  | 'name_id'
  | 'name'
  | 'phone'
  | 'source'
  | 'grade'
  | 'score'
  | 'stage'
  | 'stage_reason'
  | 'next_follow_up'
  | 'tags'
  | 'needs'
  | 'customer_id'
  | 'erased_at'
  | 'created_at'
  | 'updated_at'
> & { owner_name: string };

const pageIds = shapedQuery<{ id: string }>();
const countRows = shapedQuery<{ n: number | string }>();
const rowsByIds = shapedQuery<ProspectListRow>();

/**
 * A page of a card list and its total, in three statements compiled once per shape: the page's ids
 * in order (a department's search reads them from an index that carries the follow-up date and the
 * id, without touching its rows), the count (only when the page does not give it), then the page's
 * rows with their owners' names. Sorting a few thousand matches by their ids alone, then reading
 * twenty rows, costs a fraction of sorting the rows themselves.
 */
export async function findProspectsPage(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: ProspectFilter & ProspectOrder & { page: number; pageSize: number },
): Promise<{ rows: ProspectListRow[]; total: number }> {
  const w = listWhere(db, tenantId, vis, f);
  return fetchPage(
    f.page,
    f.pageSize,
    async (limit, offset) => {
      const n = w.values.length;
      const ids = await pageIds(db, `${w.shape}|${f.sort}|${f.desc}`, [...w.values, limit, offset], (arg) =>
        db
          .selectFrom('prospects as p')
          .select('p.id')
          .where(w.where(arg))
          .orderBy(orderBy(f))
          .limit(sql<number>`${arg(n)}`)
          .offset(sql<number>`${arg(n + 1)}`),
      );
      if (ids.length === 0) return [];
      // By primary key alone: the ids come from the tenant's scoped query above, and with the
      // tenant's condition beside them SQLite reads the tenant's whole index instead.
      const rows = await rowsByIds(db, String(ids.length), ids.map((r) => r.id), (arg) =>
        db
          .selectFrom('prospects as p')
          .innerJoin('users as u', 'u.id', 'p.owner_id')
          .select(LIST_COLUMNS)
          .where('p.id', 'in', ids.map((_, i) => arg(i))),
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.flatMap((r) => byId.get(r.id) ?? []);
    },
    async () => {
      const r = await countRows(db, w.shape, w.values, (arg) =>
        db
          .selectFrom('prospects as p')
          .select(sql<number>`count(*)`.as('n'))
          .where(w.where(arg)),
      );
      return Number(r[0]?.n ?? 0);
    },
  );
}

/** Every card of the filters, in order, at most `limit` (the caller refuses a larger export). */
export function findProspectsForExport(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: ProspectFilter & ProspectOrder,
  limit: number,
): Promise<ProspectView[]> {
  return ordered(filtered(db, tenantId, vis, f), f).limit(limit).execute();
}

// ---- The board ------------------------------------------------------------------------------------

/** An owner's cards per stage. */
export async function countByStage(db: Queryable, tenantId: string, ownerId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('prospects')
    .select(['stage', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenant_id', '=', tenantId)
    .where('owner_id', '=', ownerId)
    .groupBy('stage')
    .execute();
  return new Map(rows.map((r) => [r.stage, Number(r.n)]));
}

/** The first `limit` cards of an owner in one stage, by next follow-up (none last). */
export function findStageColumn(db: Queryable, tenantId: string, vis: Visibility, ownerId: string, stage: string, limit: number) {
  return ordered(filtered(db, tenantId, vis, { ownerId, stages: [stage] }), { sort: 'nextFollowUp', desc: false })
    .limit(limit)
    .execute() as Promise<ProspectView[]>;
}

// ---- Activities of a card -------------------------------------------------------------------------

export async function countProspectActivities(db: Queryable, tenantId: string, prospectId: string): Promise<number> {
  const r = await db
    .selectFrom('activities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('prospect_id', '=', prospectId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A page of the activities naming the card, newest first (whoever logged them: history stays with a card). */
export function findProspectActivities(db: Queryable, tenantId: string, prospectId: string, limit: number, offset: number) {
  return db
    .selectFrom('activities as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .innerJoin('activity_types as t', 't.id', 'a.type_id')
    .leftJoin('users as p', 'p.id', 'a.partner_id')
    .select(viewColumns)
    .where('a.tenant_id', '=', tenantId)
    .where('a.prospect_id', '=', prospectId)
    .orderBy('a.occurred_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}
