import { randomInt } from 'node:crypto';
import type { Page } from '../../../contracts/common.ts';
import type { Grade } from '../../../contracts/plan100.ts';
import {
  SpotCheckOverviewSorts,
  type SpotCheck,
  type SpotCheckDetail,
  type SpotCheckItem,
  type SpotCheckListQuery,
  type SpotCheckMinePage,
  type SpotCheckOverview,
  type SpotCheckOverviewExportQuery,
  type SpotCheckOverviewQuery,
  type SpotCheckOverviewRow,
} from '../../../contracts/spot-check.ts';
import type { Actor, Ctx } from '../../access/actor.ts';
import { assertCan, can } from '../../access/permissions.ts';
import { assertUnitVisible, assertUserVisible, type Visibility } from '../../access/scope.ts';
import { newId } from '../../db/ids.ts';
import type { SpotCheckItemTable, SpotCheckTable } from '../../db/schema.ts';
import { inTx } from '../../db/tx.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../http/errors.ts';
import { businessDate, now, nowIso } from '../../lib/clock.ts';
import { maskPhone } from '../../lib/pii.ts';
import { maskPersonalNumbersInText } from '../../lib/pii-text.ts';
import { buildXlsx, type SheetColumn } from '../../lib/xlsx-export.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findTenantTimeZone } from '../attendance/config.repository.ts';
import { zonedInstant } from '../attendance/attendance.rules.ts';
import { localDateTime } from '../attendance/request-export.service.ts';
import { notify } from '../notification/notification.service.ts';
import { CARD_STANDARDS, monthOf, sampleIndices, weekOf } from './grading.rules.ts';
import * as repo from './spotcheck.repository.ts';

/**
 * Supervisor spot-checks (不定期抽查准主顾卡): the quantity and quality of each agent's cards
 * against the standard, and random samples of an agent's cards on hand reviewed with comments the
 * agent is notified of and reads. Needs prospect.spotCheck within the actor's scope; an agent reads
 * their own checks. Anything out of scope answers 404.
 */

/** Who may read checks: a spot-checker their scope, anyone else only the checks of themself. */
function checkVisibility(actor: Actor): Visibility {
  return can(actor, 'prospect.spotCheck') ? actor.visibility : { ...actor.visibility, all: false, roots: [] };
}

function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The week (Mon–Sun) and calendar month of a date, as dates and as instants in the tenant's zone. */
function periodsOf(date: string, timeZone: string) {
  const week = weekOf(date);
  const month = monthOf(date);
  const at = (d: string) => zonedInstant(d, '00:00', timeZone).toISOString();
  return {
    week,
    month,
    instants: {
      weekFrom: at(week.from),
      weekTo: at(dayAfter(week.to)),
      monthFrom: at(month.from),
      monthTo: at(dayAfter(month.to)),
    },
  };
}

function parseOverviewSort(sort: string | undefined): { sort: repo.OverviewSortKey; desc: boolean } {
  if (!sort) return { sort: 'agentName', desc: false };
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  if (!(SpotCheckOverviewSorts as readonly string[]).includes(key)) {
    throw invalid([
      {
        path: 'querystring.sort',
        message: `One of ${SpotCheckOverviewSorts.join(', ')}, "-" for descending`,
        code: 'invalid_value',
      },
    ]);
  }
  return { sort: key as repo.OverviewSortKey, desc };
}

function assertRealDate(date: string, path: string): void {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) {
    throw invalid([{ path, message: 'Not a real date', code: 'invalid' }]);
  }
}

async function overviewFilter(ctx: Ctx, q: Omit<SpotCheckOverviewQuery, 'page' | 'pageSize'>) {
  assertCan(ctx.actor, 'prospect.spotCheck');
  if (q.date) assertRealDate(q.date, 'querystring.date');
  const order = parseOverviewSort(q.sort);
  if (q.unitId) await assertUnitVisible(ctx.db, ctx.actor, q.unitId);
  const timeZone = await findTenantTimeZone(ctx.db, ctx.actor.tenantId);
  const date = q.date ?? businessDate(now(), timeZone);
  const periods = periodsOf(date, timeZone);
  const filter: repo.OverviewFilter = { unitId: q.unitId, q: q.q || undefined, ...periods.instants, ...order };
  return { filter, date, periods, timeZone };
}

function toRow(r: repo.OverviewRow): SpotCheckOverviewRow {
  return {
    agentId: r.agent_id,
    agentName: r.agent_name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    onHand: r.on_hand,
    newThisWeek: r.new_week,
    newThisMonth: r.new_month,
    meetsOnHand: r.on_hand >= CARD_STANDARDS.onHand,
    meetsMonthly: r.new_month >= CARD_STANDARDS.monthly,
    abCount: r.ab_count,
    abShare: r.on_hand > 0 ? r.ab_count / r.on_hand : null,
    lastCheckAt: r.last_check_at,
  };
}

export async function overview(ctx: Ctx, q: SpotCheckOverviewQuery): Promise<SpotCheckOverview> {
  const { filter, date, periods } = await overviewFilter(ctx, q);
  const { rows, total } = await repo.findOverviewPage(
    ctx.db,
    ctx.actor.tenantId,
    ctx.actor.visibility,
    filter,
    q.page,
    q.pageSize,
  );
  return {
    items: rows.map(toRow),
    total,
    page: q.page,
    pageSize: q.pageSize,
    date,
    weekFrom: periods.week.from,
    weekTo: periods.week.to,
    monthFrom: periods.month.from,
    monthTo: periods.month.to,
    standards: { ...CARD_STANDARDS },
  };
}

export const MAX_OVERVIEW_EXPORT_ROWS = 20_000;

function overviewColumns(timeZone: string): SheetColumn<SpotCheckOverviewRow>[] {
  const yesNo = (v: boolean, l: string) => (v ? (l === 'zh-CN' ? '达标' : 'Met') : l === 'zh-CN' ? '未达标' : 'Not met');
  return [
    { key: 'agentName', header: { 'zh-CN': '营销员', 'en-US': 'Agent' }, width: 12 },
    { key: 'unitName', header: { 'zh-CN': '团队', 'en-US': 'Team' }, width: 16 },
    { key: 'onHand', header: { 'zh-CN': '手上准主顾卡', 'en-US': 'Cards on hand' }, width: 12 },
    {
      key: 'meetsOnHand',
      header: { 'zh-CN': `保有标准（≥${CARD_STANDARDS.onHand}）`, 'en-US': `On-hand standard (≥ ${CARD_STANDARDS.onHand})` },
      width: 14,
      format: (r, l) => yesNo(r.meetsOnHand, l),
    },
    { key: 'newThisWeek', header: { 'zh-CN': '本周新增', 'en-US': 'New this week' }, width: 10 },
    { key: 'newThisMonth', header: { 'zh-CN': '本月新增', 'en-US': 'New this month' }, width: 10 },
    {
      key: 'meetsMonthly',
      header: { 'zh-CN': `月增标准（≥${CARD_STANDARDS.monthly}）`, 'en-US': `Monthly standard (≥ ${CARD_STANDARDS.monthly})` },
      width: 14,
      format: (r, l) => yesNo(r.meetsMonthly, l),
    },
    { key: 'abCount', header: { 'zh-CN': 'A/B 卡数', 'en-US': 'A/B cards' }, width: 10 },
    {
      key: 'abShare',
      header: { 'zh-CN': 'A/B 占比（%）', 'en-US': 'A/B share (%)' },
      width: 12,
      format: (r) => (r.abShare === null ? null : Math.round(r.abShare * 1000) / 10),
    },
    {
      key: 'lastCheckAt',
      header: { 'zh-CN': '最近抽查', 'en-US': 'Last spot-check' },
      width: 18,
      format: (r) => localDateTime(r.lastCheckAt, timeZone),
    },
  ];
}

export async function exportOverview(
  ctx: Ctx,
  q: SpotCheckOverviewExportQuery,
): Promise<{ buffer: Buffer; filename: string }> {
  const { lang, ...rest } = q;
  const locale = lang ?? 'zh-CN';
  const { filter, date, timeZone } = await overviewFilter(ctx, rest);
  const rows = await repo.findOverviewAll(ctx.db, ctx.actor.tenantId, ctx.actor.visibility, filter, MAX_OVERVIEW_EXPORT_ROWS + 1);
  if (rows.length > MAX_OVERVIEW_EXPORT_ROWS) {
    throw new AppError('EXPORT_TOO_LARGE', 400, `More than ${MAX_OVERVIEW_EXPORT_ROWS} agents match: narrow the unit`, {
      maxRows: MAX_OVERVIEW_EXPORT_ROWS,
    });
  }
  const zh = locale === 'zh-CN';
  const title = zh ? '准主顾卡抽查' : 'Spot-check';
  const buffer = await buildXlsx(overviewColumns(timeZone), rows.map(toRow), { locale, sheetName: title });
  return { buffer, filename: `${zh ? title : 'spot-check'}-${date}.xlsx` };
}

// ---- Checks -----------------------------------------------------------------------------------------

function toCheck(v: repo.CheckView): SpotCheck {
  return {
    id: v.id,
    agentId: v.agent_id,
    agentName: v.agent_name,
    unitId: v.unit_id,
    supervisorId: v.supervisor_id,
    supervisorName: v.supervisor_name,
    sampleSize: v.sample_size,
    itemCount: v.item_count,
    commentedCount: v.commented_count,
    unseenCount: v.unseen_count,
    createdAt: v.created_at,
  };
}

function toItem(i: repo.ItemView): SpotCheckItem {
  return {
    id: i.id,
    card: {
      prospectId: i.prospect_id,
      name: i.name,
      phone: maskPhone(i.phone),
      grade: i.grade as Grade | null,
      score: i.score,
      stage: i.stage,
      createdAt: i.created_at,
      nextFollowUp: i.next_follow_up,
    },
    comment: i.comment === null ? null : maskPersonalNumbersInText(i.comment),
    commentedAt: i.commented_at,
    seenAt: i.seen_at,
  };
}

async function detailsOf(ctx: Ctx, ids: string[]): Promise<SpotCheckDetail[]> {
  const [checks, items] = await Promise.all([
    repo.findChecksByIds(ctx.db, ctx.actor.tenantId, ids),
    repo.findItems(ctx.db, ctx.actor.tenantId, ids),
  ]);
  return checks.map((c) => ({ ...toCheck(c), items: items.filter((i) => i.spot_check_id === c.id).map(toItem) }));
}

async function detailOf(ctx: Ctx, id: string): Promise<SpotCheckDetail> {
  const [detail] = await detailsOf(ctx, [id]);
  if (!detail) throw notFound('Spot-check');
  return detail;
}

/**
 * Draws `size` cards uniformly at random (crypto random, without repetition) from the agent's
 * cards on hand; fewer when the agent has fewer. The agent must be someone else in scope (404).
 */
export async function createSpotCheck(ctx: Ctx, input: { agentId: string; size: number }): Promise<SpotCheckDetail> {
  assertCan(ctx.actor, 'prospect.spotCheck');
  if (input.agentId === ctx.actor.userId) throw forbidden('Your own cards are checked by your leader');
  await assertUserVisible(ctx.db, ctx.actor, input.agentId);
  return inTx(ctx, async (tx) => {
    const agent = await tx.db
      .selectFrom('users')
      .select(['id', 'unit_id'])
      .where('tenant_id', '=', tx.actor.tenantId)
      .where('id', '=', input.agentId)
      .executeTakeFirst();
    if (!agent) throw notFound('User');
    const cards = await repo.findCardsOnHand(tx.db, tx.actor.tenantId, agent.id);
    if (cards.length === 0) throw conflict('SPOT_CHECK_NO_CARDS', 'This agent has no cards on hand to sample');
    const picked = sampleIndices(cards.length, input.size, (max) => randomInt(max)).map((i) => cards[i]!);
    const check: SpotCheckTable = {
      id: newId(),
      tenant_id: tx.actor.tenantId,
      agent_id: agent.id,
      unit_id: agent.unit_id,
      supervisor_id: tx.actor.userId,
      sample_size: input.size,
      created_at: nowIso(),
    };
    const items: SpotCheckItemTable[] = picked.map((prospectId) => ({
      id: newId(),
      tenant_id: tx.actor.tenantId,
      spot_check_id: check.id,
      prospect_id: prospectId,
      comment: null,
      commented_at: null,
      seen_at: null,
    }));
    await repo.insertSpotCheck(tx.db, check, items);
    await recordAudit(tx, {
      entity: 'spotCheck',
      entityId: check.id,
      action: 'create',
      after: { agentId: agent.id, sampleSize: input.size, prospectIds: picked, onHand: cards.length },
      sessionNeutral: true,
    });
    return detailOf(tx, check.id);
  });
}

export async function listSpotChecks(ctx: Ctx, q: SpotCheckListQuery): Promise<Page<SpotCheck>> {
  assertCan(ctx.actor, 'prospect.spotCheck');
  if (q.agentId) await assertUserVisible(ctx.db, ctx.actor, q.agentId);
  const { rows, total } = await repo.findChecksPage(
    ctx.db,
    ctx.actor.tenantId,
    ctx.actor.visibility,
    { agentId: q.agentId },
    q.page,
    q.pageSize,
  );
  return { items: rows.map(toCheck), total, page: q.page, pageSize: q.pageSize };
}

/** One check: a spot-checker's in scope, or the agent's own. */
export async function getSpotCheck(ctx: Ctx, id: string): Promise<SpotCheckDetail> {
  assertCan(ctx.actor, 'prospect.own');
  const check = await repo.findVisibleCheck(ctx.db, ctx.actor.tenantId, id, checkVisibility(ctx.actor));
  if (!check) throw notFound('Spot-check');
  return detailOf(ctx, id);
}

/** A spot-checker comments an item (a new comment replaces the old and is unseen again); the agent is notified. */
export async function commentItem(ctx: Ctx, id: string, itemId: string, comment: string): Promise<SpotCheckDetail> {
  assertCan(ctx.actor, 'prospect.spotCheck');
  return inTx(ctx, async (tx) => {
    const check = await repo.findVisibleCheck(tx.db, tx.actor.tenantId, id, tx.actor.visibility);
    if (!check) throw notFound('Spot-check');
    if (check.agent_id === tx.actor.userId) throw forbidden('Your own checks are commented by your leader');
    const item = await repo.findItem(tx.db, tx.actor.tenantId, id, itemId);
    if (!item) throw notFound('Spot-check item');
    const at = nowIso();
    await repo.setComment(tx.db, itemId, comment, at);
    const shown = maskPersonalNumbersInText(comment);
    const card = await tx.db
      .selectFrom('prospects')
      .select('name')
      .where('id', '=', item.prospect_id)
      .executeTakeFirst();
    await notify(tx, {
      userId: check.agent_id,
      kind: 'prospect.spotCheckComment',
      title: `${tx.actor.displayName}点评了你的准主顾卡：${card?.name ?? ''}`,
      body: shown,
      link: `/todos?spotCheck=${id}`,
      params: { spotCheckId: id, itemId, prospectId: item.prospect_id, prospectName: card?.name ?? null, supervisorName: tx.actor.displayName },
    });
    await recordAudit(tx, {
      entity: 'spotCheckItem',
      entityId: itemId,
      action: 'comment',
      before: { comment: item.comment === null ? null : maskPersonalNumbersInText(item.comment) },
      after: { spotCheckId: id, prospectId: item.prospect_id, comment: shown },
      sessionNeutral: true,
    });
    return detailOf(tx, id);
  });
}

/** The agent's own received checks with items and comments, newest first. */
export async function mySpotChecks(ctx: Ctx, q: { page: number; pageSize: number }): Promise<SpotCheckMinePage> {
  assertCan(ctx.actor, 'prospect.own');
  const { tenantId, userId } = ctx.actor;
  const { rows, total } = await repo.findMineIds(ctx.db, tenantId, userId, q.page, q.pageSize);
  const [items, unseenCount] = await Promise.all([detailsOf(ctx, rows), repo.countUnseen(ctx.db, tenantId, userId)]);
  return { items, total, page: q.page, pageSize: q.pageSize, unseenCount };
}

/** The agent marks the comments of one of their checks seen. */
export async function markSpotCheckSeen(ctx: Ctx, id: string): Promise<SpotCheckDetail> {
  assertCan(ctx.actor, 'prospect.own');
  return inTx(ctx, async (tx) => {
    const check = await repo.findVisibleCheck(tx.db, tx.actor.tenantId, id, checkVisibility(tx.actor));
    if (!check) throw notFound('Spot-check');
    if (check.agent_id !== tx.actor.userId) throw forbidden('Only the agent checked marks the comments seen');
    const seen = await repo.markSeen(tx.db, tx.actor.tenantId, id, nowIso());
    if (seen > 0) {
      await recordAudit(tx, { entity: 'spotCheck', entityId: id, action: 'seen', after: { items: seen }, sessionNeutral: true });
    }
    return detailOf(tx, id);
  });
}
