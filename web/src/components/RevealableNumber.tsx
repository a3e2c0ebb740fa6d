import { EyeOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useReveal, type PiiField } from '../features/people/api.ts';
import { useApiError } from './useApiError.ts';
import { useTouchSize } from '../layout/useIsPhoneLayout.ts';

interface Props {
  userId: string;
  field: PiiField;
  /** The masked value from the API (138****5678). */
  masked: string | null;
  /** Whether a 显示 button is offered: the user.revealPii action, or one's own record. */
  canReveal: boolean;
}

/**
 * A personal number shown masked. Revealing asks once, because the server records every reveal
 * in the audit log under the reader's name; the full value stays only in this component's state.
 */
export function RevealableNumber({ userId, field, masked, canReveal }: Props) {
  const { t } = useTranslation();
  const [value, setValue] = useState<string | null>(null);
  const reveal = useReveal(userId);
  const size = useTouchSize();
  const showError = useApiError();
  if (!masked) return <Typography.Text type="secondary">—</Typography.Text>;
  if (value !== null) return <Typography.Text copyable>{value}</Typography.Text>;
  return (
    <Space size={4} wrap>
      <span>{masked}</span>
      {canReveal && (
        <Popconfirm
          title={t('pii.confirmTitle')}
          description={t('pii.confirmBody')}
          okText={t('pii.reveal')}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            void reveal.mutateAsync(field).then(
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
            data-testid={`reveal-${field}`}
          >
            {t('pii.reveal')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
