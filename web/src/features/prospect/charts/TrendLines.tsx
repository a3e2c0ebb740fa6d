import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { formatNumber } from '../../../i18n/format.ts';
import { echarts } from './echarts.ts';

export interface TrendSeries {
  name: string;
  color: string;
  values: (number | null)[];
  type?: 'bar' | 'line';
  dashed?: boolean;
}

interface Props {
  labels: string[];
  series: TrendSeries[];
  ariaLabel: string;
  locale: string;
  height?: number;
}

/** New cards per week or month: bars for what was added, a dashed line for the standard. */
export default function TrendLines({ labels, series, ariaLabel, locale, height = 260 }: Props) {
  const option = useMemo(
    () => ({
      animationDuration: 300,
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, data: series.map((s) => s.name) },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : formatNumber(v, locale)),
      },
      xAxis: { type: 'category', data: labels },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { formatter: (v: number) => formatNumber(v, locale) },
      },
      series: series.map((s) => ({
        type: s.type ?? 'bar',
        name: s.name,
        data: s.values,
        itemStyle: { color: s.color },
        lineStyle: s.dashed ? { type: 'dashed', width: 2 } : undefined,
        symbol: s.dashed ? 'none' : 'circle',
        barMaxWidth: 28,
        label: s.type === 'line' ? { show: false } : { show: true, position: 'top', fontSize: 11 },
      })),
    }),
    [labels, series, locale],
  );
  return (
    <div role="img" aria-label={ariaLabel} data-testid="chart-trend">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} />
    </div>
  );
}
