import { MessageOutlined } from '@ant-design/icons';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMyChecks } from './api.ts';

/** The supervisor's spot-check comments waiting to be read, one tap from the cards. */
export function ChecksBanner() {
  const { t } = useTranslation();
  const { data } = useMyChecks(1, 1);
  if (!data || data.unseenCount === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      icon={<MessageOutlined />}
      title={t('prospectMe.checks.banner', { count: data.unseenCount })}
      action={
        <Link to="/prospects/checks" data-testid="checks-open">
          {t('prospectMe.checks.read')}
        </Link>
      }
      data-testid="checks-banner"
    />
  );
}
