import { EditOutlined, KeyOutlined, SwapOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Skeleton, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RoleTag, StatusTag } from '../../components/tags.tsx';
import { useCan, useMe } from '../auth/MeContext.tsx';
import { useUser } from '../people/api.ts';
import { ArchiveTab } from './ArchiveTab.tsx';
import { EditUserModal } from './EditUserModal.tsx';
import { HonoursTab } from './HonoursTab.tsx';
import { MembershipTimeline } from './MembershipTimeline.tsx';
import { MoveUserModal } from './MoveUserModal.tsx';
import { ProfileCard } from './ProfileCard.tsx';
import { ResetPasswordModal } from './ResetPasswordModal.tsx';

type Dialog = 'edit' | 'move' | 'password' | null;
const TABS = ['profile', 'history', 'archive', 'honours'] as const;
type TabKey = (typeof TABS)[number];

export default function PersonPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const [dialog, setDialog] = useState<Dialog>(null);
  const { data: user, isPending, error, refetch } = useUser(id);

  // 404 covers both "no such person" and "outside your scope": the API does not tell them apart.
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (isPending)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );

  const requested = params.get('tab') as TabKey | null;
  const tab: TabKey = requested && TABS.includes(requested) ? requested : 'profile';
  const self = user.id === me.id;
  // Administrators' accounts are managed by administrators only (the server answers 404 otherwise).
  const manageable = user.role !== 'admin' || me.role === 'admin';

  return (
    <>
      <PageHeader
        documentTitle={user.displayName}
        title={
          <Flex gap={8} align="center" wrap>
            <span data-testid="person-name">{user.displayName}</span>
            <RoleTag role={user.role} />
            <StatusTag status={user.status} />
          </Flex>
        }
        subtitle={
          <>
            @{user.username} · <span data-testid="person-unit">{user.unitName}</span>
            {user.rankName ? ` · ${user.rankName}` : ''}
          </>
        }
        extra={
          <>
            {can('user.write') && manageable && (
              <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="person-edit">
                {t('common.edit')}
              </Button>
            )}
            {can('user.move') && manageable && user.status === 'active' && (
              <Button icon={<SwapOutlined />} onClick={() => setDialog('move')} data-testid="person-move">
                {t('person.move')}
              </Button>
            )}
            {can('user.resetPassword') && !self && (
              <Button
                icon={<KeyOutlined />}
                onClick={() => setDialog('password')}
                data-testid="person-reset-password"
              >
                {t('person.resetPassword')}
              </Button>
            )}
          </>
        }
      />
      {user.status === 'left' && (
        <Typography.Paragraph type="warning">
          {t('person.leftOn', { date: user.leaveDate ?? '—' })}
        </Typography.Paragraph>
      )}
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'profile' ? {} : { tab: k }, { replace: true })}
        items={[
          { key: 'profile', label: t('person.tabs.profile'), children: <ProfileCard user={user} /> },
          {
            key: 'history',
            label: t('person.tabs.history'),
            children: <MembershipTimeline userId={user.id} />,
          },
          ...(can('archive.read')
            ? [{ key: 'archive', label: t('person.tabs.archive'), children: <ArchiveTab userId={user.id} /> }]
            : []),
          { key: 'honours', label: t('person.tabs.honours'), children: <HonoursTab userId={user.id} /> },
        ]}
        destroyOnHidden
      />
      {dialog === 'edit' && <EditUserModal user={user} onClose={() => setDialog(null)} />}
      {dialog === 'move' && <MoveUserModal user={user} onClose={() => setDialog(null)} />}
      {dialog === 'password' && <ResetPasswordModal user={user} onClose={() => setDialog(null)} />}
    </>
  );
}
