import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Modal, Popconfirm, Skeleton, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingRules, RulesView } from '../../../../../contracts/attendance.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect.tsx';
import { useApiError } from '../../../components/useApiError.ts';
import { useDeleteUnitRules, useRules, useSaveUnitRules } from '../api.ts';
import { MeetingRulesFields } from './fields.tsx';

type Override = RulesView['overrides'][number];

const MEETING_KEYS = [
  'meetingStart',
  'meetingEnd',
  'lateAfterMinutes',
  'absentAfterMinutes',
  'earlyLeaveMinutes',
  'opensBeforeMinutes',
  'selfCheckIn',
  'geofence',
] as const satisfies readonly (keyof MeetingRules)[];

function meetingRulesOf(r: MeetingRules): MeetingRules {
  const out = {} as Record<string, unknown>;
  for (const k of MEETING_KEYS) out[k] = r[k];
  return out as MeetingRules;
}

/** Departments whose meeting differs from the tenant's: when it is and how strictly it is judged. */
export function OverridesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const { data, error, refetch } = useRules();
  const remove = useDeleteUnitRules();
  const [editing, setEditing] = useState<Override | 'new' | null>(null);

  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!data) return <Skeleton active />;

  const tenant = meetingRulesOf(data.tenant);
  const changed = (o: Override, k: keyof MeetingRules) => o.rules[k] !== tenant[k];
  const cell = (o: Override, k: keyof MeetingRules, text: string) =>
    changed(o, k) ? (
      <Typography.Text strong>{text}</Typography.Text>
    ) : (
      <Typography.Text type="secondary">{text}</Typography.Text>
    );
  const mins = (n: number) => t('attendance.rules.minutesN', { n });

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">{t('attendance.overrides.intro')}</Typography.Text>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          data-testid="override-add"
        >
          {t('attendance.overrides.add')}
        </Button>
      </Flex>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<Override>
          rowKey="unitId"
          size="middle"
          pagination={false}
          dataSource={data.overrides}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('attendance.overrides.empty') }}
          data-testid="overrides-table"
          columns={[
            { key: 'unit', title: t('attendance.overrides.unit'), render: (_: unknown, o) => o.unitName },
            {
              key: 'time',
              title: t('attendance.overrides.time'),
              render: (_: unknown, o) =>
                cell(o, 'meetingStart', `${o.rules.meetingStart}–${o.rules.meetingEnd}`),
            },
            {
              key: 'late',
              title: t('attendance.rules.lateAfter'),
              render: (_: unknown, o) => cell(o, 'lateAfterMinutes', mins(o.rules.lateAfterMinutes)),
            },
            {
              key: 'absent',
              title: t('attendance.rules.absentAfter'),
              render: (_: unknown, o) => cell(o, 'absentAfterMinutes', mins(o.rules.absentAfterMinutes)),
            },
            {
              key: 'early',
              title: t('attendance.rules.earlyLeave'),
              render: (_: unknown, o) => cell(o, 'earlyLeaveMinutes', mins(o.rules.earlyLeaveMinutes)),
            },
            {
              key: 'opens',
              title: t('attendance.rules.opensBefore'),
              render: (_: unknown, o) => cell(o, 'opensBeforeMinutes', mins(o.rules.opensBeforeMinutes)),
            },
            {
              key: 'mode',
              title: t('attendance.overrides.mode'),
              render: (_: unknown, o) => (
                <Flex gap={4} wrap>
                  <Tag>{t(`attendance.rules.selfCheckInModes.${o.rules.selfCheckIn}`)}</Tag>
                  <Tag>{t(`attendance.rules.geofenceModes.${o.rules.geofence}`)}</Tag>
                </Flex>
              ),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_: unknown, o) => (
                <Flex gap={4}>
                  <Button
                    size="small"
                    icon={<EditOutlined />}
                    onClick={() => setEditing(o)}
                    data-testid={`override-edit-${o.unitId}`}
                  >
                    {t('common.edit')}
                  </Button>
                  <Popconfirm
                    title={t('attendance.overrides.removeConfirm', { unit: o.unitName })}
                    okText={t('common.remove')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() =>
                      void remove.mutateAsync(o.unitId).then(
                        () => void message.success(t('attendance.overrides.removed', { unit: o.unitName })),
                        (e: unknown) => showError(e),
                      )
                    }
                  >
                    <Button
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      data-testid={`override-remove-${o.unitId}`}
                    >
                      {t('common.remove')}
                    </Button>
                  </Popconfirm>
                </Flex>
              ),
            },
          ]}
        />
      </Card>
      {editing && (
        <OverrideModal
          editing={editing === 'new' ? null : editing}
          defaults={tenant}
          taken={new Set(data.overrides.map((o) => o.unitId))}
          onClose={() => setEditing(null)}
        />
      )}
    </Flex>
  );
}

type OverrideValues = MeetingRules & { unitId: string };

function OverrideModal({
  editing,
  defaults,
  taken,
  onClose,
}: {
  editing: Override | null;
  defaults: MeetingRules;
  taken: Set<string>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const save = useSaveUnitRules();
  const [form] = Form.useForm<OverrideValues>();

  const submit = () => {
    const v = form.getFieldsValue(true) as OverrideValues;
    save.mutate(
      { unitId: v.unitId, rules: meetingRulesOf(v) },
      {
        onSuccess: () => {
          void message.success(t('attendance.overrides.saved'));
          onClose();
        },
        onError: (e) => showError(e, form),
      },
    );
  };

  return (
    <Modal
      open
      width={760}
      title={
        editing
          ? t('attendance.overrides.editTitle', { unit: editing.unitName })
          : t('attendance.overrides.add')
      }
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ ...{ 'data-testid': 'override-save' } }}
    >
      <Form<OverrideValues>
        form={form}
        layout="vertical"
        initialValues={editing ? { ...editing.rules, unitId: editing.unitId } : { ...defaults }}
        onFinish={submit}
      >
        {!editing && (
          <Form.Item
            name="unitId"
            label={t('attendance.overrides.unit')}
            extra={t('attendance.overrides.unitHint')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <UnitTreeSelect disabledIds={taken} data-testid="override-unit" />
          </Form.Item>
        )}
        <MeetingRulesFields prefix="override" />
      </Form>
    </Modal>
  );
}
