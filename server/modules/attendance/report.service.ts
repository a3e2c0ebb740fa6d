import type { z } from 'zod';
import type {
  AttendanceRules,
  Board,
  BoardQuerySchema,
  BoardStatus,
  CheckInMethod,
  LeaveType,
  MonthFigures,
  Monthly,
  MonthlyQuerySchema,
  TrendQuerySchema,
  TrendSchema,
} from '../../../contracts/attendance.ts';
import type { MonthlyExportQuery } from '../../../contracts/attendance-report.ts';
import type { Role } from '../../../contracts/roles.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import type { Visibility } from '../../access/scope.ts';
import { newId } from '../../db/ids.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { businessDate, now } from '../../lib/clock.ts';
import { AnswerCache, type Answer, type Computed } from '../../lib/answer-cache.ts';
import { buildXlsx, type Locale, type SheetColumn } from '../../lib/xlsx-export.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  ZERO_COUNTERS,
  fineRuleFor,
  meetingTimes,
  monthFigures,
  monthsEndingAt,
  workMonthOf,
  workMonthRange,
  type MonthCounters,
} from './attendance.rules.ts';
import { assertRealDate, dayOf, rulesForUnit, tenantConfig, type TenantConfig } from './config.service.ts';
import { onRecordsChanged } from './record.repository.ts';
import * as repo from './report.repository.ts';

/**
 * The read side of attendance: the live board of a day, the figures of a work month, the trend.
 *
 * Boards and monthly figures are read by many screens at once (a department's board on the wall,
 * every supervisor's phone): their serialised answers are kept in an AnswerCache (lib/answer-cache)
 * per unit, query and form of the reader's scope, and served for at most REPORT_CACHE_MS after they
 * were computed. A record write in this process (record.repository calls onRecordsChanged) marks
 * stale the answers of its day (boards) and of its work month (monthly figures) — so today's
 * check-ins leave a closed month's figures alone. A stale answer is still served within
 * REPORT_CACHE_MS while one recomputation refreshes it: the board lags the latest check-in by at
 * most that, and costs one computation at a time however many people check in or watch. A change
 * of the rules or the calendar (a new TenantConfig) shows at once; people and org changes, and
 * writes of other processes, within REPORT_CACHE_MS. A board answer also ends when a team's absent
 * threshold passes (pending people turn absent then).
 */

/** Bodies kept at most (a 500-person board is about 120 KB, 10 KB gzipped). */
const CACHE_MAX_BYTES = 64 * 1024 * 1024;

const answers = new AnswerCache({ maxAgeMs: 1_000, maxBytes: CACHE_MAX_BYTES });

/** Set from the configuration at boot (REPORT_CACHE_MS); 0 computes every answer afresh. */
export function configureReportCache(ms: number): void {
  answers.setMaxAge(ms);
}

/** The tags of the answers: all of a tenant's records, those of a day, those of a work month. */
const tenantTag = (tenantId: string) => `attendance|${tenantId}`;
const dayTag = (tenantId: string, date: string) => `attendance|${tenantId}|day|${date}`;
const monthTag = (tenantId: string, month: string) => `attendance|${tenantId}|month|${month}`;

onRecordsChanged((c) => {
  if ('all' in c) {
    answers.bump(tenantTag(c.tenantId));
  } else {
    answers.bump(dayTag(c.tenantId, c.date));
    answers.bump(monthTag(c.tenantId, c.month));
  }
});

/** Tests only: forget every cached answer. */
export function clearReportCache(): void {
  answers.clear();
}

/** Tests only: wait for the background refreshes under way. */
export function reportCacheIdle(): Promise<void> {
  return answers.idle();
}

/** The form of a reader's scope: two readers with the same form get the same answers. */
function scopeKey(vis: Visibility, actorUnitId: string): string {
  return `${vis.tenantId}|${vis.all ? '*' : vis.subtree ? 't' : 'u'}|${vis.roots.join(',')}|${vis.selfId}|${actorUnitId}`;
}

async function reportUnit(ctx: Ctx, unitId: string): Promise<repo.ReportUnit> {
  const unit = await repo.findReportUnit(ctx.db, ctx.actor.visibility, ctx.actor.unitId, unitId);
  if (!unit) throw notFound('Unit');
  return unit;
}

function peopleScope(ctx: Ctx, unit: repo.ReportUnit, roles: readonly string[]): repo.PeopleScope {
  return {
    tenantId: ctx.actor.tenantId,
    unitId: unit.id,
    vis: unit.covered ? null : ctx.actor.visibility,
    roles,
  };
}

// ---- Board ------------------------------------------------------------------------------------

export type BoardQuery = z.output<typeof BoardQuerySchema>;

/** Who needs attention first: the absent, those still expected, the late; then leave and present. */
const STATUS_ORDER: Record<BoardStatus, number> = { absent: 0, pending: 1, late: 2, leave: 3, present: 4 };

type Counts = Board['totals'];
const zeroCounts = (): Counts => ({ expected: 0, present: 0, late: 0, absent: 0, leave: 0, pending: 0 });

/** Units of a subtree in the org chart's order: depth first, siblings by sort order then name. */
function orgOrder(units: repo.SubtreeUnit[], rootId: string): Map<string, number> {
  const children = new Map<string, repo.SubtreeUnit[]>();
  for (const u of units) {
    if (u.id === rootId || u.parent_id === null) continue;
    const list = children.get(u.parent_id);
    if (list) list.push(u);
    else children.set(u.parent_id, [u]);
  }
  const order = new Map<string, number>();
  const visit = (id: string) => {
    order.set(id, order.size);
    const kids = children.get(id);
    if (!kids) return;
    kids.sort((a, b) => a.sort_order - b.sort_order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const k of kids) if (!order.has(k.id)) visit(k.id);
  };
  visit(rootId);
  return order;
}

/**
 * The rules of each unit of a subtree, from the units' parents and the root's rules, without a
 * query per unit: the nearest department override below the root, else the root's own rules.
 */
function unitRulesOf(
  cfg: TenantConfig,
  units: repo.SubtreeUnit[],
  rootId: string,
  rootRules: AttendanceRules,
): (unitId: string) => AttendanceRules {
  if (cfg.overrides.size === 0) return () => rootRules;
  const parent = new Map(units.map((u) => [u.id, u.parent_id]));
  const memo = new Map<string, AttendanceRules>([[rootId, rootRules]]);
  const resolve = (id: string, depth = 0): AttendanceRules => {
    const hit = memo.get(id);
    if (hit) return hit;
    const own = cfg.overrides.get(id);
    const p = parent.get(id);
    const rules = own ? { ...cfg.rules, ...own } : p && depth < 100 ? resolve(p, depth + 1) : rootRules;
    memo.set(id, rules);
    return rules;
  };
  return resolve;
}

/** The board of a unit on a day as JSON: one query for the unit, one for its units, one for its people. */
export async function boardJson(ctx: Ctx, q: BoardQuery): Promise<Answer> {
  assertCan(ctx.actor, 'attendance.read');
  if (q.date) assertRealDate(q.date, 'query.date');
  const { tenantId } = ctx.actor;
  const cfg = await tenantConfig(ctx.db, tenantId);
  const date = q.date ?? businessDate(now(), cfg.timeZone);
  const key = `board|${scopeKey(ctx.actor.visibility, ctx.actor.unitId)}|${q.unitId}|${date}`;
  return answers.get(key, {
    tags: [tenantTag(tenantId), dayTag(tenantId, date)],
    identity: cfg,
    compute: () => computeBoard(ctx, cfg, q.unitId, date),
  });
}

async function computeBoard(ctx: Ctx, cfg: TenantConfig, unitId: string, date: string): Promise<Computed> {
  const { tenantId } = ctx.actor;
  const at = now();
  const t = at.getTime();
  const unit = await reportUnit(ctx, unitId);
  const [units, people, rootRules] = await Promise.all([
    repo.findSubtreeUnits(ctx.db, tenantId, unit.id),
    repo.findBoardPeople(ctx.db, peopleScope(ctx, unit, cfg.rules.attendeeRoles), date),
    rulesForUnit(ctx.db, cfg, unit.id),
  ]);
  const meetingDay = dayOf(cfg, date).meetingDay;
  const rulesOf = unitRulesOf(cfg, units, unit.id, rootRules);
  const absentAtOf = new Map<AttendanceRules, number>();
  const absentAt = (unitId: string): number => {
    const rules = rulesOf(unitId);
    let v = absentAtOf.get(rules);
    if (v === undefined) {
      v = meetingTimes(date, rules, cfg.timeZone).absentAt.getTime();
      absentAtOf.set(rules, v);
    }
    return v;
  };

  const names = new Map(units.map((u) => [u.id, u.name]));
  const order = orgOrder(units, unit.id);
  const teams = new Map<string, Board['teams'][number]>();
  const totals = zeroCounts();
  for (const r of people) {
    const status: BoardStatus = r.status
      ? (r.status as BoardStatus)
      : meetingDay && t > absentAt(r.unit_id)
        ? 'absent'
        : 'pending';
    let team = teams.get(r.unit_id);
    if (!team) {
      team = { unitId: r.unit_id, unitName: names.get(r.unit_id) ?? '', counts: zeroCounts(), people: [] };
      teams.set(r.unit_id, team);
    }
    team.people.push({
      userId: r.id,
      displayName: r.display_name,
      role: r.role as Role,
      status,
      checkInAt: r.check_in_at,
      method: r.method as CheckInMethod | null,
      leaveType: r.leave_type as LeaveType | null,
      delayed: r.delayed === 1,
      outsideGeofence: r.outside_geofence === 1,
      earlyLeave: r.early_leave === 1,
    });
    // On a day without a meeting nobody is expected: only records (if the calendar changed after them) count.
    if (meetingDay || status !== 'pending') {
      team.counts[status]++;
      totals[status]++;
    }
    if (meetingDay) {
      team.counts.expected++;
      totals.expected++;
    }
  }
  const sortedTeams = [...teams.values()].sort(
    (a, b) => (order.get(a.unitId) ?? Infinity) - (order.get(b.unitId) ?? Infinity),
  );
  for (const team of sortedTeams) {
    team.people.sort(
      (a, b) =>
        STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
        (a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0) ||
        (a.userId < b.userId ? -1 : 1),
    );
  }
  const times = meetingTimes(date, rootRules, cfg.timeZone);
  const board: Board = {
    date,
    unitId: unit.id,
    unitName: unit.name,
    meetingDay,
    meetingStart: rootRules.meetingStart,
    lateAt: times.lateAt.toISOString(),
    absentAt: times.absentAt.toISOString(),
    generatedAt: at.toISOString(),
    totals,
    teams: sortedTeams,
  };
  // Wrong once the next absent threshold of one of the teams has passed: its pending turn absent.
  let until = Infinity;
  if (meetingDay) for (const v of absentAtOf.values()) if (v >= t && v < until) until = v + 1;
  return { body: Buffer.from(JSON.stringify(board)), until };
}

// ---- Monthly figures --------------------------------------------------------------------------

export type MonthlyQuery = z.output<typeof MonthlyQuerySchema>;

const SORT_KEYS: readonly repo.MonthlySortKey[] = ['rate', 'absent', 'late', 'name', 'finesFen'];

/** "field" or "-field"; absent means by name. Anything else answers 400. */
export function parseMonthlySort(sort: string | undefined): { key: repo.MonthlySortKey; desc: boolean } {
  if (sort === undefined || sort === '') return { key: 'name', desc: false };
  const desc = sort.startsWith('-');
  const key = (desc ? sort.slice(1) : sort) as repo.MonthlySortKey;
  if (!SORT_KEYS.includes(key)) {
    throw invalid([
      { path: 'query.sort', message: `Expected one of ${SORT_KEYS.join(', ')} (or -field)`, code: 'invalid' },
    ]);
  }
  return { key, desc };
}

function countersOf(r: MonthCounters): MonthCounters {
  return {
    present: r.present,
    late: r.late,
    absent: r.absent,
    leave_attended: r.leave_attended,
    leave_excused: r.leave_excused,
    leave_unexcused: r.leave_unexcused,
    early_leave: r.early_leave,
  };
}

/** Sums of counters, with the fines as the sum of each person's capped fine. */
function totalsFigures(t: MonthCounters & { fines_fen: number }): MonthFigures {
  return { ...monthFigures(countersOf(t), null), finesFen: t.fines_fen };
}

/** Rates are ratios of small integers: compare with a tolerance so 4/5 is not read as 0.7999…. */
function reaches(rate: number | null, min: number): boolean {
  return rate !== null && rate + 1e-9 >= min;
}

function monthlyPerson(
  r: repo.MonthlyRow,
  rules: AttendanceRules,
  unitNames: Map<string, string>,
): Monthly['items'][number] {
  const figures = monthFigures(countersOf(r), fineRuleFor(rules, r.role as Role));
  return {
    ...figures,
    userId: r.id,
    displayName: r.display_name,
    username: r.username,
    role: r.role as Role,
    unitId: r.unit_id,
    unitName: unitNames.get(r.unit_id) ?? '',
    fullAttendance: reaches(figures.rate, rules.fullAttendanceRate),
  };
}

function monthScope(ctx: Ctx, unit: repo.ReportUnit, rules: AttendanceRules, month: string): repo.MonthQuery {
  return { ...peopleScope(ctx, unit, rules.attendeeRoles), month, ...workMonthRange(month, rules.workMonth) };
}

async function unitNamesOf(ctx: Ctx, rows: { unit_id: string }[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((r) => r.unit_id))];
  const units = await repo.findUnitNames(ctx.db, ctx.actor.tenantId, ids);
  return new Map(units.map((u) => [u.id, u.name]));
}

/**
 * A unit's figures for a work month as JSON: totals over everyone counted (one aggregate over the
 * rollups, cached apart from the page: every page, sort and search of the unit shares them), and
 * one page of people sorted in SQL.
 */
export async function monthlyJson(ctx: Ctx, q: MonthlyQuery): Promise<Answer> {
  assertCan(ctx.actor, 'attendance.read');
  const sort = parseMonthlySort(q.sort);
  const { tenantId } = ctx.actor;
  const cfg = await tenantConfig(ctx.db, tenantId);
  const text = q.q || undefined;
  const scope = scopeKey(ctx.actor.visibility, ctx.actor.unitId);
  const key = `monthly|${scope}|${q.unitId}|${q.month}|${sort.desc ? '-' : ''}${sort.key}|${q.page}|${q.pageSize}|${text ?? ''}`;
  return answers.get(key, {
    tags: [tenantTag(tenantId), monthTag(tenantId, q.month)],
    identity: cfg,
    compute: () => computeMonthly(ctx, cfg, scope, q, sort, text),
  });
}

/** What the monthly answer says of the whole unit, whatever the page: cached on its own. */
interface MonthTotals {
  people: number;
  totals: MonthFigures;
}

async function computeMonthly(
  ctx: Ctx,
  cfg: TenantConfig,
  scopeForm: string,
  q: MonthlyQuery,
  sort: { key: repo.MonthlySortKey; desc: boolean },
  text: string | undefined,
): Promise<Computed> {
  const { tenantId } = ctx.actor;
  const rules = cfg.rules;
  const unit = await reportUnit(ctx, q.unitId);
  const scope = monthScope(ctx, unit, rules, q.month);
  const offset = (q.page - 1) * q.pageSize;
  const [totalsAnswer, rows] = await Promise.all([
    answers.get(`monthlyTotals|${scopeForm}|${unit.id}|${q.month}`, {
      tags: [tenantTag(tenantId), monthTag(tenantId, q.month)],
      identity: cfg,
      // The page is being computed anew: with the totals as they are now, or they would keep it stale.
      fresh: true,
      compute: async () => {
        const t = await repo.findMonthTotals(ctx.db, scope, rules);
        const totals: MonthTotals = { people: t.people, totals: totalsFigures(t) };
        return { body: Buffer.from(JSON.stringify(totals)) };
      },
    }),
    repo.findMonthPage(ctx.db, scope, rules, sort, text, q.pageSize, offset),
  ]);
  const totals = JSON.parse(totalsAnswer.body.toString()) as MonthTotals;
  // Without a search every person counted is in the list; a page that is not full ends it.
  const total = !text
    ? totals.people
    : rows.length < q.pageSize && (rows.length > 0 || offset === 0)
      ? offset + rows.length
      : await repo.countMonthPeople(ctx.db, scope, text);
  const unitNames = await unitNamesOf(ctx, rows);
  const monthly: Monthly = {
    month: q.month,
    from: scope.from,
    to: scope.to,
    unitId: unit.id,
    unitName: unit.name,
    people: totals.people,
    totals: totals.totals,
    items: rows.map((r) => monthlyPerson(r, rules, unitNames)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
  // As fresh as the totals it shows, which may be older than the page.
  return { body: Buffer.from(JSON.stringify(monthly)), basedOn: [totalsAnswer] };
}

export const MAX_EXPORT_ROWS = 20_000;

type MonthlyItem = Monthly['items'][number];

const ROLE_LABELS: Record<string, Record<Locale, string>> = {
  agent: { 'zh-CN': '营销员', 'en-US': 'Agent' },
  supervisor: { 'zh-CN': '主管', 'en-US': 'Supervisor' },
};

/** 0.8 → "80.0%"; empty when nothing was required. */
export function percent(rate: number | null): string | null {
  return rate === null ? null : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** Fen → yuan as a number with two decimals (Excel sums it). */
export function yuan(fen: number | null): number | null {
  return fen === null ? null : Math.round(fen) / 100;
}

const MONTHLY_COLUMNS: SheetColumn<MonthlyItem>[] = [
  { key: 'username', header: { 'zh-CN': '工号', 'en-US': 'Username' }, width: 16 },
  { key: 'displayName', header: { 'zh-CN': '姓名', 'en-US': 'Name' }, width: 12 },
  {
    key: 'role',
    header: { 'zh-CN': '角色', 'en-US': 'Role' },
    width: 10,
    format: (r, l) => ROLE_LABELS[r.role]?.[l] ?? r.role,
  },
  { key: 'unitName', header: { 'zh-CN': '团队', 'en-US': 'Team' }, width: 16 },
  { key: 'required', header: { 'zh-CN': '应出勤', 'en-US': 'Required' }, width: 10 },
  { key: 'attended', header: { 'zh-CN': '实出勤', 'en-US': 'Attended' }, width: 10 },
  { key: 'present', header: { 'zh-CN': '准时', 'en-US': 'On time' }, width: 8 },
  { key: 'late', header: { 'zh-CN': '迟到', 'en-US': 'Late' }, width: 8 },
  { key: 'absent', header: { 'zh-CN': '缺勤', 'en-US': 'Absent' }, width: 8 },
  { key: 'leave', header: { 'zh-CN': '请假', 'en-US': 'Leave' }, width: 8 },
  { key: 'earlyLeave', header: { 'zh-CN': '早退', 'en-US': 'Left early' }, width: 8 },
  { key: 'rate', header: { 'zh-CN': '出勤率', 'en-US': 'Rate' }, width: 10, format: (r) => percent(r.rate) },
  {
    key: 'finesFen',
    header: { 'zh-CN': '罚款(元)', 'en-US': 'Fines (yuan)' },
    width: 10,
    format: (r) => yuan(r.finesFen),
  },
  {
    key: 'fullAttendance',
    header: { 'zh-CN': '满勤', 'en-US': 'Full attendance' },
    width: 8,
    format: (r, l) => (r.fullAttendance ? (l === 'zh-CN' ? '是' : 'Yes') : l === 'zh-CN' ? '否' : 'No'),
  },
];

/** Everyone matching the monthly figures' filters, in their sort, as .xlsx; audited. */
export async function exportMonthly(
  ctx: Ctx,
  q: MonthlyExportQuery,
): Promise<{ buffer: Buffer; filename: string }> {
  assertCan(ctx.actor, 'attendance.read');
  const { lang, ...filter } = q;
  const locale = lang ?? 'zh-CN';
  const sort = parseMonthlySort(q.sort);
  const cfg = await tenantConfig(ctx.db, ctx.actor.tenantId);
  const rules = cfg.rules;
  const unit = await reportUnit(ctx, q.unitId);
  const scope = monthScope(ctx, unit, rules, q.month);
  const rows = await repo.findMonthAll(ctx.db, scope, rules, sort, q.q || undefined, MAX_EXPORT_ROWS + 1);
  if (rows.length > MAX_EXPORT_ROWS) {
    throw new AppError(
      'EXPORT_TOO_LARGE',
      400,
      `More than ${MAX_EXPORT_ROWS} people match: narrow the filters`,
      {
        maxRows: MAX_EXPORT_ROWS,
      },
    );
  }
  const unitNames = await unitNamesOf(ctx, rows);
  const items = rows.map((r) => monthlyPerson(r, rules, unitNames));
  const buffer = await buildXlsx(MONTHLY_COLUMNS, items, {
    locale,
    sheetName: locale === 'zh-CN' ? `出勤月报 ${q.month}` : `Attendance ${q.month}`,
  });
  // Figures of named people leave the system: who took them, with which filters, is on record.
  await recordAudit(ctx, {
    entity: 'attendanceMonthlyExport',
    entityId: newId(),
    action: 'export',
    after: { filter, rows: rows.length },
    sessionNeutral: true,
  });
  return {
    buffer,
    filename:
      locale === 'zh-CN'
        ? `出勤月报-${unit.name}-${q.month}.xlsx`
        : `attendance-${unit.name}-${q.month}.xlsx`,
  };
}

// ---- Trend ------------------------------------------------------------------------------------

export type TrendQuery = z.output<typeof TrendQuerySchema>;
export type Trend = z.infer<typeof TrendSchema>;

/** Figures per work month, oldest first, ending at the current one: a unit's totals or one person's. */
export async function getTrend(ctx: Ctx, q: TrendQuery): Promise<Trend> {
  // Everyone may read their own trend (the agent's "my month" page); anything else is a report.
  assertCan(
    ctx.actor,
    q.userId !== undefined && q.userId === ctx.actor.userId ? 'attendance.checkIn' : 'attendance.read',
  );
  if ((q.unitId === undefined) === (q.userId === undefined)) {
    throw invalid([{ path: 'query.unitId', message: 'Give either unitId or userId', code: 'required' }]);
  }
  const cfg = await tenantConfig(ctx.db, ctx.actor.tenantId);
  const rules = cfg.rules;
  const current = workMonthOf(businessDate(now(), cfg.timeZone), rules.workMonth);
  const months = monthsEndingAt(current, q.months);
  if (q.unitId !== undefined) {
    const unit = await reportUnit(ctx, q.unitId);
    const byMonth = await repo.findMonthlyTotalsByMonth(
      ctx.db,
      peopleScope(ctx, unit, rules.attendeeRoles),
      months,
      rules,
    );
    return months.map((month) => {
      const t = byMonth.get(month);
      return { month, ...(t ? totalsFigures(t) : monthFigures(ZERO_COUNTERS, null)) };
    });
  }
  const user = await repo.findVisibleUser(ctx.db, ctx.actor.visibility, q.userId!);
  if (!user) throw notFound('User');
  const stats = new Map(
    (await repo.findUserStats(ctx.db, ctx.actor.tenantId, user.id, months)).map((s) => [s.month, s]),
  );
  const fine = fineRuleFor(rules, user.role as Role);
  return months.map((month) => {
    const s = stats.get(month);
    return { month, ...monthFigures(s ? countersOf(s) : ZERO_COUNTERS, fine) };
  });
}
