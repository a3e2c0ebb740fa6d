import { App, Button, Card, Col, Form, InputNumber, Row, Select, Skeleton, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivitySettings } from '../../../../../contracts/activity.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { useApiError } from '../../../components/useApiError.ts';
import { ROLES } from '../../../lib/enums.ts';
import { useActivitySettings, useSaveActivitySettings } from '../api.ts';

type Values = Omit<ActivitySettings, 'logReminderAt'> & { logReminderAt: Dayjs };

function toValues(s: ActivitySettings): Values {
  return { ...s, logReminderAt: dayjs(`2000-01-01T${s.logReminderAt}`) };
}

/** The tenant's activity settings: backdating window, reminders, who logs. */
export function GeneralTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const { data, error, refetch } = useActivitySettings();
  const save = useSaveActivitySettings();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (data) form.setFieldsValue(toValues(data));
  }, [data, form]);

  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!data) return <Skeleton active paragraph={{ rows: 6 }} />;
  const required = [{ required: true, message: t('validation.required') }];

  const submit = (v: Values) => {
    save.mutate(
      { ...v, logReminderAt: v.logReminderAt.format('HH:mm') },
      {
        onSuccess: () => void message.success(t('activity.settings.saved')),
        onError: (e) => showError(e, form),
      },
    );
  };

  return (
    <Card size="small">
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={toValues(data)}
        onFinish={submit}
        data-testid="settings-form"
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="backdateDays"
              label={t('activity.settings.backdateDays')}
              extra={t('activity.settings.backdateDaysHint')}
              rules={required}
            >
              <InputNumber
                min={0}
                max={31}
                precision={0}
                suffix={t('activity.settings.days')}
                style={{ width: 160 }}
                data-testid="settings-backdate"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="logReminderAt"
              label={t('activity.settings.logReminderAt')}
              extra={t('activity.settings.logReminderAtHint')}
              rules={required}
            >
              <TimePicker
                format="HH:mm"
                minuteStep={5}
                allowClear={false}
                style={{ width: 160 }}
                data-testid="settings-reminder"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="reviewReminderHours"
              label={t('activity.settings.reviewReminderHours')}
              extra={t('activity.settings.reviewReminderHoursHint')}
              rules={required}
            >
              <InputNumber
                min={1}
                max={168}
                precision={0}
                suffix={t('activity.settings.hours')}
                style={{ width: 160 }}
                data-testid="settings-review-hours"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="loggingRoles"
              label={t('activity.settings.loggingRoles')}
              extra={t('activity.settings.loggingRolesHint')}
              rules={[
                {
                  required: true,
                  type: 'array',
                  min: 1,
                  message: t('activity.settings.loggingRolesRequired'),
                },
              ]}
            >
              <Select
                mode="multiple"
                options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                data-testid="settings-roles"
              />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="settings-save">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
