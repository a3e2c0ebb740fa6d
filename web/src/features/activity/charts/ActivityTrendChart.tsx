import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { formatNumber } from '../../../i18n/format.ts';
import type { TrendPoint } from '../api.ts';
import { COLORS, echarts } from './echarts.ts';

interface Props {
  points: TrendPoint[];
  ariaLabel: string;
  locale: string;
  actualLabel: string;
  plannedLabel: string;
  activitiesLabel: string;
  /** How a period is named under the axis (a date, a week's Monday, a work month). */
  periodLabel: (p: TrendPoint) => string;
  height?: number;
}

/** Points per period as bars, planned points as a dashed line; activities in the tooltip. */
export default function ActivityTrendChart({
  points,
  ariaLabel,
  locale,
  actualLabel,
  plannedLabel,
  activitiesLabel,
  periodLabel,
  height = 240,
}: Props) {
  const option = useMemo(
    () => ({
      animationDuration: 300,
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, data: [actualLabel, plannedLabel] },
      tooltip: {
        trigger: 'axis',
        formatter: (ps: { dataIndex: number }[]) => {
          const p = points[ps[0]?.dataIndex ?? 0];
          if (!p) return '';
          const range = p.from === p.to ? p.from : `${p.from} ~ ${p.to}`;
          return [
            range,
            `${actualLabel}: <b>${formatNumber(p.points, locale)}</b>`,
            `${plannedLabel}: ${formatNumber(p.plannedPoints, locale)}`,
            `${activitiesLabel}: ${formatNumber(p.activities, locale)}`,
          ].join('<br/>');
        },
      },
      xAxis: { type: 'category', data: points.map(periodLabel) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatNumber(v, locale) } },
      series: [
        {
          type: 'bar',
          name: actualLabel,
          data: points.map((p) => p.points),
          itemStyle: { color: COLORS.actual, borderRadius: [3, 3, 0, 0] },
          barMaxWidth: 28,
        },
        {
          type: 'line',
          name: plannedLabel,
          data: points.map((p) => p.plannedPoints),
          symbolSize: 6,
          lineStyle: { type: 'dashed', width: 2, color: COLORS.planned },
          itemStyle: { color: COLORS.planned },
        },
      ],
    }),
    [points, locale, actualLabel, plannedLabel, activitiesLabel, periodLabel],
  );
  return (
    <div role="img" aria-label={ariaLabel} data-testid="chart-trend">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} />
    </div>
  );
}
