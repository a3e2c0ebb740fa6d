import { RightOutlined } from '@ant-design/icons';
import { Card, Flex, Pagination, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Page } from '../../../../contracts/common.ts';
import type { User } from '../../../../contracts/user.ts';
import { RowList } from '../../components/RowList.tsx';
import { RoleTag, StatusTag } from '../../components/tags.tsx';
import { formatNumber } from '../../i18n/format.ts';
import type { UserListParams } from './api.ts';

/** The people list on a phone: one tappable card row per person, no table to scroll sideways. */
export function PeopleCards({
  data,
  loading,
  params,
  onChange,
}: {
  data: Page<User> | undefined;
  loading: boolean;
  params: UserListParams;
  onChange: (p: Partial<UserListParams>) => void;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  return (
    <Flex vertical gap={12} data-testid="people-table">
      <Card loading={loading && !data} styles={{ body: { padding: 0 } }}>
        <RowList
          label={t('nav.people')}
          items={data?.items ?? []}
          rowKey={(u) => u.id}
          onClick={(u) => void navigate(`/people/${u.id}`)}
          empty={
            <Typography.Paragraph type="secondary" style={{ padding: 16, margin: 0 }}>
              {t('people.empty')}
            </Typography.Paragraph>
          }
          render={(u) => (
            <>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Flex gap={6} align="center" wrap>
                  <Typography.Text strong>{u.displayName}</Typography.Text>
                  <RoleTag role={u.role} />
                  {u.status !== 'active' && <StatusTag status={u.status} />}
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block' }} ellipsis>
                  {[u.unitName, u.rankName, u.phone].filter(Boolean).join(' · ')}
                </Typography.Text>
              </div>
              <RightOutlined aria-hidden style={{ color: '#9ca3af' }} />
            </>
          )}
        />
      </Card>
      {(data?.total ?? 0) > params.pageSize && (
        <Flex justify="center">
          <Pagination
            simple
            current={params.page}
            pageSize={params.pageSize}
            total={data?.total ?? 0}
            onChange={(page) => onChange({ page })}
          />
        </Flex>
      )}
      <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
        {t('people.total', { count: formatNumber(data?.total ?? 0, i18n.language) })}
      </Typography.Text>
    </Flex>
  );
}
