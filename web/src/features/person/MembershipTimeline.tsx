import { Card, Empty, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../components/ErrorState.tsx';
import { formatDate } from '../../i18n/format.ts';
import { useMemberships } from '../people/api.ts';

/** Dated history of units, newest first: where the person was on any given day. */
export function MembershipTimeline({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const { data, isPending, error, refetch } = useMemberships(userId);
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (isPending)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (data.length === 0)
    return (
      <Card>
        <Empty description={t('person.noHistory')} />
      </Card>
    );
  const sorted = [...data].sort((a, b) => b.startDate.localeCompare(a.startDate));
  return (
    <Card>
      <Timeline
        data-testid="membership-timeline"
        items={sorted.map((m) => ({
          key: m.id,
          color: m.endDate ? 'gray' : 'green',
          content: (
            <>
              <Typography.Text strong>{m.unitName}</Typography.Text>{' '}
              {!m.endDate && <Tag color="green">{t('person.currentUnit')}</Tag>}
              <Typography.Text type="secondary" style={{ display: 'block' }}>
                {m.endDate
                  ? t('person.period', { from: formatDate(m.startDate), to: formatDate(m.endDate) })
                  : t('person.since', { from: formatDate(m.startDate) })}
              </Typography.Text>
            </>
          ),
        }))}
      />
    </Card>
  );
}
