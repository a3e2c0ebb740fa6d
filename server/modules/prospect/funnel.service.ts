import {
  ProspectMainStages,
  ProspectStages,
  type FunnelFigures,
  type ProspectFunnel,
  type ProspectFunnelExportQuery,
  type ProspectFunnelQuery,
  type ProspectStage,
} from '../../../contracts/prospect.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan, can } from '../../access/permissions.ts';
import { assertUnitVisible } from '../../access/scope.ts';
import { newId } from '../../db/ids.ts';
import { invalid } from '../../http/errors.ts';
import type { Answer } from '../../lib/answer-cache.ts';
import { businessDate, now, nowIso } from '../../lib/clock.ts';
import { buildXlsx, type Locale, type SheetColumn } from '../../lib/xlsx-export.ts';
import { namesOf } from '../activity/person.repository.ts';
import { isRealDate, MAX_RANGE_DAYS } from '../activity/periods.ts';
import { addDays, daysBetween, zonedInstant } from '../attendance/attendance.rules.ts';
import { findTenantTimeZone } from '../attendance/config.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { readVisibility } from './card.service.ts';
import { funnelAnswers, funnelTag } from './funnel.cache.ts';
import * as repo from './funnel.repository.ts';
import { funnelFigures, periodEnd, stageVisits, type StageVisit } from './prospect.rules.ts';

/**
 * Funnel figures of a period (销售漏斗): read from the stage moves of the period, filed under the
 * owner's team of the day. Totals for the unit, one row per agent, one per direct sub-team.
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

// ---- Cached answers ---------------------------------------------------------------------------------

/** The funnel as served: checked at once, then the cached answer of the same scope, unit and period. */
export async function funnelJson(ctx: Ctx, q: ProspectFunnelQuery): Promise<Answer> {
  const { actor } = ctx;
  await checkFunnelQuery(ctx, q);
  const vis = readVisibility(actor);
  const scope = `${vis.tenantId}|${vis.all ? '*' : vis.subtree ? 't' : 'u'}|${vis.roots.join(',')}|${vis.selfId}|${actor.unitId}|${can(actor, 'prospect.read') ? 1 : 0}`;
  return funnelAnswers.get(`funnel|${scope}|${q.unitId ?? ''}|${q.from}|${q.to}`, {
    tags: [funnelTag(actor.tenantId)],
    compute: async () => ({ body: Buffer.from(JSON.stringify(await getFunnel(ctx, q))) }),
  });
}

async function checkFunnelQuery(ctx: Ctx, q: ProspectFunnelQuery): Promise<void> {
  assertCan(ctx.actor, 'prospect.own');
  checkPeriod(q.from, q.to);
  if (q.unitId) await assertUnitVisible(ctx.db, ctx.actor, q.unitId);
}

export async function getFunnel(ctx: Ctx, q: ProspectFunnelQuery): Promise<ProspectFunnel> {
  await checkFunnelQuery(ctx, q);
  const { actor } = ctx;
  const { tenantId } = actor;
  const lead = can(actor, 'prospect.read');
  // An agent's funnel is their own; a lead's defaults to their own unit (within their scope).
  const unitId = q.unitId ?? (lead ? actor.unitId : null);
  const timeZone = await findTenantTimeZone(ctx.db, tenantId);
  const fromIso = zonedInstant(q.from, '00:00', timeZone).toISOString();
  const toIso = zonedInstant(addDays(q.to, 1), '00:00', timeZone).toISOString();
  const moves = await repo.findStageMoves(ctx.db, tenantId, readVisibility(actor), { unitId, fromIso, toIso });
  const visits = stageVisits(moves, periodEnd(toIso, nowIso()));

  const byOwner = new Map<string, StageVisit[]>();
  for (const v of visits) {
    const list = byOwner.get(v.ownerId);
    if (list) list.push(v);
    else byOwner.set(v.ownerId, [v]);
  }
  const names = await namesOf(ctx.db, tenantId, [...byOwner.keys()]);
  const agents = [...byOwner.entries()]
    .map(([userId, list]) => ({ userId, name: names.get(userId) ?? '', ...funnelFigures(list) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.userId.localeCompare(b.userId));

  const teams: ProspectFunnel['teams'] = [];
  if (unitId && lead) {
    for (const t of await repo.findSubTeams(ctx.db, tenantId, unitId)) {
      teams.push({ unitId: t.id, name: t.name, ...funnelFigures(visits.filter((v) => t.descendants.has(v.unitId))) });
    }
  }
  const unit = unitId ? await repo.findUnitName(ctx.db, tenantId, unitId) : undefined;
  return {
    from: q.from,
    to: q.to,
    unitId: unit?.id ?? null,
    unitName: unit?.name ?? null,
    totals: funnelFigures(visits),
    agents,
    teams,
  };
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

/** The funnel as .xlsx: the totals, each team, each agent; audited. */
export async function exportFunnel(ctx: Ctx, q: ProspectFunnelExportQuery): Promise<{ buffer: Buffer; filename: string }> {
  const { lang, ...query } = q;
  const locale = lang ?? 'zh-CN';
  const f = await getFunnel(ctx, query);
  const zh = locale === 'zh-CN';
  const rows: FunnelRow[] = [
    { kind: 'total', name: f.unitName ?? ctx.actor.displayName, ...f.totals },
    ...f.teams.map(({ unitId: _u, ...t }) => ({ kind: 'team' as const, ...t })),
    ...f.agents.map(({ userId: _u, ...a }) => ({ kind: 'agent' as const, ...a })),
  ];
  const title = zh ? '销售漏斗' : 'Funnel';
  const buffer = await buildXlsx(funnelColumns(), rows, { locale, sheetName: `${title} ${q.from}–${q.to}` });
  await recordAudit(ctx, {
    entity: 'prospectFunnelExport',
    entityId: newId(),
    action: 'export',
    after: { unitId: f.unitId, from: q.from, to: q.to, rows: rows.length },
    sessionNeutral: true,
  });
  const timeZone = await findTenantTimeZone(ctx.db, ctx.actor.tenantId);
  return { buffer, filename: `${zh ? title : 'funnel'}-${q.from}-${q.to}-${businessDate(now(), timeZone)}.xlsx` };
}
