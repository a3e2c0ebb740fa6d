import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { echarts } from './echarts.ts';

export interface Bar {
  id: string;
  label: string;
  value: number;
}

interface Props {
  bars: Bar[];
  /** Accessible summary; the chart itself is a canvas. */
  ariaLabel: string;
  height?: number;
  locale: string;
  onBarClick?: (id: string) => void;
}

/** Horizontal bars (long Chinese unit names read better down the side than under the axis). */
export default function BarChart({ bars, ariaLabel, height, locale, onBarClick }: Props) {
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { formatter: (v: number) => new Intl.NumberFormat(locale).format(v) },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: bars.map((b) => b.label),
        axisLabel: { width: 120, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          data: bars.map((b) => b.value),
          itemStyle: { color: '#1d4ed8', borderRadius: [0, 4, 4, 0] },
          label: {
            show: true,
            position: 'right',
            formatter: (p: { value: number }) => new Intl.NumberFormat(locale).format(p.value),
          },
          barMaxWidth: 22,
          cursor: onBarClick ? 'pointer' : 'default',
        },
      ],
    }),
    [bars, locale, onBarClick],
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
    <div role="img" aria-label={ariaLabel}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        onEvents={events}
        notMerge
        style={{ height: height ?? Math.max(120, bars.length * 34 + 24), width: '100%' }}
      />
    </div>
  );
}
