import { sql } from 'kysely';
import { ownedRowVisible, type Visibility } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';
import { fetchPage } from '../../db/paging.ts';
import type { SpotCheckItemTable, SpotCheckTable } from '../../db/schema.ts';
import { CLOSED_STAGES } from './grading.rules.ts';

/** Spot-checks: the per-agent card figures, samples of cards on hand, their items and comments. */

export type OverviewSortKey = 'agentName' | 'onHand' | 'newThisWeek' | 'newThisMonth' | 'abShare' | 'lastCheckAt';

export interface OverviewFilter {
  unitId?: string | undefined;
  q?: string | undefined;
  /** Instants bounding the week and the month: [from, to). */
  weekFrom: string;
  weekTo: string;
  monthFrom: string;
  monthTo: string;
  sort: OverviewSortKey;
  desc: boolean;
}

export interface OverviewRow {
  agent_id: string;
  agent_name: string;
  unit_id: string;
  unit_name: string;
  on_hand: number;
  new_week: number;
  new_month: number;
  ab_count: number;
  last_check_at: string | null;
}

const closed = sql.join(CLOSED_STAGES.map((s) => sql.lit(s)));
const onHandCase = sql`p.stage not in (${closed}) and p.erased_at is null`;

function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}

/** The agents of the overview: active agents in the reader's scope (under unitId's subtree). */
function agents(db: Queryable, tenantId: string, vis: Visibility, f: OverviewFilter) {
  let q = db
    .selectFrom('users as u')
    .innerJoin('org_units as ou', 'ou.id', 'u.unit_id')
    .where('u.tenant_id', '=', tenantId)
    .where('u.status', '=', 'active')
    .where('u.role', '=', 'agent')
    .where(ownedRowVisible(vis, 'u.id', 'u.unit_id'));
  if (f.unitId) {
    const unitId = f.unitId;
    q = q.where('u.unit_id', 'in', (eb) =>
      eb.selectFrom('org_unit_closure').select('descendant_id').where('ancestor_id', '=', unitId),
    );
  }
  if (f.q) {
    const like = likeContains(f.q);
    q = q.where((eb) => eb(sql`lower(u.display_name)`, 'like', sql<string>`${like} escape '\\'`));
  }
  return q;
}

function withFigures(db: Queryable, tenantId: string, vis: Visibility, f: OverviewFilter) {
  // Cards are counted for the owners in scope only (the same condition on the cards' own columns,
  // read through their unit index), grouped by owner.
  let cards = db
    .selectFrom('prospects as p')
    .where('p.tenant_id', '=', tenantId)
    .where(ownedRowVisible(vis, 'p.owner_id', 'p.unit_id'));
  if (f.unitId) {
    const unitId = f.unitId;
    cards = cards.where('p.unit_id', 'in', (eb) =>
      eb.selectFrom('org_unit_closure').select('descendant_id').where('ancestor_id', '=', unitId),
    );
  }
  const figures = cards
    .groupBy('p.owner_id')
    .select([
      'p.owner_id',
      sql<number>`sum(case when ${onHandCase} then 1 else 0 end)`.as('on_hand'),
      sql<number>`sum(case when ${onHandCase} and p.grade in ('A', 'B') then 1 else 0 end)`.as('ab_count'),
      sql<number>`sum(case when p.created_at >= ${f.weekFrom} and p.created_at < ${f.weekTo} then 1 else 0 end)`.as(
        'new_week',
      ),
      sql<number>`sum(case when p.created_at >= ${f.monthFrom} and p.created_at < ${f.monthTo} then 1 else 0 end)`.as(
        'new_month',
      ),
    ])
    .as('c');
  const checks = db
    .selectFrom('spot_checks')
    .where('tenant_id', '=', tenantId)
    .groupBy('agent_id')
    .select(['agent_id', sql<string>`max(created_at)`.as('last_at')])
    .as('s');
  return agents(db, tenantId, vis, f)
    .leftJoin(figures, 'c.owner_id', 'u.id')
    .leftJoin(checks, 's.agent_id', 'u.id')
    .select([
      'u.id as agent_id',
      'u.display_name as agent_name',
      'u.unit_id as unit_id',
      'ou.name as unit_name',
      sql<number>`coalesce(c.on_hand, 0)`.as('on_hand'),
      sql<number>`coalesce(c.new_week, 0)`.as('new_week'),
      sql<number>`coalesce(c.new_month, 0)`.as('new_month'),
      sql<number>`coalesce(c.ab_count, 0)`.as('ab_count'),
      's.last_at as last_check_at',
    ]);
}

function ordered<Q extends ReturnType<typeof withFigures>>(q: Q, f: OverviewFilter) {
  const dir = f.desc ? 'desc' : 'asc';
  const key = {
    agentName: sql`u.display_name`,
    onHand: sql`coalesce(c.on_hand, 0)`,
    newThisWeek: sql`coalesce(c.new_week, 0)`,
    newThisMonth: sql`coalesce(c.new_month, 0)`,
    // Agents without cards on hand sort below every share.
    abShare: sql`case when coalesce(c.on_hand, 0) > 0 then 1.0 * c.ab_count / c.on_hand else -1 end`,
    lastCheckAt: sql`coalesce(s.last_at, '')`,
  }[f.sort];
  return q.orderBy(key, dir).orderBy('u.display_name', dir).orderBy('u.id', dir);
}

function normalise(r: OverviewRow): OverviewRow {
  return {
    ...r,
    on_hand: toNumber(r.on_hand),
    new_week: toNumber(r.new_week),
    new_month: toNumber(r.new_month),
    ab_count: toNumber(r.ab_count),
  };
}

export async function findOverviewPage(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: OverviewFilter,
  page: number,
  pageSize: number,
): Promise<{ rows: OverviewRow[]; total: number }> {
  const { rows, total } = await fetchPage(
    page,
    pageSize,
    (limit, offset) =>
      ordered(withFigures(db, tenantId, vis, f), f).limit(limit).offset(offset).execute() as Promise<OverviewRow[]>,
    async () => {
      const r = await agents(db, tenantId, vis, f)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return toNumber(r.n);
    },
  );
  return { rows: rows.map(normalise), total };
}

export async function findOverviewAll(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: OverviewFilter,
  limit: number,
): Promise<OverviewRow[]> {
  const rows = (await ordered(withFigures(db, tenantId, vis, f), f).limit(limit).execute()) as OverviewRow[];
  return rows.map(normalise);
}

// ---- Samples ----------------------------------------------------------------------------------------

/** Ids of an agent's cards on hand, in a fixed order (the sample draws indices into it). */
export async function findCardsOnHand(db: Queryable, tenantId: string, agentId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('prospects')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('owner_id', '=', agentId)
    .where('stage', 'not in', [...CLOSED_STAGES])
    .where('erased_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function insertSpotCheck(db: Queryable, check: SpotCheckTable, items: SpotCheckItemTable[]): Promise<void> {
  await db.insertInto('spot_checks').values(check).execute();
  for (let i = 0; i < items.length; i += 100) {
    await db.insertInto('spot_check_items').values(items.slice(i, i + 100)).execute();
  }
}

export interface CheckView extends SpotCheckTable {
  agent_name: string;
  supervisor_name: string;
  item_count: number;
  commented_count: number;
  unseen_count: number;
}

function checkViews(db: Queryable, tenantId: string) {
  return db
    .selectFrom('spot_checks as sc')
    .innerJoin('users as a', 'a.id', 'sc.agent_id')
    .innerJoin('users as s', 's.id', 'sc.supervisor_id')
    .where('sc.tenant_id', '=', tenantId)
    .selectAll('sc')
    .select([
      'a.display_name as agent_name',
      's.display_name as supervisor_name',
      sql<number>`(select count(*) from spot_check_items i where i.spot_check_id = sc.id)`.as('item_count'),
      sql<number>`(select count(*) from spot_check_items i where i.spot_check_id = sc.id and i.comment is not null)`.as(
        'commented_count',
      ),
      sql<number>`(select count(*) from spot_check_items i where i.spot_check_id = sc.id and i.comment is not null and i.seen_at is null)`.as(
        'unseen_count',
      ),
    ]);
}

function normaliseCheck(r: CheckView): CheckView {
  return {
    ...r,
    item_count: toNumber(r.item_count),
    commented_count: toNumber(r.commented_count),
    unseen_count: toNumber(r.unseen_count),
  };
}

/** Checks whose agent the reader may see (the agent's team of the check or the agent themself). */
export async function findChecksPage(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: { agentId?: string | undefined },
  page: number,
  pageSize: number,
): Promise<{ rows: CheckView[]; total: number }> {
  const base = () => {
    let q = db
      .selectFrom('spot_checks as sc')
      .where('sc.tenant_id', '=', tenantId)
      .where(ownedRowVisible(vis, 'sc.agent_id', 'sc.unit_id'));
    if (f.agentId) q = q.where('sc.agent_id', '=', f.agentId);
    return q;
  };
  const { rows, total } = await fetchPage(
    page,
    pageSize,
    async (limit, offset) => {
      const ids = await base().select('sc.id').orderBy('sc.created_at', 'desc').orderBy('sc.id', 'desc').limit(limit).offset(offset).execute();
      return findChecksByIds(db, tenantId, ids.map((r) => r.id));
    },
    async () => toNumber((await base().select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  );
  return { rows, total };
}

export async function findChecksByIds(db: Queryable, tenantId: string, ids: string[]): Promise<CheckView[]> {
  if (ids.length === 0) return [];
  const rows = (await checkViews(db, tenantId).where('sc.id', 'in', ids).execute()) as CheckView[];
  const byId = new Map(rows.map((r) => [r.id, normaliseCheck(r)]));
  return ids.map((id) => byId.get(id)).filter((r): r is CheckView => r !== undefined);
}

/** Every check of the list (its scope, agent filter and order) with its team's name, at most `limit` (an export). */
export async function findChecksForExport(
  db: Queryable,
  tenantId: string,
  vis: Visibility,
  f: { agentId?: string | undefined },
  limit: number,
): Promise<(CheckView & { unit_name: string | null })[]> {
  let q = checkViews(db, tenantId)
    .leftJoin('org_units as ou', 'ou.id', 'sc.unit_id')
    .select('ou.name as unit_name')
    .where(ownedRowVisible(vis, 'sc.agent_id', 'sc.unit_id'));
  if (f.agentId) q = q.where('sc.agent_id', '=', f.agentId);
  const rows = await q.orderBy('sc.created_at', 'desc').orderBy('sc.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...normaliseCheck(r as CheckView), unit_name: r.unit_name }));
}

/** One check the reader may see. */
export async function findVisibleCheck(
  db: Queryable,
  tenantId: string,
  id: string,
  vis: Visibility,
): Promise<SpotCheckTable | undefined> {
  return db
    .selectFrom('spot_checks as sc')
    .selectAll('sc')
    .where('sc.tenant_id', '=', tenantId)
    .where('sc.id', '=', id)
    .where(ownedRowVisible(vis, 'sc.agent_id', 'sc.unit_id'))
    .executeTakeFirst();
}

export interface ItemView {
  id: string;
  spot_check_id: string;
  prospect_id: string;
  comment: string | null;
  commented_at: string | null;
  seen_at: string | null;
  name: string;
  phone: string | null;
  grade: string | null;
  score: number | null;
  stage: string;
  created_at: string;
  next_follow_up: string | null;
}

/** The items of checks with their cards' summaries, in the order drawn. */
export function findItems(db: Queryable, tenantId: string, checkIds: string[]): Promise<ItemView[]> {
  if (checkIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('spot_check_items as i')
    .innerJoin('prospects as p', 'p.id', 'i.prospect_id')
    .where('i.tenant_id', '=', tenantId)
    .where('i.spot_check_id', 'in', checkIds)
    .select([
      'i.id',
      'i.spot_check_id',
      'i.prospect_id',
      'i.comment',
      'i.commented_at',
      'i.seen_at',
      'p.name',
      'p.phone',
      'p.grade',
      'p.score',
      'p.stage',
      'p.created_at',
      'p.next_follow_up',
    ])
    .orderBy('i.id')
    .execute();
}

export function findItem(
  db: Queryable,
  tenantId: string,
  checkId: string,
  itemId: string,
): Promise<SpotCheckItemTable | undefined> {
  return db
    .selectFrom('spot_check_items')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('spot_check_id', '=', checkId)
    .where('id', '=', itemId)
    .executeTakeFirst();
}

export async function setComment(db: Queryable, itemId: string, comment: string, at: string): Promise<void> {
  await db
    .updateTable('spot_check_items')
    .set({ comment, commented_at: at, seen_at: null })
    .where('id', '=', itemId)
    .execute();
}

/** Marks the commented, unseen items of a check seen; returns how many. */
export async function markSeen(db: Queryable, tenantId: string, checkId: string, at: string): Promise<number> {
  const r = await db
    .updateTable('spot_check_items')
    .set({ seen_at: at })
    .where('tenant_id', '=', tenantId)
    .where('spot_check_id', '=', checkId)
    .where('comment', 'is not', null)
    .where('seen_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** An agent's own checks, newest first. */
export async function findMineIds(
  db: Queryable,
  tenantId: string,
  agentId: string,
  page: number,
  pageSize: number,
): Promise<{ rows: string[]; total: number }> {
  const base = () => db.selectFrom('spot_checks').where('tenant_id', '=', tenantId).where('agent_id', '=', agentId);
  return fetchPage(
    page,
    pageSize,
    async (limit, offset) =>
      (await base().select('id').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute()).map(
        (r) => r.id,
      ),
    async () => toNumber((await base().select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  );
}

export async function countUnseen(db: Queryable, tenantId: string, agentId: string): Promise<number> {
  const r = await db
    .selectFrom('spot_check_items as i')
    .innerJoin('spot_checks as sc', 'sc.id', 'i.spot_check_id')
    .where('sc.tenant_id', '=', tenantId)
    .where('sc.agent_id', '=', agentId)
    .where('i.comment', 'is not', null)
    .where('i.seen_at', 'is', null)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return toNumber(r.n);
}
