import { ConfigProvider } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { FullPageSpin } from '../components/FullPageSpin.tsx';
import { useMe } from '../features/auth/MeContext.tsx';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { TAB_ITEMS, tabKeyOf } from './nav.tsx';
import { useCrumbs } from './useCrumbs.ts';

// Larger controls in the phone layout: every tap target reaches 44 px.
const phoneTheme = { token: { controlHeight: 44, controlHeightLG: 48, controlHeightSM: 32 } };

export function PhoneLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const crumbs = useCrumbs();
  const active = tabKeyOf(location.pathname);
  const last = crumbs.at(-1);
  const title = location.pathname === '/' || !last ? me.tenantName : t(last.label);

  return (
    <ConfigProvider theme={phoneTheme}>
      <div className="sb-phone">
        <header className="sb-phone-topbar">
          <h1>{title}</h1>
          <LanguageSwitch />
          <NotificationBell asLink />
        </header>
        <main className="sb-phone-content">
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </main>
        <nav className="sb-tabbar" aria-label={t('nav.mainMenu')} data-testid="tabbar">
          <div className="sb-tabbar-inner">
            {TAB_ITEMS.map((tab) => (
              <Link
                key={tab.key}
                to={tab.path}
                className="sb-tab"
                data-testid={`tabbar-${tab.key}`}
                aria-current={active === tab.key ? 'page' : undefined}
              >
                {tab.icon}
                <span>{t(tab.label)}</span>
              </Link>
            ))}
          </div>
        </nav>
      </div>
    </ConfigProvider>
  );
}
