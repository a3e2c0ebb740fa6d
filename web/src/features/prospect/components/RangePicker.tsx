import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Segmented, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import { kindOfRange, rangeLabel, rangeOf, shiftRange, type DateRange, type RangeKind } from '../period.ts';

const FMT = 'YYYY-MM-DD';

/**
 * Week / month / quarter / year / custom, the picker that names one of them, and the previous and
 * next period. The kind is read back from the range itself, so the URL holds only from and to.
 */
export function RangePicker({
  value,
  onChange,
  kinds = ['week', 'month', 'quarter', 'year', 'custom'],
  testId = 'range',
}: {
  value: DateRange;
  onChange: (r: DateRange) => void;
  kinds?: RangeKind[];
  testId?: string;
}) {
  const { t } = useTranslation();
  const phone = useIsPhoneLayout();
  const kind = kindOfRange(value);
  const options = kinds.map((k) => ({ value: k, label: t(`prospect.periods.${k}`) }));
  const setKind = (k: RangeKind) => {
    if (k === 'custom') onChange(value);
    else onChange(rangeOf(k, value.from));
  };
  const kindPicker = phone ? (
    <Select<RangeKind>
      value={kind}
      onChange={setKind}
      options={options}
      aria-label={t('prospect.filters.period')}
      style={{ flex: '0 0 100px' }}
      data-testid={`${testId}-kind`}
    />
  ) : (
    <Segmented<RangeKind>
      value={kind}
      onChange={setKind}
      options={options}
      aria-label={t('prospect.filters.period')}
      data-testid={`${testId}-kind`}
    />
  );
  const pick = (d: Dayjs | null) => {
    if (d && kind !== 'custom') onChange(rangeOf(kind, d.format(FMT)));
  };
  const style = { flex: '1 1 150px', minWidth: 0, maxWidth: phone ? undefined : 220 };
  let picker;
  if (kind === 'custom') {
    picker = (
      <DatePicker.RangePicker
        value={[dayjs(value.from), dayjs(value.to)]}
        format={FMT}
        allowClear={false}
        onChange={(r) => {
          if (r?.[0] && r[1]) onChange({ from: r[0].format(FMT), to: r[1].format(FMT) });
        }}
        aria-label={t('prospect.filters.range')}
        style={{ flex: '1 1 240px', minWidth: 0, maxWidth: phone ? undefined : 300 }}
        data-testid={`${testId}-dates`}
      />
    );
  } else {
    picker = (
      <DatePicker
        picker={
          kind === 'week' ? 'week' : kind === 'month' ? 'month' : kind === 'quarter' ? 'quarter' : 'year'
        }
        value={dayjs(value.from)}
        allowClear={false}
        onChange={pick}
        format={() => rangeLabel(kind, value)}
        aria-label={t('prospect.filters.period')}
        style={style}
        data-testid={`${testId}-date`}
      />
    );
  }
  const step = (s: -1 | 1) => {
    if (kind !== 'custom') onChange(shiftRange(kind, value, s));
  };
  return (
    <Flex gap={8} wrap align="center" style={{ flex: '2 1 320px', minWidth: 0 }}>
      {kindPicker}
      <Flex gap={4} align="center" style={{ flex: '1 1 200px', minWidth: 0 }}>
        {kind !== 'custom' && (
          <Button
            icon={<LeftOutlined />}
            onClick={() => step(-1)}
            aria-label={t('prospect.filters.previous')}
          />
        )}
        {picker}
        {kind !== 'custom' && (
          <Button icon={<RightOutlined />} onClick={() => step(1)} aria-label={t('prospect.filters.next')} />
        )}
      </Flex>
    </Flex>
  );
}
