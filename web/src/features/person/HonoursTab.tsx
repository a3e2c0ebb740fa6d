import { DeleteOutlined, PlusOutlined, TrophyOutlined, WarningOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Honour } from '../../../../contracts/user.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { RowList } from '../../components/RowList.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { formatDate } from '../../i18n/format.ts';
import { HONOUR_KINDS, type HonourKind } from '../../lib/enums.ts';
import { useCan } from '../auth/MeContext.tsx';
import { useCreateHonour, useDeleteHonour, useHonours } from './api.ts';
import { useTouchSize } from '../../layout/useIsPhoneLayout.ts';

interface Values {
  kind: HonourKind;
  title: string;
  date: Dayjs;
  description: string;
}

function HonourModal({ userId, onClose }: { userId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateHonour(userId);
  const showError = useApiError();
  return (
    <Modal
      open
      title={t('honours.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'honour', date: dayjs(), title: '', description: '' }}
        onFinish={(v) =>
          create.mutate(
            {
              kind: v.kind,
              title: v.title.trim(),
              date: v.date.format('YYYY-MM-DD'),
              description: v.description?.trim() ?? '',
            },
            {
              onSuccess: () => {
                void message.success(t('common.saved'));
                onClose();
              },
              onError: (e) => showError(e, form),
            },
          )
        }
      >
        <Form.Item name="kind" label={t('honours.fields.kind')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={HONOUR_KINDS.map((k) => ({ value: k, label: t(`honourKinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('honours.fields.title')}
          rules={[{ required: true, whitespace: true, max: 200, message: t('validation.required') }]}
        >
          <Input placeholder={t('honours.titlePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="date"
          label={t('honours.fields.date')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <DatePicker style={{ width: '100%' }} allowClear={false} />
        </Form.Item>
        <Form.Item name="description" label={t('honours.fields.description')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function HonoursTab({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const showError = useApiError();
  const { data, isPending, error, refetch } = useHonours(userId);
  const remove = useDeleteHonour(userId);
  const [adding, setAdding] = useState(false);
  const writable = can('honour.write');
  const size = useTouchSize();

  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  const items = [...(data ?? [])].sort((a, b) => b.date.localeCompare(a.date));
  return (
    <Card
      loading={isPending}
      title={t('person.tabs.honours')}
      extra={
        writable && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="honour-add"
          >
            {t('honours.add')}
          </Button>
        )
      }
      styles={{ body: { padding: 0 } }}
    >
      <RowList<Honour>
        items={items}
        rowKey={(h) => h.id}
        empty={
          <Typography.Paragraph type="secondary" style={{ padding: 16, margin: 0 }}>
            {t('honours.empty')}
          </Typography.Paragraph>
        }
        render={(h) => (
          <Flex gap={12} align="flex-start" style={{ width: '100%' }}>
            <span aria-hidden style={{ fontSize: 20, color: h.kind === 'honour' ? '#d97706' : '#dc2626' }}>
              {h.kind === 'honour' ? <TrophyOutlined /> : <WarningOutlined />}
            </span>
            <div style={{ flex: 1, minWidth: 0 }}>
              <Flex gap={6} wrap align="center">
                <Tag color={h.kind === 'honour' ? 'gold' : 'red'}>{t(`honourKinds.${h.kind}`)}</Tag>
                <Typography.Text strong>{h.title}</Typography.Text>
                <Typography.Text type="secondary">{formatDate(h.date)}</Typography.Text>
              </Flex>
              {h.description && (
                <Typography.Paragraph style={{ margin: '4px 0 0' }}>{h.description}</Typography.Paragraph>
              )}
            </div>
            {writable && (
              <Popconfirm
                title={t('honours.deleteConfirm', { title: h.title })}
                okText={t('common.delete')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() =>
                  void remove.mutateAsync(h.id).then(
                    () => void message.success(t('common.deletedOk')),
                    (e: unknown) => showError(e),
                  )
                }
              >
                <Button
                  size={size}
                  danger
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t('common.delete')}
                />
              </Popconfirm>
            )}
          </Flex>
        )}
      />
      {adding && <HonourModal userId={userId} onClose={() => setAdding(false)} />}
    </Card>
  );
}
