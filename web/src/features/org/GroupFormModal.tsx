import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FunctionalGroup } from '../../../../contracts/org.ts';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.tsx';
import { UserSelect } from '../../components/UserSelect.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { FUNCTIONAL_SYSTEMS, type FunctionalSystem } from '../../lib/enums.ts';
import { useSaveGroup } from './api.ts';

interface Values {
  unitId: string;
  name: string;
  system: FunctionalSystem;
  leadUserId: string | null;
  duties: string;
  members: { userId: string | null; duty?: string }[];
}

interface Props {
  group: FunctionalGroup | null;
  unitId: string;
  onClose: () => void;
}

export function GroupFormModal({ group, unitId, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveGroup();
  const showError = useApiError();
  const known = group?.members.map((m) => ({ id: m.userId, displayName: m.displayName })) ?? [];

  const initial: Values = group
    ? {
        unitId: group.unitId,
        name: group.name,
        system: group.system,
        leadUserId: group.leadUserId,
        duties: group.duties,
        members: group.members.map((m) => ({ userId: m.userId, duty: m.duty })),
      }
    : { unitId, name: '', system: 'activity', leadUserId: null, duties: '', members: [] };

  const submit = (v: Values) => {
    const members = v.members
      .filter((m): m is { userId: string; duty?: string } => !!m.userId)
      .map((m) => ({ userId: m.userId, duty: m.duty ?? '' }));
    const body = {
      name: v.name,
      system: v.system,
      leadUserId: v.leadUserId ?? null,
      duties: v.duties ?? '',
      members,
    };
    save.mutate(group ? { id: group.id, update: body } : { create: { ...body, unitId: v.unitId } }, {
      onSuccess: () => {
        void message.success(t('common.saved'));
        onClose();
      },
      onError: (e) => showError(e, form),
    });
  };

  return (
    <Modal
      open
      width={640}
      title={group ? t('groups.edit', { name: group.name }) : t('groups.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        {!group && (
          <Form.Item
            name="unitId"
            label={t('people.fields.unit')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <UnitTreeSelect />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t('groups.fields.name')}
          rules={[{ required: true, whitespace: true, max: 100, message: t('validation.required') }]}
        >
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="system" label={t('groups.fields.system')} rules={[{ required: true }]}>
          <Select options={FUNCTIONAL_SYSTEMS.map((s) => ({ value: s, label: t(`systems.${s}`) }))} />
        </Form.Item>
        <Form.Item name="leadUserId" label={t('groups.fields.lead')}>
          <UserSelect known={known} />
        </Form.Item>
        <Form.Item name="duties" label={t('groups.fields.duties')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} placeholder={t('groups.dutiesPlaceholder')} />
        </Form.Item>
        <Form.Item label={t('groups.fields.members')}>
          <Form.List name="members">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((f) => (
                  <Flex key={f.key} gap={8} align="start" wrap>
                    <Form.Item
                      name={[f.name, 'userId']}
                      style={{ flex: '1 1 200px', marginBottom: 0 }}
                      rules={[{ required: true, message: t('validation.required') }]}
                    >
                      <UserSelect known={known} aria-label={t('groups.member')} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'duty']}
                      style={{ flex: '1 1 160px', marginBottom: 0 }}
                      rules={[{ max: 200 }]}
                    >
                      <Input placeholder={t('groups.memberDuty')} aria-label={t('groups.memberDuty')} />
                    </Form.Item>
                    <Button
                      type="text"
                      danger
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(f.name)}
                      aria-label={t('common.remove')}
                    />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ userId: null, duty: '' })}>
                  {t('groups.addMember')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </Modal>
  );
}
