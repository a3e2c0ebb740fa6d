import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ActivityStage, PlanStatus } from '../../../../contracts/activity.ts';
import { formatPoints } from './dates.ts';

/** A type's or an activity's name in the UI language (types carry both). */
export function useTypeName(): (x: { name: string; nameEn: string } | undefined) => string {
  const { i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (x) => (x ? (en ? x.nameEn : x.name) : '');
}

/** Points in the UI language: "3 分" / "3 pts". */
export function usePoints(): (p: number | null | undefined) => string {
  const { t, i18n } = useTranslation();
  return (p) => t('activityMe.points', { points: formatPoints(p ?? 0, i18n.language) });
}

/** One colour per funnel stage, the same on every page (colour is never the only signal). */
export const STAGE_COLORS: Record<ActivityStage, string> = {
  contact: 'blue',
  interview: 'geekblue',
  proposal: 'purple',
  closing: 'magenta',
  sale: 'green',
  service: 'cyan',
  recruitment: 'gold',
  jointVisit: 'volcano',
  other: 'default',
};

const PLAN_STATUS_COLORS: Record<PlanStatus | 'none', string> = {
  none: 'default',
  draft: 'default',
  submitted: 'processing',
  approved: 'success',
  returned: 'warning',
};

export function PlanStatusTag({ status }: { status: PlanStatus | 'none' }) {
  const { t } = useTranslation();
  return (
    <Tag color={PLAN_STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="plan-status">
      {t(`activityMe.planStatus.${status}`)}
    </Tag>
  );
}

export type LogState = 'none' | 'draft' | 'submitted' | 'reviewed';

const LOG_STATE_COLORS: Record<LogState, string> = {
  none: 'default',
  draft: 'orange',
  submitted: 'processing',
  reviewed: 'success',
};

/** A day's log: not started, started (not submitted), submitted, reviewed — word and colour. */
export function LogStateTag({ state, testId }: { state: LogState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={LOG_STATE_COLORS[state]}
      style={{ marginInlineEnd: 0 }}
      data-testid={testId}
      data-state={state}
    >
      {t(`activityMe.logState.${state}`)}
    </Tag>
  );
}

/** The state of a day's log; a day with activities but no log row yet is started (draft). */
export function logStateOf(log: {
  status: 'none' | 'draft' | 'submitted';
  reviewedAt: string | null;
  activities: readonly unknown[];
}): LogState {
  if (log.reviewedAt) return 'reviewed';
  if (log.status === 'none' && log.activities.length > 0) return 'draft';
  return log.status;
}
