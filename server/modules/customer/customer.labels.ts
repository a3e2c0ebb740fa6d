import type {
  CoverageKind,
  HouseholdRole,
  PaymentMode,
  PolicyStatus,
  ServiceKind,
  ServiceStatus,
} from '../../../contracts/customer.ts';
import type { Locale } from '../../lib/xlsx-export.ts';

/** Names of the customer module's codes in both languages (exports, imports, notifications). */

type Labels<K extends string> = Record<K, Record<Locale, string>>;

export const COVERAGE_LABELS: Labels<CoverageKind> = {
  life: { 'zh-CN': '寿险', 'en-US': 'Life' },
  criticalIllness: { 'zh-CN': '重疾险', 'en-US': 'Critical illness' },
  medical: { 'zh-CN': '医疗险', 'en-US': 'Medical' },
  accident: { 'zh-CN': '意外险', 'en-US': 'Accident' },
  annuity: { 'zh-CN': '年金/教育金', 'en-US': 'Annuity / education' },
};

export const PAYMENT_MODE_LABELS: Labels<PaymentMode> = {
  single: { 'zh-CN': '趸交', 'en-US': 'Single' },
  annual: { 'zh-CN': '年交', 'en-US': 'Annual' },
  semiAnnual: { 'zh-CN': '半年交', 'en-US': 'Semi-annual' },
  quarterly: { 'zh-CN': '季交', 'en-US': 'Quarterly' },
  monthly: { 'zh-CN': '月交', 'en-US': 'Monthly' },
};

export const POLICY_STATUS_LABELS: Labels<PolicyStatus> = {
  inForce: { 'zh-CN': '有效', 'en-US': 'In force' },
  lapsed: { 'zh-CN': '失效', 'en-US': 'Lapsed' },
  surrendered: { 'zh-CN': '退保', 'en-US': 'Surrendered' },
  claimed: { 'zh-CN': '已理赔', 'en-US': 'Claimed' },
};

export const SERVICE_KIND_LABELS: Labels<ServiceKind> = {
  returnVisit: { 'zh-CN': '新契约回访', 'en-US': 'Return visit' },
  claim: { 'zh-CN': '理赔', 'en-US': 'Claim help' },
  policyChange: { 'zh-CN': '保全', 'en-US': 'Policy change' },
  other: { 'zh-CN': '其他', 'en-US': 'Other' },
};

export const SERVICE_STATUS_LABELS: Labels<ServiceStatus> = {
  open: { 'zh-CN': '待处理', 'en-US': 'Open' },
  inProgress: { 'zh-CN': '处理中', 'en-US': 'In progress' },
  done: { 'zh-CN': '已完成', 'en-US': 'Done' },
  cancelled: { 'zh-CN': '已取消', 'en-US': 'Cancelled' },
};

export const HOUSEHOLD_ROLE_LABELS: Labels<HouseholdRole> = {
  self: { 'zh-CN': '本人', 'en-US': 'Self' },
  spouse: { 'zh-CN': '配偶', 'en-US': 'Spouse' },
  child: { 'zh-CN': '子女', 'en-US': 'Child' },
  parent: { 'zh-CN': '父母', 'en-US': 'Parent' },
  other: { 'zh-CN': '其他', 'en-US': 'Other' },
};

export const GENDER_LABELS: Labels<'male' | 'female'> = {
  male: { 'zh-CN': '男', 'en-US': 'Male' },
  female: { 'zh-CN': '女', 'en-US': 'Female' },
};

/** The label of a code, or the stored value itself when it is not one. */
export function labelOf<K extends string>(labels: Labels<K>, code: string | null, locale: Locale): string | null {
  if (code === null) return null;
  return (labels as Record<string, Record<Locale, string>>)[code]?.[locale] ?? code;
}

const normalise = (s: string) => s.normalize('NFKC').replace(/[\s_\-/／]/g, '').toLowerCase();

/**
 * The code a spreadsheet cell names: the code itself, its Chinese or English label, or an extra
 * alias (case, spaces and slashes ignored); undefined when none.
 */
export function codeOf<K extends string>(
  labels: Labels<K>,
  raw: string,
  aliases: Record<string, K> = {},
): K | undefined {
  const v = normalise(raw);
  if (v === '') return undefined;
  for (const [code, names] of Object.entries(labels) as [K, Record<Locale, string>][]) {
    if ([code, names['zh-CN'], names['en-US']].some((n) => normalise(n) === v)) return code;
  }
  for (const [alias, code] of Object.entries(aliases)) if (normalise(alias) === v) return code;
  return undefined;
}
