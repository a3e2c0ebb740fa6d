import { KeyOutlined, LaptopOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe } from '../features/auth/MeContext.tsx';
import { useLogoutFlow } from '../features/auth/useLogoutFlow.ts';

export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const logout = useLogoutFlow();
  const items: MenuProps['items'] = [
    {
      key: '/me',
      icon: <UserOutlined />,
      label: <span data-testid="usermenu-profile">{t('nav.profile')}</span>,
    },
    { key: '/me/sessions', icon: <LaptopOutlined />, label: t('nav.sessions') },
    { key: '/me/password', icon: <KeyOutlined />, label: t('nav.password') },
    { type: 'divider' },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      label: <span data-testid="logout">{t('auth.logout')}</span>,
      danger: true,
    },
  ];
  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{
        items,
        onClick: ({ key }) => {
          if (key === 'logout') void logout();
          else void navigate(key);
        },
      }}
    >
      <Button
        type="text"
        data-testid="user-menu"
        aria-label={t('nav.userMenu')}
        style={{ height: 40, paddingInline: 8 }}
      >
        <Avatar size="small" style={{ background: '#1d4ed8' }}>
          {me.displayName.slice(0, 1)}
        </Avatar>
        <span style={{ maxWidth: 140, overflow: 'hidden', textOverflow: 'ellipsis' }}>{me.displayName}</span>
      </Button>
    </Dropdown>
  );
}
