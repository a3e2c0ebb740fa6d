import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Form,
  InputNumber,
  Radio,
  Row,
  Select,
  Skeleton,
  Switch,
  Table,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttendanceRules, LeaveTypeRule } from '../../../../../contracts/attendance.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { useApiError } from '../../../components/useApiError.ts';
import { LEAVE_COUNTS, LEAVE_TYPES, ROLES, WORK_MONTH_KINDS } from '../../../lib/enums.ts';
import { useRules, useSaveTenantRules } from '../api.ts';
import { MeetingRulesFields, percentProps, yuanProps } from './fields.tsx';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Every leave type appears once in the form, in a fixed order; types the tenant never set start disabled. */
export function withAllLeaveTypes(rules: AttendanceRules): AttendanceRules {
  const have = new Map(rules.leaveTypes.map((l) => [l.type, l]));
  const leaveTypes: LeaveTypeRule[] = LEAVE_TYPES.map(
    (type) =>
      have.get(type) ?? {
        type,
        enabled: false,
        advanceNoticeDays: 0,
        monthlyLimitDays: null,
        countsAs: 'excused',
      },
  );
  return { ...rules, leaveTypes };
}

/** Tiers as the server reads them: highest minRate first. */
export function sortTiers(rules: AttendanceRules): AttendanceRules {
  return { ...rules, allowanceTiers: [...rules.allowanceTiers].sort((a, b) => b.minRate - a.minRate) };
}

export function RulesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const { data, error, refetch } = useRules();
  const save = useSaveTenantRules();
  const [form] = Form.useForm<AttendanceRules>();
  const kind = Form.useWatch(['workMonth', 'kind'], form);
  const finesOn = Form.useWatch(['fines', 'enabled'], form);

  useEffect(() => {
    if (data) form.setFieldsValue(withAllLeaveTypes(data.tenant));
  }, [data, form]);

  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!data) return <Skeleton active paragraph={{ rows: 12 }} />;

  const submit = () => {
    // The whole store, not only the mounted fields: a leave type's key has no input of its own.
    const v = form.getFieldsValue(true) as AttendanceRules;
    const rules = sortTiers({ ...data.tenant, ...v });
    save.mutate(rules, {
      onSuccess: () => void message.success(t('attendance.rules.saved')),
      onError: (e) => showError(e, form),
    });
  };
  const required = [{ required: true, message: t('validation.required') }];

  return (
    <Form<AttendanceRules>
      form={form}
      layout="vertical"
      initialValues={withAllLeaveTypes(data.tenant)}
      onFinish={submit}
      onFinishFailed={({ errorFields }) => {
        if (errorFields[0]) form.scrollToField(errorFields[0].name, { block: 'center' });
      }}
      data-testid="rules-form"
    >
      <Flex vertical gap={16}>
        <Card size="small" title={t('attendance.rules.sections.meeting')}>
          <MeetingRulesFields prefix="rules" />
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="meetingWeekdays"
                label={t('attendance.rules.weekdays')}
                tooltip={t('attendance.rules.weekdaysHint')}
              >
                <Checkbox.Group
                  options={WEEKDAYS.map((d) => ({ value: d, label: t(`attendance.weekdays.${d}`) }))}
                  data-testid="rules-weekdays"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="meetingOnAdjustedWorkdays"
                label={t('attendance.rules.adjustedWorkdays')}
                valuePropName="checked"
              >
                <Switch />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="attendeeRoles"
                label={t('attendance.rules.attendeeRoles')}
                tooltip={t('attendance.rules.attendeeRolesHint')}
                rules={[{ required: true, type: 'array', min: 1, message: t('validation.required') }]}
              >
                <Select
                  mode="multiple"
                  options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                  data-testid="rules-attendeeRoles"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="offlineToleranceMinutes"
                label={t('attendance.rules.offlineTolerance')}
                tooltip={t('attendance.rules.offlineToleranceHint')}
                rules={required}
              >
                <InputNumber
                  min={0}
                  max={1440}
                  precision={0}
                  suffix={t('attendance.rules.minutes')}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t('attendance.rules.sections.workMonth')}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name={['workMonth', 'kind']}
                label={t('attendance.rules.workMonthKind')}
                rules={required}
              >
                <Radio.Group
                  options={WORK_MONTH_KINDS.map((k) => ({
                    value: k,
                    label: t(`attendance.rules.workMonthKinds.${k}`),
                  }))}
                />
              </Form.Item>
            </Col>
            {kind === 'day26' && (
              <Col xs={12} md={6}>
                <Form.Item
                  name={['workMonth', 'startDay']}
                  label={t('attendance.rules.workMonthStart')}
                  tooltip={t('attendance.rules.workMonthStartHint')}
                  rules={required}
                >
                  <InputNumber min={2} max={28} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            )}
          </Row>
          <Typography.Text type="secondary">{t('attendance.rules.workMonthNote')}</Typography.Text>
        </Card>

        <Card size="small" title={t('attendance.rules.sections.leave')}>
          <Form.List name="leaveTypes">
            {(rows) => (
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={rows}
                scroll={{ x: 'max-content' }}
                columns={[
                  {
                    key: 'type',
                    title: t('attendance.rules.leave.type'),
                    render: (_: unknown, r) => (
                      <Typography.Text strong>
                        {t(
                          `attendance.leaveTypes.${(form.getFieldValue(['leaveTypes', r.name, 'type']) as string) ?? ''}`,
                        )}
                      </Typography.Text>
                    ),
                  },
                  {
                    key: 'enabled',
                    title: t('attendance.rules.leave.enabled'),
                    render: (_: unknown, r) => (
                      <Form.Item name={[r.name, 'enabled']} valuePropName="checked" noStyle>
                        <Switch aria-label={t('attendance.rules.leave.enabled')} />
                      </Form.Item>
                    ),
                  },
                  {
                    key: 'advance',
                    title: t('attendance.rules.leave.advanceNoticeDays'),
                    render: (_: unknown, r) => (
                      <Form.Item name={[r.name, 'advanceNoticeDays']} noStyle rules={required}>
                        <InputNumber
                          min={0}
                          max={30}
                          precision={0}
                          suffix={t('attendance.rules.days')}
                          aria-label={t('attendance.rules.leave.advanceNoticeDays')}
                          style={{ width: 110 }}
                        />
                      </Form.Item>
                    ),
                  },
                  {
                    key: 'limit',
                    title: t('attendance.rules.leave.monthlyLimitDays'),
                    render: (_: unknown, r) => (
                      <Form.Item name={[r.name, 'monthlyLimitDays']} noStyle>
                        <InputNumber
                          min={0}
                          max={31}
                          precision={0}
                          placeholder={t('attendance.rules.noLimit')}
                          suffix={t('attendance.rules.days')}
                          aria-label={t('attendance.rules.leave.monthlyLimitDays')}
                          style={{ width: 120 }}
                        />
                      </Form.Item>
                    ),
                  },
                  {
                    key: 'countsAs',
                    title: t('attendance.rules.leave.countsAs'),
                    render: (_: unknown, r) => (
                      <Form.Item name={[r.name, 'countsAs']} noStyle rules={required}>
                        <Select
                          style={{ width: 200 }}
                          aria-label={t('attendance.rules.leave.countsAs')}
                          options={LEAVE_COUNTS.map((c) => ({
                            value: c,
                            label: t(`attendance.rules.leaveCounts.${c}`),
                          }))}
                        />
                      </Form.Item>
                    ),
                  },
                ]}
              />
            )}
          </Form.List>
          <Row gutter={16} style={{ marginTop: 16 }}>
            <Col xs={12} md={6}>
              <Form.Item
                name={['makeUp', 'monthlyLimit']}
                label={t('attendance.rules.makeUpLimit')}
                rules={required}
              >
                <InputNumber
                  min={0}
                  max={31}
                  precision={0}
                  suffix={t('attendance.rules.times')}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name={['makeUp', 'deadlineDays']}
                label={t('attendance.rules.makeUpDeadline')}
                tooltip={t('attendance.rules.makeUpDeadlineHint')}
                rules={required}
              >
                <InputNumber
                  min={0}
                  max={31}
                  precision={0}
                  suffix={t('attendance.rules.days')}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t('attendance.rules.sections.fines')}>
          <Form.Item
            name={['fines', 'enabled']}
            label={t('attendance.rules.finesEnabled')}
            valuePropName="checked"
          >
            <Switch data-testid="rules-fines-enabled" />
          </Form.Item>
          <Row gutter={16}>
            {(['agent', 'supervisor'] as const).map((who) => (
              <Col key={who} xs={24} md={12}>
                <Typography.Text strong>{t(`attendance.rules.finesFor.${who}`)}</Typography.Text>
                <Row gutter={12} style={{ marginTop: 8 }}>
                  <Col span={12}>
                    <Form.Item
                      name={['fines', who, 'perEventFen']}
                      label={t('attendance.rules.perEvent')}
                      rules={required}
                      {...yuanProps}
                    >
                      <InputNumber
                        min={0}
                        max={10_000}
                        precision={2}
                        prefix="¥"
                        disabled={!finesOn}
                        style={{ width: '100%' }}
                        data-testid={`rules-fine-${who}`}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item
                      name={['fines', who, 'monthlyCapFen']}
                      label={t('attendance.rules.monthlyCap')}
                      {...yuanProps}
                    >
                      <InputNumber
                        min={0}
                        max={1_000_000}
                        precision={2}
                        prefix="¥"
                        placeholder={t('attendance.rules.noLimit')}
                        disabled={!finesOn}
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                  </Col>
                </Row>
              </Col>
            ))}
          </Row>
        </Card>

        <Card size="small" title={t('attendance.rules.sections.allowance')}>
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Form.Item
                name="fullAttendanceRate"
                label={t('attendance.rules.fullAttendanceRate')}
                tooltip={t('attendance.rules.fullAttendanceRateHint')}
                rules={required}
                {...percentProps}
              >
                <InputNumber min={0} max={100} precision={1} suffix="%" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Paragraph type="secondary">{t('attendance.rules.tiersIntro')}</Typography.Paragraph>
          <Form.List
            name="allowanceTiers"
            rules={[
              {
                validator: async (_, tiers: AttendanceRules['allowanceTiers'] | undefined) => {
                  const list = tiers ?? [];
                  if (list.length === 0) throw new Error(t('attendance.rules.tiersEmpty'));
                  if (!list.some((x) => x?.minRate === 0))
                    throw new Error(t('attendance.rules.tiersNeedZero'));
                  const rates = list.map((x) => x?.minRate);
                  if (new Set(rates).size !== rates.length)
                    throw new Error(t('attendance.rules.tiersUnique'));
                },
              },
            ]}
          >
            {(rows, { add, remove }, { errors }) => (
              <Flex vertical gap={8} data-testid="rules-tiers">
                {rows.map((r) => (
                  <Flex key={r.key} gap={8} align="center" wrap>
                    <Typography.Text>{t('attendance.rules.tierFrom')}</Typography.Text>
                    <Form.Item name={[r.name, 'minRate']} noStyle rules={required} {...percentProps}>
                      <InputNumber
                        min={0}
                        max={100}
                        precision={1}
                        suffix="%"
                        aria-label={t('attendance.rules.tierMinRate')}
                        style={{ width: 120 }}
                      />
                    </Form.Item>
                    <Typography.Text>{t('attendance.rules.tierCut')}</Typography.Text>
                    <Form.Item name={[r.name, 'cut']} noStyle rules={required} {...percentProps}>
                      <InputNumber
                        min={0}
                        max={100}
                        precision={1}
                        suffix="%"
                        aria-label={t('attendance.rules.tierCutShare')}
                        style={{ width: 120 }}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      disabled={rows.length <= 1}
                      onClick={() => remove(r.name)}
                      aria-label={t('attendance.rules.tierRemove')}
                    />
                  </Flex>
                ))}
                <Form.ErrorList errors={errors} />
                <div>
                  <Button
                    icon={<PlusOutlined />}
                    disabled={rows.length >= 10}
                    onClick={() => add({ minRate: 0, cut: 0 })}
                  >
                    {t('attendance.rules.tierAdd')}
                  </Button>
                </div>
              </Flex>
            )}
          </Form.List>
        </Card>

        <Flex gap={8} className="sb-att-noprint">
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="rules-save">
            {t('common.save')}
          </Button>
          <Button onClick={() => form.setFieldsValue(withAllLeaveTypes(data.tenant))}>
            {t('attendance.rules.revert')}
          </Button>
        </Flex>
      </Flex>
    </Form>
  );
}
