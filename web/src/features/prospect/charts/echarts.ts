import { FunnelChart, LineChart } from 'echarts/charts';
import { LegendComponent, MarkLineComponent } from 'echarts/components';
import { echarts } from '../../../components/charts/echarts.ts';

// The shared module registers bars, grid and tooltip; the prospect charts add what they draw.
echarts.use([FunnelChart, LineChart, LegendComponent, MarkLineComponent]);

export { echarts };

export const COLORS = {
  main: '#1d4ed8',
  second: '#0f766e',
  standard: '#c2410c',
  muted: '#94a3b8',
  A: '#15803d',
  B: '#2563eb',
  C: '#94a3b8',
};
