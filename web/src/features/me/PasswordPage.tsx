import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import { PASSWORD_MIN_LENGTH } from '../../lib/enums.ts';
import { useChangePassword } from '../auth/api.ts';
import { useMe } from '../auth/MeContext.tsx';
import { useLogoutFlow } from '../auth/useLogoutFlow.ts';
import { AccountTabs } from './AccountTabs.tsx';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function PasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const phone = useIsPhoneLayout();
  const navigate = useNavigate();
  const logout = useLogoutFlow();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const showError = useApiError();
  const forced = me.mustChangePassword;

  const submit = (v: Values) =>
    change.mutate(
      { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          void message.success(t('password.changed'));
          form.resetFields();
          if (forced) void navigate('/', { replace: true });
        },
        onError: (e) => showError(e, form),
      },
    );

  return (
    <>
      <PageHeader title={t('nav.password')} />
      {!phone && !forced && <AccountTabs />}
      <Card style={{ maxWidth: 560 }}>
        {forced && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('password.mustChange')} />
        )}
        <Typography.Paragraph type="secondary">
          {t('password.policy', { min: PASSWORD_MIN_LENGTH })}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="currentPassword"
            label={t('password.current')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Input.Password autoComplete="current-password" data-testid="password-current" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('password.new')}
            rules={[
              { required: true, message: t('validation.required') },
              {
                // Count characters, not UTF-16 units, like the server: a Chinese passphrase is fine.
                validator: (_, v: string | undefined) =>
                  !v || [...v].length >= PASSWORD_MIN_LENGTH
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('passwordProblems.tooShort', { min: PASSWORD_MIN_LENGTH }))),
              },
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-new" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('password.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('validation.required') },
              ({ getFieldValue }) => ({
                validator: (_, v: string | undefined) =>
                  !v || v === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('password.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-confirm" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="password-submit">
            {t('password.submit')}
          </Button>
          {forced && (
            <Button type="link" onClick={() => void logout()} data-testid="password-logout">
              {t('auth.logout')}
            </Button>
          )}
        </Form>
      </Card>
    </>
  );
}
