import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Rank } from '../../../../contracts/org.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { useCan } from '../auth/MeContext.tsx';
import { useCreateRank, useRanks } from './api.ts';

export function RanksTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const { data, isPending, error, refetch } = useRanks();
  const create = useCreateRank();
  const showError = useApiError();
  const [form] = Form.useForm<{ name: string; level: number }>();
  const ranks = [...(data ?? [])].sort((a, b) => a.level - b.level);
  const nextLevel = ranks.length ? Math.min(100, ranks[ranks.length - 1]!.level + 1) : 1;

  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  return (
    <Card>
      {can('rank.write') && (
        <Form
          form={form}
          layout="inline"
          initialValues={{ level: nextLevel }}
          style={{ marginBottom: 16, rowGap: 8 }}
          onFinish={(v) =>
            create.mutate(v, {
              onSuccess: (r) => {
                void message.success(t('org.rankAdded', { name: r.name }));
                form.resetFields();
                form.setFieldValue('level', Math.min(100, r.level + 1));
              },
              onError: (e) => showError(e, form),
            })
          }
        >
          <Form.Item
            name="name"
            label={t('org.rankName')}
            rules={[{ required: true, whitespace: true, max: 50, message: t('validation.required') }]}
          >
            <Input data-testid="rank-name" />
          </Form.Item>
          <Form.Item
            name="level"
            label={t('org.rankLevel')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <InputNumber min={0} max={100} precision={0} />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<PlusOutlined />}
            loading={create.isPending}
            data-testid="rank-add"
          >
            {t('common.add')}
          </Button>
        </Form>
      )}
      <Table<Rank>
        rowKey="id"
        size="small"
        loading={isPending}
        dataSource={ranks}
        pagination={false}
        locale={{ emptyText: t('org.noRanks') }}
        columns={[
          { title: t('org.rankLevel'), dataIndex: 'level', width: 100 },
          { title: t('org.rankName'), dataIndex: 'name' },
        ]}
      />
    </Card>
  );
}
