import { sql, type Kysely, type SqlBool } from 'kysely';
import { ownedRowVisible, type Visibility } from '../../access/scope.ts';
import { planEachTime, type Queryable } from '../../db/database.ts';
import { dialectOf } from '../../db/dialect.ts';
import { fetchPage } from '../../db/paging.ts';
import type { PlanNameTable, ProspectStageChangeTable, ProspectTable } from '../../db/schema.ts';
import { viewColumns } from '../activity/entry.repository.ts';
import { inSubtree, locksRows } from '../activity/person.repository.ts';

/** Prospect cards (准主顾卡): all their SQL. Every read is filtered by tenant and the reader's scope. */

export type ProspectView = ProspectTable & { owner_name: string };

function withOwner(db: Queryable, tenantId: string, vis: Visibility) {
  return db
    .selectFrom('prospects as p')
    .innerJoin('users as u', 'u.id', 'p.owner_id')
    .selectAll('p')
    .select('u.display_name as owner_name')
    .where('p.tenant_id', '=', tenantId)
    .where(ownedRowVisible(vis, 'p.owner_id', 'p.unit_id'));
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
  return withOwner(db, tenantId, vis).where('p.id', '=', id).executeTakeFirst() as Promise<ProspectView | undefined>;
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

function likePrefix(text: string): string {
  return `${text.replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`;
}

function filtered(db: Queryable, tenantId: string, vis: Visibility, f: ProspectFilter) {
  let q = withOwner(db, tenantId, vis);
  if (f.ownerId) q = q.where('p.owner_id', '=', f.ownerId);
  if (f.unitId) q = q.where(inSubtree('p.unit_id', f.unitId));
  if (f.grades && f.grades.length > 0) q = q.where('p.grade', 'in', f.grades);
  if (f.stages && f.stages.length > 0) q = q.where('p.stage', 'in', f.stages);
  if (f.q) {
    q = q.where(sql<SqlBool>`p.name like ${likePrefix(f.q)} escape '\\'`);
    // SQLite compares text by its bytes: the prefix is also a range of the (unit, name) index.
    // PostgreSQL's collations give LIKE no such range; its pattern-ops index serves LIKE once the
    // statement is planned with the prefix itself (a prepared statement's generic plan is not).
    if (dialectOf(db as unknown as Kysely<unknown>) === 'sqlite') q = q.where('p.name', '>=', f.q).where('p.name', '<', `${f.q}\u{10FFFF}`);
    else q = q.modifyEnd(planEachTime);
  }
  if (f.followUpBefore) q = q.where('p.next_follow_up', '<=', f.followUpBefore);
  return q;
}

function ordered<Q extends ReturnType<typeof filtered>>(q: Q, o: ProspectOrder): Q {
  const col = SORT_COLUMNS[o.sort];
  const dir = o.desc ? 'desc' : 'asc';
  // Cards without a follow-up date (or grade) come last whichever the direction, on both databases.
  const nullable = o.sort === 'nextFollowUp' || o.sort === 'grade';
  let out = q;
  if (nullable) out = out.orderBy(sql`case when ${sql.ref(col)} is null then 1 else 0 end`) as Q;
  return out.orderBy(sql.ref(col), dir).orderBy('p.id', dir) as Q;
}

export async function findProspectsPage(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: ProspectFilter & ProspectOrder & { page: number; pageSize: number },
): Promise<{ rows: ProspectView[]; total: number }> {
  return fetchPage(
    f.page,
    f.pageSize,
    (limit, offset) => ordered(filtered(db, tenantId, vis, f), f).limit(limit).offset(offset).execute() as Promise<ProspectView[]>,
    async () => {
      const r = await filtered(db, tenantId, vis, f)
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
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
