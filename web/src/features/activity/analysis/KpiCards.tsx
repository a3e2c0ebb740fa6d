import { memo } from 'react';
import { Card, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Summary } from '../../../../../contracts/activity.ts';
import { formatNumber, formatPercent } from '../../../i18n/format.ts';

const KPIS = [
  'people',
  'activePeople',
  'activityRate',
  'pointsPerPerson',
  'achievement',
  'submissionRate',
  'reviewRate',
] as const;
type Kpi = (typeof KPIS)[number];

/** The unit's figures for the period, one card each; two to a row on a phone, one row at a desk. */
function KpiCardsView({ data }: { data: Summary | undefined }) {
  const { t, i18n } = useTranslation();
  const n = (v: number | null) => formatNumber(v, i18n.language) || '—';
  const pct = (v: number | null) => formatPercent(v, i18n.language) || '—';
  if (!data)
    return (
      <div className="sb-act-kpis">
        {KPIS.map((k) => (
          <Card key={k} size="small" className="sb-act-kpi">
            <Skeleton active paragraph={false} />
          </Card>
        ))}
      </div>
    );
  const s = data.totals;
  const value: Record<Kpi, string> = {
    people: n(s.people),
    activePeople: n(s.activePeople),
    activityRate: pct(s.activityRate),
    pointsPerPerson: n(s.pointsPerPerson === null ? null : Math.round(s.pointsPerPerson * 10) / 10),
    achievement: pct(s.achievement),
    submissionRate: pct(s.submissionRate),
    reviewRate: pct(s.reviewRate),
  };
  const detail: Record<Kpi, string> = {
    people: t('activity.kpi.peopleDetail', { activities: n(s.activities) }),
    activePeople: t('activity.kpi.activePeopleDetail', { inactive: n(s.people - s.activePeople) }),
    activityRate: t('activity.kpi.activityRateDetail', { active: n(s.activePeople), people: n(s.people) }),
    pointsPerPerson: t('activity.kpi.pointsDetail', { points: n(s.points) }),
    achievement: t('activity.kpi.achievementDetail', { points: n(s.points), planned: n(s.plannedPoints) }),
    submissionRate: t('activity.kpi.submissionDetail', { submitted: n(s.logsSubmitted) }),
    reviewRate: t('activity.kpi.reviewDetail', {
      reviewed: n(s.logsReviewedIn24h),
      submitted: n(s.logsSubmitted),
    }),
  };
  return (
    <div className="sb-act-kpis" data-testid="analysis-kpis">
      {KPIS.map((k) => (
        <Card key={k} size="small" className="sb-act-kpi" data-testid={`analysis-kpi-${k}`}>
          <div className="sb-act-kpi-label">{t(`activity.kpi.${k}`)}</div>
          <div className="sb-act-kpi-value">{value[k]}</div>
          <Typography.Text type="secondary" className="sb-act-kpi-detail" ellipsis>
            {detail[k]}
          </Typography.Text>
        </Card>
      ))}
    </div>
  );
}

export const KpiCards = memo(KpiCardsView);
