import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { formatNumber } from '../../../i18n/format.ts';
import { COLORS, echarts } from './echarts.ts';

export interface PlanActualBar {
  id: string;
  label: string;
  actual: number;
  planned: number;
}

interface Props {
  bars: PlanActualBar[];
  ariaLabel: string;
  actualLabel: string;
  plannedLabel: string;
  locale: string;
  onBarClick?: (id: string) => void;
}

/** Actual points beside planned points, one pair of horizontal bars per agent or unit. */
export default function PlanActualChart({
  bars,
  ariaLabel,
  actualLabel,
  plannedLabel,
  locale,
  onBarClick,
}: Props) {
  const option = useMemo(
    () => ({
      animationDuration: 300,
      grid: { left: 8, right: 48, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, data: [actualLabel, plannedLabel] },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: number) => formatNumber(v, locale),
      },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatNumber(v, locale) } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: bars.map((b) => b.label),
        axisLabel: { width: 96, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: actualLabel,
          data: bars.map((b) => b.actual),
          itemStyle: { color: COLORS.actual, borderRadius: [0, 3, 3, 0] },
          label: {
            show: true,
            position: 'right',
            formatter: (p: { value: number }) => formatNumber(p.value, locale),
          },
          barMaxWidth: 14,
          barGap: '10%',
          cursor: onBarClick ? 'pointer' : 'default',
        },
        {
          type: 'bar',
          name: plannedLabel,
          data: bars.map((b) => b.planned),
          itemStyle: { color: COLORS.planned, borderRadius: [0, 3, 3, 0] },
          barMaxWidth: 14,
          cursor: onBarClick ? 'pointer' : 'default',
        },
      ],
    }),
    [bars, actualLabel, plannedLabel, locale, onBarClick],
  );
  const events = useMemo((): Record<string, (p: { dataIndex: number }) => void> => {
    if (!onBarClick) return {};
    return {
      click: (p) => {
        const bar = bars[p.dataIndex];
        if (bar) onBarClick(bar.id);
      },
    };
  }, [bars, onBarClick]);
  return (
    <div role="img" aria-label={ariaLabel} data-testid="chart-plan-actual">
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        onEvents={events}
        notMerge
        style={{ height: Math.max(260, bars.length * 36 + 48), width: '100%' }}
      />
    </div>
  );
}
