import { Alert, App, Button, Card, Flex, Input, Rate, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Skill, SkillAssessment, SkillRatings } from '../../../../contracts/activity.ts';
import { Skills } from '../../../../contracts/activity.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useCurrentWorkMonth } from '../attendance-me/api.ts';
import { useSaveSkills, useSkills } from './api.ts';
import { LogTabs } from './LogTabs.tsx';
import './activity-me.css';

/** A few months of one skill's self-rating as little bars, the latest dark; its words for screen readers. */
function Spark({ values, label }: { values: (number | null)[]; label: string }) {
  const shown = values.filter((v): v is number => v !== null);
  if (shown.length < 2) return null;
  return (
    <span className="sb-ac-spark" role="img" aria-label={label}>
      {shown.map((v, i) => (
        <span key={i} style={{ height: `${v * 4}px` }} />
      ))}
    </span>
  );
}

function average(r: SkillRatings | null): number | null {
  if (!r) return null;
  return Skills.reduce((sum, s) => sum + r[s], 0) / Skills.length;
}

/** Month by month: my average and the supervisor's, newest first. */
function TrendCard({ list }: { list: SkillAssessment[] }) {
  const { t, i18n } = useTranslation();
  const n = (v: number | null) =>
    v === null ? '—' : new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(v);
  return (
    <Card size="small" title={t('activityMe.skills.trendTitle')} styles={{ body: { padding: 0 } }}>
      <table className="sb-ac-table" data-testid="skills-trend">
        <thead>
          <tr>
            <th scope="col">{t('activityMe.skills.period')}</th>
            <th scope="col">{t('activityMe.skills.selfAvg')}</th>
            <th scope="col">{t('activityMe.skills.supervisorAvg')}</th>
          </tr>
        </thead>
        <tbody>
          {[...list].reverse().map((a) => (
            <tr key={a.period}>
              <td>{a.period}</td>
              <td>{n(average(a.self))}</td>
              <td>{n(average(a.supervisor))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function SkillsForm({ month, list }: { month: string; list: SkillAssessment[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const save = useSaveSkills();
  const sorted = [...list].sort((a, b) => a.period.localeCompare(b.period));
  const current = sorted.find((a) => a.period === month);
  const lastSelf = [...sorted].reverse().find((a) => a.self)?.self ?? null;
  const [ratings, setRatings] = useState<Partial<SkillRatings>>(current?.self ?? lastSelf ?? {});
  const [note, setNote] = useState(current?.selfNote ?? '');
  const complete = Skills.every((s) => (ratings[s] ?? 0) >= 1);
  const trendOf = (s: Skill) => sorted.slice(-6).map((a) => a.self?.[s] ?? null);
  // The supervisor's latest rating: this month's, or the last month that has one.
  const lastSupervised = [...sorted].reverse().find((a) => a.supervisor);

  return (
    <Flex vertical gap={12}>
      <Card size="small" title={t('activityMe.skills.month', { month })}>
        {current?.selfAt ? (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('activityMe.skills.savedAt', { time: formatDateTime(current.selfAt) })}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {lastSelf ? t('activityMe.skills.fromLast') : t('activityMe.skills.hint')}
          </Typography.Text>
        )}
        <div role="list" data-testid="skills" style={{ marginTop: 8 }}>
          {Skills.map((s) => {
            const sup = lastSupervised?.supervisor?.[s];
            return (
              <div key={s} role="listitem" className="sb-ac-skill" data-testid={`skill-${s}`}>
                <div style={{ minWidth: 0 }}>
                  <Typography.Text strong>{t(`activityMe.skill.${s}`)}</Typography.Text>{' '}
                  <Spark
                    values={trendOf(s)}
                    label={t('activityMe.skills.trend', {
                      values: trendOf(s)
                        .map((v) => v ?? '—')
                        .join(', '),
                    })}
                  />
                </div>
                <Typography.Text
                  type="secondary"
                  style={{ fontSize: 13, textAlign: 'right' }}
                  data-testid={`skill-sup-${s}`}
                >
                  {sup && lastSupervised
                    ? lastSupervised.period === month
                      ? t('activityMe.skills.supervisorScore', { score: sup })
                      : t('activityMe.skills.supervisorScoreOf', { score: sup, month: lastSupervised.period })
                    : t('activityMe.skills.supervisorNone')}
                </Typography.Text>
                <Rate
                  value={ratings[s] ?? 0}
                  onChange={(v) => setRatings((r) => ({ ...r, [s]: v || undefined }))}
                  aria-label={t(`activityMe.skill.${s}`)}
                  style={{ gridColumn: '1 / -1' }}
                  tooltips={[1, 2, 3, 4, 5].map((n) => t(`activityMe.skills.level${n}`))}
                />
              </div>
            );
          })}
        </div>
      </Card>
      {lastSupervised && (
        <Alert
          type="info"
          showIcon
          title={t('activityMe.skills.supervisorBy', {
            name: lastSupervised.supervisorName ?? '',
            month: lastSupervised.period,
          })}
          description={lastSupervised.supervisorNote || undefined}
          data-testid="skills-supervisor"
        />
      )}
      <Card size="small">
        <Flex vertical gap={10}>
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={1000}
            autoSize={{ minRows: 2, maxRows: 5 }}
            placeholder={t('activityMe.skills.notePlaceholder')}
            aria-label={t('activityMe.skills.note')}
          />
          <Button
            type="primary"
            size="large"
            block
            disabled={!complete}
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                { period: month, ratings: ratings as SkillRatings, note: note.trim() || undefined },
                { onSuccess: () => void message.success(t('common.saved')), onError: (e) => showError(e) },
              )
            }
            data-testid="skills-save"
          >
            {t('activityMe.skills.save')}
          </Button>
          {!complete && (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('activityMe.skills.rateAll')}
            </Typography.Text>
          )}
        </Flex>
      </Card>
      {sorted.length > 0 && <TrendCard list={sorted} />}
    </Flex>
  );
}

/** 技能成熟度: this work month's self-rating of the six selling skills, the supervisor's beside it. */
export default function SkillsPage() {
  const { t } = useTranslation();
  const { data: month } = useCurrentWorkMonth();
  const { data, error, refetch } = useSkills(undefined, 6);
  return (
    <Flex vertical gap={12} className="sb-ac-page">
      <PageHeader title={t('activityMe.nav.skills')} />
      <LogTabs />
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !data || !month ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <SkillsForm key={month} month={month} list={data} />
      )}
    </Flex>
  );
}
