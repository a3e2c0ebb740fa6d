import {
  CheckCircleFilled,
  ClockCircleFilled,
  CloseCircleFilled,
  CloudUploadOutlined,
  CoffeeOutlined,
  EnvironmentOutlined,
  LoadingOutlined,
  LogoutOutlined,
  QrcodeOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Flex, Popconfirm, Skeleton, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { AttendanceRecord } from '../../../../contracts/attendance.ts';
import { isApiError } from '../../api/client.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { errorText } from '../../components/errors.ts';
import { formatTime } from '../../i18n/format.ts';
import { useMe } from '../auth/MeContext.tsx';
import { useMyAttendance, type MyAttendance } from './api.ts';
import { dismissError, ensureAutoResend, tap, useQueueState } from './checkinQueue.ts';
import { currentPosition, geoPermission, type GeoFailure } from './geo.ts';
import { useNow } from './useNow.ts';

type Today = MyAttendance['today'];
type Phase = 'closed' | 'onTime' | 'late' | 'absent';

function phaseOf(today: Today, now: number): Phase {
  if (now < Date.parse(today.opensAt)) return 'closed';
  if (now <= Date.parse(today.lateAt)) return 'onTime';
  if (now <= Date.parse(today.absentAt)) return 'late';
  return 'absent';
}

const RESULT_ICON = {
  present: <CheckCircleFilled />,
  late: <ClockCircleFilled />,
  absent: <CloseCircleFilled />,
  leave: <CoffeeOutlined />,
} as const;

/** What the server decided: status as icon, colour and word, with the time and how it was made. */
function CheckInResult({ record }: { record: AttendanceRecord }) {
  const { t } = useTranslation();
  return (
    <div
      className={`sb-am-result sb-am-${record.status}`}
      data-testid="checkin-result"
      data-status={record.status}
      role="status"
    >
      <span aria-hidden>{RESULT_ICON[record.status]}</span>
      <div className="sb-am-result-word" data-testid="checkin-status">
        {t(`attendanceMe.result.${record.status}`)}
      </div>
      <div className="sb-am-result-time" data-testid="checkin-time">
        {t('attendanceMe.today.checkedInAt', { time: formatTime(record.checkInAt) })}
      </div>
      <Flex gap={6} wrap justify="center">
        {record.method !== 'app' && <Tag>{t(`attendanceMe.method.${record.method}`)}</Tag>}
        {record.delayed && <Tag color="gold">{t('attendanceMe.flags.delayed')}</Tag>}
        {record.outsideGeofence && <Tag color="orange">{t('attendanceMe.flags.outsideGeofence')}</Tag>}
      </Flex>
    </div>
  );
}

/** Hints that turn an error code into what to do next. */
function errorHint(e: unknown): string | null {
  if (!isApiError(e)) return null;
  switch (e.code) {
    case 'QR_EXPIRED':
    case 'QR_INVALID':
    case 'QR_REQUIRED':
    case 'OUTSIDE_GEOFENCE':
    case 'POSITION_REQUIRED':
    case 'CHECK_IN_TOO_OLD':
      return `attendanceMe.hints.${e.code}`;
    default:
      return null;
  }
}

function CheckOut({ today, userId }: { today: Today; userId: string }) {
  const { t } = useTranslation();
  const q = useQueueState(userId, 'out');
  const record = today.record!;
  if (record.checkOutAt) {
    return (
      <Typography.Text data-testid="checkout-time">
        {t('attendanceMe.today.checkedOutAt', { time: formatTime(record.checkOutAt) })}
        {record.earlyLeave && (
          <Tag color="orange" style={{ marginInlineStart: 8 }}>
            {t('attendanceMe.flags.earlyLeave')}
          </Tag>
        )}
      </Typography.Text>
    );
  }
  const end = dayjs(`${today.date}T${today.meetingEnd}`);
  const early = dayjs().isBefore(end);
  const doCheckOut = () => void tap(userId, 'out', { method: 'app' });
  const button = (
    <Button
      size="large"
      block
      icon={<LogoutOutlined />}
      loading={q.sending}
      onClick={early ? undefined : doCheckOut}
      data-testid="checkout-button"
    >
      {t('attendanceMe.today.checkOut')}
    </Button>
  );
  return (
    <Flex vertical gap={8} style={{ width: '100%', maxWidth: 360 }}>
      {q.pending?.offline && (
        <Alert
          type="info"
          showIcon
          title={t('attendanceMe.today.offlineSaved')}
          data-testid="checkout-offline"
        />
      )}
      {q.error !== null && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => dismissError(userId, 'out') }}
          title={errorText(t, q.error)}
        />
      )}
      {early ? (
        <Popconfirm
          title={t('attendanceMe.today.checkOutEarlyTitle')}
          description={t('attendanceMe.today.checkOutEarly', { time: today.meetingEnd })}
          okText={t('attendanceMe.today.checkOut')}
          cancelText={t('common.cancel')}
          onConfirm={doCheckOut}
        >
          {button}
        </Popconfirm>
      ) : (
        button
      )}
    </Flex>
  );
}

/**
 * Today's meeting and the one big button. A tap is stored before it is sent and shows its result
 * as soon as the server answers; offline it waits in the phone and says so. Opened from the
 * meeting's QR code (/checkin?qr=…), the page checks in with that code at once.
 */
export function TodayCard() {
  const { t } = useTranslation();
  const me = useMe();
  const { data, error, refetch, isPending } = useMyAttendance();
  const now = useNow(1_000);
  const qIn = useQueueState(me.id, 'in');
  const [sp, setSp] = useSearchParams();
  const qr = sp.get('qr');
  const [locating, setLocating] = useState(false);
  const [geoProblem, setGeoProblem] = useState<GeoFailure | null>(null);
  const [scanned, setScanned] = useState(false);
  const qrSent = useRef<string | null>(null);

  useEffect(() => ensureAutoResend(), []);

  // The phone's camera opened the meeting's URL: check in with its code now, once; the code leaves
  // the address so a reload or the back button does not send an expired one again.
  useEffect(() => {
    if (!qr || qrSent.current === qr) return;
    qrSent.current = qr;
    setScanned(true);
    const next = new URLSearchParams(sp);
    next.delete('qr');
    setSp(next, { replace: true });
    void tap(me.id, 'in', { method: 'qr', qrToken: qr });
  }, [qr, sp, setSp, me.id]);

  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (isPending || !data) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 4 }} />
      </Card>
    );
  }
  const today = data.today;
  const record = today.record;
  const phase = phaseOf(today, now);
  const checkedIn = !!record?.checkInAt;

  const checkIn = async () => {
    const at = new Date();
    setGeoProblem(null);
    if (today.geofence === 'off') {
      void tap(me.id, 'in', { method: 'app', at });
      return;
    }
    // The reason is on screen before the browser asks (see the note under the button).
    setLocating(true);
    const permission = await geoPermission();
    const pos = permission === 'denied' ? null : await currentPosition();
    setLocating(false);
    if (pos?.ok) {
      void tap(me.id, 'in', { method: 'app', at, position: pos.position });
      return;
    }
    const reason: GeoFailure = pos ? (pos.ok ? 'unavailable' : pos.reason) : 'denied';
    setGeoProblem(reason);
    // 'flag': the check-in counts and is marked; 'refuse': without a position it cannot be made.
    if (today.geofence === 'flag') void tap(me.id, 'in', { method: 'app', at });
  };

  const weekday = dayjs(today.date).format('dddd');
  const pending = qIn.pending && !checkedIn ? qIn.pending : null;

  let main: React.ReactNode;
  if (checkedIn) {
    main = (
      <>
        <CheckInResult record={record} />
        <CheckOut today={today} userId={me.id} />
      </>
    );
  } else if (pending) {
    main = (
      <Flex vertical align="center" gap={8} role="status" data-testid="checkin-pending">
        <button type="button" className="sb-am-big" disabled aria-busy>
          {pending.offline ? <CloudUploadOutlined aria-hidden /> : <LoadingOutlined aria-hidden />}
          <span>{t(pending.offline ? 'attendanceMe.today.queued' : 'attendanceMe.today.sending')}</span>
          <small>{formatTime(pending.at)}</small>
        </button>
        {pending.offline && (
          <>
            <Alert
              type="info"
              showIcon
              title={t('attendanceMe.today.offlineSaved')}
              description={t('attendanceMe.today.offlineSavedAt', { time: formatTime(pending.at) })}
              data-testid="checkin-offline"
            />
            <Button onClick={() => void tap(me.id, 'in', { method: pending.method })} loading={qIn.sending}>
              {t('attendanceMe.today.retryNow')}
            </Button>
          </>
        )}
      </Flex>
    );
  } else if (!today.meetingDay) {
    main = (
      <Flex vertical align="center" gap={4} data-testid="checkin-no-meeting">
        <CoffeeOutlined style={{ fontSize: 48, color: '#6b7280' }} aria-hidden />
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('attendanceMe.today.noMeeting')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('attendanceMe.today.noMeetingHint')}</Typography.Text>
      </Flex>
    );
  } else if (today.selfCheckIn === 'qrOnly') {
    main = (
      <Flex vertical align="center" gap={4} data-testid="checkin-qr-only">
        <QrcodeOutlined style={{ fontSize: 56, color: '#1d4ed8' }} aria-hidden />
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('attendanceMe.today.qrOnly')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('attendanceMe.today.qrOnlyHint')}</Typography.Text>
      </Flex>
    );
  } else {
    main = (
      <>
        {record?.status === 'leave' && (
          <Alert
            type="info"
            showIcon
            title={t('attendanceMe.today.onLeave', {
              type: record.leaveType ? t(`attendanceMe.leaveType.${record.leaveType}`) : '',
            })}
          />
        )}
        <button
          type="button"
          className={`sb-am-big${phase === 'late' ? ' sb-am-big-late' : phase === 'absent' ? ' sb-am-big-absent' : ''}`}
          disabled={phase === 'closed' || locating}
          onClick={() => void checkIn()}
          data-testid="checkin-button"
        >
          {locating ? <LoadingOutlined aria-hidden /> : <CheckCircleFilled aria-hidden />}
          <span>{t(locating ? 'attendanceMe.today.locating' : 'attendanceMe.today.checkIn')}</span>
          <small>{dayjs(now).format('HH:mm:ss')}</small>
        </button>
        <Typography.Text
          type={phase === 'late' ? 'warning' : phase === 'absent' ? 'danger' : 'secondary'}
          data-testid="checkin-phase"
        >
          {t(`attendanceMe.phase.${phase}`, {
            opens: formatTime(today.opensAt),
            late: formatTime(today.lateAt),
          })}
        </Typography.Text>
        {today.geofence !== 'off' && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }} data-testid="checkin-geo-why">
            <EnvironmentOutlined aria-hidden /> {t('attendanceMe.geo.why')}
          </Typography.Text>
        )}
        {geoProblem && (
          <Alert
            type={today.geofence === 'refuse' ? 'error' : 'warning'}
            showIcon
            title={t(`attendanceMe.geo.${geoProblem}`)}
            description={t(
              today.geofence === 'refuse' ? 'attendanceMe.geo.refuseHint' : 'attendanceMe.geo.flagHint',
            )}
            data-testid="checkin-geo-problem"
          />
        )}
      </>
    );
  }

  const hint = errorHint(qIn.error);
  return (
    <Card>
      <div className="sb-am-today">
        <div className="sb-am-meeting">
          <Typography.Text strong>
            {t('attendanceMe.today.date', { date: today.date, weekday })}
          </Typography.Text>
          {today.meetingDay && (
            <Typography.Text type="secondary">
              {t('attendanceMe.today.meeting', { start: today.meetingStart, end: today.meetingEnd })}
            </Typography.Text>
          )}
        </div>
        {scanned && !checkedIn && !qIn.error && !pending && (
          <Typography.Text type="secondary">{t('attendanceMe.today.scanned')}</Typography.Text>
        )}
        {qIn.error !== null && (
          <Alert
            type="error"
            showIcon
            style={{ width: '100%', textAlign: 'left' }}
            closable={{ onClose: () => dismissError(me.id, 'in') }}
            title={errorText(t, qIn.error)}
            description={hint ? t(hint) : undefined}
            data-testid="checkin-error"
          />
        )}
        {main}
      </div>
    </Card>
  );
}
