import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect.tsx';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';

const FMT = 'YYYY-MM-DD';

/** The team filter of the leads' pages: cleared, everything in the reader's scope. */
export function UnitFilter({
  value,
  onChange,
  testId,
  maxWidth = 260,
}: {
  value: string | undefined;
  onChange: (unitId: string | undefined) => void;
  testId: string;
  /** On a desk; on a phone it takes the row. */
  maxWidth?: number;
}) {
  const { t } = useTranslation();
  const phone = useIsPhoneLayout();
  return (
    <UnitTreeSelect
      value={value}
      onChange={onChange}
      allowClear
      placeholder={t('prospect.filters.allInScope')}
      aria-label={t('prospect.filters.unit')}
      style={{ flex: '1 1 200px', minWidth: 0, maxWidth: phone ? undefined : maxWidth }}
      data-testid={testId}
    />
  );
}

/** The day the figures are read as of (YYYY-MM-DD): cleared, today. */
export function AsOfDateFilter({
  value,
  onChange,
  testId,
}: {
  value: string | undefined;
  onChange: (date: string | undefined) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <DatePicker
      value={value ? dayjs(value) : null}
      format={FMT}
      onChange={(d) => onChange(d ? d.format(FMT) : undefined)}
      placeholder={t('prospect.filters.today')}
      aria-label={t('prospect.filters.asOf')}
      style={{ flex: '0 1 160px' }}
      data-testid={testId}
    />
  );
}
