import { CheckOutlined, CommentOutlined, RiseOutlined } from '@ant-design/icons';
import { App, Button, Card, Drawer, Flex, Input, Skeleton, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Coaching, WorkLog } from '../../../../contracts/activity.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { RowList } from '../../components/RowList.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import { todayIn } from '../attendance/time.ts';
import { useAddComment, useCoaching, useReview, useWorkLog, type ReviewQueueItem } from './api.ts';
import { ActivityLine } from './ActivityRows.tsx';
import { CoachingModal } from './CoachingModal.tsx';
import { formatPoints } from './dates.ts';
import { LogStateTag, logStateOf } from './labels.tsx';
import { CommentBox, CommentList } from './Thread.tsx';

function CoachingList({ items }: { items: Coaching[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <Card size="small" title={t('activityMe.coaching.records')} data-testid="log-coaching">
      <Flex vertical gap={10}>
        {items.map((c) => (
          <div key={c.id} data-testid={`coaching-${c.id}`}>
            <Typography.Text strong>{c.topic}</Typography.Text>{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.coachName} · {c.date}
            </Typography.Text>
            <div className="sb-ac-pre">{c.agreed}</div>
            {c.followUpDate && (
              <div className="sb-ac-muted">{t('activityMe.feedback.followUp', { date: c.followUpDate })}</div>
            )}
            {c.reply && (
              <div
                className="sb-ac-bubble sb-ac-bubble-own"
                style={{ marginTop: 6 }}
                data-testid="coaching-reply"
              >
                <div className="sb-ac-bubble-head">
                  <Typography.Text strong>{c.userName}</Typography.Text>
                  <Typography.Text type="secondary">{formatDateTime(c.repliedAt)}</Typography.Text>
                </div>
                <div className="sb-ac-bubble-body">{c.reply}</div>
              </div>
            )}
          </div>
        ))}
      </Flex>
    </Card>
  );
}

/** The review box: a comment, or the review itself (with the comment when one is written). */
function ReviewBox({ log, onReviewed }: { log: WorkLog; onReviewed: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const review = useReview();
  const comment = useAddComment();
  const showError = useApiError();
  const logId = log.id!;
  const body = text.trim();
  return (
    <Flex vertical gap={8} data-testid="review-box">
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        maxLength={2000}
        autoSize={{ minRows: 1, maxRows: 4 }}
        placeholder={
          log.reviewedAt ? t('activityMe.review.commentMore') : t('activityMe.review.commentPlaceholder')
        }
        aria-label={t('activityMe.review.commentPlaceholder')}
        data-testid="review-comment"
      />
      <Flex gap={8} wrap justify="flex-end">
        <Button
          icon={<CommentOutlined />}
          disabled={!body}
          loading={comment.isPending}
          onClick={() =>
            comment.mutate(
              { logId, body },
              {
                onSuccess: () => {
                  setText('');
                  void message.success(t('activityMe.thread.sent'));
                },
                onError: (e) => showError(e),
              },
            )
          }
          data-testid="review-comment-send"
        >
          {t('activityMe.review.comment')}
        </Button>
        {!log.reviewedAt && (
          <Button
            type="primary"
            icon={<CheckOutlined />}
            loading={review.isPending}
            onClick={() =>
              review.mutate(
                { logId, comment: body || undefined },
                {
                  onSuccess: () => {
                    setText('');
                    void message.success(t('activityMe.review.done', { name: log.userName }));
                    onReviewed();
                  },
                  onError: (e) => showError(e),
                },
              )
            }
            data-testid="review-mark"
          >
            {body ? t('activityMe.review.markWithComment') : t('activityMe.review.mark')}
          </Button>
        )}
      </Flex>
    </Flex>
  );
}

/**
 * One submitted log, opened from the review queue: the activities (each may get its own comment),
 * the summary and tomorrow's plan, the thread with the agent's answers, coaching; then comment,
 * mark reviewed, or record coaching.
 */
export function LogDrawer({
  item,
  onClose,
  onReviewed,
}: {
  item: ReviewQueueItem;
  onClose: () => void;
  onReviewed: () => void;
}) {
  const { t, i18n } = useTranslation();
  const phone = useIsPhoneLayout();
  const { data: log, error, refetch } = useWorkLog(item.date, item.userId);
  const { data: coaching } = useCoaching({ userId: item.userId, from: item.date });
  const [commentOn, setCommentOn] = useState<string | null>(null);
  const [coachOpen, setCoachOpen] = useState(false);
  const linked = (coaching?.items ?? []).filter((c) => c.logId === item.logId);

  return (
    <Drawer
      open
      onClose={onClose}
      size={phone ? '100%' : 'large'}
      title={t('activityMe.review.drawerTitle', {
        name: item.userName,
        date: item.date,
        weekday: dayjs(item.date).format('ddd'),
      })}
      extra={
        <Button icon={<RiseOutlined />} onClick={() => setCoachOpen(true)} data-testid="coaching-open">
          {phone ? t('activityMe.coaching.short') : t('activityMe.coaching.record')}
        </Button>
      }
      footer={log?.id ? <ReviewBox key={log.id} log={log} onReviewed={onReviewed} /> : undefined}
      data-testid="log-drawer"
    >
      {error && !log ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !log ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={12}>
          <Flex justify="space-between" align="center" gap={8} wrap>
            <Typography.Text type="secondary">
              {item.unitName} ·{' '}
              {t('activityMe.review.submittedAt', { time: formatDateTime(log.submittedAt) })}
            </Typography.Text>
            <LogStateTag state={logStateOf(log)} testId="drawer-log-state" />
          </Flex>
          <dl className="sb-ac-figures">
            <div className="sb-ac-figure">
              <dt>{t('activityMe.review.activities')}</dt>
              <dd>{log.activities.length}</dd>
            </div>
            <div className="sb-ac-figure">
              <dt>{t('activityMe.review.points')}</dt>
              <dd>
                {formatPoints(log.points, i18n.language)}
                <small>/{formatPoints(item.plannedPoints, i18n.language)}</small>
              </dd>
            </div>
            <div className="sb-ac-figure">
              <dt>{t('activityMe.review.comments')}</dt>
              <dd>{log.comments.length}</dd>
            </div>
          </dl>
          {log.noActivity && (
            <Typography.Text type="warning" data-testid="drawer-no-activity">
              {t('activityMe.review.noActivity')}
            </Typography.Text>
          )}
          <Card size="small" title={t('activityMe.review.dayActivities')} styles={{ body: { padding: 0 } }}>
            <RowList
              label={t('activityMe.review.dayActivities')}
              items={[...log.activities].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))}
              rowKey={(a) => a.id}
              empty={
                <Typography.Paragraph type="secondary" style={{ padding: 16, margin: 0 }}>
                  {t('activityMe.today.noActivities')}
                </Typography.Paragraph>
              }
              render={(a) => (
                <ActivityLine
                  a={a}
                  extra={
                    log.id &&
                    (commentOn === a.id ? (
                      <div style={{ marginTop: 6 }}>
                        <CommentBox
                          logId={log.id}
                          activityId={a.id}
                          placeholder={t('activityMe.review.activityCommentPlaceholder')}
                          onSent={() => setCommentOn(null)}
                          testId="activity-comment"
                        />
                      </div>
                    ) : (
                      <Button
                        size="small"
                        type="text"
                        icon={<CommentOutlined />}
                        className="sb-ac-rowbtn"
                        onClick={() => setCommentOn(a.id)}
                        data-testid={`activity-comment-${a.id}`}
                      >
                        {t('activityMe.review.commentActivity')}
                      </Button>
                    ))
                  }
                />
              )}
            />
          </Card>
          {(log.summary || log.tomorrowPlan) && (
            <Card size="small">
              {log.summary && (
                <div style={{ marginBottom: 8 }}>
                  <div className="sb-ac-label">{t('activityMe.submit.summary')}</div>
                  <div className="sb-ac-pre" data-testid="drawer-summary">
                    {log.summary}
                  </div>
                </div>
              )}
              {log.tomorrowPlan && (
                <div>
                  <div className="sb-ac-label">{t('activityMe.submit.tomorrow')}</div>
                  <div className="sb-ac-pre">{log.tomorrowPlan}</div>
                </div>
              )}
            </Card>
          )}
          {log.comments.length > 0 && (
            <Card size="small" title={t('activityMe.thread.title')}>
              <CommentList log={log} />
            </Card>
          )}
          <CoachingList items={linked} />
        </Flex>
      )}
      {coachOpen && (
        <CoachingModal
          userId={item.userId}
          userName={item.userName}
          logId={item.logId}
          today={todayIn()}
          onClose={() => setCoachOpen(false)}
        />
      )}
    </Drawer>
  );
}
