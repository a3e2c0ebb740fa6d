import { EditOutlined, HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popover,
  Row,
  Select,
  Switch,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityType } from '../../../../../contracts/activity.ts';
import { isApiError } from '../../../api/client.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { useApiError } from '../../../components/useApiError.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { todayIn } from '../../attendance/time.ts';
import {
  useActivityTypes,
  useCreateActivityType,
  usePatchActivityType,
  type ActivityTypeCreate,
  type ActivityTypePatch,
} from '../api.ts';
import { ACTIVITY_STAGES, STAGE_COLORS } from '../enums.ts';

/** Points: at most three decimals (0.2 for a one-way message), 0–1000, as the server checks. */
export function pointsRules(t: (k: string) => string) {
  return [
    { required: true, message: t('validation.required') },
    {
      validator: (_: unknown, v: number | null) =>
        v === null || v === undefined || Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6
          ? Promise.resolve()
          : Promise.reject(new Error(t('activity.types.pointsDecimals'))),
    },
  ];
}

/** Activity types and their points: the list, add, edit, and a points change from a chosen date. */
export function TypesTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const { data, error, refetch, isPending } = useActivityTypes(true);
  const patch = usePatchActivityType();
  const [editing, setEditing] = useState<ActivityType | 'new' | null>(null);
  const n = (v: number) => formatNumber(v, i18n.language);
  const today = todayIn();

  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;

  const toggle = (ty: ActivityType, active: boolean) =>
    patch.mutate(
      { id: ty.id, body: { active } },
      {
        onSuccess: () =>
          void message.success(
            t(active ? 'activity.types.activated' : 'activity.types.deactivated', { name: ty.name }),
          ),
        onError: (e) => showError(e),
      },
    );

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">{t('activity.types.intro')}</Typography.Text>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          data-testid="type-add"
        >
          {t('activity.types.add')}
        </Button>
      </Flex>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<ActivityType>
          rowKey="id"
          size="middle"
          loading={isPending}
          dataSource={data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="types-table"
          onRow={(ty) => ({ 'data-testid': `type-row-${ty.code}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              key: 'order',
              title: t('activity.types.sortOrder'),
              dataIndex: 'sortOrder',
              align: 'right',
              width: 70,
            },
            {
              key: 'name',
              title: t('activity.types.name'),
              render: (_: unknown, ty) => (
                <div>
                  <Typography.Text strong>{ty.name}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {ty.code}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            { key: 'nameEn', title: t('activity.types.nameEn'), dataIndex: 'nameEn' },
            {
              key: 'stage',
              title: t('activity.types.stage'),
              render: (_: unknown, ty) => (
                <Tag color={STAGE_COLORS[ty.stage]}>{t(`activity.stages.${ty.stage}`)}</Tag>
              ),
            },
            {
              key: 'points',
              title: t('activity.types.points'),
              align: 'right',
              render: (_: unknown, ty) => {
                const next = ty.pointsHistory.find((h) => h.effectiveFrom > today);
                return (
                  <Flex gap={6} align="center" justify="flex-end">
                    <Typography.Text strong style={{ fontSize: 16 }} data-testid="type-points">
                      {n(ty.points)}
                    </Typography.Text>
                    {next && (
                      <Tag color="processing" data-testid="type-next-points">
                        {t('activity.types.nextPoints', { date: next.effectiveFrom, points: n(next.points) })}
                      </Tag>
                    )}
                    {ty.pointsHistory.length > 1 && (
                      <Popover
                        title={t('activity.types.history')}
                        content={<PointsHistory type={ty} today={today} />}
                      >
                        <Button
                          size="small"
                          type="text"
                          icon={<HistoryOutlined />}
                          aria-label={t('activity.types.historyOf', { name: ty.name })}
                        />
                      </Popover>
                    )}
                  </Flex>
                );
              },
            },
            {
              key: 'active',
              title: t('activity.types.active'),
              render: (_: unknown, ty) => (
                <Switch
                  size="small"
                  checked={ty.active}
                  onChange={(v) => toggle(ty, v)}
                  checkedChildren={t('activity.types.on')}
                  unCheckedChildren={t('activity.types.off')}
                  aria-label={t('activity.types.activeOf', { name: ty.name })}
                />
              ),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_: unknown, ty) => (
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => setEditing(ty)}
                  data-testid={`type-edit-${ty.code}`}
                >
                  {t('common.edit')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {editing && <TypeModal editing={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Flex>
  );
}

/** Every dated value of a type's points, newest first, the one in force today marked. */
function PointsHistory({ type, today }: { type: ActivityType; today: string }) {
  const { t, i18n } = useTranslation();
  const current = [...type.pointsHistory].reverse().find((h) => h.effectiveFrom <= today);
  return (
    <Timeline
      style={{ marginTop: 8, marginBottom: -16 }}
      items={[...type.pointsHistory].reverse().map((h) => ({
        key: h.effectiveFrom,
        color: h === current ? 'blue' : h.effectiveFrom > today ? 'green' : 'gray',
        content: (
          <span>
            {/* The first value covers the type's whole history, whatever date it is stored under. */}
            {h === type.pointsHistory[0]
              ? t('activity.types.fromStart')
              : t('activity.types.fromDate', { date: h.effectiveFrom })}
            : <b>{formatNumber(h.points, i18n.language)}</b>
            {h === current && <Tag style={{ marginLeft: 6 }}>{t('activity.types.current')}</Tag>}
            {h.effectiveFrom > today && (
              <Tag color="green" style={{ marginLeft: 6 }}>
                {t('activity.types.upcoming')}
              </Tag>
            )}
          </span>
        ),
      }))}
    />
  );
}

type TypeValues = Omit<ActivityTypeCreate, 'points'> & { points: number; pointsFrom?: Dayjs };

function TypeModal({ editing, onClose }: { editing: ActivityType | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const create = useCreateActivityType();
  const patch = usePatchActivityType();
  const [form] = Form.useForm<TypeValues>();
  const points = Form.useWatch('points', form);
  const pointsFrom = Form.useWatch('pointsFrom', form);
  const required = [{ required: true, message: t('validation.required') }];
  const changed = !!editing && typeof points === 'number' && points !== editing.points;
  const n = (v: number) => formatNumber(v, i18n.language);

  const submit = (v: TypeValues) => {
    const done = {
      onSuccess: () => {
        void message.success(t('activity.types.saved', { name: v.name.trim() }));
        onClose();
      },
      onError: (e: unknown) => {
        showError(e, form);
        // Conflicts the server names by code, not by field: put them where the admin looks.
        if (isApiError(e) && e.code === 'ACTIVITY_TYPE_CODE_TAKEN')
          form.setFields([{ name: 'code', errors: [t('errors.ACTIVITY_TYPE_CODE_TAKEN')] }]);
        if (isApiError(e) && e.code === 'POINTS_DATE_IN_PAST')
          form.setFields([{ name: 'pointsFrom', errors: [t('errors.POINTS_DATE_IN_PAST')] }]);
      },
    };
    if (!editing) {
      const body: ActivityTypeCreate = {
        code: v.code.trim(),
        name: v.name.trim(),
        nameEn: v.nameEn.trim(),
        stage: v.stage,
        points: v.points,
        active: v.active ?? true,
        sortOrder: v.sortOrder ?? 0,
      };
      create.mutate(body, done);
      return;
    }
    const body: ActivityTypePatch = {};
    if (v.name.trim() !== editing.name) body.name = v.name.trim();
    if (v.nameEn.trim() !== editing.nameEn) body.nameEn = v.nameEn.trim();
    if (v.stage !== editing.stage) body.stage = v.stage;
    if (v.sortOrder !== editing.sortOrder) body.sortOrder = v.sortOrder ?? 0;
    if (v.active !== editing.active) body.active = v.active ?? true;
    if (changed) {
      body.points = v.points;
      body.pointsFrom = (v.pointsFrom ?? dayjs()).format('YYYY-MM-DD');
    }
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    patch.mutate({ id: editing.id, body }, done);
  };

  return (
    <Modal
      open
      width={640}
      title={editing ? t('activity.types.editTitle', { name: editing.name }) : t('activity.types.add')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={create.isPending || patch.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ ...{ 'data-testid': 'type-save' } }}
    >
      <Form<TypeValues>
        form={form}
        layout="vertical"
        initialValues={
          editing
            ? { ...editing, pointsFrom: dayjs(todayIn()) }
            : { stage: 'contact', active: true, sortOrder: 0, points: 1 }
        }
        onFinish={submit}
        data-testid="type-form"
      >
        {!editing && (
          <Form.Item
            name="code"
            label={t('activity.types.code')}
            extra={t('activity.types.codeHint')}
            rules={[
              ...required,
              { pattern: /^[A-Za-z][A-Za-z0-9_-]{0,39}$/, message: t('activity.types.codeRule') },
            ]}
          >
            <Input maxLength={40} data-testid="type-code" />
          </Form.Item>
        )}
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="name"
              label={t('activity.types.name')}
              rules={[...required, { max: 40, whitespace: true }]}
            >
              <Input maxLength={40} data-testid="type-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="nameEn"
              label={t('activity.types.nameEn')}
              rules={[...required, { max: 60, whitespace: true }]}
            >
              <Input maxLength={60} data-testid="type-nameEn" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="stage"
              label={t('activity.types.stage')}
              extra={t('activity.types.stageHint')}
              rules={required}
            >
              <Select
                options={ACTIVITY_STAGES.map((s) => ({ value: s, label: t(`activity.stages.${s}`) }))}
                data-testid="type-stage"
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="points" label={t('activity.types.points')} rules={pointsRules(t)}>
              <InputNumber
                min={0}
                max={1000}
                step={0.5}
                style={{ width: '100%' }}
                data-testid="type-points-input"
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="sortOrder" label={t('activity.types.sortOrder')}>
              <InputNumber min={0} max={10_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        {changed && (
          <>
            <Form.Item
              name="pointsFrom"
              label={t('activity.types.pointsFrom')}
              rules={required}
              extra={t('activity.types.pointsFromHint')}
            >
              <DatePicker
                allowClear={false}
                format="YYYY-MM-DD"
                disabledDate={(d) => d.format('YYYY-MM-DD') < todayIn()}
                style={{ width: 200 }}
                data-testid="type-points-from"
              />
            </Form.Item>
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="type-points-explain"
              title={t('activity.types.changeExplain', {
                date: (pointsFrom ?? dayjs()).format('YYYY-MM-DD'),
                old: n(editing.points),
                points: n(points),
              })}
            />
          </>
        )}
        <Form.Item
          name="active"
          label={t('activity.types.active')}
          valuePropName="checked"
          extra={t('activity.types.activeHint')}
        >
          <Switch />
        </Form.Item>
        {editing && editing.pointsHistory.length > 0 && (
          <>
            <Typography.Text strong>{t('activity.types.history')}</Typography.Text>
            <PointsHistory type={editing} today={todayIn()} />
          </>
        )}
      </Form>
    </Modal>
  );
}
