import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

/** The three account pages share one tab bar; each tab is its own route (bookmarkable). */
export function AccountTabs() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  return (
    <Tabs
      activeKey={pathname}
      onChange={(key) => void navigate(key)}
      items={[
        { key: '/me', label: t('nav.profile') },
        { key: '/me/sessions', label: t('nav.sessions') },
        { key: '/me/password', label: t('nav.password') },
      ]}
    />
  );
}
