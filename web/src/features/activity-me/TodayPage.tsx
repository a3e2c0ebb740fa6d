import { PlusOutlined, TrophyOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Progress, Skeleton, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import type { Activity, ActivityToday, ActivityType } from '../../../../contracts/activity.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatNumber } from '../../i18n/format.ts';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import { DATE_PATTERN } from '../attendance/time.ts';
import { useActivityTypes, useToday } from './api.ts';
import { ActivityFormModal } from './ActivityFormModal.tsx';
import { OwnActivityList } from './ActivityRows.tsx';
import { formatPoints, progressPercent } from './dates.ts';
import { FeedbackCard } from './FeedbackCard.tsx';
import { useTypeName } from './labels.tsx';
import { LogTabs } from './LogTabs.tsx';
import { QuickLog } from './QuickLog.tsx';
import { SubmitDay } from './SubmitDay.tsx';
import './activity-me.css';

/** Today's points, the week's and the rank, then done vs planned per type. */
function Progressing({ today, types }: { today: ActivityToday; types: ActivityType[] }) {
  const { t, i18n } = useTranslation();
  const typeName = useTypeName();
  const byId = new Map(types.map((x) => [x.id, x]));
  const n = (p: number) => formatPoints(p, i18n.language);
  const rows = today.plannedToday.filter((p) => p.planned > 0 || p.done > 0);
  return (
    <Card size="small" data-testid="today-progress">
      <Flex justify="space-between" align="baseline" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Text strong>
          {t('activityMe.today.date', { date: today.date, weekday: dayjs(today.date).format('dddd') })}
        </Typography.Text>
        {!today.workday && <Typography.Text type="secondary">{t('activityMe.today.dayOff')}</Typography.Text>}
      </Flex>
      <dl className="sb-ac-figures">
        <div className="sb-ac-figure">
          <dt>{t('activityMe.today.pointsToday')}</dt>
          <dd data-testid="today-points">
            {n(today.log.points)}
            <small>/{n(today.plannedPoints)}</small>
          </dd>
        </div>
        <div className="sb-ac-figure">
          <dt>{t('activityMe.today.pointsWeek')}</dt>
          <dd data-testid="week-points">
            {n(today.weekPoints)}
            <small>/{n(today.weekPlannedPoints)}</small>
          </dd>
        </div>
        <div className="sb-ac-figure">
          <dt>{t('activityMe.today.rank')}</dt>
          <dd data-testid="team-rank">
            {today.teamRank ? (
              <Link to="/log/rank" className="sb-ac-link">
                <TrophyOutlined aria-hidden /> {formatNumber(today.teamRank.rank, i18n.language)}
                <small>/{formatNumber(today.teamRank.of, i18n.language)}</small>
              </Link>
            ) : (
              '—'
            )}
          </dd>
        </div>
      </dl>
      <Progress
        percent={progressPercent(today.weekPoints, today.weekPlannedPoints)}
        size="small"
        showInfo={false}
        aria-label={t('activityMe.today.pointsWeek')}
        style={{ margin: '8px 0 4px' }}
      />
      {rows.length > 0 && (
        <div
          className="sb-ac-plan-rows"
          role="list"
          aria-label={t('activityMe.today.planVsDone')}
          data-testid="plan-vs-done"
        >
          {rows.map((r) => (
            <div key={r.typeId} role="listitem" className="sb-ac-plan-row">
              <span className="sb-ac-plan-name">{typeName(byId.get(r.typeId))}</span>
              <Progress
                percent={progressPercent(r.done, r.planned)}
                size="small"
                showInfo={false}
                status={r.planned > 0 && r.done >= r.planned ? 'success' : 'normal'}
                aria-label={typeName(byId.get(r.typeId))}
              />
              <span className="sb-ac-plan-count">
                {formatNumber(r.done, i18n.language)}/{formatNumber(r.planned, i18n.language)}
              </span>
            </div>
          ))}
        </div>
      )}
      {today.plannedToday.every((p) => p.planned === 0) && (
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('activityMe.today.noPlan')} <Link to="/log/plan">{t('activityMe.today.makePlan')}</Link>
        </Typography.Text>
      )}
    </Card>
  );
}

/** 日志 tab: today's progress, the three-tap log, the day's activities, submitting the day, feedback. */
export default function TodayPage() {
  const { t } = useTranslation();
  const phone = useIsPhoneLayout();
  const { data: today, error, refetch, isPending } = useToday();
  const { data: types } = useActivityTypes();
  const [form, setForm] = useState<{ editing?: Activity; typeId?: string | undefined } | null>(null);
  const [sp] = useSearchParams();
  // A notification about another day's log (/log?date=…) opens that day in the week.
  const asked = sp.get('date');
  if (today && asked && DATE_PATTERN.test(asked) && asked !== today.date)
    return <Navigate to={`/log/week?date=${asked}`} replace />;

  let body: React.ReactNode;
  if (error && !today) body = <ErrorState error={error} onRetry={() => void refetch()} />;
  else if (isPending || !today || !types) {
    body = (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  } else {
    const log = today.log;
    body = (
      <>
        <Progressing today={today} types={types} />
        <QuickLog today={today} types={types} onMore={(typeId) => setForm({ typeId })} />
        <Card
          size="small"
          title={t('activityMe.today.activities')}
          styles={{ body: { padding: 0 } }}
          extra={
            <Button
              type="link"
              icon={<PlusOutlined />}
              onClick={() => setForm({})}
              data-testid="activity-add"
            >
              {today.backdateDays > 0 ? t('activityMe.today.addOrLate') : t('activityMe.today.add')}
            </Button>
          }
        >
          <OwnActivityList activities={log.activities} onEdit={(a) => setForm({ editing: a })} />
        </Card>
        <SubmitDay key={`${log.date}-${log.status}`} log={log} />
        <FeedbackCard feedback={today.feedback} today={today.date} />
        {form && (
          <ActivityFormModal
            today={today.date}
            backdateDays={today.backdateDays}
            types={types}
            prospects={today.recentProspects}
            editing={form.editing}
            defaultTypeId={form.typeId ?? today.quickTypes[0]}
            onClose={() => setForm(null)}
          />
        )}
      </>
    );
  }

  return (
    <Flex vertical gap={12} className="sb-ac-page">
      <PageHeader title={phone ? t('nav.log') : t('activityMe.nav.today')} />
      <LogTabs />
      {body}
    </Flex>
  );
}
