import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { formatNumber } from '../../../i18n/format.ts';
import { echarts } from './echarts.ts';

export interface BarSeries {
  name: string;
  color: string;
  values: (number | null)[];
  /** Stack several series into one bar (A / B / C shares). */
  stack?: string;
}

interface Props {
  labels: string[];
  ids?: string[];
  series: BarSeries[];
  ariaLabel: string;
  locale: string;
  /** A vertical line at the standard (cards to keep on hand). */
  markValue?: { value: number; label: string } | undefined;
  /** Values are ratios (0–1): the axis and labels show percentages. */
  percent?: boolean;
  /** The axis's end (5 for a 1–5 score). */
  max?: number;
  onBarClick?: ((id: string) => void) | undefined;
  height?: number;
}

/** Horizontal bars, one group per team or agent (long Chinese names read better down the side). */
export default function GroupedBars({
  labels,
  ids,
  series,
  ariaLabel,
  locale,
  markValue,
  percent,
  max,
  onBarClick,
  height,
}: Props) {
  const option = useMemo(() => {
    const fmt = (v: number) =>
      percent ? `${formatNumber(Math.round(v * 1000) / 10, locale)}%` : formatNumber(v, locale);
    return {
      animationDuration: 300,
      grid: { left: 8, right: 48, top: series.length > 1 ? 32 : 8, bottom: 8, containLabel: true },
      legend: series.length > 1 ? { top: 0, data: series.map((s) => s.name) } : undefined,
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : fmt(v)),
      },
      xAxis: {
        type: 'value',
        minInterval: percent ? undefined : 1,
        max: max ?? (percent ? 1 : undefined),
        axisLabel: { formatter: fmt },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: labels,
        axisLabel: { width: 110, overflow: 'truncate' },
      },
      series: series.map((s, i) => ({
        type: 'bar',
        name: s.name,
        stack: s.stack,
        data: s.values,
        itemStyle: { color: s.color },
        barMaxWidth: 18,
        cursor: onBarClick ? 'pointer' : 'default',
        label: s.stack
          ? { show: false }
          : { show: true, position: 'right', formatter: (p: { value: number }) => fmt(p.value) },
        markLine:
          i === 0 && markValue
            ? {
                symbol: 'none',
                silent: true,
                lineStyle: { color: '#c2410c', type: 'dashed', width: 2 },
                label: { formatter: markValue.label, color: '#c2410c', position: 'insideEndTop' },
                data: [{ xAxis: markValue.value }],
              }
            : undefined,
      })),
    };
  }, [labels, series, locale, markValue, percent, max, onBarClick]);
  const events = useMemo((): Record<string, (p: { dataIndex: number }) => void> => {
    if (!onBarClick || !ids) return {};
    return {
      click: (p) => {
        const id = ids[p.dataIndex];
        if (id) onBarClick(id);
      },
    };
  }, [ids, onBarClick]);
  return (
    <div role="img" aria-label={ariaLabel} data-testid="chart-bars">
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        onEvents={events}
        notMerge
        style={{
          height: height ?? Math.max(140, labels.length * (series.length > 1 ? 40 : 30) + 48),
          width: '100%',
        }}
      />
    </div>
  );
}
