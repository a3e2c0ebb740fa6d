import { Button, Card, Flex, Popconfirm, Table, Tag, Typography, App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../contracts/auth.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RowList } from '../../components/RowList.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import { describeUserAgent } from '../../lib/userAgent.ts';
import { useEndOtherSessions, useEndSession, useSessions } from '../auth/api.ts';
import { AccountTabs } from './AccountTabs.tsx';

function Device({ s }: { s: SessionInfo }) {
  const { t } = useTranslation();
  const ua = describeUserAgent(s.userAgent);
  return (
    <Flex gap={6} align="center" wrap>
      <Typography.Text strong>
        {ua ? [ua.browser, ua.os].filter(Boolean).join(' · ') : t('sessions.unknownDevice')}
      </Typography.Text>
      {s.current && <Tag color="green">{t('sessions.current')}</Tag>}
    </Flex>
  );
}

export default function SessionsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const phone = useIsPhoneLayout();
  const { data, isPending, error, refetch } = useSessions();
  const endOne = useEndSession();
  const endOthers = useEndOtherSessions();
  const showError = useApiError();
  const others = (data ?? []).filter((s) => !s.current).length;

  const endButton = (s: SessionInfo) =>
    s.current ? null : (
      <Popconfirm
        title={t('sessions.endConfirm')}
        okText={t('sessions.end')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        onConfirm={() =>
          void endOne.mutateAsync(s.id).then(
            () => void message.success(t('sessions.ended')),
            (e: unknown) => showError(e),
          )
        }
      >
        <Button size={phone ? 'middle' : 'small'} danger>
          {t('sessions.end')}
        </Button>
      </Popconfirm>
    );

  return (
    <>
      <PageHeader
        title={t('nav.sessions')}
        extra={
          <Popconfirm
            title={t('sessions.endOthersConfirm', { count: others })}
            okText={t('sessions.endOthers')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            disabled={others === 0}
            onConfirm={() =>
              void endOthers.mutateAsync().then(
                (r) => void message.success(t('sessions.endedCount', { count: r.ended })),
                (e: unknown) => showError(e),
              )
            }
          >
            <Button
              danger
              disabled={others === 0}
              loading={endOthers.isPending}
              data-testid="sessions-end-others"
            >
              {t('sessions.endOthers')}
            </Button>
          </Popconfirm>
        }
      />
      {!phone && <AccountTabs />}
      <Typography.Paragraph type="secondary">{t('sessions.hint')}</Typography.Paragraph>
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : phone ? (
        <Card loading={isPending} styles={{ body: { padding: 0 } }}>
          <RowList
            items={data ?? []}
            rowKey={(s) => s.id}
            render={(s) => (
              <Flex justify="space-between" align="center" gap={8} style={{ width: '100%' }}>
                <div style={{ minWidth: 0 }}>
                  <Device s={s} />
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                    {t('sessions.lastSeen')} {formatDateTime(s.lastSeenAt)} · {s.ip ?? '—'}
                  </Typography.Text>
                </div>
                {endButton(s)}
              </Flex>
            )}
          />
        </Card>
      ) : (
        <Table<SessionInfo>
          rowKey="id"
          loading={isPending}
          dataSource={data ?? []}
          pagination={false}
          columns={[
            { title: t('sessions.device'), key: 'device', render: (_, s) => <Device s={s} /> },
            { title: t('sessions.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
            {
              title: t('sessions.createdAt'),
              dataIndex: 'createdAt',
              render: (v: string) => formatDateTime(v),
            },
            {
              title: t('sessions.lastSeen'),
              dataIndex: 'lastSeenAt',
              render: (v: string) => formatDateTime(v),
            },
            {
              title: t('sessions.expiresAt'),
              dataIndex: 'expiresAt',
              render: (v: string) => formatDateTime(v),
            },
            { title: t('common.actions'), key: 'actions', render: (_, s) => endButton(s) },
          ]}
        />
      )}
    </>
  );
}
