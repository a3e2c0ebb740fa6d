import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { formatNumber, formatPercent } from '../../../i18n/format.ts';
import { echarts } from './echarts.ts';

export interface FunnelStep {
  label: string;
  value: number;
  /** Share of the step into the next one (shown beside the step). */
  rate: number | null;
}

interface Props {
  steps: FunnelStep[];
  ariaLabel: string;
  locale: string;
  height?: number;
}

const SHADES = ['#1e3a8a', '#1d4ed8', '#2563eb', '#3b82f6', '#60a5fa', '#93c5fd'];

/** The main line of the funnel, each step with its count inside and its conversion beside it. */
export default function StageFunnelChart({ steps, ariaLabel, locale, height = 300 }: Props) {
  const option = useMemo(() => {
    const max = Math.max(1, ...steps.map((s) => s.value));
    return {
      animationDuration: 300,
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string; value: number; dataIndex: number }) => {
          const rate = steps[p.dataIndex]?.rate;
          return `${p.name}: <b>${formatNumber(p.value, locale)}</b>${
            rate !== null && rate !== undefined ? `<br/>→ ${formatPercent(rate, locale)}` : ''
          }`;
        },
      },
      series: [
        {
          type: 'funnel',
          left: '4%',
          width: '62%',
          top: 8,
          bottom: 8,
          min: 0,
          max,
          minSize: '18%',
          sort: 'none',
          gap: 3,
          label: {
            show: true,
            position: 'inside',
            color: '#fff',
            fontSize: 12,
            formatter: (p: { name: string; value: number }) => `${p.name} ${formatNumber(p.value, locale)}`,
          },
          itemStyle: { borderWidth: 0 },
          data: steps.map((s, i) => ({
            name: s.label,
            value: s.value,
            itemStyle: { color: SHADES[i % SHADES.length] },
          })),
        },
        {
          // The conversion into the next step, written to the right of each step.
          type: 'funnel',
          left: '4%',
          width: '62%',
          top: 8,
          bottom: 8,
          min: 0,
          max,
          minSize: '18%',
          sort: 'none',
          gap: 3,
          silent: true,
          z: 1,
          itemStyle: { color: 'transparent', borderWidth: 0 },
          label: {
            show: true,
            position: 'right',
            color: '#374151',
            fontSize: 12,
            formatter: (p: { dataIndex: number }) => {
              const r = steps[p.dataIndex]?.rate;
              return r === null || r === undefined ? '' : `↓ ${formatPercent(r, locale)}`;
            },
          },
          labelLine: { show: true, length: 24, lineStyle: { color: '#cbd5e1' } },
          data: steps.map((s) => ({ name: `${s.label} `, value: s.value })),
        },
      ],
    };
  }, [steps, locale]);
  return (
    <div role="img" aria-label={ariaLabel} data-testid="chart-stage-funnel">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} />
    </div>
  );
}
