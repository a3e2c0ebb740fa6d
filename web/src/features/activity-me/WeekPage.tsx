import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Drawer, Flex, Skeleton, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Activity, WorkLog } from '../../../../contracts/activity.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RowList } from '../../components/RowList.tsx';
import { formatNumber } from '../../i18n/format.ts';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import { DATE_PATTERN, todayIn } from '../attendance/time.ts';
import { useActivityTypes, usePlan, useToday, useWeekLogs, useWorkLog } from './api.ts';
import { ActivityFormModal } from './ActivityFormModal.tsx';
import { CommentCount, OwnActivityList } from './ActivityRows.tsx';
import { addDays, daysBetween, formatPoints, mondayOf, sumPoints, weekDays } from './dates.ts';
import { LogStateTag, logStateOf, usePoints } from './labels.tsx';
import { LogTabs } from './LogTabs.tsx';
import { SubmitDay } from './SubmitDay.tsx';
import './activity-me.css';

/** One day of the week, opened from its row: activities (editable within the window), the log, the thread. */
function DayDrawer({ date, onClose }: { date: string; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = useIsPhoneLayout();
  const { data: log } = useWorkLog(date);
  const { data: today } = useToday();
  const { data: types } = useActivityTypes();
  const [form, setForm] = useState<{ editing?: Activity } | null>(null);
  // Activities stay editable within the backdating window, reviewed or not (every change is audited).
  const editable = !!today && daysBetween(date, today.date) <= today.backdateDays;
  return (
    <Drawer
      open
      onClose={onClose}
      size={phone ? '100%' : 'large'}
      title={t('activityMe.week.dayTitle', { date, weekday: dayjs(date).format('dddd') })}
      data-testid="day-drawer"
    >
      {!log || !types || !today ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={12}>
          <Card size="small" title={t('activityMe.review.dayActivities')} styles={{ body: { padding: 0 } }}>
            <OwnActivityList
              activities={log.activities}
              onEdit={(a) => setForm({ editing: a })}
              readOnly={!editable}
            />
          </Card>
          {(log.status === 'submitted' || editable) && (
            <SubmitDay key={`${log.date}-${log.status}`} log={log} title={t('activityMe.week.log')} />
          )}
          {form && (
            <ActivityFormModal
              today={today.date}
              backdateDays={today.backdateDays}
              types={types}
              prospects={today.recentProspects}
              editing={form.editing}
              onClose={() => setForm(null)}
            />
          )}
        </Flex>
      )}
    </Drawer>
  );
}

function DayRow({ date, log, today }: { date: string; log: WorkLog | undefined; today: string }) {
  const { t } = useTranslation();
  const pts = usePoints();
  const future = date > today;
  return (
    <div className="sb-ac-day" data-testid={`week-day-${date}`}>
      <div className="sb-ac-day-date">
        <Typography.Text strong>{date.slice(5)}</Typography.Text>
        <br />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {date === today ? t('activityMe.form.today') : dayjs(date).format('ddd')}
        </Typography.Text>
      </div>
      <div style={{ flex: 1, minWidth: 0 }}>
        {!log ? (
          future ? null : (
            <Skeleton.Input active size="small" />
          )
        ) : (
          <Flex gap={8} wrap align="center">
            <Typography.Text>{t('activityMe.week.activities', { n: log.activities.length })}</Typography.Text>
            <Typography.Text className="sb-ac-pts">{pts(log.points)}</Typography.Text>
            <CommentCount n={log.comments.length} />
          </Flex>
        )}
      </div>
      {log && !future && <LogStateTag state={logStateOf(log)} />}
    </div>
  );
}

/** 本周: the seven days with activities, points and log status; the week's points vs plan. */
export default function WeekPage() {
  const { t, i18n } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const { data: todayData } = useToday();
  const today = todayData?.date ?? todayIn();
  const askedDate = sp.get('date');
  const opened = askedDate && DATE_PATTERN.test(askedDate) ? askedDate : null;
  const askedWeek = sp.get('week');
  const monday = mondayOf(
    askedWeek && DATE_PATTERN.test(askedWeek) ? askedWeek : opened && opened <= today ? opened : today,
  );
  const days = weekDays(monday);
  // Days after today have nothing yet: not asked for.
  const past = days.filter((d) => d <= today);
  const logs = useWeekLogs(past);
  const byDate = new Map(past.map((d, i) => [d, logs[i]?.data]));
  const plan = usePlan('week', monday);
  const loaded = logs.every((q) => q.data);
  const points = sumPoints(logs.map((q) => q.data?.points ?? 0));
  const activities = logs.reduce((s, q) => s + (q.data?.activities.length ?? 0), 0);
  const submitted = logs.filter((q) => q.data?.status === 'submitted').length;
  const thisWeek = mondayOf(today);

  const go = (m: string) => setSp(m === thisWeek ? {} : { week: m }, { replace: true });
  const open = (d: string) => {
    const next = new URLSearchParams(sp);
    next.set('date', d);
    setSp(next, { replace: true });
  };
  const close = () => {
    const next = new URLSearchParams(sp);
    next.delete('date');
    setSp(next, { replace: true });
  };

  return (
    <Flex vertical gap={12} className="sb-ac-page">
      <PageHeader title={t('activityMe.nav.week')} />
      <LogTabs />
      <Card size="small">
        <Flex align="center" justify="space-between" gap={8}>
          <Button
            type="text"
            icon={<LeftOutlined />}
            aria-label={t('activityMe.week.previous')}
            onClick={() => go(addDays(monday, -7))}
            data-testid="week-prev"
          />
          <Typography.Text strong data-testid="week-label">
            {monday === thisWeek
              ? t('activityMe.week.thisWeek', { from: monday.slice(5), to: days[6]!.slice(5) })
              : t('activityMe.week.range', { from: monday, to: days[6]!.slice(5) })}
          </Typography.Text>
          <Button
            type="text"
            icon={<RightOutlined />}
            aria-label={t('activityMe.week.next')}
            disabled={monday >= thisWeek}
            onClick={() => go(addDays(monday, 7))}
            data-testid="week-next"
          />
        </Flex>
      </Card>
      <Card size="small">
        <dl className="sb-ac-figures">
          <div className="sb-ac-figure">
            <dt>{t('activityMe.week.points')}</dt>
            <dd data-testid="week-total-points">
              {loaded ? formatPoints(points, i18n.language) : '…'}
              {plan.data && plan.data.targetPoints > 0 && (
                <small>/{formatPoints(plan.data.targetPoints, i18n.language)}</small>
              )}
            </dd>
          </div>
          <div className="sb-ac-figure">
            <dt>{t('activityMe.week.activityCount')}</dt>
            <dd>{loaded ? formatNumber(activities, i18n.language) : '…'}</dd>
          </div>
          <div className="sb-ac-figure">
            <dt>{t('activityMe.week.submitted')}</dt>
            <dd>
              {loaded ? formatNumber(submitted, i18n.language) : '…'}
              <small>/{formatNumber(past.length, i18n.language)}</small>
            </dd>
          </div>
        </dl>
      </Card>
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <div data-testid="week-days">
          <RowList
            label={t('activityMe.nav.week')}
            items={[...days].reverse()}
            rowKey={(d) => d}
            onClick={(d) => d <= today && open(d)}
            render={(d) => <DayRow date={d} log={byDate.get(d)} today={today} />}
          />
        </div>
      </Card>
      {opened && opened <= today && <DayDrawer date={opened} onClose={close} />}
    </Flex>
  );
}
