import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Flex, Popover, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Notification } from '../../../../contracts/notification.ts';
import { RowList } from '../../components/RowList.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { internalLink, useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from './api.ts';
import { NotificationItem } from './NotificationItem.tsx';

/** Opening a notification marks it read and follows its link. */
export function useOpenNotification() {
  const navigate = useNavigate();
  const markRead = useMarkRead();
  return (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    const to = internalLink(n.link);
    if (to) void navigate(to);
  };
}

function BellPanel({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { data, isPending, isError } = useNotifications({ page: 1, pageSize: 8 });
  const open = useOpenNotification();
  const markAll = useMarkAllRead();
  const showError = useApiError();
  return (
    <div style={{ width: 360, maxWidth: 'calc(100vw - 32px)' }}>
      <Flex justify="space-between" align="center" style={{ padding: '4px 4px 8px' }}>
        <Typography.Text strong>{t('nav.notifications')}</Typography.Text>
        <Button
          size="small"
          type="link"
          loading={markAll.isPending}
          onClick={() => markAll.mutate(data?.items[0]?.createdAt, { onError: (e) => showError(e) })}
        >
          {t('notifications.markAllRead')}
        </Button>
      </Flex>
      <div style={{ maxHeight: 400, overflowY: 'auto' }}>
        {isPending ? (
          <Flex justify="center" style={{ padding: 24 }}>
            <Spin />
          </Flex>
        ) : isError ? (
          <Typography.Text type="secondary" style={{ display: 'block', padding: 16 }}>
            {t('notifications.unavailable')}
          </Typography.Text>
        ) : (
          <RowList
            label={t('nav.notifications')}
            items={data.items}
            rowKey={(n) => n.id}
            render={(n) => <NotificationItem n={n} compact />}
            onClick={(n) => {
              onNavigate();
              open(n);
            }}
            empty={
              <Typography.Text type="secondary" style={{ display: 'block', padding: 16 }}>
                {t('notifications.empty')}
              </Typography.Text>
            }
          />
        )}
      </div>
      <div style={{ textAlign: 'center', borderTop: '1px solid #f0f0f0', paddingTop: 8 }}>
        <Link to="/notifications" onClick={onNavigate}>
          {t('notifications.viewAll')}
        </Link>
      </div>
    </div>
  );
}

/** Header bell: unread badge polled every minute; desktop opens a panel, the phone layout the page. */
export function NotificationBell({ asLink }: { asLink?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const { data } = useUnreadCount();
  const unread = data?.unread ?? 0;
  const label = unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('nav.notifications');
  const button = (
    <Button
      data-testid="notification-bell"
      type="text"
      aria-label={label}
      style={asLink ? { width: 44, height: 44 } : undefined}
      onClick={asLink ? () => void navigate('/notifications') : undefined}
      icon={
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      }
    />
  );
  if (asLink) return button;
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      content={<BellPanel onNavigate={() => setOpen(false)} />}
      destroyOnHidden
    >
      {button}
    </Popover>
  );
}
