import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../i18n/format.ts';
import type { ImportPreview } from '../api.ts';

export function DoneStep({ preview, onClose }: { preview: ImportPreview; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Result
      status="success"
      title={t('import.doneTitle', { count: formatNumber(preview.createdCount, i18n.language) })}
      subTitle={t('import.doneHint')}
      extra={
        <Button type="primary" onClick={onClose} data-testid="import-done">
          {t('common.close')}
        </Button>
      }
    />
  );
}
