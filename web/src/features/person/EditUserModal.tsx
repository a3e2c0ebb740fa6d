import { Alert, App, Col, DatePicker, Form, Modal, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { User, UserUpdate } from '../../../../contracts/user.ts';
import { useApiError } from '../../components/useApiError.ts';
import { USER_STATUSES, type UserStatus } from '../../lib/enums.ts';
import { useUpdateUser } from '../people/api.ts';
import { fromDate, ProfileFields, toDate, type ProfileValues } from '../people/ProfileFields.tsx';

interface Values extends ProfileValues {
  status: UserStatus;
  leaveDate: Dayjs | null;
}

/** Sends only what changed: untouched fields (and the masked numbers) never travel back. */
function diff(user: User, v: Values): UserUpdate {
  const out: UserUpdate = {};
  if (v.displayName.trim() !== user.displayName) out.displayName = v.displayName.trim();
  if (v.role !== user.role) out.role = v.role;
  if ((v.rankId ?? null) !== user.rankId) out.rankId = v.rankId ?? null;
  if (v.phone?.trim()) out.phone = v.phone.trim();
  if (v.idNumber?.trim()) out.idNumber = v.idNumber.trim().toUpperCase();
  if ((v.gender ?? null) !== user.gender) out.gender = v.gender ?? null;
  if (toDate(v.birthDate) !== user.birthDate) out.birthDate = toDate(v.birthDate);
  if (toDate(v.joinDate) !== user.joinDate) out.joinDate = toDate(v.joinDate);
  if ((v.recruiterId ?? null) !== user.recruiterId) out.recruiterId = v.recruiterId ?? null;
  if (v.status !== user.status) out.status = v.status;
  if (v.status === 'left' && toDate(v.leaveDate) !== user.leaveDate) out.leaveDate = toDate(v.leaveDate);
  return out;
}

export function EditUserModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const update = useUpdateUser(user.id);
  const showError = useApiError();
  const status = Form.useWatch('status', form);

  const submit = (v: Values) => {
    const body = diff(user, v);
    if (Object.keys(body).length === 0) return onClose();
    update.mutate(body, {
      onSuccess: () => {
        void message.success(t('common.saved'));
        onClose();
      },
      onError: (e) => showError(e, form),
    });
  };

  return (
    <Modal
      open
      width={720}
      title={t('person.editTitle', { name: user.displayName })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={update.isPending}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          displayName: user.displayName,
          role: user.role,
          rankId: user.rankId,
          phone: '',
          idNumber: '',
          gender: user.gender,
          birthDate: fromDate(user.birthDate),
          joinDate: fromDate(user.joinDate),
          recruiterId: user.recruiterId,
          status: user.status,
          leaveDate: fromDate(user.leaveDate) ?? dayjs(),
        }}
      >
        <ProfileFields user={user} />
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="status" label={t('people.fields.status')}>
              <Select
                options={USER_STATUSES.map((s) => ({ value: s, label: t(`userStatus.${s}`) }))}
                data-testid="user-status"
              />
            </Form.Item>
          </Col>
          {status === 'left' && (
            <Col xs={24} sm={12}>
              <Form.Item
                name="leaveDate"
                label={t('people.fields.leaveDate')}
                rules={[{ required: true, message: t('validation.required') }]}
              >
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
        </Row>
        {status === 'left' && user.status !== 'left' && (
          <Alert type="warning" showIcon title={t('person.leaveWarning')} />
        )}
      </Form>
    </Modal>
  );
}
