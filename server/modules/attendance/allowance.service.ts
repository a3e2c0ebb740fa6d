import type { z } from 'zod';
import type {
  Allowance,
  AllowanceBasesSchema,
  AllowanceQuerySchema,
  AttendanceRules,
} from '../../../contracts/attendance.ts';
import type {
  AllowanceBaseFieldKey,
  AllowanceBasesImportFields,
  AllowanceBasesResult,
  AllowanceExportQuery,
} from '../../../contracts/attendance-report.ts';
import type { FieldError } from '../../../contracts/errors.ts';
import type { ImportResult } from '../../../contracts/import.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { newId } from '../../db/ids.ts';
import { inTx } from '../../db/tx.ts';
import { invalid, notFound } from '../../http/errors.ts';
import {
  headerPicker,
  runImport,
  type ImportField,
  type MappedRow,
  type RowError,
} from '../../lib/import-pipeline.ts';
import { nowIso } from '../../lib/clock.ts';
import { DEFAULT_MAX_ROWS, parseSpreadsheet } from '../../lib/spreadsheet.ts';
import type { Upload } from '../../lib/upload.ts';
import { buildTemplateXlsx, buildXlsx, type Locale, type SheetColumn } from '../../lib/xlsx-export.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { allowanceCutFen, allowanceTier, monthFigures, workMonthRange } from './attendance.rules.ts';
import { tenantConfig } from './config.service.ts';
import { personField } from './import-fields.ts';
import * as repo from './report.repository.ts';
import { percent, yuan } from './report.service.ts';

/**
 * The supervisors' attendance allowance (主管津贴): each supervisor's own rate in a work month picks a
 * tier of the tenant's rules, whose share of the month's allowance base is cut. Bases are entered
 * per supervisor and month (by hand or from payroll's spreadsheet) and kept in fen.
 */

export type AllowanceQuery = z.output<typeof AllowanceQuerySchema>;
export type AllowanceBasesInput = z.output<typeof AllowanceBasesSchema>;
type AllowanceRow = Allowance['rows'][number];

/** Highest minRate first: a row's `tier` indexes this list, as allowanceTier counts. */
function sortedTiers(rules: AttendanceRules): AttendanceRules['allowanceTiers'] {
  return [...rules.allowanceTiers].sort((a, b) => b.minRate - a.minRate);
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every supervisor in the reader's scope (or under a unit of it) counted in the month. */
export async function getAllowance(ctx: Ctx, q: AllowanceQuery): Promise<Allowance> {
  assertCan(ctx.actor, 'attendance.allowance');
  const { tenantId, visibility: vis } = ctx.actor;
  const cfg = await tenantConfig(ctx.db, tenantId);
  const rules = cfg.rules;
  const range = workMonthRange(q.month, rules.workMonth);
  let unitId: string | null = null;
  let scopeVis: typeof vis | null = vis.all ? null : vis;
  if (q.unitId !== undefined) {
    const unit = await repo.findReportUnit(ctx.db, vis, ctx.actor.unitId, q.unitId);
    if (!unit) throw notFound('Unit');
    unitId = unit.id;
    scopeVis = unit.covered ? null : vis;
  }
  const people = await repo.findAllowancePeople(ctx.db, {
    tenantId,
    unitId,
    vis: scopeVis,
    roles: ['supervisor'],
    month: q.month,
    ...range,
  });
  // Teams in the org chart's order (siblings by sort order, then name), people by name.
  const paths = await repo.findUnitPaths(ctx.db, tenantId, [...new Set(people.map((p) => p.unit_id))]);
  const unitOrder = (a: string, b: string): number => {
    const pa = paths.get(a) ?? [];
    const pb = paths.get(b) ?? [];
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
      const d = pa[i]!.sort_order - pb[i]!.sort_order || byText(pa[i]!.name, pb[i]!.name);
      if (d !== 0) return d;
    }
    return pa.length - pb.length || byText(a, b);
  };
  people.sort(
    (a, b) => unitOrder(a.unit_id, b.unit_id) || byText(a.display_name, b.display_name) || byText(a.id, b.id),
  );
  const rows: AllowanceRow[] = people.map((p) => {
    const f = monthFigures(p, null);
    const tier = allowanceTier(f.rate, rules.allowanceTiers);
    return {
      userId: p.id,
      displayName: p.display_name,
      username: p.username,
      unitId: p.unit_id,
      unitName: p.unit_name,
      required: f.required,
      attended: f.attended,
      rate: f.rate,
      tier: tier.index,
      cut: tier.cut,
      baseFen: p.base_fen,
      cutFen: p.base_fen === null ? null : allowanceCutFen(p.base_fen, tier.cut),
    };
  });
  return { month: q.month, ...range, tiers: sortedTiers(rules), rows };
}

// ---- Export -----------------------------------------------------------------------------------

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** "≥80%", "50%–80%", "<50%": the band of rates a tier covers. */
export function tierLabel(tiers: AttendanceRules['allowanceTiers'], index: number): string {
  const t = tiers[index];
  if (!t) return '';
  const upper = index > 0 ? tiers[index - 1] : undefined;
  if (!upper) return `≥${pct(t.minRate)}`;
  if (t.minRate === 0) return `<${pct(upper.minRate)}`;
  return `${pct(t.minRate)}–${pct(upper.minRate)}`;
}

function allowanceColumns(tiers: AttendanceRules['allowanceTiers']): SheetColumn<AllowanceRow>[] {
  return [
    { key: 'username', header: { 'zh-CN': '工号', 'en-US': 'Username' }, width: 16, text: true },
    { key: 'displayName', header: { 'zh-CN': '姓名', 'en-US': 'Name' }, width: 12 },
    { key: 'unitName', header: { 'zh-CN': '团队', 'en-US': 'Team' }, width: 16 },
    { key: 'required', header: { 'zh-CN': '应出勤', 'en-US': 'Required' }, width: 10 },
    { key: 'attended', header: { 'zh-CN': '实出勤', 'en-US': 'Attended' }, width: 10 },
    {
      key: 'rate',
      header: { 'zh-CN': '出勤率', 'en-US': 'Rate' },
      width: 10,
      format: (r) => percent(r.rate),
    },
    {
      key: 'tier',
      header: { 'zh-CN': '档位', 'en-US': 'Tier' },
      width: 12,
      format: (r) => tierLabel(tiers, r.tier),
    },
    { key: 'cut', header: { 'zh-CN': '扣发比例', 'en-US': 'Cut' }, width: 10, format: (r) => pct(r.cut) },
    {
      key: 'baseFen',
      header: { 'zh-CN': '津贴基数(元)', 'en-US': 'Allowance base (yuan)' },
      width: 14,
      format: (r) => yuan(r.baseFen),
    },
    {
      key: 'cutFen',
      header: { 'zh-CN': '扣发金额(元)', 'en-US': 'Amount cut (yuan)' },
      width: 14,
      format: (r) => yuan(r.cutFen),
    },
  ];
}

/** The allowance report as .xlsx for payroll, headers in Chinese unless asked otherwise; audited. */
export async function exportAllowance(
  ctx: Ctx,
  q: AllowanceExportQuery,
): Promise<{ buffer: Buffer; filename: string }> {
  const { lang, ...filter } = q;
  const locale: Locale = lang ?? 'zh-CN';
  const report = await getAllowance(ctx, filter);
  const buffer = await buildXlsx(allowanceColumns(report.tiers), report.rows, {
    locale,
    sheetName: locale === 'zh-CN' ? `主管津贴 ${q.month}` : `Allowance ${q.month}`,
  });
  await recordAudit(ctx, {
    entity: 'attendanceAllowanceExport',
    entityId: newId(),
    action: 'export',
    after: { filter, rows: report.rows.length },
    sessionNeutral: true,
  });
  return {
    buffer,
    filename: locale === 'zh-CN' ? `主管津贴-${q.month}.xlsx` : `supervisor-allowance-${q.month}.xlsx`,
  };
}

// ---- Bases ------------------------------------------------------------------------------------

/** A base per visible supervisor: written or (null) removed, all or nothing, audited as one change. */
export async function putBases(ctx: Ctx, input: AllowanceBasesInput): Promise<AllowanceBasesResult> {
  assertCan(ctx.actor, 'attendance.allowanceWrite');
  const seen = new Map<string, number>();
  const errors: FieldError[] = [];
  input.bases.forEach((b, i) => {
    const first = seen.get(b.userId);
    if (first !== undefined) {
      errors.push({
        path: `body.bases.${i}.userId`,
        message: `Same person as bases.${first}`,
        code: 'duplicate',
      });
    } else seen.set(b.userId, i);
  });
  if (errors.length) throw invalid(errors);
  const ids = [...seen.keys()];
  // Anyone unknown, of another tenant, out of scope or not a supervisor: 404, naming nobody.
  const allowed = await repo.findVisibleSupervisorIds(ctx.db, ctx.actor.visibility, ids);
  if (allowed.size !== ids.length) throw notFound('Supervisor');
  return inTx(ctx, async (tx) => {
    const before = await repo.findBases(tx.db, ctx.actor.tenantId, input.month, ids);
    const write = input.bases.filter((b) => b.baseFen !== null) as { userId: string; baseFen: number }[];
    const drop = input.bases.filter((b) => b.baseFen === null).map((b) => b.userId);
    await writeBases(tx, input.month, write);
    const removed = await repo.deleteBases(tx.db, ctx.actor.tenantId, input.month, drop);
    await recordAudit(tx, {
      entity: 'attendanceAllowanceBases',
      entityId: input.month,
      action: 'update',
      before: { month: input.month, bases: Object.fromEntries(before.map((b) => [b.user_id, b.base_fen])) },
      after: {
        month: input.month,
        bases: Object.fromEntries(input.bases.map((b) => [b.userId, b.baseFen])),
      },
      sessionNeutral: true,
    });
    return { month: input.month, saved: write.length, removed };
  });
}

async function writeBases(
  tx: Ctx,
  month: string,
  bases: { userId: string; baseFen: number }[],
): Promise<void> {
  const at = nowIso();
  for (let i = 0; i < bases.length; i += 500) {
    await repo.upsertBases(
      tx.db,
      bases.slice(i, i + 500).map((b) => ({
        tenant_id: tx.actor.tenantId,
        user_id: b.userId,
        month,
        base_fen: b.baseFen,
        updated_by: tx.actor.userId,
        updated_at: at,
      })),
    );
  }
}

// ---- Import of bases --------------------------------------------------------------------------

type K = AllowanceBaseFieldKey;

export const BASE_FIELDS: readonly ImportField<K>[] = [
  personField('username', ['员工工号'], { text: true }),
  {
    key: 'displayName',
    header: { 'zh-CN': '姓名', 'en-US': 'Name' },
    aliases: ['名字', '员工姓名', '主管姓名', 'full name', 'display name'],
    example: '张三',
    width: 12,
  },
  {
    key: 'base',
    header: { 'zh-CN': '津贴基数(元)', 'en-US': 'Allowance base (yuan)' },
    aliases: [
      '津贴基数',
      '基数',
      '基数(元)',
      '津贴',
      '主管津贴',
      '津贴金额',
      '金额',
      '金额(元)',
      'allowance',
      'base',
    ],
    required: true,
    example: '1500',
    width: 14,
  },
];

/** "1,500.50", "￥1500", "1500元" → fen; null when it is not an amount of yuan with at most two decimals. */
export function parseYuan(raw: string): number | null {
  const text = raw
    .normalize('NFKC')
    .replace(/[\s,¥]/g, '')
    .replace(/元$/, '');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const MAX_BASE_FEN = 100_000_000;

interface BaseContext {
  users: Map<string, { id: string; display_name: string; role: string; visible: boolean }>;
  firstRow: Map<string, number>;
  resolved: Map<number, { userId: string; baseFen: number }>;
}

async function prepareBases(ctx: Ctx, rows: MappedRow<K>[]): Promise<BaseContext> {
  const firstRow = new Map<string, number>();
  for (const r of rows) {
    const u = r.values.username.trim();
    if (u && !firstRow.has(u)) firstRow.set(u, r.rowNumber);
  }
  const users = await repo.findUsersByUsername(ctx.db, ctx.actor.visibility, [...firstRow.keys()]);
  return {
    users: new Map(
      users.map((u) => [
        u.username,
        { id: u.id, display_name: u.display_name, role: u.role, visible: Number(u.visible) === 1 },
      ]),
    ),
    firstRow,
    resolved: new Map(),
  };
}

function validateBase(row: MappedRow<K>, context: BaseContext): RowError<K>[] {
  const errors: RowError<K>[] = [];
  const err = (field: K, code: string, message: string) => errors.push({ field, code, message });
  const username = row.values.username.trim();
  const user = context.users.get(username);
  if (username) {
    if (!user?.visible) err('username', 'unknown', 'Unknown username');
    else if (user.role !== 'supervisor') err('username', 'notSupervisor', 'Not a supervisor');
    else if (context.firstRow.get(username) !== row.rowNumber) {
      err('username', 'duplicateInFile', `Same username as row ${context.firstRow.get(username)}`);
    }
    const name = row.values.displayName.trim();
    if (user?.visible && name && name !== user.display_name.trim()) {
      err('displayName', 'mismatch', `The name of ${username} is ${user.display_name}`);
    }
  }
  let baseFen: number | null = null;
  if (row.values.base) {
    baseFen = parseYuan(row.values.base);
    if (baseFen === null) err('base', 'invalid', 'Expected an amount in yuan, e.g. 1500 or 1500.50');
    else if (baseFen > MAX_BASE_FEN) err('base', 'invalid', 'At most 1,000,000 yuan');
  }
  if (errors.length === 0 && user && baseFen !== null) {
    context.resolved.set(row.rowNumber, { userId: user.id, baseFen });
  }
  return errors;
}

/**
 * Imports the bases of a work month from payroll's sheet (工号, 姓名, 津贴基数 in yuan): a dry run
 * reports every row with its errors; a commit writes every base in one transaction, or none.
 */
export async function importBases(
  ctx: Ctx,
  readUpload: () => Promise<Upload<AllowanceBasesImportFields>>,
): Promise<ImportResult> {
  assertCan(ctx.actor, 'attendance.allowanceWrite');
  const { file, fields } = await readUpload();
  const sheet = await parseSpreadsheet(file, {
    maxRows: DEFAULT_MAX_ROWS,
    pickHeader: headerPicker(BASE_FIELDS),
  });
  return runImport(
    ctx,
    sheet,
    { fields: BASE_FIELDS, prepare: prepareBases, validate: validateBase },
    {
      mapping: fields.mapping,
      commit: !fields.dryRun,
      write: async (tx, rows, context) => {
        const bases = rows.map((r) => context.resolved.get(r.rowNumber)!);
        await writeBases(tx, fields.month, bases);
        await recordAudit(tx, {
          entity: 'attendanceAllowanceBases',
          entityId: fields.month,
          action: 'import',
          after: {
            month: fields.month,
            fileName: file.filename,
            bases: Object.fromEntries(bases.map((b) => [b.userId, b.baseFen])),
          },
          sessionNeutral: true,
        });
        return bases.length;
      },
    },
  );
}

const TEMPLATE_NOTES: Record<Locale, string[]> = {
  'zh-CN': [
    '填写说明（导入时只读取第一个工作表，示例行请删除或改写）',
    '工号：主管的登录用户名（必填）；只能填写您管辖范围内的主管。',
    '姓名：选填；填写时须与系统中的姓名一致，用于核对。',
    '津贴基数(元)：该工作月的津贴基数，单位为元，最多两位小数，如 1500 或 1500.50（必填）。',
    '工作月在上传时选择；同一主管已有的基数将被覆盖。',
  ],
  'en-US': [
    'How to fill in (only the first sheet is read; delete or overwrite the example row)',
    "Username: the supervisor's login (required); only supervisors in your scope.",
    'Name: optional; when given it must match the name in the system (a check).',
    'Allowance base (yuan): the base for the work month, at most two decimals, e.g. 1500 or 1500.50 (required).',
    'The work month is chosen when uploading; an existing base of the same supervisor is replaced.',
  ],
};

export async function buildBasesTemplate(
  ctx: Ctx,
  locale: Locale = 'zh-CN',
): Promise<{ buffer: Buffer; filename: string }> {
  assertCan(ctx.actor, 'attendance.allowanceWrite');
  const buffer = await buildTemplateXlsx(BASE_FIELDS, { locale, notes: TEMPLATE_NOTES[locale] });
  return {
    buffer,
    filename: locale === 'zh-CN' ? '主管津贴基数导入模板.xlsx' : 'allowance-bases-template.xlsx',
  };
}
