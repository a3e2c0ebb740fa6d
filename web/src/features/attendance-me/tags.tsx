import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AttendanceRequest } from '../../../../contracts/attendance.ts';
import { DAY_STATUS_COLORS, REQUEST_STATUS_COLORS, type DayStatus, type RequestStatus } from './enums.ts';

/** A day's status as colour and word (late = orange and 迟到): colour is never the only signal. */
export function DayStatusTag({ status, testId }: { status: DayStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={DAY_STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid={testId}>
      {t(`attendanceMe.status.${status}`)}
    </Tag>
  );
}

export function RequestStatusTag({ status }: { status: RequestStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={REQUEST_STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`attendanceMe.requestStatus.${status}`)}
    </Tag>
  );
}

/** 请假·事假 or 补卡. */
export function requestKindText(t: (k: string) => string, r: Pick<AttendanceRequest, 'kind' | 'leaveType'>) {
  return r.kind === 'leave' && r.leaveType
    ? `${t('attendanceMe.kind.leave')} · ${t(`attendanceMe.leaveType.${r.leaveType}`)}`
    : t(`attendanceMe.kind.${r.kind}`);
}

/** The dates a request covers: "2026-11-27 08:25" for a make-up, "2026-11-27 – 2026-11-28" for leave. */
export function requestWhenText(r: Pick<AttendanceRequest, 'kind' | 'startDate' | 'endDate' | 'time'>) {
  if (r.kind === 'makeUp') return `${r.startDate} ${r.time ?? ''}`.trim();
  return r.startDate === r.endDate ? r.startDate : `${r.startDate} – ${r.endDate}`;
}
