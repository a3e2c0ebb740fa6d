import { CheckOutlined, CloseOutlined, DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Pagination, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { AttendanceRequest } from '../../../../contracts/attendance.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RowList } from '../../components/RowList.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import { useIsPhoneLayout, useTouchSize } from '../../layout/useIsPhoneLayout.ts';
import { exportRequests, useRequests, type Decision, type RequestListParams } from './api.ts';
import { DecisionModal } from './DecisionModal.tsx';
import { REQUEST_KINDS, REQUEST_STATUSES, type RequestKind, type RequestStatus } from './enums.ts';
import { RequestStatusTag, requestKindText, requestWhenText } from './tags.tsx';
import './attendance-me.css';

const PAGE_SIZES = [10, 20, 50, 100];

/** Filters and page in the URL; the queue of what waits (pending) is the default view. */
function useApprovalParams(): [RequestListParams, (patch: Partial<RequestListParams>) => void] {
  const [sp, setSp] = useSearchParams();
  const status = sp.get('status');
  const kind = sp.get('kind');
  const page = Number(sp.get('page'));
  const pageSize = Number(sp.get('pageSize'));
  const params: RequestListParams = {
    view: 'toApprove',
    // "all" is explicit in the URL; no status means the queue.
    status:
      status === 'all'
        ? undefined
        : (REQUEST_STATUSES as readonly string[]).includes(status ?? '')
          ? (status as RequestStatus)
          : 'pending',
    kind: (REQUEST_KINDS as readonly string[]).includes(kind ?? '') ? (kind as RequestKind) : undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
  };
  const update = (patch: Partial<RequestListParams>) => {
    const next = { ...params, ...patch };
    if (!('page' in patch)) next.page = 1;
    const out = new URLSearchParams();
    if (next.status !== 'pending') out.set('status', next.status ?? 'all');
    if (next.kind) out.set('kind', next.kind);
    if (next.page !== 1) out.set('page', String(next.page));
    if (next.pageSize !== 20) out.set('pageSize', String(next.pageSize));
    setSp(out, { replace: true });
  };
  return [params, update];
}

function DecideButtons({
  r,
  onDecide,
}: {
  r: AttendanceRequest;
  onDecide: (r: AttendanceRequest, d: Decision) => void;
}) {
  const { t } = useTranslation();
  const size = useTouchSize();
  if (r.status !== 'pending') return null;
  return (
    <Flex gap={8}>
      <Button
        type="primary"
        size={size}
        icon={<CheckOutlined />}
        onClick={() => onDecide(r, 'approve')}
        data-testid={`approve-${r.id}`}
      >
        {t('attendanceMe.approvals.approve')}
      </Button>
      <Button
        danger
        size={size}
        icon={<CloseOutlined />}
        onClick={() => onDecide(r, 'reject')}
        data-testid={`reject-${r.id}`}
      >
        {t('attendanceMe.approvals.reject')}
      </Button>
    </Flex>
  );
}

function DecisionText({ r }: { r: AttendanceRequest }) {
  const { t } = useTranslation();
  if (!r.decidedByName && !r.decisionComment) return <>—</>;
  return (
    <Typography.Text style={{ fontSize: 13 }}>
      {t('attendanceMe.requests.decision', {
        name: r.decidedByName ?? '',
        comment: r.decisionComment || t('attendanceMe.requests.noComment'),
      })}
    </Typography.Text>
  );
}

/** 考勤审批: leave and make-up requests of the approver's people, desk table or phone list. */
export default function ApprovalsPage() {
  const { t, i18n } = useTranslation();
  const phone = useIsPhoneLayout();
  const [params, update] = useApprovalParams();
  const { data, error, refetch, isFetching } = useRequests(params);
  const [deciding, setDeciding] = useState<{ r: AttendanceRequest; d: Decision } | null>(null);
  const onDecide = (r: AttendanceRequest, d: Decision) => setDeciding({ r, d });
  const showError = useApiError();
  const [exporting, setExporting] = useState(false);
  // Every request of the current filters, not just the page on screen.
  const doExport = () => {
    setExporting(true);
    exportRequests(params)
      .catch((e: unknown) => showError(e))
      .finally(() => setExporting(false));
  };

  const filters = (
    <Flex gap={8} wrap style={{ marginBottom: 12 }}>
      <Select<RequestStatus | 'all'>
        value={params.status ?? 'all'}
        onChange={(v) => update({ status: v === 'all' ? undefined : v })}
        style={{ minWidth: 140, flex: phone ? 1 : undefined }}
        aria-label={t('attendanceMe.approvals.columns.status')}
        data-testid="approvals-status-filter"
        options={[
          ...REQUEST_STATUSES.map((s) => ({ value: s, label: t(`attendanceMe.requestStatus.${s}`) })),
          { value: 'all', label: t('attendanceMe.approvals.allStatuses') },
        ]}
      />
      <Select<RequestKind | 'all'>
        value={params.kind ?? 'all'}
        onChange={(v) => update({ kind: v === 'all' ? undefined : v })}
        style={{ minWidth: 140, flex: phone ? 1 : undefined }}
        aria-label={t('attendanceMe.approvals.columns.kind')}
        data-testid="approvals-kind-filter"
        options={[
          { value: 'all', label: t('attendanceMe.approvals.allKinds') },
          ...REQUEST_KINDS.map((k) => ({ value: k, label: t(`attendanceMe.kind.${k}`) })),
        ]}
      />
    </Flex>
  );

  const columns: TableColumnsType<AttendanceRequest> = [
    {
      key: 'user',
      title: t('attendanceMe.approvals.columns.user'),
      render: (_, r) => (
        <>
          <Typography.Text strong>{r.userName}</Typography.Text>
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.unitName}
          </Typography.Text>
        </>
      ),
    },
    { key: 'kind', title: t('attendanceMe.approvals.columns.kind'), render: (_, r) => requestKindText(t, r) },
    {
      key: 'when',
      title: t('attendanceMe.approvals.columns.when'),
      render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{requestWhenText(r)}</span>,
    },
    {
      key: 'reason',
      title: t('attendanceMe.approvals.columns.reason'),
      dataIndex: 'reason',
      ellipsis: { showTitle: true },
      width: '24%',
    },
    {
      key: 'createdAt',
      title: t('attendanceMe.approvals.columns.createdAt'),
      dataIndex: 'createdAt',
      render: (v: string) => formatDateTime(v),
    },
    {
      key: 'status',
      title: t('attendanceMe.approvals.columns.status'),
      render: (_, r) => <RequestStatusTag status={r.status} />,
    },
    // Nothing is decided in the queue of pending requests: no column of comments there.
    ...(params.status === 'pending'
      ? []
      : [
          {
            key: 'decision',
            title: t('attendanceMe.approvals.columns.decision'),
            render: (_: unknown, r: AttendanceRequest) => <DecisionText r={r} />,
          },
        ]),
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, r) => <DecideButtons r={r} onDecide={onDecide} />,
    },
  ];

  const total = data?.total ?? 0;
  return (
    <>
      <PageHeader
        title={t('attendanceMe.nav.approvals')}
        extra={
          phone ? undefined : (
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={doExport}
              data-testid="approvals-export"
            >
              {t('attendanceMe.approvals.export')}
            </Button>
          )
        }
      />
      {filters}
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : phone ? (
        <Flex vertical gap={12} data-testid="approvals-table">
          <Card loading={isFetching && !data} styles={{ body: { padding: 0 } }}>
            <RowList
              label={t('attendanceMe.nav.approvals')}
              items={data?.items ?? []}
              rowKey={(r) => r.id}
              empty={
                <Typography.Paragraph type="secondary" style={{ padding: 16, margin: 0 }}>
                  {t('attendanceMe.approvals.empty')}
                </Typography.Paragraph>
              }
              render={(r) => (
                <Flex
                  vertical
                  gap={4}
                  style={{ width: '100%', minWidth: 0 }}
                  data-testid={`approval-${r.id}`}
                >
                  <Flex justify="space-between" align="center" gap={8}>
                    <Typography.Text strong ellipsis>
                      {r.userName}
                      <Typography.Text type="secondary" style={{ fontWeight: 400 }}>
                        {' '}
                        · {r.unitName}
                      </Typography.Text>
                    </Typography.Text>
                    <RequestStatusTag status={r.status} />
                  </Flex>
                  <Typography.Text>
                    {requestKindText(t, r)} ·{' '}
                    <span style={{ whiteSpace: 'nowrap' }}>{requestWhenText(r)}</span>
                  </Typography.Text>
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 3 }} style={{ margin: 0 }}>
                    {r.reason}
                  </Typography.Paragraph>
                  {r.status !== 'pending' && <DecisionText r={r} />}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('attendanceMe.requests.submittedAt', { time: formatDateTime(r.createdAt) })}
                  </Typography.Text>
                  <DecideButtons r={r} onDecide={onDecide} />
                </Flex>
              )}
            />
          </Card>
          {total > params.pageSize && (
            <Flex justify="center">
              <Pagination
                simple
                current={params.page}
                pageSize={params.pageSize}
                total={total}
                onChange={(page) => update({ page })}
              />
            </Flex>
          )}
          <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
            {t('attendanceMe.approvals.total', { count: formatNumber(total, i18n.language) })}
          </Typography.Text>
        </Flex>
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <div data-testid="approvals-table">
            <Table<AttendanceRequest>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={data?.items ?? []}
              loading={isFetching}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('attendanceMe.approvals.empty') }}
              onRow={(r) => ({ 'data-testid': `approval-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
              pagination={{
                current: params.page,
                pageSize: params.pageSize,
                total,
                showSizeChanger: true,
                pageSizeOptions: PAGE_SIZES,
                showTotal: (n) =>
                  t('attendanceMe.approvals.total', { count: formatNumber(n, i18n.language) }),
                onChange: (page, pageSize) =>
                  pageSize !== params.pageSize ? update({ pageSize }) : update({ page }),
              }}
            />
          </div>
        </Card>
      )}
      {deciding && (
        <DecisionModal request={deciding.r} decision={deciding.d} onClose={() => setDeciding(null)} />
      )}
    </>
  );
}
