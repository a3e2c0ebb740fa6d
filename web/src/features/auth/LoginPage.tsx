import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import type { Login } from '../../../../contracts/auth.ts';
import { FullPageSpin } from '../../components/FullPageSpin.tsx';
import { errorText } from '../../components/errors.ts';
import { LanguageSwitch } from '../../layout/LanguageSwitch.tsx';
import { useLogin, useMeQuery } from './api.ts';
import { PASSWORD_PATH } from './RequireAuth.tsx';
import { safeNext } from './safeNext.ts';

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const me = useMeQuery();
  const login = useLogin();
  const [form] = Form.useForm<Login>();

  useEffect(() => {
    document.title = `${t('auth.loginTitle')} · ${t('app.name')}`;
  }, [t]);

  if (me.isPending) return <FullPageSpin />;
  if (me.data) return <Navigate to={me.data.mustChangePassword ? PASSWORD_PATH : next} replace />;

  const submit = (values: Login) =>
    login.mutate(values, {
      onSuccess: (who) => void navigate(who.mustChangePassword ? PASSWORD_PATH : next, { replace: true }),
      // The password field is cleared so a retry starts clean; the username stays.
      onError: () => form.setFieldValue('password', ''),
    });

  return (
    <div className="sb-login">
      <div className="sb-login-lang">
        <LanguageSwitch />
      </div>
      <Card className="sb-login-card" variant="borderless">
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <Typography.Title level={3} style={{ margin: '12px 0 4px' }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
        </div>
        {login.error && (
          <Alert
            type="error"
            showIcon
            role="alert"
            style={{ marginBottom: 16 }}
            title={errorText(t, login.error)}
          />
        )}
        <Form form={form} layout="vertical" size="large" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="username"
            label={t('auth.username')}
            rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('auth.password')}
            rules={[{ required: true, message: t('auth.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="login-password"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={login.isPending}
            data-testid="login-submit"
            style={{ height: 48 }}
          >
            {t('auth.login')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
