import { useTranslation } from 'react-i18next';
import type { MonthFigures } from '../../../../contracts/attendance.ts';
import { formatMoney, formatNumber, formatPercent } from '../../i18n/format.ts';

interface Figure {
  key: string;
  value: string;
  className?: string;
}

/** The work month's figures as tiles; compact: the four an agent looks at first. */
export function MonthFiguresGrid({ figures: f, compact }: { figures: MonthFigures; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const rate = f.rate === null ? '—' : formatPercent(f.rate, i18n.language);
  const items: Figure[] = compact
    ? [
        { key: 'rate', value: rate },
        { key: 'attendedOfRequired', value: `${n(f.attended)}/${n(f.required)}` },
        { key: 'late', value: n(f.late), className: f.late > 0 ? 'sb-am-late' : undefined },
        { key: 'absent', value: n(f.absent), className: f.absent > 0 ? 'sb-am-absent' : undefined },
      ]
    : [
        { key: 'rate', value: rate },
        { key: 'required', value: n(f.required) },
        { key: 'attended', value: n(f.attended) },
        { key: 'late', value: n(f.late), className: f.late > 0 ? 'sb-am-late' : undefined },
        { key: 'absent', value: n(f.absent), className: f.absent > 0 ? 'sb-am-absent' : undefined },
        { key: 'leave', value: n(f.leave) },
        { key: 'earlyLeave', value: n(f.earlyLeave) },
        { key: 'fines', value: formatMoney(f.finesFen, i18n.language) },
      ];
  return (
    <dl className="sb-am-figures" data-testid="checkin-figures">
      {items.map((i) => (
        <div key={i.key} className="sb-am-figure" data-testid={`figure-${i.key}`}>
          <dt>{t(`attendanceMe.figures.${i.key}`)}</dt>
          <dd className={i.className}>{i.value}</dd>
        </div>
      ))}
    </dl>
  );
}
