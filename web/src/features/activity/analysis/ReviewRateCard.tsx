import { memo } from 'react';
import { Card, Progress, Skeleton, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { formatNumber, formatPercent } from '../../../i18n/format.ts';
import { useSummary, type SummaryFilters, type SummaryRow } from '../api.ts';

/**
 * How fast each supervisor reviews: one row per child unit (a team and its supervisor, or a
 * department), the share of its submitted logs reviewed within 24 hours, slowest first, those
 * below the unit's own rate marked. The manager's view of the seed's fourth reason agents stop
 * writing logs: "the supervisor gives no feedback".
 */
function ReviewRateCardView({
  filters,
  teams,
  leaderOf,
  onOpenUnit,
}: {
  filters: SummaryFilters;
  /** True when the children are teams (one supervisor each). */
  teams: boolean;
  leaderOf: (unitId: string) => string | null;
  onOpenUnit: (unitId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const { data, error, refetch, isFetching } = useSummary({
    ...filters,
    q: undefined,
    rows: 'units',
    sort: 'reviewRate',
    page: 1,
    pageSize: 100,
  });
  const overall = data?.totals.reviewRate ?? null;
  return (
    <Card
      size="small"
      title={t(teams ? 'activity.review.titleTeams' : 'activity.review.titleUnits')}
      data-testid="analysis-review"
      style={{ height: '100%' }}
    >
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !data ? (
        <Skeleton active />
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('activity.review.intro', { rate: formatPercent(overall, i18n.language) || '—' })}
          </Typography.Paragraph>
          <Table<SummaryRow>
            size="small"
            rowKey="id"
            loading={isFetching}
            pagination={false}
            dataSource={data.rows}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('activity.review.empty') }}
            columns={[
              {
                key: 'unit',
                title: t(teams ? 'activity.review.team' : 'activity.columns.unit'),
                render: (_: unknown, r) => (
                  <div>
                    <Typography.Link onClick={() => onOpenUnit(r.id)}>{r.name}</Typography.Link>
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {leaderOf(r.id) ?? t('activity.review.noLeader')}
                      </Typography.Text>
                    </div>
                  </div>
                ),
              },
              {
                key: 'logs',
                title: t('activity.review.logs'),
                align: 'right',
                render: (_: unknown, r) => `${n(r.logsReviewedIn24h)} / ${n(r.logsSubmitted)}`,
              },
              {
                key: 'rate',
                title: t('activity.review.rate'),
                width: 170,
                render: (_: unknown, r) => {
                  const below = r.reviewRate !== null && overall !== null && r.reviewRate < overall;
                  return (
                    <div data-testid={`review-rate-${r.id}`}>
                      <Progress
                        percent={r.reviewRate === null ? 0 : Math.round(r.reviewRate * 1000) / 10}
                        size="small"
                        status={below ? 'exception' : 'normal'}
                        format={() => formatPercent(r.reviewRate, i18n.language) || '—'}
                      />
                      {below && (
                        <Tag color="orange" style={{ marginTop: 2 }}>
                          {t('activity.review.below')}
                        </Tag>
                      )}
                    </div>
                  );
                },
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}

export const ReviewRateCard = memo(ReviewRateCardView);
