import { FunnelChart, LineChart } from 'echarts/charts';
import { LegendComponent, TitleComponent } from 'echarts/components';
import { echarts } from '../../../components/charts/echarts.ts';

// The shared module registers only bars, grid and tooltip; the activity charts add what they draw
// here, in the activity chunk.
echarts.use([LineChart, FunnelChart, LegendComponent, TitleComponent]);

export { echarts };

export const COLORS = {
  actual: '#1d4ed8',
  planned: '#94a3b8',
  unit: '#0f766e',
  weak: '#c2410c',
};
