import { Card, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { User } from '../../../../contracts/user.ts';
import { RevealableNumber } from '../../components/RevealableNumber.tsx';
import { RoleTag, StatusTag } from '../../components/tags.tsx';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import { useCan, useMe } from '../auth/MeContext.tsx';

export function ProfileCard({ user }: { user: User }) {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const canReveal = can('user.revealPii') || me.id === user.id;
  const dash = (v: string | null | undefined) => (v ? v : '—');
  return (
    <Card>
      <Descriptions column={{ xs: 1, sm: 1, md: 2, xl: 3 }} size="small">
        <Descriptions.Item label={t('people.fields.displayName')}>{user.displayName}</Descriptions.Item>
        <Descriptions.Item label={t('people.fields.username')}>{user.username}</Descriptions.Item>
        <Descriptions.Item label={t('people.fields.role')}>
          <RoleTag role={user.role} />
        </Descriptions.Item>
        <Descriptions.Item label={t('people.fields.unit')}>
          <Link to={`/people?unitId=${encodeURIComponent(user.unitId)}`}>{user.unitName}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('people.fields.rank')}>{dash(user.rankName)}</Descriptions.Item>
        <Descriptions.Item label={t('people.fields.status')}>
          <StatusTag status={user.status} />
          {user.status === 'left' && user.leaveDate ? ` ${formatDate(user.leaveDate)}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('people.fields.phone')}>
          <RevealableNumber userId={user.id} field="phone" masked={user.phone} canReveal={canReveal} />
        </Descriptions.Item>
        <Descriptions.Item label={t('people.fields.idNumber')}>
          <RevealableNumber userId={user.id} field="idNumber" masked={user.idNumber} canReveal={canReveal} />
        </Descriptions.Item>
        <Descriptions.Item label={t('people.fields.gender')}>
          {user.gender ? t(`genders.${user.gender}`) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('people.fields.birthDate')}>
          {dash(formatDate(user.birthDate))}
        </Descriptions.Item>
        <Descriptions.Item label={t('people.fields.joinDate')}>
          {dash(formatDate(user.joinDate))}
        </Descriptions.Item>
        <Descriptions.Item label={t('people.fields.recruiter')}>
          {user.recruiterId && user.recruiterName ? (
            <Link to={`/people/${user.recruiterId}`}>{user.recruiterName}</Link>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('person.updatedAt')}>{formatDateTime(user.updatedAt)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
