import { App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Unit, UnitUpdate } from '../../../../contracts/org.ts';
import type { UnitKind } from '../../../../contracts/roles.ts';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.tsx';
import { UserSelect } from '../../components/UserSelect.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { UNIT_KINDS } from '../../lib/enums.ts';
import { subtreeIds } from '../../lib/tree.ts';
import { useCreateUnit, useUpdateUnit } from './api.ts';

interface Values {
  name: string;
  kind: UnitKind;
  leaderUserId: string | null;
  parentId: string | undefined;
  sortOrder: number;
}

interface Props {
  mode: 'create' | 'edit';
  /** The selected unit: the parent of a new unit, or the unit being edited. */
  unit: Unit;
  units: Unit[];
  onClose: () => void;
  onSaved: (u: Unit) => void;
}

/** The usual kind one level below: company → branch → department → team. */
function childKind(kind: UnitKind): UnitKind {
  const i = UNIT_KINDS.indexOf(kind);
  return UNIT_KINDS[Math.min(i + 1, UNIT_KINDS.length - 1)]!;
}

export function UnitFormModal({ mode, unit, units, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateUnit();
  const update = useUpdateUnit();
  const showError = useApiError();
  const editing = mode === 'edit';
  // A unit cannot move under itself or its own descendants.
  const blocked = useMemo(
    () => (editing ? subtreeIds(units, unit.id) : undefined),
    [editing, units, unit.id],
  );

  const initial: Values = editing
    ? {
        name: unit.name,
        kind: unit.kind,
        leaderUserId: unit.leaderUserId,
        parentId: unit.parentId ?? undefined,
        sortOrder: unit.sortOrder,
      }
    : { name: '', kind: childKind(unit.kind), leaderUserId: null, parentId: unit.id, sortOrder: 0 };

  const submit = (v: Values) => {
    const done = (u: Unit) => {
      void message.success(t('common.saved'));
      onSaved(u);
    };
    const onError = (e: unknown) => showError(e, form);
    if (editing) {
      const body: UnitUpdate = {
        name: v.name,
        kind: v.kind,
        leaderUserId: v.leaderUserId ?? null,
        sortOrder: v.sortOrder,
      };
      if (unit.parentId && v.parentId && v.parentId !== unit.parentId) body.parentId = v.parentId;
      update.mutate({ id: unit.id, body }, { onSuccess: done, onError });
    } else {
      create.mutate(
        {
          parentId: v.parentId ?? unit.id,
          name: v.name,
          kind: v.kind,
          leaderUserId: v.leaderUserId ?? null,
          sortOrder: v.sortOrder,
        },
        { onSuccess: done, onError },
      );
    }
  };

  return (
    <Modal
      open
      title={editing ? t('org.editUnit', { name: unit.name }) : t('org.addChildOf', { name: unit.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        <Form.Item
          name="name"
          label={t('org.fields.name')}
          rules={[{ required: true, whitespace: true, max: 100, message: t('validation.required') }]}
        >
          <Input autoFocus data-testid="unit-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('org.fields.kind')} rules={[{ required: true }]}>
          <Select options={UNIT_KINDS.map((k) => ({ value: k, label: t(`unitKinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="leaderUserId" label={t('org.fields.leader')}>
          <UserSelect
            known={
              unit.leaderUserId && unit.leaderName && editing
                ? [{ id: unit.leaderUserId, displayName: unit.leaderName }]
                : []
            }
          />
        </Form.Item>
        {(!editing || unit.parentId) && (
          <Form.Item
            name="parentId"
            label={t('org.fields.parent')}
            rules={[{ required: true, message: t('validation.required') }]}
            extra={editing ? t('org.moveHint') : undefined}
          >
            <UnitTreeSelect disabledIds={blocked} />
          </Form.Item>
        )}
        <Form.Item name="sortOrder" label={t('org.fields.sortOrder')}>
          <InputNumber min={0} max={10000} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
