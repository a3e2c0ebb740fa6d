import { App, Button, DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../components/useApiError.ts';
import { useCreateCoaching } from './api.ts';

interface Values {
  topic: string;
  agreed: string;
  followUpDate?: Dayjs | null;
}

/** 记录辅导: the topic, what was agreed and when to follow up; the agent is told and may answer. */
export function CoachingModal({
  userId,
  userName,
  logId,
  today,
  onClose,
}: {
  userId: string;
  userName: string;
  logId?: string | undefined;
  today: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateCoaching();
  const showError = useApiError();
  const submit = (v: Values) =>
    create.mutate(
      {
        userId,
        logId,
        topic: v.topic.trim(),
        agreed: v.agreed.trim(),
        followUpDate: v.followUpDate ? v.followUpDate.format('YYYY-MM-DD') : undefined,
      },
      {
        onSuccess: () => {
          void message.success(t('activityMe.coaching.saved', { name: userName }));
          onClose();
        },
        onError: (e) => showError(e, form),
      },
    );
  return (
    <Modal
      open
      title={t('activityMe.coaching.title', { name: userName })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={create.isPending}
            onClick={() => form.submit()}
            data-testid="coaching-save"
          >
            {t('common.save')}
          </Button>
        </>
      }
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="topic"
          label={t('activityMe.coaching.topic')}
          rules={[{ required: true, whitespace: true, message: t('activityMe.coaching.topicRequired') }]}
        >
          <Input
            maxLength={200}
            placeholder={t('activityMe.coaching.topicPlaceholder')}
            data-testid="coaching-topic"
          />
        </Form.Item>
        <Form.Item
          name="agreed"
          label={t('activityMe.coaching.agreed')}
          rules={[{ required: true, whitespace: true, message: t('activityMe.coaching.agreedRequired') }]}
        >
          <Input.TextArea
            maxLength={2000}
            autoSize={{ minRows: 3, maxRows: 6 }}
            placeholder={t('activityMe.coaching.agreedPlaceholder')}
            data-testid="coaching-agreed"
          />
        </Form.Item>
        <Form.Item name="followUpDate" label={t('activityMe.coaching.followUpDate')}>
          <DatePicker
            format="YYYY-MM-DD"
            inputReadOnly
            disabledDate={(d) => d.format('YYYY-MM-DD') < today}
            style={{ width: 180 }}
            data-testid="coaching-followup"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
