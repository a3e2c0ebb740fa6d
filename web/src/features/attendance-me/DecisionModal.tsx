import { App, Button, Descriptions, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AttendanceRequest } from '../../../../contracts/attendance.ts';
import { useApiError } from '../../components/useApiError.ts';
import { useDecideRequest, type Decision } from './api.ts';
import { requestKindText, requestWhenText } from './tags.tsx';

/** Approve or reject one request with a comment the agent will read (required to reject). */
export function DecisionModal({
  request: r,
  decision,
  onClose,
}: {
  request: AttendanceRequest;
  decision: Decision;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ comment?: string }>();
  const decide = useDecideRequest();
  const showError = useApiError();

  const submit = ({ comment }: { comment?: string }) =>
    decide.mutate(
      { id: r.id, decision, comment: comment?.trim() || undefined },
      {
        onSuccess: () => {
          void message.success(t(`attendanceMe.approvals.done.${decision}`, { name: r.userName }));
          onClose();
        },
        onError: (e) => showError(e, form),
      },
    );

  return (
    <Modal
      open
      title={t(`attendanceMe.approvals.title.${decision}`, { name: r.userName })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            danger={decision === 'reject'}
            loading={decide.isPending}
            onClick={() => form.submit()}
            data-testid="decision-submit"
          >
            {t(`attendanceMe.approvals.${decision}`)}
          </Button>
        </>
      }
    >
      <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('attendanceMe.approvals.columns.user')}>
          {r.userName} · {r.unitName}
        </Descriptions.Item>
        <Descriptions.Item label={t('attendanceMe.approvals.columns.kind')}>
          {requestKindText(t, r)}
        </Descriptions.Item>
        <Descriptions.Item label={t('attendanceMe.approvals.columns.when')}>
          {requestWhenText(r)}
        </Descriptions.Item>
        <Descriptions.Item label={t('attendanceMe.approvals.columns.reason')}>{r.reason}</Descriptions.Item>
      </Descriptions>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="comment"
          label={t('attendanceMe.approvals.comment')}
          rules={
            decision === 'reject'
              ? [{ required: true, whitespace: true, message: t('attendanceMe.approvals.commentRequired') }]
              : []
          }
        >
          <Input.TextArea
            maxLength={500}
            showCount
            autoSize={{ minRows: 2, maxRows: 5 }}
            placeholder={t(`attendanceMe.approvals.commentPlaceholder.${decision}`)}
            data-testid="decision-comment"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
