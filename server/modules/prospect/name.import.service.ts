import type { PlanNameCategory, PlanNameImportResult } from '../../../contracts/plan100.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { newId } from '../../db/ids.ts';
import { nowIso } from '../../lib/clock.ts';
import { importUpload, type ImportField, type ImportUploadFields, type MappedRow, type RowError } from '../../lib/import-pipeline.ts';
import { maskPersonalNumbersInText } from '../../lib/pii-text.ts';
import type { Upload } from '../../lib/upload.ts';
import { buildTemplateXlsx, type Locale } from '../../lib/xlsx-export.ts';
import { auditRow, recordAudit, recordAuditRows } from '../audit/audit.service.ts';
import * as repo from './name.repository.ts';
import { CATEGORY_LABELS, checkName, flagDuplicates, type CheckedName } from './name.rules.ts';

/**
 * Importing names into the actor's own Plan 100 list from .xlsx or .csv, like every import: a
 * preview (dryRun, the default) shows each row with its errors and whether it repeats a name
 * already on the list; a commit writes every row in one transaction, or nothing when any row has
 * an error (400 IMPORT_HAS_ERRORS). A blank category is "referrals/other".
 */

export const NameFieldKeys = ['name', 'category', 'phone', 'note'] as const;
type K = (typeof NameFieldKeys)[number];

export const NAME_FIELDS: readonly ImportField<K>[] = [
  {
    key: 'name',
    header: { 'zh-CN': '姓名', 'en-US': 'Name' },
    aliases: ['名字', '客户姓名', '准客户', 'full name'],
    required: true,
    example: '张三',
    width: 14,
  },
  {
    key: 'category',
    header: { 'zh-CN': '关系类别', 'en-US': 'Category' },
    aliases: ['类别', '关系', '分类', '来源', 'relationship', 'relation'],
    example: '亲戚',
    width: 14,
  },
  {
    key: 'phone',
    header: { 'zh-CN': '手机号', 'en-US': 'Mobile' },
    aliases: ['手机', '手机号码', '电话', '联系电话', 'phone', 'mobile phone', 'tel'],
    example: '13800138000',
    width: 14,
    text: true,
  },
  {
    key: 'note',
    header: { 'zh-CN': '备注', 'en-US': 'Note' },
    aliases: ['说明', 'remark', 'remarks', 'notes'],
    example: '表哥，在银行工作',
    width: 30,
  },
];

const DEFAULT_CATEGORY: PlanNameCategory = 'referrals';

interface NameContext {
  checked: Map<number, CheckedName>;
  duplicates: Map<number, boolean>;
}

async function prepare(ctx: Ctx, rows: MappedRow<K>[]): Promise<NameContext> {
  const checked = new Map<number, CheckedName>();
  const list = rows.map((r) => {
    const c = checkName(r.values, DEFAULT_CATEGORY);
    checked.set(r.rowNumber, c);
    return c;
  });
  const existing = await repo.ownerKeys(ctx.db, ctx.actor.tenantId, ctx.actor.userId);
  const flags = flagDuplicates(list, existing);
  const duplicates = new Map(rows.map((r, i) => [r.rowNumber, flags[i] ?? false]));
  return { checked, duplicates };
}

function validate(row: MappedRow<K>, c: NameContext): RowError<K>[] {
  return (c.checked.get(row.rowNumber)?.errors ?? []).map((e) => ({
    field: e.field === 'line' ? 'row' : e.field,
    message: e.message,
    code: e.code,
  }));
}

async function write(tx: Ctx, rows: MappedRow<K>[], c: NameContext, fileName: string): Promise<number> {
  const at = nowIso();
  const written = rows.map((r) => {
    const n = c.checked.get(r.rowNumber)!;
    return {
      id: newId(),
      tenant_id: tx.actor.tenantId,
      owner_id: tx.actor.userId,
      unit_id: tx.actor.unitId,
      name: n.name,
      name_key: n.nameKey,
      category: n.category ?? DEFAULT_CATEGORY,
      phone: n.phone,
      note: n.note,
      excluded: 0,
      score: null,
      grade: null,
      rubric_version: null,
      answers: null,
      scored_at: null,
      prospect_id: null,
      erased_at: null,
      created_by: tx.actor.userId,
      created_at: at,
      updated_at: at,
    };
  });
  await repo.insertNames(tx.db, written);
  await recordAuditRows(
    tx.db,
    written.map((r) =>
      auditRow(tx, tx.actor.tenantId, tx.actor.userId, {
        entity: 'planName',
        entityId: r.id,
        action: 'import',
        after: { id: r.id, name: r.name, category: r.category, phone: r.phone, note: r.note === null ? null : maskPersonalNumbersInText(r.note) },
      }),
    ),
    { sessionNeutral: true },
  );
  await recordAudit(tx, {
    entity: 'planNameImport',
    entityId: newId(),
    action: 'import',
    after: { fileName, rows: rows.length, created: written.length },
    sessionNeutral: true,
  });
  return written.length;
}

export type NameImportFields = ImportUploadFields;

export async function importNames(
  ctx: Ctx,
  readUpload: () => Promise<Upload<NameImportFields>>,
): Promise<PlanNameImportResult> {
  assertCan(ctx.actor, 'prospect.own');
  const { result, context } = await importUpload(
    ctx,
    readUpload,
    { fields: NAME_FIELDS, prepare, validate },
    write,
  );
  return {
    ...result,
    rows: result.rows.map((r) => ({ ...r, duplicate: context?.duplicates.get(r.rowNumber) ?? false })),
  };
}

const TEMPLATE_NOTES: Record<Locale, string[]> = {
  'zh-CN': [
    '填写说明（导入时只读取第一个工作表，示例行请删除或改写）',
    '姓名必填；关系类别可填：' + Object.values(CATEGORY_LABELS).map((l) => l['zh-CN']).join('、') + '，留空记为“转介绍/其他”。',
    '手机号选填，须为 11 位大陆手机号。与名单中已有姓名或手机号相同的行会标记为疑似重复，但仍可导入。',
    '任何一行有错误时整个文件都不会导入，请按预览提示修改后再提交。',
  ],
  'en-US': [
    'How to fill in (only the first sheet is read; delete or overwrite the example row)',
    'Name is required; Category is one of: ' + Object.values(CATEGORY_LABELS).map((l) => l['en-US']).join(', ') + ' (blank: Referrals/other).',
    'Mobile is optional, an 11-digit mainland number. Rows repeating a name or number already on the list are flagged but imported.',
    'If any row has an error nothing is imported: fix the rows the preview shows and submit again.',
  ],
};

export async function buildNameTemplate(ctx: Ctx, locale: Locale = 'zh-CN'): Promise<{ buffer: Buffer; filename: string }> {
  assertCan(ctx.actor, 'prospect.own');
  const buffer = await buildTemplateXlsx(NAME_FIELDS, { locale, notes: TEMPLATE_NOTES[locale] });
  return { buffer, filename: locale === 'zh-CN' ? '计划100名单导入模板.xlsx' : 'plan100-import-template.xlsx' };
}
