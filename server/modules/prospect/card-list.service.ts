import type { Page } from '../../../contracts/common.ts';
import { ProspectSorts, type ProspectListItem, type ProspectListQuery } from '../../../contracts/prospect.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan, can } from '../../access/permissions.ts';
import { scopeKey, unitAccess, userVisible } from '../../access/scope-memo.ts';
import type { Visibility } from '../../access/scope.ts';
import { sessionGeneration } from '../../http/auth.ts';
import { invalid, notFound } from '../../http/errors.ts';
import type { Answer } from '../../lib/answer-cache.ts';
import { isRealDate } from '../activity/periods.ts';
import { cardListAnswers, cardListTags } from './card-list.cache.ts';
import * as repo from './card.repository.ts';
import { readVisibility, toProspectListItem } from './card.service.ts';

/**
 * Card lists: an agent's own cards, and a lead's cards of their scope, a unit or an agent, with
 * filters, a name prefix and an order. Served from a cache that a write to any card the list may
 * hold empties at once (card-list.cache.ts).
 */

export function parseProspectSort(sort: string | undefined): repo.ProspectOrder {
  if (!sort) return { sort: 'nextFollowUp', desc: false };
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  if (!(ProspectSorts as readonly string[]).includes(key))
    throw invalid([{ path: 'querystring.sort', message: `One of ${ProspectSorts.join(', ')}`, code: 'invalid_value' }]);
  return { sort: key as repo.ProspectSortKey, desc };
}

/** The list's filters, checked: an owner or unit out of scope is a 404 like any other id. */
export function prospectFilter(ctx: Ctx, q: Omit<ProspectListQuery, 'page' | 'pageSize'>): Promise<repo.ProspectFilter> {
  const vis = readVisibility(ctx.actor);
  return checkedFilter(ctx, vis, scopeKey(vis, ctx.actor.unitId), q);
}

async function checkedFilter(
  ctx: Ctx,
  vis: Visibility,
  scope: string,
  q: Omit<ProspectListQuery, 'page' | 'pageSize'>,
): Promise<repo.ProspectFilter> {
  const { actor } = ctx;
  let unitCoversScope = false;
  if (q.unitId) {
    const access = await unitAccess(ctx, vis, scope, q.unitId);
    if (access === 'hidden') throw notFound('Unit');
    unitCoversScope = access === 'covered';
  }
  if (q.ownerId && q.ownerId !== actor.userId) {
    if (!can(actor, 'prospect.read') || !(await userVisible(ctx, scope, q.ownerId))) throw notFound('User');
  }
  if (q.followUpBefore && !isRealDate(q.followUpBefore))
    throw invalid([{ path: 'querystring.followUpBefore', message: 'Expected a real date', code: 'invalid_date' }]);
  return {
    ownerId: q.ownerId,
    unitId: q.unitId,
    grades: q.grade,
    stages: q.stage,
    q: q.q,
    followUpBefore: q.followUpBefore,
    unitCoversScope,
  };
}

/** A list query checked (403, 400, 404) once, with the reader's scope it is read in. */
interface CheckedList {
  vis: Visibility;
  scope: string;
  filter: repo.ProspectFilter;
  order: repo.ProspectOrder;
  q: ProspectListQuery;
}

async function checkedList(ctx: Ctx, q: ProspectListQuery): Promise<CheckedList> {
  assertCan(ctx.actor, 'prospect.own');
  const order = parseProspectSort(q.sort);
  const vis = readVisibility(ctx.actor);
  const scope = scopeKey(vis, ctx.actor.unitId);
  return { vis, scope, order, q, filter: await checkedFilter(ctx, vis, scope, q) };
}

async function pageOf(ctx: Ctx, { vis, filter, order, q }: CheckedList): Promise<Page<ProspectListItem>> {
  const { rows, total } = await repo.findProspectsPage(ctx.db, ctx.actor.tenantId, vis, {
    ...filter,
    ...order,
    page: q.page,
    pageSize: q.pageSize,
  });
  return { items: rows.map(toProspectListItem), total, page: q.page, pageSize: q.pageSize };
}

/** A page of cards computed from the database (no cache). */
export async function computeProspectPage(ctx: Ctx, q: ProspectListQuery): Promise<Page<ProspectListItem>> {
  return pageOf(ctx, await checkedList(ctx, q));
}

/** The page as served: checked at once (400, 404), then the cached answer of the reader's scope and query. */
export async function prospectPageJson(ctx: Ctx, q: ProspectListQuery): Promise<Answer> {
  const list = await checkedList(ctx, q);
  const { filter, order } = list;
  const key = [
    'cards',
    sessionGeneration(),
    list.scope,
    filter.ownerId ?? '',
    filter.unitId ?? '',
    filter.grades?.join(',') ?? '',
    filter.stages?.join(',') ?? '',
    filter.followUpBefore ?? '',
    order.sort,
    order.desc ? 1 : 0,
    q.page,
    q.pageSize,
    // Last: the one part a reader types freely.
    filter.q ?? '',
  ].join('|');
  return cardListAnswers.get(key, {
    tags: cardListTags(list.vis, filter),
    fresh: true,
    compute: async () => ({ body: Buffer.from(JSON.stringify(await pageOf(ctx, list))) }),
  });
}
