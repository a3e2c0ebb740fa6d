import { App, Button, DatePicker, Form, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../../contracts/user.ts';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { useMoveUser } from '../people/api.ts';

interface Values {
  unitId: string | undefined;
  effectiveDate: Dayjs;
}

/** Moves a person to another unit from a date (today by default; the past is allowed, the future not). */
export function MoveUserModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const move = useMoveUser(user.id);
  const showError = useApiError();
  const current = useMemo(() => new Set([user.unitId]), [user.unitId]);

  const submit = (v: Values) =>
    move.mutate(
      { unitId: v.unitId!, effectiveDate: v.effectiveDate.format('YYYY-MM-DD') },
      {
        onSuccess: (u) => {
          void message.success(t('person.moved', { name: u.displayName, unit: u.unitName }));
          onClose();
        },
        onError: (e) => showError(e, form),
      },
    );

  return (
    <Modal
      open
      title={t('person.moveTitle', { name: user.displayName })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={move.isPending}
            onClick={() => form.submit()}
            data-testid="move-submit"
          >
            {t('person.moveConfirm')}
          </Button>
        </>
      }
    >
      <Typography.Paragraph type="secondary">
        {t('person.moveFrom', { unit: user.unitName })}
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ effectiveDate: dayjs() }}
      >
        <Form.Item
          name="unitId"
          label={t('person.moveTo')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <UnitTreeSelect disabledIds={current} data-testid="move-unit-select" />
        </Form.Item>
        <Form.Item
          name="effectiveDate"
          label={t('person.effectiveDate')}
          extra={t('person.effectiveDateHint')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            allowClear={false}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
