import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../../contracts/user.ts';
import { useApiError } from '../../components/useApiError.ts';
import { PASSWORD_MIN_LENGTH } from '../../lib/enums.ts';
import { useResetPassword } from '../people/api.ts';

export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ newPassword: string }>();
  const reset = useResetPassword(user.id);
  const showError = useApiError();
  return (
    <Modal
      open
      title={t('person.resetPasswordTitle', { name: user.displayName })}
      okText={t('person.resetPassword')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={reset.isPending}
      destroyOnHidden
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('person.resetPasswordHint')} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          reset.mutate(v.newPassword, {
            onSuccess: () => {
              void message.success(t('person.passwordReset', { name: user.displayName }));
              onClose();
            },
            onError: (e) => showError(e, form),
          })
        }
      >
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          rules={[
            { required: true, message: t('validation.required') },
            {
              min: PASSWORD_MIN_LENGTH,
              message: t('passwordProblems.tooShort', { min: PASSWORD_MIN_LENGTH }),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
