import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Form, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FunctionalGroup } from '../../../../contracts/org.ts';
import { isApiError } from '../../api/client.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { useIsPhoneLayout, useTouchSize } from '../../layout/useIsPhoneLayout.ts';
import { useCan, useMe } from '../auth/MeContext.tsx';
import { useUser } from '../people/api.ts';
import { useDeleteGroup, useGroups } from './api.ts';
import { GroupFormModal } from './GroupFormModal.tsx';

const SYSTEM_COLORS: Record<FunctionalGroup['system'], string> = {
  activity: 'blue',
  recruitment: 'green',
  training: 'orange',
  meeting: 'purple',
};

/** The lead is usually a member (name at hand); otherwise their name is fetched once and cached. */
function LeadName({ g }: { g: FunctionalGroup }) {
  const known = g.members.find((m) => m.userId === g.leadUserId)?.displayName;
  const { data } = useUser(g.leadUserId && !known ? g.leadUserId : undefined);
  return <>{known ?? data?.displayName ?? '—'}</>;
}

export function GroupsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const can = useCan();
  const phone = useIsPhoneLayout();
  const [unitId, setUnitId] = useState<string | undefined>(me.unitId);
  const [editing, setEditing] = useState<FunctionalGroup | 'new' | null>(null);
  const { data, isPending, error, refetch } = useGroups(unitId);
  const remove = useDeleteGroup();
  const showError = useApiError();
  const writable = can('group.write');
  const size = useTouchSize();

  const actions = (g: FunctionalGroup) =>
    writable && (
      <Flex gap={4}>
        <Button
          size={size}
          icon={<EditOutlined />}
          onClick={() => setEditing(g)}
          aria-label={t('common.edit')}
        />
        <Popconfirm
          title={t('groups.deleteConfirm', { name: g.name, count: g.members.length })}
          okText={t('common.delete')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            void remove.mutateAsync(g.id).then(
              () => void message.success(t('groups.deleted', { name: g.name })),
              (e: unknown) => showError(e),
            )
          }
        >
          <Button size={size} danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
        </Popconfirm>
      </Flex>
    );

  return (
    <Card>
      <Flex gap={12} wrap justify="space-between" style={{ marginBottom: 16 }}>
        <Form layout="inline" style={{ flex: 1, minWidth: 240 }}>
          <Form.Item label={t('people.fields.unit')} style={{ flex: 1, marginInlineEnd: 0 }}>
            <UnitTreeSelect value={unitId} onChange={setUnitId} allowClear style={{ minWidth: 220 }} />
          </Form.Item>
        </Form>
        {writable && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="group-add"
          >
            {t('groups.add')}
          </Button>
        )}
      </Flex>
      {error ? (
        // The groups API answers 404 for the whole route until that module is deployed.
        isApiError(error) && error.status === 404 ? (
          <Empty description={t('groups.unavailable')} />
        ) : (
          <ErrorState error={error} onRetry={() => void refetch()} />
        )
      ) : phone ? (
        <Flex vertical gap={8}>
          {(data ?? []).length === 0 && !isPending && <Empty description={t('groups.empty')} />}
          {(data ?? []).map((g) => (
            <Card key={g.id} size="small" title={g.name} extra={actions(g)}>
              <Tag color={SYSTEM_COLORS[g.system]}>{t(`systems.${g.system}`)}</Tag>
              <Typography.Text type="secondary">
                {t('groups.lead')} <LeadName g={g} /> · {t('groups.memberCount', { count: g.members.length })}
              </Typography.Text>
              {g.duties && (
                <Typography.Paragraph style={{ margin: '6px 0 0' }}>{g.duties}</Typography.Paragraph>
              )}
            </Card>
          ))}
        </Flex>
      ) : (
        <Table<FunctionalGroup>
          rowKey="id"
          loading={isPending}
          dataSource={data ?? []}
          pagination={false}
          locale={{ emptyText: t('groups.empty') }}
          columns={[
            { title: t('groups.fields.name'), dataIndex: 'name' },
            {
              title: t('groups.fields.system'),
              dataIndex: 'system',
              render: (s: FunctionalGroup['system']) => (
                <Tag color={SYSTEM_COLORS[s]}>{t(`systems.${s}`)}</Tag>
              ),
            },
            { title: t('groups.fields.lead'), key: 'lead', render: (_, g) => <LeadName g={g} /> },
            {
              title: t('groups.fields.members'),
              key: 'members',
              render: (_, g) => (
                <Typography.Text
                  ellipsis={{ tooltip: g.members.map((m) => m.displayName).join('、') }}
                  style={{ maxWidth: 240 }}
                >
                  {g.members.length ? g.members.map((m) => m.displayName).join('、') : '—'}
                </Typography.Text>
              ),
            },
            {
              title: t('groups.fields.duties'),
              dataIndex: 'duties',
              render: (d: string) => (
                <Typography.Text ellipsis={{ tooltip: d }} style={{ maxWidth: 260 }}>
                  {d || '—'}
                </Typography.Text>
              ),
            },
            ...(writable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    width: 100,
                    render: (_: unknown, g: FunctionalGroup) => actions(g),
                  },
                ]
              : []),
          ]}
        />
      )}
      {editing && (
        <GroupFormModal
          group={editing === 'new' ? null : editing}
          unitId={unitId ?? me.unitId}
          onClose={() => setEditing(null)}
        />
      )}
    </Card>
  );
}
