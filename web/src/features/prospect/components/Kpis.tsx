import { Card } from 'antd';
import type { ReactNode } from 'react';

export interface Kpi {
  key: string;
  label: string;
  value: ReactNode;
  detail?: ReactNode;
}

/** A row of headline figures above a page's charts. */
export function Kpis({ items, testId }: { items: Kpi[]; testId: string }) {
  return (
    <div className="sb-pro-kpis" data-testid={testId}>
      {items.map((k) => (
        <Card key={k.key} size="small" className="sb-pro-kpi" data-testid={`${testId}-${k.key}`}>
          <div className="sb-pro-kpi-label">{k.label}</div>
          <div className="sb-pro-kpi-value">{k.value}</div>
          {k.detail && <span className="sb-pro-kpi-detail">{k.detail}</span>}
        </Card>
      ))}
    </div>
  );
}
