import { Card, Col, Progress, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Board } from '../../../../../contracts/attendance.ts';
import { formatNumber, formatPercent } from '../../../i18n/format.ts';

type Counts = Board['totals'];

/** The six figures of the meeting, in the order a supervisor reads them. */
export const TOTAL_KEYS = ['expected', 'arrived', 'late', 'absent', 'leave', 'pending'] as const;
export type TotalKey = (typeof TOTAL_KEYS)[number];

const COLORS: Record<TotalKey, string> = {
  expected: '#1f2937',
  arrived: '#15803d',
  late: '#c2410c',
  absent: '#b91c1c',
  leave: '#7e22ce',
  pending: '#6b7280',
};

/** Arrived counts the late too: a late arrival attended the meeting. */
export function totalOf(c: Counts, key: TotalKey): number {
  return key === 'arrived' ? c.present + c.late : c[key];
}

export function BoardTotals({ counts, large }: { counts: Counts; large?: boolean }) {
  const { t, i18n } = useTranslation();
  const arrived = totalOf(counts, 'arrived');
  const ratio = counts.expected > 0 ? arrived / counts.expected : 0;
  return (
    <Card size="small" styles={{ body: { padding: large ? 24 : 16 } }}>
      <Row gutter={[12, 12]}>
        {TOTAL_KEYS.map((k) => (
          <Col key={k} xs={8} sm={8} md={4}>
            <div className="sb-att-total" data-testid={`board-total-${k}`}>
              <div className="sb-att-total-label">{t(`attendance.board.totals.${k}`)}</div>
              <div
                className={large ? 'sb-att-total-value sb-att-total-value-lg' : 'sb-att-total-value'}
                style={{ color: COLORS[k] }}
              >
                {formatNumber(totalOf(counts, k), i18n.language)}
              </div>
            </div>
          </Col>
        ))}
      </Row>
      <Progress
        percent={Math.round(ratio * 1000) / 10}
        success={{
          percent: counts.expected > 0 ? Math.round((counts.present / counts.expected) * 1000) / 10 : 0,
        }}
        strokeColor="#f59e0b"
        format={() => formatPercent(ratio, i18n.language)}
        aria-label={t('attendance.board.arrivalRate')}
        style={{ marginTop: 12, marginBottom: 0 }}
      />
    </Card>
  );
}
