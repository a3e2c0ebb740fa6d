import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Progress, Skeleton, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RowList } from '../../components/RowList.tsx';
import { formatNumber, formatPercent, formatTime } from '../../i18n/format.ts';
import { useMe } from '../auth/MeContext.tsx';
import {
  addMonths,
  useCurrentWorkMonth,
  useMyAttendance,
  useMyTrend,
  type MyDay,
  type TrendMonth,
} from './api.ts';
import { CheckInTabs } from './CheckInTabs.tsx';
import { MonthFiguresGrid } from './MonthFigures.tsx';
import { DayStatusTag } from './tags.tsx';
import './attendance-me.css';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function DayRow({ day }: { day: MyDay }) {
  const { t } = useTranslation();
  const r = day.record;
  return (
    <>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }}>
          {dayjs(day.date).format('MM-DD')}
        </Typography.Text>{' '}
        <Typography.Text type="secondary">{dayjs(day.date).format('ddd')}</Typography.Text>
        <Flex gap={4} wrap style={{ marginTop: 2 }}>
          {r?.checkInAt && (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {r.checkOutAt
                ? t('attendanceMe.month.inOut', {
                    in: formatTime(r.checkInAt),
                    out: formatTime(r.checkOutAt),
                  })
                : t('attendanceMe.month.in', { in: formatTime(r.checkInAt) })}
            </Typography.Text>
          )}
          {r?.leaveType && <Tag>{t(`attendanceMe.leaveType.${r.leaveType}`)}</Tag>}
          {r && r.method !== 'app' && r.method !== 'system' && (
            <Tag>{t(`attendanceMe.method.${r.method}`)}</Tag>
          )}
          {r?.delayed && <Tag color="gold">{t('attendanceMe.flags.delayed')}</Tag>}
          {r?.earlyLeave && <Tag color="orange">{t('attendanceMe.flags.earlyLeave')}</Tag>}
          {r?.outsideGeofence && <Tag color="orange">{t('attendanceMe.flags.outsideGeofence')}</Tag>}
        </Flex>
      </div>
      <Flex gap={8} align="center">
        {day.status === 'absent' && (
          <Link to={`/checkin/requests?makeUp=${day.date}`} data-testid={`makeup-${day.date}`}>
            <Button size="small" style={{ minHeight: 36 }}>
              {t('attendanceMe.requests.makeUp')}
            </Button>
          </Link>
        )}
        <DayStatusTag status={day.status} />
      </Flex>
    </>
  );
}

function TrendList({ months }: { months: TrendMonth[] }) {
  const { t, i18n } = useTranslation();
  if (months.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <div role="list" aria-label={t('attendanceMe.month.trend')} data-testid="checkin-trend">
      {months.map((m) => (
        <div key={m.month} role="listitem" className="sb-am-trend-row">
          <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{m.month}</Typography.Text>
          <Progress
            percent={m.rate === null ? 0 : Math.round(m.rate * 1000) / 10}
            format={() => (m.rate === null ? '—' : formatPercent(m.rate, i18n.language))}
            size="small"
            strokeColor={m.rate !== null && m.rate < 0.8 ? '#d97706' : '#1d4ed8'}
            aria-label={t('attendanceMe.figures.rate')}
          />
          <span />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('attendanceMe.month.trendLine', {
              attended: formatNumber(m.attended, i18n.language),
              required: formatNumber(m.required, i18n.language),
              late: formatNumber(m.late, i18n.language),
              absent: formatNumber(m.absent, i18n.language),
            })}
          </Typography.Text>
        </div>
      ))}
    </div>
  );
}

/** 我的月度: the work month's figures, each meeting day, and the last six months. */
export default function MyMonthPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [sp, setSp] = useSearchParams();
  const asked = sp.get('month');
  const month = asked && MONTH.test(asked) ? asked : undefined;
  const { data, error, refetch, isPending, isFetching } = useMyAttendance(month);
  const { data: current } = useCurrentWorkMonth();
  const trend = useMyTrend(me.id);
  const shown = month ?? current;
  const go = (m: string) => setSp(m === current ? {} : { month: m }, { replace: true });
  const days = [...(data?.days ?? [])].reverse();

  return (
    <Flex vertical gap={12}>
      <PageHeader title={t('attendanceMe.nav.month')} />
      <CheckInTabs />
      <Card size="small">
        <Flex align="center" justify="space-between" gap={8}>
          <Button
            type="text"
            icon={<LeftOutlined />}
            aria-label={t('attendanceMe.month.previous')}
            disabled={!shown}
            onClick={() => shown && go(addMonths(shown, -1))}
            data-testid="month-prev"
          />
          <Typography.Text strong data-testid="month-label">
            {shown ? t('attendanceMe.month.workMonth', { month: shown }) : t('attendanceMe.month.thisMonth')}
          </Typography.Text>
          <Button
            type="text"
            icon={<RightOutlined />}
            aria-label={t('attendanceMe.month.next')}
            disabled={!shown || !current || shown >= current}
            onClick={() => shown && go(addMonths(shown, 1))}
            data-testid="month-next"
          />
        </Flex>
      </Card>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : isPending || !data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <>
          <Card size="small" title={t('attendanceMe.month.figures')} loading={isFetching && !data}>
            <MonthFiguresGrid figures={data.month} />
          </Card>
          <Card size="small" title={t('attendanceMe.month.days')} styles={{ body: { padding: 0 } }}>
            <div data-testid="checkin-days">
              <RowList
                label={t('attendanceMe.month.days')}
                items={days}
                rowKey={(d) => d.date}
                render={(d) => <DayRow day={d} />}
                empty={
                  <Typography.Paragraph type="secondary" style={{ padding: 16, margin: 0 }}>
                    {t('attendanceMe.month.noDays')}
                  </Typography.Paragraph>
                }
              />
            </div>
          </Card>
        </>
      )}
      {trend.data && (
        <Card size="small" title={t('attendanceMe.month.trend')}>
          <TrendList months={[...trend.data].sort((a, b) => b.month.localeCompare(a.month))} />
        </Card>
      )}
    </Flex>
  );
}
