import { Button, Flex } from 'antd';
import { useTranslation } from 'react-i18next';

/** The footer of a form in a drawer or dialog: cancel, and save which submits the form. */
export function SaveFooter({
  onCancel,
  onSave,
  saving,
  testId,
}: {
  onCancel: () => void;
  onSave: () => void;
  saving: boolean;
  /** data-testid of the save button. */
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Flex gap={8} justify="flex-end">
      <Button onClick={onCancel}>{t('common.cancel')}</Button>
      <Button type="primary" loading={saving} onClick={onSave} data-testid={testId}>
        {t('common.save')}
      </Button>
    </Flex>
  );
}
