import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import type { Funnel } from '../../../../../contracts/activity.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { FUNNEL_STAGES } from '../enums.ts';
import { COLORS, echarts } from './echarts.ts';

interface Side {
  title: string;
  funnel: Funnel;
}

interface Props {
  left: Side;
  right: Side;
  stageLabels: Record<(typeof FUNNEL_STAGES)[number], string>;
  ariaLabel: string;
  locale: string;
  height?: number;
}

const SHADES = ['#1d4ed8', '#2563eb', '#3b82f6', '#60a5fa', '#93c5fd'];
const UNIT_SHADES = ['#0f766e', '#0d9488', '#14b8a6', '#2dd4bf', '#5eead4'];

/** Two funnels side by side: the selected agent's (or team's) and the unit's, counts on each step. */
export default function FunnelPair({ left, right, stageLabels, ariaLabel, locale, height = 260 }: Props) {
  const option = useMemo(() => {
    const series = (side: Side, i: number) => {
      const max = Math.max(1, ...FUNNEL_STAGES.map((s) => side.funnel[s]));
      return {
        type: 'funnel',
        name: side.title,
        left: i === 0 ? '2%' : '52%',
        width: '46%',
        top: 36,
        bottom: 8,
        min: 0,
        max,
        minSize: '36%',
        sort: 'none',
        gap: 2,
        label: {
          show: true,
          position: 'inside',
          color: '#fff',
          fontSize: 11,
          formatter: (p: { name: string; value: number }) => `${p.name} ${formatNumber(p.value, locale)}`,
        },
        labelLine: { show: false },
        itemStyle: { borderWidth: 0 },
        data: FUNNEL_STAGES.map((s, k) => ({
          name: stageLabels[s],
          value: side.funnel[s],
          itemStyle: { color: (i === 0 ? SHADES : UNIT_SHADES)[k] },
        })),
      };
    };
    return {
      animationDuration: 300,
      title: [
        {
          text: left.title,
          left: '25%',
          top: 4,
          textAlign: 'center',
          textStyle: { fontSize: 13, color: COLORS.actual },
        },
        {
          text: right.title,
          left: '75%',
          top: 4,
          textAlign: 'center',
          textStyle: { fontSize: 13, color: COLORS.unit },
        },
      ],
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesName: string; name: string; value: number }) =>
          `${p.seriesName}<br/>${p.name}: <b>${formatNumber(p.value, locale)}</b>`,
      },
      series: [series(left, 0), series(right, 1)],
    };
  }, [left, right, stageLabels, locale]);
  return (
    <div role="img" aria-label={ariaLabel} data-testid="chart-funnel">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} />
    </div>
  );
}
