import { FullscreenExitOutlined, FullscreenOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, QRCode, Typography } from 'antd';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader.tsx';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.tsx';
import { errorText } from '../../components/errors.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useMe } from '../auth/MeContext.tsx';
import { useUnits } from '../org/api.ts';
import { useBoardTotals, useQrToken } from './api.ts';
import { useNow } from './useNow.ts';
import './attendance-me.css';

function subscribeResize(cb: () => void) {
  window.addEventListener('resize', cb);
  document.addEventListener('fullscreenchange', cb);
  return () => {
    window.removeEventListener('resize', cb);
    document.removeEventListener('fullscreenchange', cb);
  };
}
const viewport = () => `${window.innerWidth}x${window.innerHeight}x${document.fullscreenElement ? 1 : 0}`;

/** The screen stays on while the code is shown full screen (where the browser allows it). */
function useWakeLock(active: boolean) {
  useEffect(() => {
    if (!active || !('wakeLock' in navigator)) return;
    let lock: { release: () => Promise<void> } | null = null;
    let cancelled = false;
    navigator.wakeLock
      .request('screen')
      .then((l) => {
        if (cancelled) void l.release();
        else lock = l;
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      void lock?.release();
    };
  }, [active]);
}

/**
 * 签到二维码: the meeting room's screen. The code names the unit's meeting and a 30-second window;
 * it is fetched again when the server says it rotates, with a countdown, and the live count of
 * people checked in beside it. Full screen it is readable from the back of the room.
 */
export default function QrScreenPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [sp, setSp] = useSearchParams();
  const unitId = sp.get('unitId') ?? me.unitId;
  const { data: units } = useUnits();
  const unitName = units?.find((u) => u.id === unitId)?.name ?? (unitId === me.unitId ? me.unitName : '');
  const qr = useQrToken(unitId);
  const board = useBoardTotals(unitId);
  const now = useNow(500);
  const panel = useRef<HTMLDivElement>(null);
  const size = useSyncExternalStore(subscribeResize, viewport);
  const [w = 0, h = 0, fs = '0'] = size.split('x');
  const full = fs === '1';
  useWakeLock(full);

  const codeSize = full
    ? Math.floor(Math.min(Number(w) * 0.8, Number(h) * 0.58))
    : Math.floor(Math.max(200, Math.min(440, Number(w) - 96, Number(h) * 0.5)));
  const data = qr.data;
  const secondsLeft = data ? Math.max(0, Math.ceil((qr.dataUpdatedAt + data.refreshInMs - now) / 1000)) : 0;
  const expired = !!data && Date.parse(data.expiresAt) < now;
  const value = data ? `${window.location.origin}${data.url}` : window.location.origin;
  const totals = board.data;

  const toggleFull = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void panel.current?.requestFullscreen?.().catch(() => undefined);
  };

  return (
    <Flex vertical gap={12}>
      <PageHeader
        title={t('attendanceMe.nav.qr')}
        extra={
          <Button icon={<FullscreenOutlined />} onClick={toggleFull} data-testid="qr-fullscreen">
            {t('attendanceMe.qr.fullscreen')}
          </Button>
        }
      />
      <Card size="small">
        <label htmlFor="qr-unit" style={{ display: 'block', marginBottom: 4 }}>
          <Typography.Text type="secondary">{t('attendanceMe.qr.unit')}</Typography.Text>
        </label>
        <UnitTreeSelect
          id="qr-unit"
          value={unitId}
          onChange={(v) => setSp(v && v !== me.unitId ? { unitId: v } : {}, { replace: true })}
          data-testid="qr-unit-select"
        />
      </Card>
      <div ref={panel} className="sb-am-qr" data-testid="qr-panel">
        <h2 className="sb-am-qr-title">{t('attendanceMe.qr.heading', { unit: unitName })}</h2>
        <p className="sb-am-qr-line">{t('attendanceMe.qr.scan')}</p>
        <div className="sb-am-qr-code">
          <QRCode
            value={value}
            size={codeSize}
            errorLevel="M"
            bordered={false}
            status={!data ? 'loading' : expired ? 'expired' : 'active'}
            onRefresh={() => void qr.refetch()}
            data-testid="qr-code"
            data-url={data?.url}
          />
        </div>
        {qr.error && !data && (
          <Alert type="error" showIcon title={errorText(t, qr.error)} style={{ textAlign: 'left' }} />
        )}
        <div className="sb-am-qr-meta">
          {data && (
            <span data-testid="qr-countdown" aria-live="off">
              {t('attendanceMe.qr.refreshIn', { seconds: secondsLeft })}
            </span>
          )}
          {totals && totals.expected > 0 && (
            <span data-testid="qr-count" aria-live="polite">
              {t('attendanceMe.qr.checkedIn')}{' '}
              <span className="sb-am-count">{formatNumber(totals.present + totals.late, i18n.language)}</span>{' '}
              / {formatNumber(totals.expected, i18n.language)}
            </span>
          )}
        </div>
        {full && (
          <Button ghost icon={<FullscreenExitOutlined />} onClick={toggleFull}>
            {t('attendanceMe.qr.exitFullscreen')}
          </Button>
        )}
      </div>
    </Flex>
  );
}
