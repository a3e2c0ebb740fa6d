import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CoverageKind, PolicyStatus, ServiceStatus } from '../../../../contracts/customer.ts';
import { PlanNameCategories, type PlanNameCategory } from '../../../../contracts/plan100.ts';
import type { ProspectGrade, ProspectStage } from '../../../../contracts/prospect.ts';

/** One colour per grade and per stage, the same on every page; the word is always written too. */
export const GRADE_COLORS: Record<ProspectGrade, string> = { A: 'green', B: 'blue', C: 'default' };

export const STAGE_COLORS: Record<ProspectStage, string> = {
  lead: 'default',
  appointment: 'cyan',
  needsAnalysis: 'blue',
  proposal: 'geekblue',
  closing: 'purple',
  signed: 'green',
  paused: 'orange',
  lost: 'red',
};

export function GradeTag({ grade, score }: { grade: ProspectGrade | null; score?: number | null }) {
  const { t } = useTranslation();
  if (!grade) return <Tag style={{ marginInlineEnd: 0 }}>{t('prospectMe.grade.none')}</Tag>;
  return (
    <Tag color={GRADE_COLORS[grade]} style={{ marginInlineEnd: 0 }} data-grade={grade}>
      {score !== undefined && score !== null
        ? t('prospectMe.grade.withScore', { grade, score })
        : t('prospectMe.grade.label', { grade })}
    </Tag>
  );
}

export function StageTag({ stage }: { stage: ProspectStage }) {
  const { t } = useTranslation();
  return (
    <Tag color={STAGE_COLORS[stage]} style={{ marginInlineEnd: 0 }} data-stage={stage}>
      {t(`prospectMe.stage.${stage}`)}
    </Tag>
  );
}

export const POLICY_STATUS_COLORS: Record<PolicyStatus, string> = {
  inForce: 'green',
  lapsed: 'orange',
  surrendered: 'default',
  claimed: 'purple',
};

export const SERVICE_STATUS_COLORS: Record<ServiceStatus, string> = {
  open: 'blue',
  inProgress: 'processing',
  done: 'green',
  cancelled: 'default',
};

export const COVERAGE_COLORS: Record<CoverageKind, string> = {
  life: 'blue',
  criticalIllness: 'magenta',
  medical: 'cyan',
  accident: 'gold',
  annuity: 'purple',
};

/**
 * Words that name a category in a pasted line, besides the code and the labels of both languages:
 * what agents actually write (亲戚, 老同学, 同事…).
 */
const CATEGORY_WORDS: Record<PlanNameCategory, string[]> = {
  relatives: ['亲戚', '亲属', '家人', '亲人', 'relative', 'family'],
  friends: ['朋友', '好友', '友', 'friend'],
  classmates: ['同学', '校友', '老同学', 'classmate', 'alumni', 'alumnus'],
  spouseChildren: ['配偶', '子女', '家长', '孩子家长', 'spouse', 'children', 'parent'],
  clubs: ['社团', '协会', '商会', 'club', 'association'],
  hobbies: ['爱好', '兴趣', '球友', '驴友', 'hobby'],
  colleagues: ['同事', '生意', '业务', 'colleague', 'business'],
  neighbours: ['邻居', '社区', '街坊', 'neighbour', 'neighbor', 'community'],
  commercial: ['商业', '商家', '店主', '老板', 'commercial', 'shop'],
  referrals: ['转介绍', '介绍', '其他', '其它', 'referral', 'other'],
};

/** Word (lower case) → category code, from the labels of both languages and the common words. */
export function categoryAliases(labelOf: (c: PlanNameCategory, lng: string) => string): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of PlanNameCategories) {
    m.set(c.toLowerCase(), c);
    for (const w of CATEGORY_WORDS[c]) m.set(w.toLowerCase(), c);
    for (const lng of ['zh-CN', 'en-US']) m.set(labelOf(c, lng).toLowerCase(), c);
  }
  return m;
}
