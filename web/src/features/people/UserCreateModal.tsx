import { App, Col, Form, Input, Modal, Row } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { UserCreate } from '../../../../contracts/user.ts';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { PASSWORD_MIN_LENGTH, USERNAME_PATTERN } from '../../lib/enums.ts';
import { useMe } from '../auth/MeContext.tsx';
import { useCreateUser } from './api.ts';
import { ProfileFields, toDate, type ProfileValues } from './ProfileFields.tsx';

interface Values extends ProfileValues {
  username: string;
  password: string;
  unitId: string;
}

export function UserCreateModal({
  defaultUnitId,
  onClose,
}: {
  defaultUnitId?: string | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const showError = useApiError();

  const submit = (v: Values) => {
    const body: UserCreate = {
      username: v.username.trim().toLowerCase(),
      password: v.password,
      unitId: v.unitId,
      displayName: v.displayName.trim(),
      role: v.role,
      rankId: v.rankId ?? null,
      phone: v.phone?.trim() || null,
      idNumber: v.idNumber?.trim().toUpperCase() || null,
      gender: v.gender ?? null,
      birthDate: toDate(v.birthDate),
      joinDate: toDate(v.joinDate),
      recruiterId: v.recruiterId ?? null,
    };
    create.mutate(body, {
      onSuccess: (u) => {
        void message.success(t('people.created', { name: u.displayName }));
        onClose();
        void navigate(`/people/${u.id}`);
      },
      onError: (e) => showError(e, form, { newPassword: 'password' }),
    });
  };

  return (
    <Modal
      open
      width={720}
      title={t('people.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
      okButtonProps={{ ...{ 'data-testid': 'user-create-submit' } }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          role: 'agent',
          unitId: defaultUnitId ?? me.unitId,
          joinDate: dayjs(),
          rankId: null,
          gender: null,
          recruiterId: null,
        }}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="username"
              label={t('people.fields.username')}
              normalize={(v: string) => v.toLowerCase()}
              rules={[
                { required: true, message: t('validation.required') },
                { pattern: USERNAME_PATTERN, message: t('validation.username') },
              ]}
            >
              <Input autoComplete="off" data-testid="user-username" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="password"
              label={t('people.fields.initialPassword')}
              extra={t('people.initialPasswordHint', { min: PASSWORD_MIN_LENGTH })}
              rules={[
                { required: true, message: t('validation.required') },
                {
                  min: PASSWORD_MIN_LENGTH,
                  message: t('passwordProblems.tooShort', { min: PASSWORD_MIN_LENGTH }),
                },
              ]}
            >
              <Input.Password autoComplete="new-password" data-testid="user-password" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="unitId"
              label={t('people.fields.unit')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <UnitTreeSelect />
            </Form.Item>
          </Col>
        </Row>
        <ProfileFields />
      </Form>
    </Modal>
  );
}
