import { Badge, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Notification } from '../../../../contracts/notification.ts';
import { formatDateTime } from '../../i18n/format.ts';

/**
 * One notification. The server stores a title and body in the tenant's language; when a kind has
 * a translation here (notifications.kinds.<kind>) the reader's language wins.
 */
export function useNotificationText() {
  const { t } = useTranslation();
  return (n: Notification) => {
    const params = n.params ?? {};
    return {
      title: t(`notificationKinds.${n.kind}.title`, { ...params, defaultValue: n.title }),
      body: t(`notificationKinds.${n.kind}.body`, { ...params, defaultValue: n.body }),
    };
  };
}

export function NotificationItem({ n, compact }: { n: Notification; compact?: boolean }) {
  const { t } = useTranslation();
  const text = useNotificationText()(n);
  const unread = !n.readAt;
  return (
    <div style={{ display: 'flex', gap: 10, alignItems: 'flex-start', width: '100%', minWidth: 0 }}>
      <Badge status={unread ? 'processing' : 'default'} style={{ marginTop: 6 }} aria-hidden />
      <div style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text strong={unread} ellipsis={compact ? { tooltip: text.title } : false}>
          {text.title}
        </Typography.Text>
        {unread && <span className="sr-only"> ({t('notifications.unread')})</span>}
        {text.body && (
          <Typography.Paragraph
            type="secondary"
            style={{ margin: 0, fontSize: 13 }}
            ellipsis={compact ? { rows: 2 } : false}
          >
            {text.body}
          </Typography.Paragraph>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(n.createdAt)}
        </Typography.Text>
      </div>
    </div>
  );
}
