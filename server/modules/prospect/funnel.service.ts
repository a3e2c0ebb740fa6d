import {
  FunnelDaysStages,
  FunnelRateStages,
  ProspectMainStages,
  ProspectStages,
  type FunnelFigures,
  type FunnelSort,
  type ProspectFunnel,
  type ProspectFunnelExportQuery,
  type ProspectFunnelQuery,
  type ProspectStage,
} from '../../../contracts/prospect.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan, can } from '../../access/permissions.ts';
import { scopeKey, unitAccess } from '../../access/scope-memo.ts';
import { newId } from '../../db/ids.ts';
import { invalid, notFound } from '../../http/errors.ts';
import { sessionMemo } from '../../http/session-memo.ts';
import type { Answer } from '../../lib/answer-cache.ts';
import { businessDate, now, nowIso } from '../../lib/clock.ts';
import { buildXlsx, type Locale, type SheetColumn } from '../../lib/xlsx-export.ts';
import { namesOf } from '../activity/person.repository.ts';
import { isRealDate, MAX_RANGE_DAYS } from '../activity/periods.ts';
import { addDays, daysBetween, zonedInstant } from '../attendance/attendance.rules.ts';
import { findTenantTimeZone } from '../attendance/config.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { readVisibility } from './card.service.ts';
import { funnelAnswers, funnelBoundOf, funnelGeneration, funnelTag } from './funnel.cache.ts';
import * as repo from './funnel.repository.ts';
import { funnelFigures, periodEnd, stageVisits, type StageVisit } from './prospect.rules.ts';

/**
 * Funnel figures of a period (销售漏斗): read from the stage moves of the period, filed under the
 * owner's team of the day. Totals for the unit, one row per agent, one per direct sub-team.
 *
 * The full row set of a (scope form, unit, period) is computed once and kept in the funnel cache
 * (funnel.cache.ts); the pages of agent rows — sorted, searched — are cut from it and kept too.
 * An answer carries the totals, every team row (a few) and one page of agents: a department of
 * 500 agents answers in a few kilobytes. The export takes every row from the same full set.
 */

export const STAGE_LABELS: Record<ProspectStage, Record<Locale, string>> = {
  lead: { 'zh-CN': '线索', 'en-US': 'Lead' },
  appointment: { 'zh-CN': '约访', 'en-US': 'Appointment' },
  needsAnalysis: { 'zh-CN': '需求分析', 'en-US': 'Needs analysis' },
  proposal: { 'zh-CN': '建议书', 'en-US': 'Proposal' },
  closing: { 'zh-CN': '促成', 'en-US': 'Closing' },
  signed: { 'zh-CN': '签单', 'en-US': 'Signed' },
  paused: { 'zh-CN': '暂缓', 'en-US': 'Paused' },
  lost: { 'zh-CN': '流失', 'en-US': 'Lost' },
};

function checkPeriod(from: string, to: string): void {
  const errors = [];
  if (!isRealDate(from)) errors.push({ path: 'querystring.from', message: 'Expected a real date', code: 'invalid_date' });
  if (!isRealDate(to)) errors.push({ path: 'querystring.to', message: 'Expected a real date', code: 'invalid_date' });
  if (errors.length > 0) throw invalid(errors);
  if (from > to) throw invalid([{ path: 'querystring.to', message: 'Must not be before from', code: 'order' }]);
  if (daysBetween(from, to) >= MAX_RANGE_DAYS)
    throw invalid([{ path: 'querystring.to', message: `At most ${MAX_RANGE_DAYS} days`, code: 'too_long' }]);
}

// ---- The full row set ----------------------------------------------------------------------------

type AgentRow = ProspectFunnel['agents'][number];
type TeamRow = ProspectFunnel['teams'][number];

interface FullAgentRow extends AgentRow {
  /** Lower-case name, for `q`. */
  search: string;
  /** Position in the default order (by name). */
  order: number;
}

/** Everything of a funnel but the paging: what the cache keeps, pages are cut from. */
export interface FullFunnel {
  from: string;
  to: string;
  unitId: string | null;
  unitName: string | null;
  totals: FunnelFigures;
  /** By name. */
  agents: FullAgentRow[];
  /** As the org chart. */
  teams: TeamRow[];
}

const collator = new Intl.Collator('zh-CN');

/** The funnel of a unit (null: the reader's own cards) and period, every row, computed afresh. */
export async function buildFullFunnel(
  ctx: Ctx,
  p: { unitId: string | null; from: string; to: string; timeZone: string },
): Promise<FullFunnel> {
  const { actor } = ctx;
  const { tenantId } = actor;
  const lead = can(actor, 'prospect.read');
  const fromIso = zonedInstant(p.from, '00:00', p.timeZone).toISOString();
  const toIso = zonedInstant(addDays(p.to, 1), '00:00', p.timeZone).toISOString();
  const [moves, subTeams, unit] = await Promise.all([
    repo.findStageMoves(ctx.db, tenantId, readVisibility(actor), { unitId: p.unitId, fromIso, toIso }),
    p.unitId && lead ? repo.findSubTeams(ctx.db, tenantId, p.unitId) : Promise.resolve([]),
    p.unitId ? repo.findUnitName(ctx.db, tenantId, p.unitId) : Promise.resolve(undefined),
  ]);
  const visits = stageVisits(moves, periodEnd(toIso, nowIso()));

  // Each visit once into its owner's list and its team's (the direct sub-team whose subtree holds
  // the unit it was filed under).
  const teamOf = new Map<string, number>();
  subTeams.forEach((t, i) => {
    for (const id of t.descendants) teamOf.set(id, i);
  });
  const byTeam: StageVisit[][] = subTeams.map(() => []);
  const byOwner = new Map<string, StageVisit[]>();
  for (const v of visits) {
    const list = byOwner.get(v.ownerId);
    if (list) list.push(v);
    else byOwner.set(v.ownerId, [v]);
    const team = teamOf.get(v.unitId);
    if (team !== undefined) byTeam[team]!.push(v);
  }
  const names = await namesOf(ctx.db, tenantId, [...byOwner.keys()]);
  const agents: FullAgentRow[] = [...byOwner.entries()]
    .map(([userId, list]) => {
      const name = names.get(userId) ?? '';
      return { userId, name, ...funnelFigures(list), search: name.toLowerCase(), order: 0 };
    })
    .sort((a, b) => collator.compare(a.name, b.name) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  agents.forEach((r, i) => (r.order = i));
  return {
    from: p.from,
    to: p.to,
    unitId: unit?.id ?? null,
    unitName: unit?.name ?? null,
    totals: funnelFigures(visits),
    agents,
    teams: subTeams.map((t, i) => ({ unitId: t.id, name: t.name, ...funnelFigures(byTeam[i]!) })),
  };
}

// ---- Paging, sorting, searching ------------------------------------------------------------------

export interface FunnelCut {
  sort?: FunnelSort | `-${FunnelSort}` | undefined;
  q?: string | undefined;
}

const stageFigure = (r: FunnelFigures, stage: ProspectStage) => r.stages.find((s) => s.stage === stage);

const SORT_VALUE: Record<FunnelSort, (r: FunnelFigures & { name: string }) => number | string | null> = {
  name: (r) => r.name,
  cards: (r) => r.cards,
  signed: (r) => stageFigure(r, 'signed')?.reached ?? 0,
  overallRate: (r) => r.overallRate,
  lost: (r) => r.lost.count,
  paused: (r) => r.paused.count,
  ...(Object.fromEntries(
    FunnelRateStages.map((s) => [`${s}Rate`, (r: FunnelFigures) => stageFigure(r, s)?.conversionRate ?? null]),
  ) as Record<`${(typeof FunnelRateStages)[number]}Rate`, (r: FunnelFigures) => number | null>),
  ...(Object.fromEntries(
    FunnelDaysStages.map((s) => [`${s}Days`, (r: FunnelFigures) => stageFigure(r, s)?.avgDays ?? null]),
  ) as Record<`${(typeof FunnelDaysStages)[number]}Days`, (r: FunnelFigures) => number | null>),
};

/** Rows in the order of `sort` (no value last either way; ties in the default order, given by `order`). */
function sortRows<R extends FunnelFigures & { name: string }>(
  rows: R[],
  sort: FunnelCut['sort'],
  order: (r: R) => number,
): R[] {
  if (!sort) return rows.sort((a, b) => order(a) - order(b));
  const desc = sort.startsWith('-');
  const value = SORT_VALUE[(desc ? sort.slice(1) : sort) as FunnelSort];
  const dir = desc ? -1 : 1;
  return rows.sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else if (va !== vb) {
      const c = typeof va === 'string' ? collator.compare(va, vb as string) : va - (vb as number);
      if (c !== 0) return c * dir;
    }
    return order(a) - order(b);
  });
}

/** The agent rows matching q, in the asked order. */
export function cutAgents(full: FullFunnel, cut: FunnelCut): FullAgentRow[] {
  const q = cut.q?.trim().toLowerCase();
  const rows = q ? full.agents.filter((r) => r.search.includes(q)) : [...full.agents];
  return sortRows(rows, cut.sort, (r) => r.order);
}

/** Every team row, in the asked order (default: as the org chart). */
export function sortedTeams(full: FullFunnel, sort: FunnelCut['sort']): TeamRow[] {
  if (!sort) return full.teams;
  const order = new Map(full.teams.map((t, i) => [t, i]));
  return sortRows([...full.teams], sort, (t) => order.get(t)!);
}

function strip(r: FullAgentRow): AgentRow {
  const { search: _s, order: _o, ...row } = r;
  return row;
}

/** One page of the agent rows, with the totals and every team row. */
export function pageOf(
  full: FullFunnel,
  q: FunnelCut & { page: number; pageSize: number; rows?: 'agents' | 'teams' | 'both' | undefined },
): ProspectFunnel {
  const rows = cutAgents(full, q);
  const start = (q.page - 1) * q.pageSize;
  const which = q.rows ?? 'both';
  return {
    from: full.from,
    to: full.to,
    unitId: full.unitId,
    unitName: full.unitName,
    totals: full.totals,
    agents: which === 'teams' ? [] : rows.slice(start, start + q.pageSize).map(strip),
    total: rows.length,
    page: q.page,
    pageSize: q.pageSize,
    teams: which === 'agents' ? [] : sortedTeams(full, q.sort),
    teamTotal: full.teams.length,
  };
}

// ---- Serving ------------------------------------------------------------------------------------------

interface Resolved {
  /** The unit asked for, else the lead's own; null: an agent's own cards. */
  unitId: string | null;
  from: string;
  to: string;
  timeZone: string;
  key: string;
  tags: string[];
  /** The answer's staleness bound (a closed period's is longer). */
  maxAgeMs: number | undefined;
}

const zoneMemo = sessionMemo<string>(5_000);

async function timeZoneOf(ctx: Ctx): Promise<string> {
  const { tenantId } = ctx.actor;
  return zoneMemo(tenantId, () => findTenantTimeZone(ctx.db, tenantId));
}

/** Checks the query (400, 404 out of scope) and names the cached answer of the reader's scope form, unit and period. */
async function resolve(ctx: Ctx, q: { unitId?: string | undefined; from: string; to: string }): Promise<Resolved> {
  const { actor } = ctx;
  assertCan(actor, 'prospect.own');
  checkPeriod(q.from, q.to);
  const vis = readVisibility(actor);
  const lead = can(actor, 'prospect.read');
  const scope = scopeKey(vis, actor.unitId, lead ? 'lead' : '');
  if (q.unitId && (await unitAccess(ctx, vis, scope, q.unitId)) === 'hidden') throw notFound('Unit');
  const timeZone = await timeZoneOf(ctx);
  // An agent's funnel is their own; a lead's defaults to their own unit (within their scope).
  const unitId = q.unitId ?? (lead ? actor.unitId : null);
  return {
    unitId,
    from: q.from,
    to: q.to,
    timeZone,
    key: `funnel|${funnelGeneration(actor.tenantId)}|${scope}|${unitId ?? ''}|${q.from}|${q.to}`,
    tags: [funnelTag(actor.tenantId)],
    maxAgeMs: funnelBoundOf(q.to, businessDate(now(), timeZone)),
  };
}

/** Full sets by the body of their answer (an answer's body never changes): parsed once, or never. */
const parsed = new WeakMap<Buffer, FullFunnel>();

function fullOf(answer: Answer): FullFunnel {
  let f = parsed.get(answer.body);
  if (!f) {
    f = JSON.parse(answer.body.toString()) as FullFunnel;
    parsed.set(answer.body, f);
  }
  return f;
}

/** The full set; `fresh`: not a stale one (a page computed from it, an export). */
function fullAnswer(ctx: Ctx, r: Resolved, fresh: boolean): Promise<Answer> {
  return funnelAnswers.get(r.key, {
    tags: r.tags,
    fresh,
    maxAgeMs: r.maxAgeMs,
    compute: async () => {
      const full = await buildFullFunnel(ctx, r);
      const body = Buffer.from(JSON.stringify(full));
      parsed.set(body, full);
      return { body };
    },
  });
}

/** The funnel as served: checked at once, then the cached page of the scope's full set. */
export async function funnelJson(ctx: Ctx, q: ProspectFunnelQuery): Promise<Answer> {
  const r = await resolve(ctx, q);
  return funnelAnswers.get(`${r.key}|${q.sort ?? ''}|${q.page}|${q.pageSize}|${q.rows ?? 'both'}|${q.q ?? ''}`, {
    tags: r.tags,
    maxAgeMs: r.maxAgeMs,
    compute: async () => {
      const full = await fullAnswer(ctx, r, true);
      return { body: Buffer.from(JSON.stringify(pageOf(fullOf(full), q))), basedOn: [full] };
    },
  });
}

/** The same page computed afresh, bypassing the cache (benchmarks, tests). Page 1 of 20 by default. */
export async function getFunnel(
  ctx: Ctx,
  q: Omit<ProspectFunnelQuery, 'page' | 'pageSize'> & { page?: number; pageSize?: number },
): Promise<ProspectFunnel> {
  const r = await resolve(ctx, q);
  return pageOf(await buildFullFunnel(ctx, r), { ...q, page: q.page ?? 1, pageSize: q.pageSize ?? 20 });
}

// ---- Export ---------------------------------------------------------------------------------------

interface FunnelRow extends FunnelFigures {
  kind: 'total' | 'team' | 'agent';
  name: string;
}

const KIND_LABELS: Record<FunnelRow['kind'], Record<Locale, string>> = {
  total: { 'zh-CN': '合计', 'en-US': 'Total' },
  team: { 'zh-CN': '团队', 'en-US': 'Team' },
  agent: { 'zh-CN': '营销员', 'en-US': 'Agent' },
};

const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

function funnelColumns(): SheetColumn<FunnelRow>[] {
  const stageOf = (row: FunnelRow, stage: ProspectStage) => row.stages.find((s) => s.stage === stage)!;
  const cols: SheetColumn<FunnelRow>[] = [
    { key: 'kind', header: { 'zh-CN': '类别', 'en-US': 'Row' }, width: 10, format: (r, l) => KIND_LABELS[r.kind][l] },
    { key: 'name', header: { 'zh-CN': '名称', 'en-US': 'Name' }, width: 16 },
    { key: 'cards', header: { 'zh-CN': '卡数', 'en-US': 'Cards' }, width: 8 },
  ];
  for (const stage of ProspectStages) {
    const label = STAGE_LABELS[stage];
    cols.push({
      key: `${stage}Reached`,
      header: { 'zh-CN': `${label['zh-CN']}人数`, 'en-US': `${label['en-US']}: reached` },
      width: 12,
      format: (r) => stageOf(r, stage).reached,
    });
  }
  for (const stage of ProspectMainStages.slice(0, -1)) {
    const label = STAGE_LABELS[stage];
    cols.push({
      key: `${stage}Rate`,
      header: { 'zh-CN': `${label['zh-CN']}转化率%`, 'en-US': `${label['en-US']}: conversion %` },
      width: 14,
      format: (r) => pct(stageOf(r, stage).conversionRate),
    });
  }
  for (const stage of [...ProspectMainStages.slice(0, -1), 'paused' as const]) {
    const label = STAGE_LABELS[stage];
    cols.push(
      {
        key: `${stage}AvgDays`,
        header: { 'zh-CN': `${label['zh-CN']}平均天数`, 'en-US': `${label['en-US']}: average days` },
        width: 14,
        format: (r) => stageOf(r, stage).avgDays,
      },
      {
        key: `${stage}MedianDays`,
        header: { 'zh-CN': `${label['zh-CN']}中位天数`, 'en-US': `${label['en-US']}: median days` },
        width: 14,
        format: (r) => stageOf(r, stage).medianDays,
      },
    );
  }
  cols.push({
    key: 'overallRate',
    header: { 'zh-CN': '总转化率%', 'en-US': 'Lead to signed %' },
    width: 12,
    format: (r) => pct(r.overallRate),
  });
  return cols;
}

/** The funnel as .xlsx: the totals, each team, every agent (in `sort`); audited. */
export async function exportFunnel(ctx: Ctx, q: ProspectFunnelExportQuery): Promise<{ buffer: Buffer; filename: string }> {
  const { lang, ...query } = q;
  const locale = lang ?? 'zh-CN';
  const r = await resolve(ctx, query);
  const f = fullOf(await fullAnswer(ctx, r, true));
  const zh = locale === 'zh-CN';
  const rows: FunnelRow[] = [
    { kind: 'total', name: f.unitName ?? ctx.actor.displayName, ...f.totals },
    ...sortedTeams(f, q.sort).map(({ unitId: _u, ...t }) => ({ kind: 'team' as const, ...t })),
    ...cutAgents(f, { sort: q.sort }).map((a) => {
      const { userId: _u, ...row } = strip(a);
      return { kind: 'agent' as const, ...row };
    }),
  ];
  const title = zh ? '销售漏斗' : 'Funnel';
  const buffer = await buildXlsx(funnelColumns(), rows, { locale, sheetName: `${title} ${q.from}–${q.to}` });
  await recordAudit(ctx, {
    entity: 'prospectFunnelExport',
    entityId: newId(),
    action: 'export',
    after: { unitId: f.unitId, from: q.from, to: q.to, sort: q.sort ?? null, rows: rows.length },
    sessionNeutral: true,
  });
  return { buffer, filename: `${zh ? title : 'funnel'}-${q.from}-${q.to}-${businessDate(now(), r.timeZone)}.xlsx` };
}
