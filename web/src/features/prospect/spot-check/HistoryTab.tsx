import { Button, Card, Flex, Progress, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SpotCheck } from '../../../../../contracts/spot-check.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { UserSelect } from '../../../components/UserSelect.tsx';
import { formatDateTime, formatNumber } from '../../../i18n/format.ts';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import { exportSpotChecks, useSpotChecks } from '../api.ts';
import { ExportButton } from '../components/common.tsx';
import { PAGE_SIZES, useUrlParams } from '../components/useUrlParams.ts';

/** The checks made so far in scope, newest first; one agent's when chosen. */
export function HistoryTab({ onOpenCheck }: { onOpenCheck: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const phone = useIsPhoneLayout();
  const [state, update] = useUrlParams({ agentId: undefined });
  const agentId = state.values.agentId;
  const { data, error, refetch, isFetching } = useSpotChecks({
    agentId,
    page: state.page,
    pageSize: state.pageSize,
  });
  const n = (v: number) => formatNumber(v, i18n.language);
  const columns: TableColumnsType<SpotCheck> = [
    {
      key: 'createdAt',
      title: t('prospect.columns.checkedAt'),
      render: (_: unknown, r) => formatDateTime(r.createdAt),
    },
    { key: 'agent', title: t('prospect.columns.agent'), render: (_: unknown, r) => <b>{r.agentName}</b> },
    { key: 'supervisor', title: t('prospect.columns.checkedBy'), dataIndex: 'supervisorName' },
    {
      key: 'cards',
      title: t('prospect.columns.sample'),
      align: 'right',
      render: (_: unknown, r) => `${n(r.itemCount)} / ${n(r.sampleSize)}`,
    },
    {
      key: 'commented',
      title: t('prospect.columns.commented'),
      render: (_: unknown, r) => (
        <Progress
          percent={r.itemCount ? Math.round((r.commentedCount / r.itemCount) * 100) : 0}
          size="small"
          format={() => `${n(r.commentedCount)}/${n(r.itemCount)}`}
          style={{ minWidth: 120, margin: 0 }}
        />
      ),
    },
    {
      key: 'seen',
      title: t('prospect.columns.agentRead'),
      render: (_: unknown, r) =>
        r.commentedCount === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : r.unseenCount > 0 ? (
          <Tag color="orange">{t('prospect.spotCheck.unseenN', { n: n(r.unseenCount) })}</Tag>
        ) : (
          <Tag color="success">{t('prospect.spotCheck.seen')}</Tag>
        ),
    },
    {
      key: 'open',
      title: t('common.actions'),
      render: (_: unknown, r) => (
        <Button
          size={phone ? 'middle' : 'small'}
          onClick={() => onOpenCheck(r.id)}
          aria-label={t('prospect.spotCheck.openCheck', {
            name: r.agentName,
            date: formatDateTime(r.createdAt),
          })}
          data-testid="spot-check-open"
        >
          {r.commentedCount < r.itemCount ? t('prospect.spotCheck.review') : t('prospect.spotCheck.view')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }} role="search">
        <UserSelect
          value={agentId}
          onChange={(v) => update({ agentId: v ?? undefined })}
          placeholder={t('prospect.filters.anyAgent')}
          aria-label={t('prospect.filters.agent')}
          style={{ flex: '1 1 220px', minWidth: 0, maxWidth: phone ? undefined : 300 }}
          data-testid="spot-check-history-agent"
        />
        {!phone && <div style={{ flex: '1 1 auto' }} />}
        <ExportButton testId="spot-check-history-export" onExport={() => exportSpotChecks({ agentId })} />
      </Flex>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }} className="sb-pro-table">
          <Table<SpotCheck>
            rowKey="id"
            size="small"
            loading={isFetching}
            dataSource={data?.items ?? []}
            columns={columns}
            scroll={{ x: 'max-content' }}
            data-testid="spot-check-history"
            locale={{ emptyText: t('prospect.spotCheck.noHistory') }}
            onChange={(p) => update({ page: p.current ?? 1, pageSize: p.pageSize ?? state.pageSize })}
            pagination={{
              current: state.page,
              pageSize: state.pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: PAGE_SIZES,
              showTotal: (total) => t('prospect.totalRows', { n: n(total) }),
            }}
          />
        </Card>
      )}
    </>
  );
}
