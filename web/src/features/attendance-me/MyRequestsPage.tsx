import { CalendarOutlined, FieldTimeOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Pagination, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { AttendanceRequest } from '../../../../contracts/attendance.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RowList } from '../../components/RowList.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useCancelRequest, useRequests } from './api.ts';
import { CheckInTabs } from './CheckInTabs.tsx';
import type { RequestKind } from './enums.ts';
import { RequestFormModal } from './RequestFormModal.tsx';
import { RequestStatusTag, requestKindText, requestWhenText } from './tags.tsx';
import './attendance-me.css';

const PAGE_SIZE = 10;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function RequestRow({ r }: { r: AttendanceRequest }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const cancel = useCancelRequest();
  const showError = useApiError();
  return (
    <Flex
      vertical
      gap={4}
      style={{ width: '100%', minWidth: 0 }}
      data-testid={`request-${r.id}`}
      data-status={r.status}
    >
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text strong>{requestKindText(t, r)}</Typography.Text>
        <RequestStatusTag status={r.status} />
      </Flex>
      <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{requestWhenText(r)}</Typography.Text>
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
        {r.reason}
      </Typography.Paragraph>
      {(r.decisionComment || r.decidedByName) && r.status !== 'cancelled' && (
        <Typography.Text style={{ fontSize: 13 }} data-testid="request-comment">
          {t('attendanceMe.requests.decision', {
            name: r.decidedByName ?? '',
            comment: r.decisionComment || t('attendanceMe.requests.noComment'),
          })}
        </Typography.Text>
      )}
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('attendanceMe.requests.submittedAt', { time: formatDateTime(r.createdAt) })}
        </Typography.Text>
        {r.status === 'pending' && (
          <Popconfirm
            title={t('attendanceMe.requests.cancelTitle')}
            description={t('attendanceMe.requests.cancelConfirm', { what: requestKindText(t, r) })}
            okText={t('attendanceMe.requests.cancel')}
            cancelText={t('common.back')}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              cancel.mutate(r.id, {
                onSuccess: () => void message.success(t('attendanceMe.requests.cancelled')),
                onError: (e) => showError(e),
              })
            }
          >
            <Button danger loading={cancel.isPending} data-testid={`request-cancel-${r.id}`}>
              {t('attendanceMe.requests.cancel')}
            </Button>
          </Popconfirm>
        )}
      </Flex>
    </Flex>
  );
}

/** 我的申请: ask for leave or a make-up check-in, follow what the supervisor decided, cancel while pending. */
export default function MyRequestsPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const makeUpDate = sp.get('makeUp');
  const [page, setPage] = useState(1);
  const [dialog, setDialog] = useState<RequestKind | null>(
    makeUpDate && DATE.test(makeUpDate) ? 'makeUp' : null,
  );
  const { data, error, refetch, isPending } = useRequests({ view: 'mine', page, pageSize: PAGE_SIZE });

  const close = () => {
    setDialog(null);
    if (makeUpDate) setSp({}, { replace: true });
  };

  return (
    <Flex vertical gap={12}>
      <PageHeader title={t('attendanceMe.nav.requests')} />
      <CheckInTabs />
      <Flex gap={12}>
        <Button
          size="large"
          block
          icon={<CalendarOutlined />}
          onClick={() => setDialog('leave')}
          data-testid="request-leave"
        >
          {t('attendanceMe.requests.leave')}
        </Button>
        <Button
          size="large"
          block
          icon={<FieldTimeOutlined />}
          onClick={() => setDialog('makeUp')}
          data-testid="request-makeup"
        >
          {t('attendanceMe.requests.makeUp')}
        </Button>
      </Flex>
      <Card size="small" title={t('attendanceMe.requests.mine')} styles={{ body: { padding: 0 } }}>
        {error && !data ? (
          <ErrorState error={error} onRetry={() => void refetch()} />
        ) : (
          <div data-testid="my-requests">
            <Card loading={isPending} variant="borderless" styles={{ body: { padding: 0 } }}>
              <RowList
                label={t('attendanceMe.requests.mine')}
                items={data?.items ?? []}
                rowKey={(r) => r.id}
                render={(r) => <RequestRow r={r} />}
                empty={
                  <Typography.Paragraph type="secondary" style={{ padding: 16, margin: 0 }}>
                    {t('attendanceMe.requests.empty')}
                  </Typography.Paragraph>
                }
              />
            </Card>
          </div>
        )}
      </Card>
      {(data?.total ?? 0) > PAGE_SIZE && (
        <Flex justify="center">
          <Pagination
            simple
            current={page}
            pageSize={PAGE_SIZE}
            total={data?.total ?? 0}
            onChange={setPage}
          />
        </Flex>
      )}
      {dialog && (
        <RequestFormModal
          kind={dialog}
          date={dialog === 'makeUp' && makeUpDate && DATE.test(makeUpDate) ? makeUpDate : undefined}
          onClose={close}
        />
      )}
    </Flex>
  );
}
