import { LogoutOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RevealableNumber } from '../../components/RevealableNumber.tsx';
import { RowList } from '../../components/RowList.tsx';
import { RoleTag, StatusTag } from '../../components/tags.tsx';
import { formatDate } from '../../i18n/format.ts';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import { navItemsFor } from '../../layout/nav.tsx';
import { useMe } from '../auth/MeContext.tsx';
import { useLogoutFlow } from '../auth/useLogoutFlow.ts';
import { useUser } from '../people/api.ts';
import { AccountTabs } from './AccountTabs.tsx';

/** On the phone, 我的 is also the way to every page that has no tab of its own. */
function PhoneMoreMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const logout = useLogoutFlow();
  const links = [
    ...navItemsFor(me.actions)
      .filter((i) => i.key !== 'home' && i.key !== 'profile' && i.key !== 'checkin')
      .map((i) => ({ key: i.key, path: i.path, icon: i.icon, label: t(i.label) })),
    { key: 'sessions', path: '/me/sessions', icon: null, label: t('nav.sessions') },
    { key: 'password', path: '/me/password', icon: null, label: t('nav.password') },
  ];
  return (
    <>
      <Card styles={{ body: { padding: 0 } }}>
        <RowList
          label={t('me.more')}
          items={links}
          rowKey={(l) => l.key}
          onClick={(l) => void navigate(l.path)}
          render={(l) => (
            <>
              <span aria-hidden style={{ width: 20, color: '#1d4ed8' }}>
                {l.icon}
              </span>
              <span style={{ flex: 1 }} data-testid={`more-${l.key}`}>
                {l.label}
              </span>
              <RightOutlined aria-hidden style={{ color: '#9ca3af' }} />
            </>
          )}
        />
      </Card>
      <Flex gap={12} vertical>
        <Button
          danger
          size="large"
          icon={<LogoutOutlined />}
          data-testid="logout"
          onClick={() => void logout()}
        >
          {t('auth.logout')}
        </Button>
      </Flex>
    </>
  );
}

export default function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe();
  const phone = useIsPhoneLayout();
  const { data: user, error, refetch } = useUser(me.id);

  return (
    <Flex vertical gap={16}>
      <PageHeader title={me.displayName} documentTitle={t('nav.profile')} subtitle={`@${me.username}`} />
      {!phone && <AccountTabs />}
      <Card title={t('me.account')}>
        <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('people.fields.role')}>
            <RoleTag role={me.role} />
          </Descriptions.Item>
          <Descriptions.Item label={t('people.fields.unit')}>{me.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('me.tenant')}>{me.tenantName}</Descriptions.Item>
          <Descriptions.Item label={t('me.scope')}>{t(`scopes.${me.scope}`)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('me.personal')}>
        {error ? (
          <ErrorState error={error} onRetry={() => void refetch()} />
        ) : (
          <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('people.fields.phone')}>
              {user && <RevealableNumber userId={me.id} field="phone" masked={user.phone} canReveal />}
            </Descriptions.Item>
            <Descriptions.Item label={t('people.fields.idNumber')}>
              {user && <RevealableNumber userId={me.id} field="idNumber" masked={user.idNumber} canReveal />}
            </Descriptions.Item>
            <Descriptions.Item label={t('people.fields.rank')}>{user?.rankName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('people.fields.joinDate')}>
              {formatDate(user?.joinDate) || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('people.fields.gender')}>
              {user?.gender ? t(`genders.${user.gender}`) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('people.fields.birthDate')}>
              {formatDate(user?.birthDate) || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('people.fields.recruiter')}>
              {user?.recruiterName ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('people.fields.status')}>
              {user && <StatusTag status={user.status} />}
            </Descriptions.Item>
          </Descriptions>
        )}
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0', fontSize: 12 }}>
          {t('me.piiNote')}
        </Typography.Paragraph>
      </Card>
      {phone && <PhoneMoreMenu />}
    </Flex>
  );
}
