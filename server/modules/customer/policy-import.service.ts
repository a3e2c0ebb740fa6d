import type {
  CoverageKind,
  PaymentMode,
  PolicyFieldKey,
  PolicyImportResult,
  PolicyStatus,
} from '../../../contracts/customer.ts';
import type { Ctx } from '../../access/actor.ts';
import { assertCan } from '../../access/permissions.ts';
import { ownedRowVisible } from '../../access/scope.ts';
import type { CustomerTable, PolicyTable } from '../../db/schema.ts';
import { nowIso } from '../../lib/clock.ts';
import { importUpload, type ImportField, type ImportUploadFields, type MappedRow, type RowError } from '../../lib/import-pipeline.ts';
import { normaliseDate } from '../../lib/spreadsheet.ts';
import type { Upload } from '../../lib/upload.ts';
import { buildTemplateXlsx, type Locale } from '../../lib/xlsx-export.ts';
import { auditRow, recordAuditRows } from '../audit/audit.service.ts';
import { writeVisibility } from './customer.access.ts';
import { maskText } from './customer.dto.ts';
import { COVERAGE_LABELS, PAYMENT_MODE_LABELS, POLICY_STATUS_LABELS, codeOf } from './customer.labels.ts';
import * as customers from './customer.repository.ts';
import { newPolicyRow, policyNumberTaken } from './policy.service.ts';
import * as repo from './policy.repository.ts';

/**
 * Policy import (.xlsx/.csv) through the shared pipeline: a preview gives every row its errors (by
 * row number) and the customer it resolved to; a commit writes every policy in one transaction, or
 * nothing while any row is bad. A row names its customer by id, or by name with the owner's
 * username (blank: the importer's own customer). Only customers the importer may change are found;
 * any other reads as unknown, so a file cannot tell who exists elsewhere.
 */

type K = PolicyFieldKey;

export const POLICY_FIELDS: readonly ImportField<K>[] = [
  {
    key: 'policyNo',
    header: { 'zh-CN': '保单号', 'en-US': 'Policy number' },
    aliases: ['保单号码', '保险单号', 'policy no', 'policy number'],
    required: true,
    example: 'P2026000123',
    width: 20,
    text: true,
  },
  {
    key: 'customer',
    header: { 'zh-CN': '投保人', 'en-US': 'Customer' },
    aliases: ['客户', '客户姓名', '投保人姓名', 'customer name', 'policyholder'],
    example: '张三',
    width: 12,
  },
  {
    key: 'owner',
    header: { 'zh-CN': '工号', 'en-US': 'Username' },
    aliases: ['业务员工号', '代理人工号', '用户名', '账号', 'agent', 'owner', 'agent username'],
    example: 'zhang.san',
    width: 16,
    text: true,
  },
  {
    key: 'customerId',
    header: { 'zh-CN': '客户编号', 'en-US': 'Customer ID' },
    aliases: ['客户id', 'customer id'],
    width: 38,
    text: true,
  },
  {
    key: 'product',
    header: { 'zh-CN': '产品名称', 'en-US': 'Product' },
    aliases: ['产品', '险种名称', '保险产品', 'product name'],
    required: true,
    example: '康宁终身重大疾病保险',
    width: 24,
  },
  {
    key: 'coverageKind',
    header: { 'zh-CN': '险种类别', 'en-US': 'Coverage kind' },
    aliases: ['险种', '保障类别', '类别', 'coverage', 'kind'],
    required: true,
    example: '重疾险',
    width: 12,
  },
  {
    key: 'sumAssured',
    header: { 'zh-CN': '保额（元）', 'en-US': 'Sum assured (yuan)' },
    aliases: ['保额', '基本保额', '保险金额', 'sum assured'],
    example: '500000',
    width: 14,
  },
  {
    key: 'insuredName',
    header: { 'zh-CN': '被保险人', 'en-US': 'Insured' },
    aliases: ['被保人', '被保险人姓名', 'insured name'],
    example: '张三',
    width: 12,
  },
  {
    key: 'beneficiaryName',
    header: { 'zh-CN': '受益人', 'en-US': 'Beneficiary' },
    aliases: ['身故受益人', 'beneficiary name'],
    example: '李四',
    width: 12,
  },
  {
    key: 'premium',
    header: { 'zh-CN': '保费（元）', 'en-US': 'Premium (yuan)' },
    aliases: ['保费', '期交保费', '年交保费', '每期保费', 'premium'],
    required: true,
    example: '8800.00',
    width: 12,
  },
  {
    key: 'paymentMode',
    header: { 'zh-CN': '缴费方式', 'en-US': 'Payment mode' },
    aliases: ['交费方式', '缴费频率', '交费频率', 'payment frequency'],
    required: true,
    example: '年交',
    width: 10,
  },
  {
    key: 'paymentTermYears',
    header: { 'zh-CN': '缴费年期', 'en-US': 'Term (years)' },
    aliases: ['缴费期限', '交费年期', '交费期间', '缴费年限', 'payment term', 'term'],
    example: '20',
    width: 10,
  },
  {
    key: 'effectiveDate',
    header: { 'zh-CN': '生效日期', 'en-US': 'Effective date' },
    aliases: ['生效日', '承保日期', '起保日期', 'effective', 'start date'],
    required: true,
    example: '2026-03-02',
    width: 12,
    text: true,
  },
  {
    key: 'status',
    header: { 'zh-CN': '保单状态', 'en-US': 'Status' },
    aliases: ['状态', 'policy status'],
    example: '有效',
    width: 10,
  },
];

const COVERAGE_ALIASES: Record<string, CoverageKind> = {
  寿险: 'life',
  定期寿险: 'life',
  终身寿险: 'life',
  人寿保险: 'life',
  重疾: 'criticalIllness',
  重大疾病: 'criticalIllness',
  重大疾病保险: 'criticalIllness',
  医疗: 'medical',
  医疗保险: 'medical',
  百万医疗: 'medical',
  意外: 'accident',
  意外伤害保险: 'accident',
  意外险: 'accident',
  年金: 'annuity',
  年金险: 'annuity',
  教育金: 'annuity',
  教育年金: 'annuity',
  养老金: 'annuity',
  education: 'annuity',
};
const PAYMENT_ALIASES: Record<string, PaymentMode> = {
  趸缴: 'single',
  一次交清: 'single',
  一次性: 'single',
  年缴: 'annual',
  半年缴: 'semiAnnual',
  季缴: 'quarterly',
  月缴: 'monthly',
};
const STATUS_ALIASES: Record<string, PolicyStatus> = {
  生效: 'inForce',
  有效中: 'inForce',
  保单有效: 'inForce',
  中止: 'lapsed',
  失效中: 'lapsed',
  已退保: 'surrendered',
  理赔: 'claimed',
  理赔终止: 'claimed',
};

const MAX_FEN = 1_000_000_000_000;

/** Yuan with at most two decimals ("8,800.00", "¥8800", "8800元") as integer fen; null if not money. */
export function yuanToFen(raw: string): number | null {
  const v = raw.normalize('NFKC').replace(/[,\s¥￥]|元$/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(v)) return null;
  const [whole, frac = ''] = v.split('.');
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return Number.isSafeInteger(fen) && fen <= MAX_FEN ? fen : null;
}

interface Parsed {
  rowNumber: number;
  customer: CustomerTable;
  policy: Omit<PolicyTable, 'id' | 'tenant_id' | 'owner_id' | 'unit_id' | 'customer_id' | 'household_id' | 'created_by' | 'created_at' | 'updated_at'>;
}

interface PolicyContext {
  errors: Map<number, RowError<K>[]>;
  parsed: Map<number, Parsed>;
}

const normaliseUsername = (raw: string) => raw.normalize('NFKC').trim().toLowerCase();
const nameKey = (raw: string) => raw.normalize('NFKC').replace(/\s+/g, '');

async function preparePolicies(ctx: Ctx, rows: MappedRow<K>[]): Promise<PolicyContext> {
  const { tenantId } = ctx.actor;
  const vis = writeVisibility(ctx.actor);
  const errors = new Map<number, RowError<K>[]>();
  const err = (row: number, field: K | 'row', code: string, message: string) => {
    errors.set(row, [...(errors.get(row) ?? []), { field, code, message }]);
  };

  // Customers by id, and owners by username, then customers by owner and name.
  const ids = [...new Set(rows.map((r) => r.values.customerId.trim()).filter(Boolean))];
  const byId = new Map<string, CustomerTable>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const c of await customers.findCustomers(ctx.db, tenantId, ids.slice(i, i + 500), vis)) byId.set(c.id, c);
  }
  const usernames = [...new Set(rows.map((r) => normaliseUsername(r.values.owner)).filter(Boolean))];
  const owners = new Map<string, string>();
  for (let i = 0; i < usernames.length; i += 500) {
    const found = await ctx.db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('tenant_id', '=', tenantId)
      .where('username', 'in', usernames.slice(i, i + 500))
      .where(ownedRowVisible(vis, 'users.id', 'users.unit_id'))
      .execute();
    for (const u of found) owners.set(u.username, u.id);
  }
  const ownerIds = [...new Set([...owners.values(), ctx.actor.userId])];
  const byOwnerName = new Map<string, CustomerTable[]>();
  for (let i = 0; i < ownerIds.length; i += 500) {
    const found = await ctx.db
      .selectFrom('customers as c')
      .selectAll('c')
      .where('c.tenant_id', '=', tenantId)
      .where('c.owner_id', 'in', ownerIds.slice(i, i + 500))
      .where('c.erased_at', 'is', null)
      .where(ownedRowVisible(vis, 'c.owner_id', 'c.unit_id'))
      .execute();
    for (const c of found) {
      const k = `${c.owner_id}|${nameKey(c.name)}`;
      byOwnerName.set(k, [...(byOwnerName.get(k) ?? []), c]);
    }
  }
  const numbers = [...new Set(rows.map((r) => r.values.policyNo.trim()).filter(Boolean))];
  const taken = await repo.findTakenNumbers(ctx.db, tenantId, numbers);

  const parsed = new Map<number, Parsed>();
  const seenNumbers = new Map<string, number>();
  for (const row of rows) {
    const v = row.values;
    const n = row.rowNumber;
    const before = errors.get(n)?.length ?? 0;

    const policyNo = v.policyNo.trim();
    if (policyNo.length > 40) err(n, 'policyNo', 'tooLong', 'At most 40 characters');
    else if (policyNo) {
      const first = seenNumbers.get(policyNo);
      if (first !== undefined) err(n, 'policyNo', 'duplicateInFile', `Same policy number as row ${first}`);
      else seenNumbers.set(policyNo, n);
      if (taken.has(policyNo)) err(n, 'policyNo', 'taken', 'Already recorded');
    }

    let customer: CustomerTable | undefined;
    const customerId = v.customerId.trim();
    if (customerId) {
      customer = byId.get(customerId);
      if (!customer) err(n, 'customerId', 'unknown', 'Unknown customer');
    } else if (!v.customer.trim()) {
      err(n, 'customer', 'required', 'Required: the customer, or the customer ID');
    } else {
      const username = normaliseUsername(v.owner);
      const ownerId = username ? owners.get(username) : ctx.actor.userId;
      if (!ownerId) err(n, 'owner', 'unknown', 'Unknown person');
      else {
        const found = byOwnerName.get(`${ownerId}|${nameKey(v.customer)}`) ?? [];
        if (found.length === 0) err(n, 'customer', 'unknown', 'No such customer of this agent');
        else if (found.length > 1) err(n, 'customer', 'ambiguous', 'Several customers of this agent have this name: give the customer ID');
        else customer = found[0];
      }
    }

    const product = v.product.trim();
    if (product.length > 100) err(n, 'product', 'tooLong', 'At most 100 characters');
    const coverageKind = v.coverageKind ? codeOf(COVERAGE_LABELS, v.coverageKind, COVERAGE_ALIASES) : undefined;
    if (v.coverageKind && !coverageKind) err(n, 'coverageKind', 'invalid', 'One of 寿险, 重疾险, 医疗险, 意外险, 年金/教育金');
    let sumAssured: number | null = null;
    if (v.sumAssured.trim()) {
      sumAssured = yuanToFen(v.sumAssured);
      if (sumAssured === null) err(n, 'sumAssured', 'invalid', 'Expected an amount in yuan such as 500000');
    }
    const insuredName = (v.insuredName.trim() || customer?.name || '').trim();
    if (insuredName.length > 60) err(n, 'insuredName', 'tooLong', 'At most 60 characters');
    const beneficiaryName = v.beneficiaryName.trim() || null;
    if (beneficiaryName && beneficiaryName.length > 100) err(n, 'beneficiaryName', 'tooLong', 'At most 100 characters');
    let premium: number | null = null;
    if (v.premium) {
      premium = yuanToFen(v.premium);
      if (premium === null || premium < 1) err(n, 'premium', 'invalid', 'Expected an amount in yuan above 0, such as 8800.00');
    }
    const paymentMode = v.paymentMode ? codeOf(PAYMENT_MODE_LABELS, v.paymentMode, PAYMENT_ALIASES) : undefined;
    if (v.paymentMode && !paymentMode) err(n, 'paymentMode', 'invalid', 'One of 趸交, 年交, 半年交, 季交, 月交');
    let term: number | null = null;
    if (v.paymentTermYears.trim()) {
      const t = v.paymentTermYears.trim().replace(/年$/, '');
      term = /^\d{1,3}$/.test(t) ? Number(t) : null;
      if (term === null || term < 1 || term > 100) err(n, 'paymentTermYears', 'invalid', 'Whole years, 1 to 100');
    }
    const effectiveDate = v.effectiveDate ? normaliseDate(v.effectiveDate) : null;
    if (v.effectiveDate && !effectiveDate) err(n, 'effectiveDate', 'invalid', 'Expected a date such as 2026-03-02');
    let status: PolicyStatus | undefined = 'inForce';
    if (v.status.trim()) {
      status = codeOf(POLICY_STATUS_LABELS, v.status, STATUS_ALIASES);
      if (!status) err(n, 'status', 'invalid', 'One of 有效, 失效, 退保, 已理赔');
    }

    if ((errors.get(n)?.length ?? 0) > before || !customer || !coverageKind || !paymentMode || !effectiveDate || !status || premium === null || !policyNo || !product) {
      continue;
    }
    parsed.set(n, {
      rowNumber: n,
      customer,
      policy: {
        policy_no: policyNo,
        product,
        coverage_kind: coverageKind,
        sum_assured_fen: sumAssured,
        insured_name: insuredName,
        beneficiary_name: beneficiaryName,
        premium_fen: premium,
        payment_mode: paymentMode,
        payment_term_years: term,
        effective_date: effectiveDate,
        status,
      },
    });
  }
  return { errors, parsed };
}

async function writePolicies(tx: Ctx, context: PolicyContext, fileName: string): Promise<number> {
  const stamp = nowIso();
  const audits = [];
  for (const p of context.parsed.values()) {
    const row = newPolicyRow(
      tx,
      p.customer,
      {
        policyNo: p.policy.policy_no,
        product: p.policy.product,
        coverageKind: p.policy.coverage_kind as CoverageKind,
        sumAssuredFen: p.policy.sum_assured_fen,
        insuredName: p.policy.insured_name,
        beneficiaryName: p.policy.beneficiary_name,
        premiumFen: p.policy.premium_fen,
        paymentMode: p.policy.payment_mode as PaymentMode,
        paymentTermYears: p.policy.payment_term_years,
        effectiveDate: p.policy.effective_date,
        status: p.policy.status,
      },
      stamp,
    );
    // Recorded by someone else since the file was checked: the whole file is refused.
    if (!(await repo.insertPolicyIfNumberFree(tx.db, row))) throw policyNumberTaken(row.policy_no);
    const { tenant_id: _t, created_by: _c, ...after } = row;
    audits.push(
      auditRow(tx, tx.actor.tenantId, tx.actor.userId, {
        entity: 'policy',
        entityId: row.id,
        action: 'import',
        after: {
          ...after,
          insured_name: maskText(after.insured_name),
          beneficiary_name: maskText(after.beneficiary_name),
          fileName,
          rowNumber: p.rowNumber,
        },
      }),
    );
  }
  await recordAuditRows(tx.db, audits, { sessionNeutral: true });
  return audits.length;
}

export type PolicyImportFields = ImportUploadFields;

/** Preview (dryRun, the default) or commit a policy file. */
export async function importPolicies(
  ctx: Ctx,
  readUpload: () => Promise<Upload<PolicyImportFields>>,
): Promise<PolicyImportResult> {
  assertCan(ctx.actor, 'prospect.own');
  const { result, context } = await importUpload(
    ctx,
    readUpload,
    { fields: POLICY_FIELDS, prepare: preparePolicies, validate: (row, c) => c.errors.get(row.rowNumber) ?? [] },
    (tx, _rows, c, fileName) => writePolicies(tx, c, fileName),
  );
  return {
    ...result,
    rows: result.rows.map((r) => {
      const p = context?.parsed.get(r.rowNumber);
      return { ...r, customerId: p?.customer.id ?? null, customerName: p?.customer.name ?? null };
    }),
  };
}

const TEMPLATE_NOTES: Record<Locale, string[]> = {
  'zh-CN': [
    '填写说明（导入时只读取第一个工作表，示例行请删除或改写）',
    '投保人：客户姓名，并填写该客户所属业务员的工号；工号留空表示您本人的客户。也可以只填客户编号。',
    '险种类别：寿险、重疾险、医疗险、意外险、年金/教育金（也可填英文代码）。',
    '缴费方式：趸交、年交、半年交、季交、月交。保费、保额以元为单位，最多两位小数。',
    '保单状态：有效、失效、退保、已理赔；留空为有效。被保险人留空时为投保人本人。',
    '保单号在公司内不能重复。任何一行有错误时，整个文件都不会导入。',
  ],
  'en-US': [
    'How to fill in (only the first sheet is read; delete or overwrite the example row)',
    "Customer: the customer's name with the username of their agent (blank: your own customer); or the customer ID alone.",
    'Coverage kind: life, criticalIllness, medical, accident, annuity (or the Chinese names).',
    'Payment mode: single, annual, semiAnnual, quarterly, monthly. Premium and sum assured in yuan, at most two decimals.',
    'Status: inForce, lapsed, surrendered, claimed; blank is in force. A blank insured is the customer.',
    'Policy numbers are unique in the company. While any row has an error, nothing is imported.',
  ],
};

export async function buildPolicyTemplate(ctx: Ctx, locale: Locale = 'zh-CN'): Promise<{ buffer: Buffer; filename: string }> {
  assertCan(ctx.actor, 'prospect.own');
  const columns = POLICY_FIELDS.filter((f) => f.key !== 'customerId');
  const buffer = await buildTemplateXlsx(columns, { locale, notes: TEMPLATE_NOTES[locale] });
  return { buffer, filename: locale === 'zh-CN' ? '保单导入模板.xlsx' : 'policy-import-template.xlsx' };
}
