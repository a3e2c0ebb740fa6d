import { CheckOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Pagination, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RowList } from '../../components/RowList.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from './api.ts';
import { useOpenNotification } from './NotificationBell.tsx';
import { NotificationItem } from './NotificationItem.tsx';
import { useTouchSize } from '../../layout/useIsPhoneLayout.ts';

const PAGE_SIZE = 20;

export default function NotificationsPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const [page, setPage] = useState(1);
  const { data, isPending, error, refetch } = useNotifications({
    page,
    pageSize: PAGE_SIZE,
    ...(filter === 'unread' ? { unread: true } : {}),
  });
  const { data: count } = useUnreadCount();
  const open = useOpenNotification();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const showError = useApiError();
  const size = useTouchSize();

  return (
    <>
      <PageHeader
        title={t('nav.notifications')}
        extra={
          <Button
            icon={<CheckOutlined />}
            disabled={(count?.unread ?? 0) === 0}
            loading={markAll.isPending}
            // On a later page the newest seen is not on screen: mark everything then.
            onClick={() =>
              markAll.mutate(page === 1 ? data?.items[0]?.createdAt : undefined, {
                onError: (e) => showError(e),
              })
            }
            data-testid="notifications-read-all"
          >
            {t('notifications.markAllRead')}
          </Button>
        }
      />
      <Segmented<'all' | 'unread'>
        value={filter}
        onChange={(v) => {
          setFilter(v);
          setPage(1);
        }}
        options={[
          { value: 'all', label: t('notifications.all') },
          {
            value: 'unread',
            label: count?.unread
              ? `${t('notifications.unread')} (${count.unread})`
              : t('notifications.unread'),
          },
        ]}
        style={{ marginBottom: 12 }}
        data-testid="notifications-filter"
      />
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <Card loading={isPending} styles={{ body: { padding: 0 } }}>
          <RowList
            label={t('nav.notifications')}
            items={data?.items ?? []}
            rowKey={(n) => n.id}
            empty={
              <Typography.Paragraph type="secondary" style={{ padding: 24, margin: 0, textAlign: 'center' }}>
                {filter === 'unread' ? t('notifications.emptyUnread') : t('notifications.empty')}
              </Typography.Paragraph>
            }
            render={(n) => (
              <Flex gap={8} align="center" style={{ width: '100%' }}>
                <button
                  type="button"
                  className="sb-rowlist-button"
                  style={{ flex: 1, minWidth: 0, padding: 0, textAlign: 'left', minHeight: 44 }}
                  onClick={() => open(n)}
                >
                  <NotificationItem n={n} />
                </button>
                {!n.readAt && (
                  <Button size={size} onClick={() => markRead.mutate(n.id, { onError: (e) => showError(e) })}>
                    {t('notifications.markRead')}
                  </Button>
                )}
              </Flex>
            )}
          />
        </Card>
      )}
      {(data?.total ?? 0) > PAGE_SIZE && (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Pagination
            current={page}
            pageSize={PAGE_SIZE}
            total={data?.total ?? 0}
            onChange={setPage}
            showSizeChanger={false}
          />
        </Flex>
      )}
    </>
  );
}
