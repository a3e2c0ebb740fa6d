import { LineChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { echarts } from '../../components/charts/echarts.ts';
import { formatPercent } from '../../i18n/format.ts';
import type { TrendPoint } from './api.ts';

// The shared module registers only bars; the trend line is added here, in the attendance chunk.
echarts.use([LineChart, MarkLineComponent]);

interface Props {
  points: TrendPoint[];
  ariaLabel: string;
  locale: string;
  /** The full-attendance line (满勤), 0–1. */
  target?: number | undefined;
  targetLabel?: string;
  seriesLabel: string;
  tooltipDetail: (p: TrendPoint) => string;
  height?: number;
}

/** Attendance rate by month as a line, with the full-attendance rate as a dashed line. */
export default function TrendChart({
  points,
  ariaLabel,
  locale,
  target,
  targetLabel,
  seriesLabel,
  tooltipDetail,
  height = 240,
}: Props) {
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        formatter: (ps: { dataIndex: number }[]) => {
          const p = points[ps[0]?.dataIndex ?? 0];
          if (!p) return '';
          const rate = p.rate === null ? '—' : formatPercent(p.rate, locale);
          return `${p.month}<br/>${seriesLabel}: <b>${rate}</b><br/>${tooltipDetail(p)}`;
        },
      },
      xAxis: { type: 'category', data: points.map((p) => p.month), boundaryGap: false },
      yAxis: {
        type: 'value',
        min: 0,
        max: 1,
        interval: 0.25,
        axisLabel: { formatter: (v: number) => formatPercent(v, locale).replace(/\.0%$/, '%') },
      },
      series: [
        {
          type: 'line',
          name: seriesLabel,
          data: points.map((p) => p.rate),
          connectNulls: false,
          symbolSize: 8,
          lineStyle: { width: 3, color: '#1d4ed8' },
          itemStyle: { color: '#1d4ed8' },
          label: {
            show: true,
            position: 'top',
            formatter: (p: { value: number | null }) =>
              p.value === null ? '' : formatPercent(p.value, locale),
          },
          markLine:
            target === undefined
              ? undefined
              : {
                  symbol: 'none',
                  silent: true,
                  lineStyle: { type: 'dashed', color: '#15803d' },
                  label: { formatter: targetLabel ?? '', position: 'insideStartBottom', color: '#15803d' },
                  data: [{ yAxis: target }],
                },
        },
      ],
    }),
    [points, locale, target, targetLabel, seriesLabel, tooltipDetail],
  );
  return (
    <div role="img" aria-label={ariaLabel}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} />
    </div>
  );
}
