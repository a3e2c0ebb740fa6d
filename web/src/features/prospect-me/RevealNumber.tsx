import { EyeOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../components/useApiError.ts';
import { useTouchSize } from '../../layout/useIsPhoneLayout.ts';
import { useRevealNumber, type RevealEntity } from './api.ts';

/**
 * A phone or ID number of a card or a customer, masked; "show number" asks once, because the server
 * records every reveal under the reader's name. The full number lives only in this component's
 * state, and a phone becomes a tap-to-call link.
 */
export function RevealNumber({
  entity,
  id,
  field,
  masked,
}: {
  entity: RevealEntity;
  id: string;
  field: 'phone' | 'idNumber';
  masked: string | null;
}) {
  const { t } = useTranslation();
  const [value, setValue] = useState<string | null>(null);
  const reveal = useRevealNumber();
  const size = useTouchSize();
  const showError = useApiError();
  if (!masked) return <Typography.Text type="secondary">—</Typography.Text>;
  if (value !== null)
    return field === 'phone' ? (
      <Space size={4} wrap>
        <a href={`tel:${value}`} data-testid={`revealed-${field}`}>
          {value}
        </a>
        <Typography.Text copyable={{ text: value }} />
      </Space>
    ) : (
      <Typography.Text copyable data-testid={`revealed-${field}`}>
        {value}
      </Typography.Text>
    );
  return (
    <Space size={4} wrap>
      <span>{masked}</span>
      <Popconfirm
        title={t('pii.confirmTitle')}
        description={t('pii.confirmBody')}
        okText={t('pii.reveal')}
        cancelText={t('common.cancel')}
        onConfirm={() =>
          void reveal.mutateAsync({ entity, id, field }).then(
            (r) => setValue(r.value ?? ''),
            (e: unknown) => showError(e),
          )
        }
      >
        <Button
          size={size}
          type="link"
          icon={<EyeOutlined />}
          loading={reveal.isPending}
          aria-label={t(field === 'phone' ? 'prospectMe.showPhone' : 'prospectMe.showIdNumber')}
          data-testid={`reveal-${field}`}
        >
          {t(field === 'phone' ? 'prospectMe.showPhone' : 'prospectMe.showIdNumber')}
        </Button>
      </Popconfirm>
    </Space>
  );
}
