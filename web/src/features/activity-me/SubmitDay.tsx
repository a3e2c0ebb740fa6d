import { CheckCircleFilled, SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Flex, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkLog } from '../../../../contracts/activity.ts';
import { useApiError } from '../../components/useApiError.ts';
import { timeIn } from '../attendance/time.ts';
import { useSaveLog, useSubmitLog } from './api.ts';
import { LogStateTag, logStateOf, usePoints } from './labels.tsx';
import { CommentBox, CommentList } from './Thread.tsx';

/**
 * 提交日志: the day's summary and tomorrow's plan (both optional), one tap to submit. A day
 * without activity is submitted only with the explicit "no activity today" choice, so a zero day
 * is recorded honestly rather than skipped. Once submitted: what was sent, the review and the
 * thread with the supervisor, where the agent answers.
 */
export function SubmitDay({ log, title }: { log: WorkLog; title?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const pts = usePoints();
  const showError = useApiError();
  const save = useSaveLog();
  const submit = useSubmitLog();
  const [summary, setSummary] = useState(log.summary ?? '');
  const [tomorrow, setTomorrow] = useState(log.tomorrowPlan ?? '');
  const [noActivity, setNoActivity] = useState(log.noActivity);
  // Until the supervisor reviews it, a submitted day may be opened again and submitted anew.
  const [reopened, setReopened] = useState(false);
  const empty = log.activities.length === 0;
  const state = logStateOf(log);
  const submitted = log.status === 'submitted';

  // Text typed is kept as a draft when the field is left, so nothing is lost if the agent walks off.
  const saveDraft = () => {
    if (
      (summary.trim() || null) === (log.summary ?? null) &&
      (tomorrow.trim() || null) === (log.tomorrowPlan ?? null)
    )
      return;
    save.mutate({
      date: log.date,
      body: { summary: summary.trim() || null, tomorrowPlan: tomorrow.trim() || null },
    });
  };

  const doSubmit = () =>
    submit.mutate(
      {
        date: log.date,
        body: {
          summary: summary.trim() || null,
          tomorrowPlan: tomorrow.trim() || null,
          noActivity: empty && noActivity,
        },
      },
      {
        onSuccess: () => {
          setReopened(false);
          void message.success(t('activityMe.submit.done'));
        },
        onError: (e) => showError(e),
      },
    );

  const head = (
    <Flex justify="space-between" align="center" gap={8} wrap>
      <Typography.Text type="secondary">
        {t('activityMe.submit.count', { n: log.activities.length, points: pts(log.points) })}
      </Typography.Text>
      <LogStateTag state={state} testId="log-state" />
    </Flex>
  );

  if (submitted && !reopened) {
    return (
      <Card size="small" title={title ?? t('activityMe.submit.title')} data-testid="submit-day">
        <Flex vertical gap={10}>
          {head}
          <Typography.Text className="sb-ac-ok" data-testid="log-submitted">
            <CheckCircleFilled aria-hidden />{' '}
            {log.noActivity
              ? t('activityMe.submit.submittedNoActivity', { time: timeIn(log.submittedAt) })
              : t('activityMe.submit.submittedAt', { time: timeIn(log.submittedAt) })}
          </Typography.Text>
          {!log.reviewedAt && (
            <Button
              onClick={() => setReopened(true)}
              style={{ alignSelf: 'flex-start' }}
              data-testid="log-reopen"
            >
              {t('activityMe.submit.reopen')}
            </Button>
          )}
          {log.reviewedAt && (
            <Typography.Text data-testid="log-reviewed">
              {t('activityMe.submit.reviewedBy', {
                name: log.reviewedByName ?? '',
                time: timeIn(log.reviewedAt),
              })}
            </Typography.Text>
          )}
          {log.summary && (
            <div>
              <div className="sb-ac-label">{t('activityMe.submit.summary')}</div>
              <div className="sb-ac-pre">{log.summary}</div>
            </div>
          )}
          {log.tomorrowPlan && (
            <div>
              <div className="sb-ac-label">{t('activityMe.submit.tomorrow')}</div>
              <div className="sb-ac-pre">{log.tomorrowPlan}</div>
            </div>
          )}
          <CommentList log={log} />
          {log.id && log.comments.length > 0 && (
            <CommentBox
              logId={log.id}
              placeholder={t('activityMe.thread.answerPlaceholder')}
              testId="answer"
            />
          )}
        </Flex>
      </Card>
    );
  }

  return (
    <Card size="small" title={title ?? t('activityMe.submit.title')} data-testid="submit-day">
      <Flex vertical gap={10}>
        {head}
        <Input.TextArea
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
          onBlur={saveDraft}
          maxLength={2000}
          autoSize={{ minRows: 2, maxRows: 6 }}
          placeholder={t('activityMe.submit.summaryPlaceholder')}
          aria-label={t('activityMe.submit.summary')}
          data-testid="log-summary"
        />
        <Input.TextArea
          value={tomorrow}
          onChange={(e) => setTomorrow(e.target.value)}
          onBlur={saveDraft}
          maxLength={2000}
          autoSize={{ minRows: 2, maxRows: 6 }}
          placeholder={t('activityMe.submit.tomorrowPlaceholder')}
          aria-label={t('activityMe.submit.tomorrow')}
          data-testid="log-tomorrow"
        />
        {empty && (
          <Checkbox
            checked={noActivity}
            onChange={(e) => setNoActivity(e.target.checked)}
            className="sb-ac-check"
            data-testid="log-no-activity"
          >
            {t('activityMe.submit.noActivity')}
          </Checkbox>
        )}
        <Button
          type="primary"
          size="large"
          block
          icon={<SendOutlined />}
          disabled={empty && !noActivity}
          loading={submit.isPending}
          onClick={doSubmit}
          data-testid="log-submit"
        >
          {submitted
            ? t('activityMe.submit.resubmit')
            : empty
              ? t('activityMe.submit.submitEmpty')
              : t('activityMe.submit.submit')}
        </Button>
        {empty && !noActivity && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('activityMe.submit.emptyHint')}
          </Typography.Text>
        )}
      </Flex>
    </Card>
  );
}
