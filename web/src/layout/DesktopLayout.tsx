import { Breadcrumb, Layout, Menu, Typography } from 'antd';
import { Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { FullPageSpin } from '../components/FullPageSpin.tsx';
import { useMe } from '../features/auth/MeContext.tsx';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { menuKeyOf, navItemsFor, type NavItem } from './nav.tsx';
import { useCrumbs } from './useCrumbs.ts';
import { UserMenu } from './UserMenu.tsx';
import { RoleTag } from '../components/tags.tsx';

export function DesktopLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const crumbs = useCrumbs();
  const toItem = (i: NavItem) => ({
    key: i.key,
    icon: i.icon,
    // The test id sits on the label: antd does not forward data-* attributes of menu items.
    label: <span data-testid={`menu-${i.key}`}>{t(i.label)}</span>,
    onClick: () => void navigate(i.path),
  });
  type Entry = ReturnType<typeof toItem>;
  type Group = { key: string; icon: ReactNode; label: ReactNode; children: Entry[] };
  const items: (Entry | Group)[] = [];
  const groups = new Map<string, Group>();
  for (const i of navItemsFor(me.actions)) {
    if (!i.group) {
      items.push(toItem(i));
      continue;
    }
    // A module's pages in one submenu, placed where its first page would be.
    let group = groups.get(i.group);
    if (!group) {
      const label = <span data-testid={`menu-group-${i.group}`}>{t(`nav.groups.${i.group}`)}</span>;
      group = { key: `group-${i.group}`, icon: i.icon, label, children: [] };
      groups.set(i.group, group);
      items.push(group);
    }
    group.children.push(toItem(i));
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="lg" width={208}>
        <div className="sb-brand">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          {!collapsed && <span>{t('app.name')}</span>}
        </div>
        <nav data-testid="menu" aria-label={t('nav.mainMenu')}>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={[menuKeyOf(location.pathname)]}
            // Every module's submenu starts open: the menu is short, and a page's own group is then never hidden.
            defaultOpenKeys={[...groups.values()].map((g) => g.key)}
            items={items}
          />
        </nav>
      </Layout.Sider>
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header className="sb-header">
          <div style={{ flex: 1, minWidth: 0, display: 'flex', alignItems: 'baseline', gap: 8 }}>
            <Typography.Text strong ellipsis data-testid="tenant-name">
              {me.tenantName}
            </Typography.Text>
            {me.unitName !== me.tenantName && (
              <Typography.Text type="secondary" ellipsis>
                {me.unitName}
              </Typography.Text>
            )}
            <RoleTag role={me.role} />
          </div>
          <LanguageSwitch />
          <NotificationBell />
          <UserMenu />
        </Layout.Header>
        <Layout.Content className="sb-content">
          <Breadcrumb
            style={{ marginBottom: 12 }}
            items={crumbs.map((c, i) => ({
              key: c.path,
              title: i < crumbs.length - 1 ? <Link to={c.path}>{t(c.label)}</Link> : t(c.label),
            }))}
          />
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
