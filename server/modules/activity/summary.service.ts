import type { z } from 'zod';
import {
  FunnelStages,
  SummarySorts,
  type Funnel,
  roundRatio,
  type LeanSummaryRow,
  type Summary,
  type SummaryExportQuery,
  type SummaryFigures,
  type SummaryQuerySchema,
  type SummaryRow,
} from '../../../contracts/activity.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import type { Visibility } from '../../access/scope.ts';
import type { Queryable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import type { Answer } from '../../lib/answer-cache.ts';
import { buildXlsx, type Locale, type SheetColumn } from '../../lib/xlsx-export.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { daysOf, tenantConfig } from '../attendance/config.service.ts';
import {
  fromMilli,
  funnelRatios,
  ratio,
  reviewedWithin24h,
  weakestStep,
  type Period,
} from './activity.rules.ts';
import * as units from './analysis.repository.ts';
import { activityConfig, todayOf } from './config.service.ts';
import { sessionMemo } from '../../http/session-memo.ts';
import { boundOf, figuresCache, rangeTags } from './figures.cache.ts';
import * as repo from './figures.repository.ts';
import { summaryRange } from './periods.ts';
import { findSubtreePlans } from './plan.repository.ts';
import { PlanCalendar, activeRange, plannedOfPeople } from './planned.ts';
import { standardResolver } from './standard.service.ts';

/**
 * The activity summary of a unit for a period (活动量分析): plan vs actual, the funnel and its
 * ratios, points, log submission and review rates, active people — totals over the unit and a row
 * per person (or per child unit).
 *
 * Read only from the rollups plus plans, standards and the calendar; a few grouped queries
 * whatever the head count. People: those of the logging roles with day rows filed under the
 * unit's subtree in the period, and the subtree's active members now without any (so a zero shows).
 *
 * - Planned: see planner.ts (each workday planned by a counted plan, else the team standard).
 * - Submission rate: workdays with a submitted log ÷ workdays up to today (per person from joining;
 *   for a group over person-workdays, `workdays` then being that sum). Logs of days off count in
 *   `logsSubmitted` and the review rate, not in the submission rate.
 * - Review rate: logs reviewed within 24 h ÷ logs submitted.
 * - Funnel ratios of each row beside the unit's totals; the weakest step is where a row falls
 *   furthest below the unit's ratio (activity.rules weakestStep).
 * - rows=units: a row per child unit (and one for the unit itself when people are filed directly
 *   under it). A person's figures go to the unit of each day row; their plan and workdays to the
 *   unit of their last day row (else their unit now). A person who moved between children counts
 *   in both rows' people; the totals count everyone once.
 *
 * The full row set of a (unit, period, rows, scope form) is computed once and kept in the figures
 * cache; pages, sorts and searches are cut from it (and kept too).
 */

export type SummaryQuery = z.output<typeof SummaryQuerySchema>;
type SortKey = (typeof SummarySorts)[number];
type Totals = Summary['totals'];

interface FullRow extends SummaryRow {
  /** Lower-case name and username, for `q`. */
  search: string;
  /** Position in the default order (people by name; units as the org chart). */
  order: number;
}

/** Everything of a summary but the paging: what the cache keeps. */
export interface FullSummary {
  unitId: string;
  unitName: string;
  from: string;
  to: string;
  totals: Totals;
  rows: FullRow[];
  types: Summary['types'];
}

// ---- Sources: the rollups, or the raw rows --------------------------------------------------------

interface Source {
  personUnits: (db: Queryable, s: repo.FigureScope) => Promise<repo.PersonUnitFigures[]>;
  types: (db: Queryable, s: repo.FigureScope, by: 'user' | 'unit') => Promise<repo.TypeFigures[]>;
}

const ROLLUPS: Source = { personUnits: repo.findPersonUnitFigures, types: repo.findTypeFigures };

/** The raw activities, plus the submitted logs counted in code with the 24-hour rule. */
const RAW: Source = {
  async personUnits(db, s) {
    const [acts, logs] = await Promise.all([
      repo.findPersonUnitFiguresRaw(db, s),
      repo.findSubmittedLogsRaw(db, s),
    ]);
    const byKey = new Map(acts.map((r) => [`${r.user_id}|${r.unit_id}`, r]));
    const off = new Set(s.nonWorkdays);
    for (const l of logs) {
      const key = `${l.user_id}|${l.unit_id}`;
      let r = byKey.get(key);
      if (!r) {
        r = { user_id: l.user_id, unit_id: l.unit_id, ...repo.zeroCounters(), last_date: l.date };
        byKey.set(key, r);
      }
      if (l.date > r.last_date) r.last_date = l.date;
      r.logs_submitted++;
      if (!off.has(l.date)) r.logs_submitted_workdays++;
      if (l.reviewed_at) r.logs_reviewed++;
      if (reviewedWithin24h(l.submitted_at!, l.reviewed_at)) r.logs_reviewed_24h++;
    }
    return [...byKey.values()];
  },
  types: repo.findTypeFiguresRaw,
};

// ---- Building --------------------------------------------------------------------------------------

interface Acc {
  c: repo.Counters;
  plannedMilli: number;
  plannedByType: Map<string, number>;
  doneByType: Map<string, number>;
  workdays: number;
  people: Set<string>;
  active: Set<string>;
}

const newAcc = (): Acc => ({
  c: repo.zeroCounters(),
  plannedMilli: 0,
  plannedByType: new Map(),
  doneByType: new Map(),
  workdays: 0,
  people: new Set(),
  active: new Set(),
});

function addCounters(into: repo.Counters, from: repo.Counters): void {
  for (const k of repo.COUNTER_KEYS) into[k] += from[k];
}

function addTo(map: Map<string, number>, key: string, n: number): void {
  if (n !== 0) map.set(key, (map.get(key) ?? 0) + n);
}

function funnelOf(c: repo.Counters): Funnel {
  return {
    contact: c.contacts,
    interview: c.interviews,
    proposal: c.proposals,
    closing: c.closings,
    sale: c.sales,
  };
}

function figuresOf(a: Acc): SummaryFigures {
  const c = a.c;
  return {
    activities: c.activities,
    points: fromMilli(c.points_milli),
    plannedPoints: fromMilli(a.plannedMilli),
    achievement: roundRatio(ratio(c.points_milli, a.plannedMilli)),
    funnel: funnelOf(c),
    premiumFen: c.premium_fen,
    workdays: a.workdays,
    logsSubmitted: c.logs_submitted,
    logsReviewed: c.logs_reviewed,
    logsReviewedIn24h: c.logs_reviewed_24h,
    submissionRate: roundRatio(a.workdays > 0 ? Math.min(1, c.logs_submitted_workdays / a.workdays) : null),
    reviewRate: roundRatio(ratio(c.logs_reviewed_24h, c.logs_submitted)),
  };
}

const collator = new Intl.Collator('zh-CN');

interface Person {
  info: repo.PersonInfo;
  total: repo.Counters;
  byUnit: Map<string, repo.Counters>;
  /** The unit of their last day row, else their unit now. */
  unitId: string;
  lastDate: string;
}

export interface BuildSpec {
  unit: { id: string; name: string; covered: boolean };
  vis: Visibility;
  range: Period;
  rows: 'people' | 'units';
}

/** The full summary (all rows) of a unit and period, from `source`. */
export async function buildFullSummary(
  db: Queryable,
  tenantId: string,
  spec: BuildSpec,
  source: Source = ROLLUPS,
): Promise<FullSummary> {
  const [cfg, att] = await Promise.all([activityConfig(db, tenantId), tenantConfig(db, tenantId)]);
  const today = todayOf(cfg);
  const { unit, range } = spec;
  const nonWorkdays = daysOf(att, range.from, range.to)
    .filter((d) => !d.workday)
    .map((d) => d.date);
  const scope: repo.FigureScope = {
    tenantId,
    unitId: unit.id,
    vis: unit.covered ? null : spec.vis,
    roles: cfg.settings.loggingRoles,
    from: range.from,
    to: range.to,
    nonWorkdays,
  };
  const [personUnits, typeRows, members, plans, subtree, standardOf] = await Promise.all([
    source.personUnits(db, scope),
    source.types(db, scope, spec.rows === 'people' ? 'user' : 'unit'),
    repo.findMembers(db, scope),
    findSubtreePlans(db, tenantId, unit.id, range.from, range.to),
    units.findSubtreeUnits(db, tenantId, unit.id),
    standardResolver(db, cfg),
  ]);

  // People: their figures per unit and in all; members without rows at zero.
  // A day row left at zero (its activities deleted) is the same figure as no row.
  const counted = personUnits.filter((r) => repo.COUNTER_KEYS.some((k) => r[k] !== 0));
  const infos = new Map(members.map((m) => [m.user_id, m]));
  const missing = [...new Set(counted.map((r) => r.user_id))].filter((id) => !infos.has(id));
  for (const p of await repo.findPeople(db, tenantId, missing)) infos.set(p.user_id, p);
  const persons = new Map<string, Person>();
  for (const r of counted) {
    const info = infos.get(r.user_id);
    if (!info) continue;
    let p = persons.get(r.user_id);
    if (!p) {
      p = {
        info,
        total: repo.zeroCounters(),
        byUnit: new Map(),
        unitId: r.unit_id,
        lastDate: r.last_date,
      };
      persons.set(r.user_id, p);
    }
    addCounters(p.total, r);
    const own = repo.zeroCounters();
    addCounters(own, r);
    p.byUnit.set(r.unit_id, own);
    if (r.last_date > p.lastDate) {
      p.lastDate = r.last_date;
      p.unitId = r.unit_id;
    }
  }
  for (const m of members) {
    if (!persons.has(m.user_id))
      persons.set(m.user_id, {
        info: m,
        total: repo.zeroCounters(),
        byUnit: new Map(),
        unitId: m.current_unit_id,
        lastDate: '',
      });
  }

  // Planned, and workdays up to today from joining.
  const cal = new PlanCalendar(att, range);
  const planned = plannedOfPeople(
    cal,
    [...persons.values()].map((p) => p.info),
    plans.filter((p) => persons.has(p.user_id)),
    standardOf,
    [range],
  );
  const upTo = today < range.to ? today : range.to;
  const workdaysOf = (p: Person) => {
    const a = activeRange(p.info, range);
    return cal.workdays.count(a.from, a.to < upTo ? a.to : upTo);
  };

  const unitNames = new Map(subtree.map((u) => [u.id, u.name]));
  const totals = newAcc();
  const accs = new Map<string, Acc>();
  const accOf = (id: string) => {
    let a = accs.get(id);
    if (!a) {
      a = newAcc();
      accs.set(id, a);
    }
    return a;
  };
  const childOf = childMap(subtree, unit.id);
  const rowKeyOfUnit = (unitId: string) => (spec.rows === 'people' ? null : (childOf.get(unitId) ?? unit.id));

  for (const [id, p] of persons) {
    const pl = planned.get(id)![0]!;
    const wd = workdaysOf(p);
    // Totals: everyone once.
    addCounters(totals.c, p.total);
    totals.plannedMilli += pl.pointsMilli;
    totals.workdays += wd;
    totals.people.add(id);
    if (p.total.activities > 0) totals.active.add(id);
    if (spec.rows === 'people') {
      const a = accOf(id);
      addCounters(a.c, p.total);
      a.plannedMilli += pl.pointsMilli;
      for (const [t, m] of pl.byType) addTo(a.plannedByType, t, m);
      a.workdays += wd;
      a.people.add(id);
      if (p.total.activities > 0) a.active.add(id);
    } else {
      for (const [unitId, c] of p.byUnit) {
        const a = accOf(rowKeyOfUnit(unitId)!);
        addCounters(a.c, c);
        a.people.add(id);
        if (c.activities > 0) a.active.add(id);
      }
      const a = accOf(rowKeyOfUnit(p.unitId)!);
      a.plannedMilli += pl.pointsMilli;
      for (const [t, m] of pl.byType) addTo(a.plannedByType, t, m);
      a.workdays += wd;
      a.people.add(id);
    }
  }
  for (const t of typeRows) {
    const key = spec.rows === 'people' ? t.key : rowKeyOfUnit(t.key)!;
    if (spec.rows === 'people' && !persons.has(key)) continue;
    addTo(accOf(key).doneByType, t.type_id, t.count);
  }

  const totalRatios = funnelRatios(funnelOf(totals.c));
  const usedTypes = new Set<string>();
  const rowOf = (
    id: string,
    name: string,
    kind: 'person' | 'unit',
    unitName: string,
    search: string,
    a: Acc,
  ): FullRow => {
    const byType: SummaryRow['byType'] = {};
    for (const t of new Set([...a.doneByType.keys(), ...a.plannedByType.keys()])) {
      const done = a.doneByType.get(t) ?? 0;
      const plannedCount = Math.round((a.plannedByType.get(t) ?? 0) / 1000);
      if (done === 0 && plannedCount === 0) continue;
      byType[t] = { done, planned: plannedCount };
      usedTypes.add(t);
    }
    const ratios = funnelRatios(funnelOf(a.c));
    return {
      ...figuresOf(a),
      id,
      name,
      kind,
      unitName,
      byType,
      funnelRatios: ratios.map(roundRatio),
      weakestStep: weakestStep(ratios, totalRatios),
      people: a.people.size,
      activePeople: a.active.size,
      search,
      order: 0,
    };
  };

  let rows: FullRow[];
  if (spec.rows === 'people') {
    rows = [...persons.entries()].map(([id, p]) =>
      rowOf(
        id,
        p.info.display_name,
        'person',
        unitNames.get(p.unitId) ?? '',
        `${p.info.display_name}\u0000${p.info.username}`.toLowerCase(),
        accOf(id),
      ),
    );
    rows.sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
  } else {
    const children = subtree
      .filter((u) => u.parent_id === unit.id && u.id !== unit.id)
      .sort((a, b) => a.sort_order - b.sort_order || collator.compare(a.name, b.name));
    rows = children.map((u) => rowOf(u.id, u.name, 'unit', u.name, u.name.toLowerCase(), accOf(u.id)));
    // People filed directly under the unit itself: a row of their own.
    if (accs.has(unit.id))
      rows.push(rowOf(unit.id, unit.name, 'unit', unit.name, unit.name.toLowerCase(), accs.get(unit.id)!));
  }
  rows.forEach((r, i) => (r.order = i));

  const totalsOut: Totals = {
    ...figuresOf(totals),
    funnelRatios: totalRatios.map(roundRatio),
    people: totals.people.size,
    activePeople: totals.active.size,
    activityRate: roundRatio(ratio(totals.active.size, totals.people.size)),
    pointsPerPerson: roundRatio(totals.people.size > 0 ? fromMilli(totals.c.points_milli) / totals.people.size : null),
  };
  return {
    unitId: unit.id,
    unitName: unit.name,
    from: range.from,
    to: range.to,
    totals: totalsOut,
    rows,
    types: cfg.types
      .filter((t) => usedTypes.has(t.row.id))
      .map((t) => ({ id: t.row.id, name: t.row.name, nameEn: t.row.name_en, stage: t.stage })),
  };
}

/** Each unit of a subtree → the child of the root it lies under (the root → itself). */
function childMap(subtree: units.SubtreeUnit[], rootId: string): Map<string, string> {
  const parent = new Map(subtree.map((u) => [u.id, u.parent_id]));
  const out = new Map<string, string>([[rootId, rootId]]);
  const resolve = (id: string, depth = 0): string => {
    const hit = out.get(id);
    if (hit) return hit;
    const p = parent.get(id);
    const child = p === rootId || p === null || p === undefined || depth > 100 ? id : resolve(p, depth + 1);
    out.set(id, child);
    return child;
  };
  for (const u of subtree) resolve(u.id);
  return out;
}

// ---- Paging, sorting, searching ------------------------------------------------------------------

export interface Cut {
  sort?: string | undefined;
  q?: string | undefined;
}

/** "field" or "-field" of SummarySorts; absent: the default order. Anything else answers 400. */
export function parseSort(sort: string | undefined): { key: SortKey | null; desc: boolean } {
  if (sort === undefined || sort === '') return { key: null, desc: false };
  const desc = sort.startsWith('-');
  const key = (desc ? sort.slice(1) : sort) as SortKey;
  if (!SummarySorts.includes(key))
    throw invalid([
      {
        path: 'query.sort',
        message: `Expected one of ${SummarySorts.join(', ')} (or -field)`,
        code: 'invalid',
      },
    ]);
  return { key, desc };
}

const SORT_VALUE: Record<SortKey, (r: FullRow) => number | string | null> = {
  points: (r) => r.points,
  activities: (r) => r.activities,
  achievement: (r) => r.achievement,
  submissionRate: (r) => r.submissionRate,
  reviewRate: (r) => r.reviewRate,
  sales: (r) => r.funnel.sale,
  name: (r) => r.name,
};

/** The rows matching q in the asked order (unknown values last either way; ties in the default order). */
export function cutRows(full: FullSummary, cut: Cut): FullRow[] {
  const { key, desc } = parseSort(cut.sort);
  const q = cut.q?.trim().toLowerCase();
  const rows = q ? full.rows.filter((r) => r.search.includes(q)) : [...full.rows];
  if (key === null) return rows.sort((a, b) => a.order - b.order);
  const value = SORT_VALUE[key];
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
    return a.order - b.order;
  });
}

function strip(r: FullRow): SummaryRow {
  const { search: _s, order: _o, ...row } = r;
  return row;
}

/** A row of the lean form (contracts: completeLeanRow puts back what is left out). */
function leanRow(r: FullRow): LeanSummaryRow {
  const { search: _s, order: _o, achievement: _a, reviewRate: _r, funnelRatios: _f, ...row } = r;
  return { ...row, byType: {} };
}

export function pageOf(
  full: FullSummary,
  q: Cut & { page: number; pageSize: number; form?: 'full' | 'lean' },
): Summary {
  const rows = cutRows(full, q);
  const start = (q.page - 1) * q.pageSize;
  const out = q.form === 'lean' ? leanRow : strip;
  return {
    unitId: full.unitId,
    unitName: full.unitName,
    from: full.from,
    to: full.to,
    totals: full.totals,
    rows: rows.slice(start, start + q.pageSize).map(out) as SummaryRow[],
    total: rows.length,
    page: q.page,
    pageSize: q.pageSize,
    types: full.types,
  };
}

// ---- Serving ------------------------------------------------------------------------------------------

/** The form of a reader's scope: readers of the same form see the same rows of a unit. */
export function scopeForm(vis: Visibility, actorUnitId: string, covered: boolean): string {
  if (covered) return '*';
  return `${vis.all ? '*' : vis.subtree ? 't' : 'u'}|${vis.roots.join(',')}|${vis.selfId}|${actorUnitId}`;
}

interface Resolved {
  spec: BuildSpec;
  key: string;
  tags: string[];
  /** The answer's staleness bound (a closed period's is longer). */
  maxAgeMs: number | undefined;
}

async function resolve(
  ctx: Ctx,
  q: Pick<SummaryQuery, 'unitId' | 'period' | 'date' | 'from' | 'to' | 'rows'>,
): Promise<Resolved> {
  assertCan(ctx.actor, 'activity.read');
  const { tenantId } = ctx.actor;
  const [cfg, att] = await Promise.all([activityConfig(ctx.db, tenantId), tenantConfig(ctx.db, tenantId)]);
  const today = todayOf(cfg);
  const range = summaryRange(q, att.rules.workMonth, today);
  const unit = await readableUnit(ctx, q.unitId);
  if (!unit) throw notFound('Unit');
  const form = scopeForm(ctx.actor.visibility, ctx.actor.unitId, unit.covered);
  return {
    spec: { unit, vis: ctx.actor.visibility, range, rows: q.rows },
    key: `summary|${tenantId}|${form}|${unit.id}|${range.from}|${range.to}|${q.rows}|${today}`,
    tags: rangeTags(tenantId, range.from, range.to),
    maxAgeMs: boundOf(range.to, today),
  };
}

const unitMemo = sessionMemo<units.ReadableUnit | undefined>(5_000);

/**
 * The unit asked for if the reader may see it, kept a few seconds per scope: every read of a cached
 * summary needs it, and it would otherwise be the one query of a cache hit. Any change to people
 * or the org tree drops cached sessions (a new session generation), and these with them.
 */
async function readableUnit(ctx: Ctx, unitId: string): Promise<units.ReadableUnit | undefined> {
  const { visibility: vis, unitId: actorUnitId } = ctx.actor;
  const key = `${vis.tenantId}|${scopeForm(vis, actorUnitId, false)}|${unitId}`;
  return unitMemo(key, () => units.findReadableUnit(ctx.db, vis, actorUnitId, unitId));
}

/** Parsed full sets of cached answers (an answer's body never changes). */
const parsed = new WeakMap<Answer, FullSummary>();

function fullOf(answer: Answer): FullSummary {
  let f = parsed.get(answer);
  if (!f) {
    f = JSON.parse(answer.body.toString()) as FullSummary;
    parsed.set(answer, f);
  }
  return f;
}

/** The full set; `fresh`: not a stale one (a page computed from it, an export). */
function fullAnswer(ctx: Ctx, r: Resolved, fresh: boolean): Promise<Answer> {
  return figuresCache.get(r.key, {
    tags: r.tags,
    fresh,
    maxAgeMs: r.maxAgeMs,
    compute: async () => {
      const full = await buildFullSummary(ctx.db, ctx.actor.tenantId, r.spec);
      const body = Buffer.from(JSON.stringify(full));
      return { body };
    },
  });
}

/** The summary as serialised JSON, from the figures cache. */
export async function summaryJson(ctx: Ctx, q: SummaryQuery): Promise<Answer> {
  parseSort(q.sort);
  const r = await resolve(ctx, q);
  const key = `${r.key}|${q.sort ?? ''}|${q.q ?? ''}|${q.page}|${q.pageSize}|${q.form}`;
  return figuresCache.get(key, {
    tags: r.tags,
    maxAgeMs: r.maxAgeMs,
    compute: async () => {
      const full = await fullAnswer(ctx, r, true);
      return { body: Buffer.from(JSON.stringify(pageOf(fullOf(full), q))), basedOn: [full] };
    },
  });
}

/** The same figures computed afresh from the rollups, bypassing the cache (benchmarks, tests). */
export async function computeSummary(ctx: Ctx, q: SummaryQuery): Promise<Summary> {
  parseSort(q.sort);
  const r = await resolve(ctx, q);
  return pageOf(await buildFullSummary(ctx.db, ctx.actor.tenantId, r.spec, ROLLUPS), q);
}

/**
 * The same figures computed from the raw activities and work logs instead of the rollups: what the
 * rollups save (benchmarks), and the proof they agree (tests).
 */
export async function computeSummaryFromRaw(ctx: Ctx, q: SummaryQuery): Promise<Summary> {
  parseSort(q.sort);
  const r = await resolve(ctx, q);
  return pageOf(await buildFullSummary(ctx.db, ctx.actor.tenantId, r.spec, RAW), q);
}

// ---- Export ---------------------------------------------------------------------------------------------

export const MAX_EXPORT_ROWS = 20_000;

const pct = (v: number | null) => (v === null ? null : `${(Math.round(v * 1000) / 10).toFixed(1)}%`);
const STEP_LABELS: Record<Locale, string[]> = {
  'zh-CN': ['接触→面谈', '面谈→建议书', '建议书→促成', '促成→签单'],
  'en-US': ['Contact→interview', 'Interview→proposal', 'Proposal→closing', 'Closing→sale'],
};

function columns(rows: 'people' | 'units'): SheetColumn<SummaryRow>[] {
  const cols: SheetColumn<SummaryRow>[] = [
    {
      key: 'name',
      header: rows === 'people' ? { 'zh-CN': '姓名', 'en-US': 'Name' } : { 'zh-CN': '单位', 'en-US': 'Unit' },
      width: 16,
    },
  ];
  if (rows === 'people')
    cols.push({ key: 'unitName', header: { 'zh-CN': '团队', 'en-US': 'Team' }, width: 16 });
  cols.push(
    { key: 'people', header: { 'zh-CN': '人数', 'en-US': 'People' }, width: 8 },
    { key: 'activePeople', header: { 'zh-CN': '活动人力', 'en-US': 'Active' }, width: 10 },
    { key: 'activities', header: { 'zh-CN': '活动数', 'en-US': 'Activities' }, width: 10 },
    { key: 'points', header: { 'zh-CN': '积分', 'en-US': 'Points' }, width: 10 },
    { key: 'plannedPoints', header: { 'zh-CN': '计划积分', 'en-US': 'Planned points' }, width: 12 },
    {
      key: 'achievement',
      header: { 'zh-CN': '达成率', 'en-US': 'Achievement' },
      width: 10,
      format: (r) => pct(r.achievement),
    },
  );
  for (const stage of FunnelStages) {
    const header = {
      contact: { 'zh-CN': '接触', 'en-US': 'Contacts' },
      interview: { 'zh-CN': '面谈', 'en-US': 'Interviews' },
      proposal: { 'zh-CN': '建议书', 'en-US': 'Proposals' },
      closing: { 'zh-CN': '促成', 'en-US': 'Closings' },
      sale: { 'zh-CN': '签单', 'en-US': 'Sales' },
    }[stage];
    cols.push({ key: `funnel.${stage}`, header, width: 8, format: (r) => r.funnel[stage] });
  }
  cols.push(
    {
      key: 'premiumFen',
      header: { 'zh-CN': '保费(元)', 'en-US': 'Premium (yuan)' },
      width: 12,
      format: (r) => r.premiumFen / 100,
    },
    { key: 'logsSubmitted', header: { 'zh-CN': '提交日志', 'en-US': 'Logs submitted' }, width: 10 },
    {
      key: 'submissionRate',
      header: { 'zh-CN': '日志提交率', 'en-US': 'Submission rate' },
      width: 12,
      format: (r) => pct(r.submissionRate),
    },
    {
      key: 'reviewRate',
      header: { 'zh-CN': '24小时批阅率', 'en-US': 'Reviewed in 24 h' },
      width: 14,
      format: (r) => pct(r.reviewRate),
    },
    {
      key: 'weakestStep',
      header: { 'zh-CN': '最弱环节', 'en-US': 'Weakest step' },
      width: 16,
      format: (r, l) => (r.weakestStep === null ? null : STEP_LABELS[l][r.weakestStep]),
    },
  );
  return cols;
}

/** Every row matching the summary's filters, in its sort, and a totals row, as .xlsx; audited. */
export async function exportSummary(
  ctx: Ctx,
  q: SummaryExportQuery,
): Promise<{ buffer: Buffer; filename: string }> {
  parseSort(q.sort);
  const { lang, ...filter } = q;
  const locale: Locale = lang ?? 'zh-CN';
  const r = await resolve(ctx, q);
  const full = fullOf(await fullAnswer(ctx, r, true));
  const rows = cutRows(full, q);
  if (rows.length > MAX_EXPORT_ROWS)
    throw new AppError(
      'EXPORT_TOO_LARGE',
      400,
      `More than ${MAX_EXPORT_ROWS} rows match: narrow the filters`,
      {
        maxRows: MAX_EXPORT_ROWS,
      },
    );
  const t = full.totals;
  const totalRow: SummaryRow = {
    ...t,
    id: full.unitId,
    name: locale === 'zh-CN' ? '合计' : 'Total',
    kind: 'unit',
    unitName: full.unitName,
    byType: {},
    weakestStep: null,
  };
  const buffer = await buildXlsx(columns(q.rows), [...rows.map(strip), totalRow], {
    locale,
    sheetName: locale === 'zh-CN' ? `活动量 ${full.from}~${full.to}` : `Activity ${full.from}~${full.to}`,
  });
  await recordAudit(ctx, {
    entity: 'activitySummaryExport',
    entityId: newId(),
    action: 'export',
    after: { filter, from: full.from, to: full.to, rows: rows.length },
    sessionNeutral: true,
  });
  return {
    buffer,
    filename:
      locale === 'zh-CN'
        ? `活动量-${full.unitName}-${full.from}-${full.to}.xlsx`
        : `activity-${full.unitName}-${full.from}-${full.to}.xlsx`,
  };
}
