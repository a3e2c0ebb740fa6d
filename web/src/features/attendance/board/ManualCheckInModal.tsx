import { App, Flex, Form, Input, Modal, Tag, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../components/useApiError.ts';
import { useManualCheckIn } from '../api.ts';
import { timeIn, zonedIso } from '../time.ts';

export interface ManualTarget {
  userId: string;
  displayName: string;
  /** The board's date (YYYY-MM-DD) the check-in is for. */
  date: string;
  meetingStart: string;
}

interface Values {
  time: Dayjs;
  reason: string;
}

const REASON_PRESETS = ['noPhone', 'seenInRoom', 'appFailed'] as const;

/**
 * Staff record a check-in by hand: the time defaults to now on today's board (the meeting start
 * on an earlier day), and a reason is required; the server judges it and audits who recorded it.
 */
export function ManualCheckInModal({
  target,
  live,
  onClose,
}: {
  target: ManualTarget;
  live: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const save = useManualCheckIn();
  const initialTime = live ? timeIn(new Date().toISOString()) : target.meetingStart;

  const submit = (v: Values) => {
    save.mutate(
      { userId: target.userId, at: zonedIso(target.date, v.time.format('HH:mm')), reason: v.reason.trim() },
      {
        onSuccess: () => {
          void message.success(t('attendance.manual.saved', { name: target.displayName }));
          onClose();
        },
        onError: (e) => showError(e, form, { at: 'time' }),
      },
    );
  };

  return (
    <Modal
      open
      title={t('attendance.manual.title', { name: target.displayName })}
      okText={t('attendance.manual.submit')}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ ...{ 'data-testid': 'manual-submit' } }}
    >
      <Typography.Paragraph type="secondary">
        {t('attendance.manual.intro', { date: target.date })}
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ time: dayjs(`2000-01-01T${initialTime}`), reason: '' }}
        onFinish={submit}
      >
        <Form.Item
          name="time"
          label={t('attendance.manual.time')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <TimePicker format="HH:mm" allowClear={false} needConfirm={false} data-testid="manual-time" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('attendance.manual.reason')}
          rules={[{ required: true, whitespace: true, message: t('attendance.manual.reasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={200} showCount data-testid="manual-reason" />
        </Form.Item>
        <Flex gap={6} wrap style={{ marginTop: -8 }}>
          {REASON_PRESETS.map((k) => (
            <Tag.CheckableTag
              key={k}
              checked={false}
              onChange={() => form.setFieldValue('reason', t(`attendance.manual.presets.${k}`))}
              style={{ border: '1px solid #d9d9d9' }}
            >
              {t(`attendance.manual.presets.${k}`)}
            </Tag.CheckableTag>
          ))}
        </Flex>
      </Form>
    </Modal>
  );
}
