import { DatePicker, Flex, Segmented, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import { useCan } from '../../auth/MeContext.tsx';
import { useRules } from '../../attendance/api.ts';
import type { WorkMonthRule } from '../../attendance/time.ts';
import type { SummaryFilters } from '../api.ts';
import { SUMMARY_PERIODS, type SummaryPeriod } from '../enums.ts';
import { dateForPick, pickerMonth } from '../period.ts';

const FMT = 'YYYY-MM-DD';

/** Monday of the ISO week of a day (weeks are Monday to Sunday whatever the UI language). */
function monday(d: Dayjs): Dayjs {
  return d.subtract((d.day() + 6) % 7, 'day');
}

/** The tenant's work month rule (工作月), read from the attendance rules; calendar months until then. */
export function useWorkMonthRule(): WorkMonthRule {
  const can = useCan();
  const { data } = useRules(can('attendance.read'));
  return data?.tenant.workMonth ?? { kind: 'calendar', startDay: 26 };
}

type PeriodValue = Pick<SummaryFilters, 'period' | 'date' | 'from' | 'to'>;

/** Day / week / work month / quarter / custom range, and the picker that names one of them. */
export function PeriodPicker({
  value,
  today,
  onChange,
}: {
  value: PeriodValue;
  today: string;
  onChange: (v: Partial<PeriodValue>) => void;
}) {
  const { t } = useTranslation();
  const phone = useIsPhoneLayout();
  const rule = useWorkMonthRule();
  const date = value.date ?? today;
  const label = (p: SummaryPeriod) => t(`activity.periods.${p}`);
  const kinds = phone ? (
    <Select<SummaryPeriod>
      value={value.period}
      onChange={(period) => onChange({ period })}
      options={SUMMARY_PERIODS.map((p) => ({ value: p, label: label(p) }))}
      aria-label={t('activity.filters.period')}
      style={{ flex: '0 0 110px' }}
      data-testid="analysis-period"
    />
  ) : (
    <Segmented<SummaryPeriod>
      value={value.period}
      onChange={(period) => onChange({ period })}
      options={SUMMARY_PERIODS.map((p) => ({ value: p, label: label(p) }))}
      aria-label={t('activity.filters.period')}
      data-testid="analysis-period"
    />
  );
  const pick = (d: Dayjs | null) => {
    if (!d || value.period === 'custom') return;
    onChange({ date: dateForPick(value.period, d.format(FMT)) });
  };
  const common = {
    allowClear: false,
    onChange: pick,
    'aria-label': t('activity.filters.date'),
    style: { flex: '1 1 150px', minWidth: 0, maxWidth: phone ? undefined : 220 },
    'data-testid': 'analysis-date',
  };
  let picker;
  if (value.period === 'custom') {
    picker = (
      <DatePicker.RangePicker
        value={value.from && value.to ? [dayjs(value.from), dayjs(value.to)] : null}
        format={FMT}
        allowClear={false}
        onChange={(r) => {
          if (r?.[0] && r[1]) onChange({ from: r[0].format(FMT), to: r[1].format(FMT) });
        }}
        aria-label={t('activity.filters.range')}
        style={{ flex: '1 1 240px', minWidth: 0, maxWidth: phone ? undefined : 300 }}
        data-testid="analysis-range"
      />
    );
  } else if (value.period === 'day') {
    picker = <DatePicker {...common} value={dayjs(date)} format={FMT} />;
  } else if (value.period === 'week') {
    picker = (
      <DatePicker
        {...common}
        picker="week"
        value={dayjs(date)}
        format={(d) => `${monday(d).format(FMT)} ~ ${monday(d).add(6, 'day').format('MM-DD')}`}
      />
    );
  } else if (value.period === 'month') {
    // The work month the date falls in: with the 26th rule, 27 November is in December's.
    picker = (
      <DatePicker
        {...common}
        picker="month"
        value={dayjs(`${pickerMonth(date, rule)}-01`)}
        format="YYYY-MM"
      />
    );
  } else {
    picker = (
      <DatePicker
        {...common}
        picker="quarter"
        value={dayjs(`${pickerMonth(date, rule)}-01`)}
        format={(d) => `${d.year()}-Q${Math.floor(d.month() / 3) + 1}`}
      />
    );
  }
  return (
    <Flex gap={8} wrap align="center" style={{ flex: '2 1 320px', minWidth: 0 }}>
      {kinds}
      {picker}
    </Flex>
  );
}
