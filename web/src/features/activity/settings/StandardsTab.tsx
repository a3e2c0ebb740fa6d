import { DeleteOutlined, EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Flex,
  Form,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Skeleton,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityType, Standard } from '../../../../../contracts/activity.ts';
import type { Unit } from '../../../../../contracts/org.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { useApiError } from '../../../components/useApiError.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { buildUnitTree, type UnitNode } from '../../../lib/tree.ts';
import { useUnits } from '../../org/api.ts';
import {
  TENANT_SCOPE,
  useActivityTypes,
  useDeleteStandard,
  usePutStandard,
  useStandard,
  type StandardPut,
} from '../api.ts';
import { pointsRules } from './TypesTab.tsx';

/** Points a standard's counts earn in a workday at today's points of each type. */
export function pointsOfItems(items: StandardPut['items'] | undefined, types: ActivityType[]): number {
  const byId = new Map(types.map((ty) => [ty.id, ty.points]));
  const milli = (items ?? []).reduce(
    (sum, it) => sum + Math.round((it?.perWorkday ?? 0) * (byId.get(it?.typeId ?? '') ?? 0) * 1000),
    0,
  );
  return milli / 1000;
}

/**
 * Team standards (日行三访): what a workday should hold, per type and in points. The company's
 * applies everywhere; a unit's own applies to it and below (the nearest one wins). Plans are
 * pre-filled from them.
 */
export function StandardsTab() {
  const { t } = useTranslation();
  const types = useActivityTypes(true);
  const tenant = useStandard(TENANT_SCOPE);
  const { data: units } = useUnits();
  const [editing, setEditing] = useState<{ unit: Unit; standard: Standard } | null>(null);
  // Every unit below the company, in the org chart's order (depth first), for the table.
  const rows = useMemo(() => {
    const out: Unit[] = [];
    const walk = (nodes: UnitNode[]) => {
      for (const n of nodes) {
        // Without its children: the table lists the tree flat, indented, not as expandable rows.
        const { children: _children, totalMembers: _total, ...unit } = n;
        if (n.parentId !== null) out.push(unit);
        walk(n.children);
      }
    };
    walk(buildUnitTree(units ?? []));
    return out;
  }, [units]);

  if (types.error && !types.data)
    return <ErrorState error={types.error} onRetry={() => void types.refetch()} />;
  if (tenant.error && !tenant.data)
    return <ErrorState error={tenant.error} onRetry={() => void tenant.refetch()} />;
  if (!types.data || !tenant.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const unitName = (id: string) => units?.find((u) => u.id === id)?.name ?? id;

  return (
    <Flex vertical gap={16}>
      <Card
        size="small"
        title={t('activity.standards.tenantTitle')}
        extra={<SourceTag standard={tenant.data} unitName={unitName} />}
        data-testid="standard-tenant"
      >
        <Typography.Paragraph type="secondary">{t('activity.standards.intro')}</Typography.Paragraph>
        <StandardForm
          scopeKey={TENANT_SCOPE}
          standard={tenant.data}
          types={types.data}
          testId="standard-tenant-form"
        />
      </Card>
      <Card size="small" title={t('activity.standards.unitsTitle')} styles={{ body: { padding: 0 } }}>
        <Typography.Paragraph type="secondary" style={{ padding: '12px 12px 0' }}>
          {t('activity.standards.unitsIntro')}
        </Typography.Paragraph>
        <Table<Unit>
          rowKey="id"
          size="middle"
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          data-testid="standards-table"
          columns={[
            {
              key: 'unit',
              title: t('activity.standards.unit'),
              render: (_: unknown, u) => (
                <span style={{ paddingLeft: Math.max(0, u.depth - 1) * 16 }}>
                  {u.name} <Typography.Text type="secondary">{t(`unitKinds.${u.kind}`)}</Typography.Text>
                </span>
              ),
            },
            {
              key: 'standard',
              title: t('activity.standards.applies'),
              render: (_: unknown, u) => (
                <UnitStandard
                  unit={u}
                  types={types.data}
                  unitName={unitName}
                  onEdit={(standard) => setEditing({ unit: u, standard })}
                />
              ),
            },
          ]}
        />
      </Card>
      {editing && (
        <Modal
          open
          width={680}
          footer={null}
          title={t('activity.standards.editTitle', { unit: editing.unit.name })}
          onCancel={() => setEditing(null)}
          destroyOnHidden
        >
          <StandardForm
            scopeKey={editing.unit.id}
            standard={editing.standard}
            types={types.data}
            onSaved={() => setEditing(null)}
            testId="standard-unit-form"
          />
        </Modal>
      )}
    </Flex>
  );
}

/** Where a standard comes from: the unit's own, an ancestor's, the company's or the default of practice. */
function SourceTag({
  standard,
  unitName,
  unitId,
}: {
  standard: Standard;
  unitName: (id: string) => string;
  unitId?: string;
}) {
  const { t } = useTranslation();
  if (standard.source === 'unit' && standard.inheritedFrom === unitId)
    return <Tag color="blue">{t('activity.standards.sources.own')}</Tag>;
  if (standard.source === 'unit' && standard.inheritedFrom)
    return <Tag>{t('activity.standards.sources.inherited', { unit: unitName(standard.inheritedFrom) })}</Tag>;
  if (standard.source === 'tenant') return <Tag>{t('activity.standards.sources.tenant')}</Tag>;
  return <Tag>{t('activity.standards.sources.default')}</Tag>;
}

/** One unit's row: the standard in force, where it comes from, and set / edit / remove its own. */
function UnitStandard({
  unit,
  types,
  unitName,
  onEdit,
}: {
  unit: Unit;
  types: ActivityType[];
  unitName: (id: string) => string;
  onEdit: (s: Standard) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const { data, error } = useStandard(unit.id);
  const remove = useDeleteStandard();
  if (error) return <Typography.Text type="secondary">{t('activity.standards.failed')}</Typography.Text>;
  if (!data) return <Skeleton.Input active size="small" />;
  const own = data.source === 'unit' && data.inheritedFrom === unit.id;
  return (
    <Flex gap={8} align="center" wrap data-testid={`standard-unit-${unit.id}`}>
      <ItemsSummary items={data.items} types={types} />
      <Typography.Text type="secondary">
        {t('activity.standards.pointsShort', { points: formatNumber(data.pointsPerWorkday, i18n.language) })}
      </Typography.Text>
      <SourceTag standard={data} unitName={unitName} unitId={unit.id} />
      <Flex gap={4} style={{ marginLeft: 'auto' }}>
        <Button size="small" icon={own ? <EditOutlined /> : <PlusOutlined />} onClick={() => onEdit(data)}>
          {own ? t('common.edit') : t('activity.standards.setOwn')}
        </Button>
        {own && (
          <Popconfirm
            title={t('activity.standards.removeConfirm', { unit: unit.name })}
            okText={t('common.remove')}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              void remove.mutateAsync(unit.id).then(
                () => void message.success(t('activity.standards.removed', { unit: unit.name })),
                (e: unknown) => showError(e),
              )
            }
          >
            <Button size="small" danger icon={<DeleteOutlined />}>
              {t('common.remove')}
            </Button>
          </Popconfirm>
        )}
      </Flex>
    </Flex>
  );
}

function ItemsSummary({ items, types }: { items: Standard['items']; types: ActivityType[] }) {
  const { t, i18n } = useTranslation();
  const name = (id: string) => {
    const ty = types.find((x) => x.id === id);
    return ty ? (i18n.language === 'en-US' ? ty.nameEn : ty.name) : '?';
  };
  if (items.length === 0)
    return <Typography.Text type="secondary">{t('activity.standards.noItems')}</Typography.Text>;
  return (
    <Flex gap={4} wrap>
      {items.map((it) => (
        <Tag key={it.typeId} color="geekblue">
          {name(it.typeId)} × {formatNumber(it.perWorkday, i18n.language)}
        </Tag>
      ))}
    </Flex>
  );
}

/** The counts per type and the points of a workday; "compute" fills the points from the counts. */
function StandardForm({
  scopeKey,
  standard,
  types,
  onSaved,
  testId,
}: {
  scopeKey: string;
  standard: Standard;
  types: ActivityType[];
  onSaved?: () => void;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const save = usePutStandard();
  const [form] = Form.useForm<StandardPut>();
  const items = Form.useWatch('items', form);
  const computed = useMemo(() => pointsOfItems(items, types), [items, types]);
  const active = types.filter((ty) => ty.active);
  useEffect(() => {
    form.setFieldsValue({ items: standard.items, pointsPerWorkday: standard.pointsPerWorkday });
  }, [standard, form]);

  const submit = (v: StandardPut) => {
    save.mutate(
      {
        scopeKey,
        body: { items: (v.items ?? []).filter((it) => it?.typeId), pointsPerWorkday: v.pointsPerWorkday },
      },
      {
        onSuccess: () => {
          void message.success(t('activity.standards.saved'));
          onSaved?.();
        },
        onError: (e) => showError(e, form),
      },
    );
  };

  return (
    <Form<StandardPut>
      form={form}
      layout="vertical"
      initialValues={{ items: standard.items, pointsPerWorkday: standard.pointsPerWorkday }}
      onFinish={submit}
      data-testid={testId}
    >
      <Typography.Text strong>{t('activity.standards.perWorkday')}</Typography.Text>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <div style={{ marginTop: 8 }}>
            {fields.map((f) => (
              <Flex key={f.key} gap={8} align="flex-start">
                <Form.Item
                  name={[f.name, 'typeId']}
                  rules={[
                    { required: true, message: t('validation.required') },
                    {
                      validator: (_: unknown, v: string) => {
                        const all = (form.getFieldValue('items') as StandardPut['items'] | undefined) ?? [];
                        return all.filter((it) => it?.typeId === v).length > 1
                          ? Promise.reject(new Error(t('activity.standards.duplicate')))
                          : Promise.resolve();
                      },
                    },
                  ]}
                  style={{ flex: '1 1 auto', minWidth: 0, maxWidth: 360, marginBottom: 8 }}
                >
                  <Select
                    showSearch={{ optionFilterProp: 'label' }}
                    placeholder={t('activity.standards.type')}
                    aria-label={t('activity.standards.type')}
                    options={active.map((ty) => ({
                      value: ty.id,
                      label: i18n.language === 'en-US' ? ty.nameEn : ty.name,
                    }))}
                    data-testid="standard-item-type"
                  />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'perWorkday']}
                  rules={[{ required: true, message: t('validation.required') }]}
                  style={{ flex: '0 0 130px', marginBottom: 8 }}
                >
                  <InputNumber
                    min={0}
                    max={100}
                    step={1}
                    suffix={t('activity.standards.perDay')}
                    aria-label={t('activity.standards.count')}
                    style={{ width: '100%' }}
                    data-testid="standard-item-count"
                  />
                </Form.Item>
                <Button
                  type="text"
                  icon={<MinusCircleOutlined />}
                  onClick={() => remove(f.name)}
                  aria-label={t('common.remove')}
                />
              </Flex>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ perWorkday: 1 })}
              style={{ marginBottom: 16 }}
              data-testid="standard-item-add"
            >
              {t('activity.standards.addItem')}
            </Button>
          </div>
        )}
      </Form.List>
      <Flex gap={8} align="flex-start" wrap>
        <Form.Item
          name="pointsPerWorkday"
          label={t('activity.standards.pointsPerWorkday')}
          rules={pointsRules(t)}
          extra={t('activity.standards.pointsHint')}
          style={{ marginBottom: 12, maxWidth: 420 }}
        >
          <InputNumber min={0} max={1000} step={1} style={{ width: 160 }} data-testid="standard-points" />
        </Form.Item>
        <Form.Item label=" " colon={false} style={{ marginBottom: 12 }}>
          <Button
            onClick={() => form.setFieldsValue({ pointsPerWorkday: computed })}
            disabled={computed === 0}
          >
            {t('activity.standards.compute', { points: formatNumber(computed, i18n.language) })}
          </Button>
        </Form.Item>
      </Flex>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid={`${testId}-save`}>
        {t('common.save')}
      </Button>
    </Form>
  );
}
