import { Descriptions, Drawer, Skeleton } from 'antd';
import { lazy, Suspense, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { formatMoney, formatNumber, formatPercent } from '../../../i18n/format.ts';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import { useRules, useTrend, type TrendPoint } from '../api.ts';
import type { MonthlyPerson } from './MonthlyTable.tsx';

const TrendChart = lazy(() => import('../TrendChart.tsx'));

/** One person's month and their last six months: the drill-down from the unit's table. */
export function PersonDrawer({
  person,
  month,
  onClose,
}: {
  person: MonthlyPerson;
  month: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const phone = useIsPhoneLayout();
  const trend = useTrend({ userId: person.userId, months: 6 });
  const rules = useRules();
  const n = (v: number) => formatNumber(v, i18n.language);
  const detail = useCallback(
    (p: TrendPoint) =>
      t('attendance.monthly.trendDetail', {
        attended: formatNumber(p.attended, i18n.language),
        required: formatNumber(p.required, i18n.language),
      }),
    [t, i18n.language],
  );
  return (
    <Drawer
      open
      onClose={onClose}
      size={phone ? 'default' : 'large'}
      title={`${person.displayName} · ${month}`}
      extra={<Link to={`/people/${person.userId}`}>{t('attendance.monthly.openPerson')}</Link>}
      data-testid="monthly-person"
    >
      <Descriptions
        size="small"
        column={phone ? 2 : 3}
        bordered
        items={[
          { key: 'unit', label: t('attendance.columns.unit'), children: person.unitName },
          {
            key: 'rate',
            label: t('attendance.columns.rate'),
            children: formatPercent(person.rate, i18n.language) || '—',
          },
          { key: 'required', label: t('attendance.columns.required'), children: n(person.required) },
          { key: 'present', label: t('attendance.columns.present'), children: n(person.present) },
          { key: 'late', label: t('attendance.columns.late'), children: n(person.late) },
          { key: 'absent', label: t('attendance.columns.absent'), children: n(person.absent) },
          { key: 'leave', label: t('attendance.columns.leave'), children: n(person.leave) },
          { key: 'earlyLeave', label: t('attendance.columns.earlyLeave'), children: n(person.earlyLeave) },
          {
            key: 'finesFen',
            label: t('attendance.columns.finesFen'),
            children: formatMoney(person.finesFen, i18n.language),
          },
        ]}
      />
      <h3 style={{ marginTop: 24 }}>{t('attendance.monthly.personTrend')}</h3>
      {trend.data ? (
        <Suspense fallback={<Skeleton active />}>
          <TrendChart
            points={trend.data}
            locale={i18n.language}
            ariaLabel={t('attendance.monthly.trendAria', {
              months: trend.data
                .map((p) => `${p.month} ${formatPercent(p.rate, i18n.language) || '—'}`)
                .join(', '),
            })}
            seriesLabel={t('attendance.columns.rate')}
            target={rules.data?.tenant.fullAttendanceRate}
            targetLabel={t('attendance.monthly.fullLine')}
            tooltipDetail={detail}
          />
        </Suspense>
      ) : trend.error ? (
        <ErrorState error={trend.error} onRetry={() => void trend.refetch()} />
      ) : (
        <Skeleton active />
      )}
    </Drawer>
  );
}
