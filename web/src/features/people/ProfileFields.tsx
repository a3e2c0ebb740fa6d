import { Col, DatePicker, Form, Input, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../contracts/roles.ts';
import type { User } from '../../../../contracts/user.ts';
import { UserSelect } from '../../components/UserSelect.tsx';
import { assignableRoles, GENDERS, ID_NUMBER_PATTERN, PHONE_PATTERN, type Gender } from '../../lib/enums.ts';
import { useMe } from '../auth/MeContext.tsx';
import { useRanks } from '../org/api.ts';

/** Form values of the profile part; dates are dayjs in the form and YYYY-MM-DD on the wire. */
export interface ProfileValues {
  displayName: string;
  role: Role;
  rankId: string | null;
  phone: string;
  idNumber: string;
  gender: Gender | null;
  birthDate: Dayjs | null;
  joinDate: Dayjs | null;
  recruiterId: string | null;
}

export const toDate = (d: Dayjs | null | undefined): string | null => (d ? d.format('YYYY-MM-DD') : null);
export const fromDate = (s: string | null | undefined): Dayjs | null => (s ? dayjs(s) : null);

/**
 * The profile fields shared by "new person" and "edit". When editing, the phone and ID number
 * start empty (the API only ever sends them masked): left empty they stay as they are.
 */
export function ProfileFields({ user }: { user?: User }) {
  const { t } = useTranslation();
  const me = useMe();
  const { data: ranks } = useRanks();
  const editing = !!user;
  // A non-admin editing an admin-assigned role keeps seeing it, but cannot pick it for others.
  const roles = assignableRoles(me.role);
  const roleOptions = (user && !roles.includes(user.role) ? [...roles, user.role] : roles).map((r) => ({
    value: r,
    label: t(`roles.${r}`),
    disabled: !roles.includes(r),
  }));
  const half = { xs: 24, sm: 12 };
  return (
    <Row gutter={16}>
      <Col {...half}>
        <Form.Item
          name="displayName"
          label={t('people.fields.displayName')}
          rules={[{ required: true, whitespace: true, max: 50, message: t('validation.required') }]}
        >
          <Input data-testid="user-displayName" />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item
          name="role"
          label={t('people.fields.role')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Select options={roleOptions} data-testid="user-role" />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="rankId" label={t('people.fields.rank')}>
          <Select allowClear options={(ranks ?? []).map((r) => ({ value: r.id, label: r.name }))} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="gender" label={t('people.fields.gender')}>
          <Select allowClear options={GENDERS.map((g) => ({ value: g, label: t(`genders.${g}`) }))} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item
          name="phone"
          label={t('people.fields.phone')}
          rules={[{ pattern: PHONE_PATTERN, message: t('validation.phone') }]}
          extra={editing && user.phone ? t('people.keepIfEmpty', { value: user.phone }) : undefined}
        >
          <Input inputMode="numeric" maxLength={11} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item
          name="idNumber"
          label={t('people.fields.idNumber')}
          rules={[{ pattern: ID_NUMBER_PATTERN, message: t('validation.idNumber') }]}
          extra={editing && user.idNumber ? t('people.keepIfEmpty', { value: user.idNumber }) : undefined}
        >
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="birthDate" label={t('people.fields.birthDate')}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="joinDate" label={t('people.fields.joinDate')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item name="recruiterId" label={t('people.fields.recruiter')}>
          <UserSelect
            known={
              user?.recruiterId && user.recruiterName
                ? [{ id: user.recruiterId, displayName: user.recruiterName }]
                : []
            }
          />
        </Form.Item>
      </Col>
    </Row>
  );
}
