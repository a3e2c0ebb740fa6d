import { Card, Segmented, Skeleton } from 'antd';
import { memo, lazy, Suspense, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { formatNumber } from '../../../i18n/format.ts';
import { useActivityTrend, type TrendGrain, type TrendPoint } from '../api.ts';

const ActivityTrendChart = lazy(() => import('../charts/ActivityTrendChart.tsx'));

const GRAINS: TrendGrain[] = ['day', 'week', 'month'];

/** A period's name under the axis: 11-27 for a day, the Monday for a week, the work month. */
export function periodLabel(grain: TrendGrain) {
  return (p: TrendPoint): string => {
    if (grain === 'month') return /^\d{4}-\d{2}$/.test(p.period) ? p.period : p.from.slice(0, 7);
    return p.from.slice(5);
  };
}

/** Points against plan over the last days, weeks or work months, for a unit or one person. */
export function TrendChartBlock({
  unitId,
  userId,
  grain,
  height,
}: {
  unitId?: string;
  userId?: string;
  grain: TrendGrain;
  height?: number;
}) {
  const { t, i18n } = useTranslation();
  const trend = useActivityTrend({ ...(unitId ? { unitId } : {}), ...(userId ? { userId } : {}), grain });
  const label = useCallback((p: TrendPoint) => periodLabel(grain)(p), [grain]);
  if (trend.error && !trend.data)
    return <ErrorState error={trend.error} onRetry={() => void trend.refetch()} />;
  if (!trend.data) return <Skeleton active />;
  const points = trend.data;
  return (
    <Suspense fallback={<Skeleton active />}>
      <ActivityTrendChart
        points={points}
        locale={i18n.language}
        actualLabel={t('activity.columns.points')}
        plannedLabel={t('activity.columns.plannedPoints')}
        activitiesLabel={t('activity.columns.activities')}
        periodLabel={label}
        ariaLabel={t('activity.analysis.trendAria', {
          points: points.map((p) => `${label(p)} ${formatNumber(p.points, i18n.language)}`).join(', '),
        })}
        {...(height ? { height } : {})}
      />
    </Suspense>
  );
}

function TrendCardView({
  unitId,
  unitName,
  initialGrain,
}: {
  unitId: string;
  unitName: string;
  initialGrain: TrendGrain;
}) {
  const { t } = useTranslation();
  const [grain, setGrain] = useState<TrendGrain>(initialGrain);
  return (
    <Card
      size="small"
      title={t('activity.analysis.trendTitle', { unit: unitName })}
      data-testid="analysis-trend"
      style={{ height: '100%' }}
      extra={
        <Segmented<TrendGrain>
          size="small"
          value={grain}
          onChange={setGrain}
          options={GRAINS.map((g) => ({ value: g, label: t(`activity.grains.${g}`) }))}
          aria-label={t('activity.analysis.grain')}
          className="sb-act-noprint"
        />
      }
    >
      <TrendChartBlock unitId={unitId} grain={grain} />
    </Card>
  );
}

export const TrendCard = memo(TrendCardView);
