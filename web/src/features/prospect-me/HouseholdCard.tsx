import { DeleteOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Input, Modal, Popconfirm, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { HouseholdRoles, type CustomerDetail, type HouseholdRole } from '../../../../contracts/customer.ts';
import { RowList } from '../../components/RowList.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { useDebounced } from '../../lib/useDebounced.ts';
import { useMe } from '../auth/MeContext.tsx';
import { useCreateHousehold, useCustomers, usePatchCustomer, usePatchHousehold } from './api.ts';

/** Other customers of mine, searched by name as you type. */
function CustomerPicker({
  exclude,
  value,
  onChange,
}: {
  exclude: readonly string[];
  value?: string[];
  onChange?: (v: string[]) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const [q, setQ] = useState('');
  const debounced = useDebounced(q, 250);
  const { data, isFetching } = useCustomers({
    ownerId: me.id,
    q: debounced || undefined,
    page: 1,
    pageSize: 20,
  });
  return (
    <Select
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      loading={isFetching}
      placeholder={t('prospectMe.household.pickMembers')}
      options={(data?.items ?? [])
        .filter((c) => !exclude.includes(c.id))
        .map((c) => ({
          value: c.id,
          label: c.householdName ? `${c.name}（${c.householdName}）` : c.name,
        }))}
      notFoundContent={null}
      data-testid="household-members"
    />
  );
}

function RoleSelect({ customerId, role }: { customerId: string; role: HouseholdRole | null }) {
  const { t } = useTranslation();
  const showError = useApiError();
  const patch = usePatchCustomer();
  return (
    <Select<HouseholdRole>
      size="small"
      value={role ?? undefined}
      placeholder={t('prospectMe.household.role')}
      aria-label={t('prospectMe.household.role')}
      loading={patch.isPending}
      onChange={(v) =>
        patch.mutate({ id: customerId, body: { householdRole: v } }, { onError: (e) => showError(e) })
      }
      options={HouseholdRoles.map((r) => ({ value: r, label: t(`prospectMe.householdRole.${r}`) }))}
      style={{ width: 96 }}
    />
  );
}

/**
 * The customer's household (家庭): its members with their role, adding and removing members; a
 * customer without one can start one. The policy review card reads the whole household.
 */
export function HouseholdCard({ c }: { c: CustomerDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const create = useCreateHousehold();
  const patch = usePatchHousehold();
  const [form] = Form.useForm<{ name: string; memberIds: string[] }>();
  const [open, setOpen] = useState(false);
  const h = c.household;
  const memberIds = h?.members.map((m) => m.id) ?? [c.id];

  const submit = (v: { name: string; memberIds?: string[] }) => {
    const ids = v.memberIds ?? [];
    const done = () => {
      void message.success(t('common.saved'));
      setOpen(false);
    };
    if (h)
      patch.mutate(
        {
          id: h.id,
          body: { addMemberIds: ids, ...(v.name.trim() !== h.name ? { name: v.name.trim() } : {}) },
        },
        { onSuccess: done, onError: (e) => showError(e, form) },
      );
    else
      create.mutate(
        { name: v.name.trim(), memberIds: [c.id, ...ids] },
        { onSuccess: done, onError: (e) => showError(e, form) },
      );
  };

  return (
    <Card
      size="small"
      title={h ? t('prospectMe.customers.household', { name: h.name }) : t('prospectMe.household.title')}
      styles={{ body: { padding: h ? 0 : 12 } }}
      extra={
        <Button
          type="link"
          icon={h ? <PlusOutlined /> : <TeamOutlined />}
          onClick={() => setOpen(true)}
          disabled={c.erased}
          data-testid="household-edit"
        >
          {h ? t('prospectMe.household.add') : t('prospectMe.household.create')}
        </Button>
      }
    >
      {h ? (
        <RowList
          items={h.members}
          rowKey={(m) => m.id}
          render={(m) => (
            <Flex gap={8} align="center" style={{ width: '100%' }}>
              <Flex vertical className="sb-pm-grow">
                {m.id === c.id ? (
                  <span className="sb-pm-name">{m.name}</span>
                ) : (
                  <Link to={`/customers/${m.id}`} className="sb-pm-name">
                    {m.name}
                  </Link>
                )}
                {m.birthDate && <span className="sb-pm-muted">{m.birthDate}</span>}
              </Flex>
              <RoleSelect customerId={m.id} role={m.householdRole} />
              <Popconfirm
                title={t('prospectMe.household.removeTitle', { name: m.name })}
                okText={t('common.remove')}
                cancelText={t('common.cancel')}
                onConfirm={() =>
                  patch.mutate(
                    { id: h.id, body: { removeMemberIds: [m.id] } },
                    { onError: (e) => showError(e) },
                  )
                }
              >
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t('prospectMe.household.removeTitle', { name: m.name })}
                />
              </Popconfirm>
            </Flex>
          )}
        />
      ) : (
        <Typography.Text type="secondary">{t('prospectMe.household.none')}</Typography.Text>
      )}
      {open && (
        <Modal
          open
          onCancel={() => setOpen(false)}
          destroyOnHidden
          title={h ? t('prospectMe.household.add') : t('prospectMe.household.create')}
          okText={t('common.save')}
          cancelText={t('common.cancel')}
          confirmLoading={create.isPending || patch.isPending}
          onOk={() => form.submit()}
        >
          <Form
            form={form}
            layout="vertical"
            requiredMark={false}
            initialValues={{
              name: h?.name ?? t('prospectMe.household.defaultName', { name: c.name }),
              memberIds: [],
            }}
            onFinish={submit}
          >
            <Form.Item
              name="name"
              label={t('prospectMe.household.name')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item
              name="memberIds"
              label={t('prospectMe.household.members')}
              extra={t('prospectMe.household.membersHint')}
            >
              <CustomerPicker exclude={memberIds} />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </Card>
  );
}
