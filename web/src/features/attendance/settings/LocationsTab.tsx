import { AimOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Location } from '../../../../../contracts/attendance.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { useApiError } from '../../../components/useApiError.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { useDeleteLocation, useLocations, useSaveLocation, type LocationInput } from '../api.ts';

/** Workplaces (职场): a check-in within the radius of an active one is inside the geofence. */
export function LocationsTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const { data, error, refetch, isPending } = useLocations();
  const remove = useDeleteLocation();
  const [editing, setEditing] = useState<Location | 'new' | null>(null);

  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">{t('attendance.locations.intro')}</Typography.Text>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          data-testid="location-add"
        >
          {t('attendance.locations.add')}
        </Button>
      </Flex>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<Location>
          rowKey="id"
          size="middle"
          loading={isPending}
          dataSource={data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('attendance.locations.empty') }}
          data-testid="locations-table"
          columns={[
            { key: 'name', dataIndex: 'name', title: t('attendance.locations.name') },
            {
              key: 'position',
              title: t('attendance.locations.position'),
              render: (_: unknown, l) => (
                <Typography.Text
                  copyable={{ text: `${l.lat},${l.lng}` }}
                  style={{ fontVariantNumeric: 'tabular-nums' }}
                >
                  {l.lat.toFixed(6)}, {l.lng.toFixed(6)}
                </Typography.Text>
              ),
            },
            {
              key: 'radius',
              dataIndex: 'radiusM',
              title: t('attendance.locations.radius'),
              align: 'right',
              render: (v: number) => t('attendance.locations.meters', { n: formatNumber(v, i18n.language) }),
            },
            {
              key: 'active',
              dataIndex: 'active',
              title: t('attendance.locations.active'),
              render: (v: boolean) =>
                v ? (
                  <Tag color="success">{t('attendance.locations.on')}</Tag>
                ) : (
                  <Tag>{t('attendance.locations.off')}</Tag>
                ),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_: unknown, l) => (
                <Flex gap={4}>
                  <Button
                    size="small"
                    icon={<EditOutlined />}
                    onClick={() => setEditing(l)}
                    data-testid={`location-edit-${l.id}`}
                  >
                    {t('common.edit')}
                  </Button>
                  <Popconfirm
                    title={t('attendance.locations.deleteConfirm', { name: l.name })}
                    okText={t('common.delete')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() =>
                      void remove.mutateAsync(l.id).then(
                        () => void message.success(t('common.deletedOk')),
                        (e: unknown) => showError(e),
                      )
                    }
                  >
                    <Button
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      data-testid={`location-delete-${l.id}`}
                    >
                      {t('common.delete')}
                    </Button>
                  </Popconfirm>
                </Flex>
              ),
            },
          ]}
        />
      </Card>
      {editing && (
        <LocationModal editing={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </Flex>
  );
}

function LocationModal({ editing, onClose }: { editing: Location | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const save = useSaveLocation();
  const [form] = Form.useForm<LocationInput>();
  const [locating, setLocating] = useState(false);
  const required = [{ required: true, message: t('validation.required') }];

  const here = () => {
    if (!navigator.geolocation) {
      void message.error(t('attendance.locations.noGeolocation'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false);
        form.setFieldsValue({
          lat: Math.round(p.coords.latitude * 1e6) / 1e6,
          lng: Math.round(p.coords.longitude * 1e6) / 1e6,
        });
      },
      () => {
        setLocating(false);
        void message.error(t('attendance.locations.noGeolocation'));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const submit = (v: LocationInput) => {
    save.mutate(
      { ...(editing ? { id: editing.id } : {}), body: { ...v, name: v.name.trim() } },
      {
        onSuccess: () => {
          void message.success(t('attendance.locations.saved'));
          onClose();
        },
        onError: (e) => showError(e, form),
      },
    );
  };

  return (
    <Modal
      open
      title={
        editing ? t('attendance.locations.editTitle', { name: editing.name }) : t('attendance.locations.add')
      }
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ ...{ 'data-testid': 'location-save' } }}
    >
      <Form<LocationInput>
        form={form}
        layout="vertical"
        initialValues={editing ?? { name: '', radiusM: 200, active: true }}
        onFinish={submit}
      >
        <Form.Item
          name="name"
          label={t('attendance.locations.name')}
          rules={[...required, { max: 60, whitespace: true }]}
        >
          <Input maxLength={60} data-testid="location-name" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="lat" label={t('attendance.locations.lat')} rules={required}>
              <InputNumber
                min={-90}
                max={90}
                precision={6}
                step={0.0001}
                style={{ width: '100%' }}
                data-testid="location-lat"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="lng" label={t('attendance.locations.lng')} rules={required}>
              <InputNumber
                min={-180}
                max={180}
                precision={6}
                step={0.0001}
                style={{ width: '100%' }}
                data-testid="location-lng"
              />
            </Form.Item>
          </Col>
        </Row>
        <Button icon={<AimOutlined />} loading={locating} onClick={here} style={{ marginBottom: 16 }}>
          {t('attendance.locations.useHere')}
        </Button>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="radiusM"
              label={t('attendance.locations.radius')}
              rules={required}
              extra={t('attendance.locations.radiusHint')}
            >
              <InputNumber
                min={20}
                max={5000}
                precision={0}
                step={50}
                suffix={t('attendance.locations.m')}
                style={{ width: '100%' }}
                data-testid="location-radius"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="active" label={t('attendance.locations.active')} valuePropName="checked">
              <Switch data-testid="location-active" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
