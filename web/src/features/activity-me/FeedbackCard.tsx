import { CheckSquareOutlined, CommentOutlined, RiseOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Coaching } from '../../../../contracts/activity.ts';
import { RowList } from '../../components/RowList.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useMe } from '../auth/MeContext.tsx';
import { useCoaching, useReplyCoaching, type FeedbackItem } from './api.ts';
import { foldFeedback, type FeedbackEntry } from './feedback.ts';
import { addDays } from './dates.ts';
import { CommentBox } from './Thread.tsx';

const ICONS = {
  comment: <CommentOutlined aria-hidden />,
  review: <CheckSquareOutlined aria-hidden />,
  coaching: <RiseOutlined aria-hidden />,
} as const;

function CoachingReply({ coaching }: { coaching: Coaching }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [reply, setReply] = useState('');
  const save = useReplyCoaching();
  const showError = useApiError();
  const send = () =>
    save.mutate(
      { id: coaching.id, reply: reply.trim() },
      {
        onSuccess: () => void message.success(t('activityMe.thread.sent')),
        onError: (e) => showError(e),
      },
    );
  return (
    <Flex gap={8} align="flex-end">
      <Input.TextArea
        value={reply}
        onChange={(e) => setReply(e.target.value)}
        maxLength={2000}
        autoSize={{ minRows: 1, maxRows: 5 }}
        placeholder={t('activityMe.feedback.replyPlaceholder')}
        aria-label={t('activityMe.feedback.replyPlaceholder')}
        data-testid="coaching-reply-input"
      />
      <Button
        type="primary"
        icon={<SendOutlined />}
        disabled={!reply.trim()}
        loading={save.isPending}
        onClick={send}
        data-testid="coaching-reply-send"
      >
        {t('activityMe.thread.send')}
      </Button>
    </Flex>
  );
}

function Item({ f, coaching, today }: { f: FeedbackEntry; coaching: Coaching | undefined; today: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  // A plain review (no words) needs no answer; comments and coaching do.
  const canAnswer =
    (f.kind === 'comment' && !!f.logId) || (f.kind === 'coaching' && !!coaching && !coaching.reply);
  return (
    <Flex
      vertical
      gap={6}
      style={{ width: '100%', minWidth: 0 }}
      data-testid="feedback-item"
      data-kind={f.kind}
    >
      <Flex gap={8} align="baseline" wrap>
        <span className={`sb-ac-fb-icon sb-ac-fb-${f.kind}`}>{ICONS[f.kind]}</span>
        <Typography.Text strong>
          {f.withReview
            ? t('activityMe.feedback.kind.commentReview', { name: f.by })
            : t(`activityMe.feedback.kind.${f.kind}`, { name: f.by })}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(f.at)}
        </Typography.Text>
      </Flex>
      {f.text && <div className="sb-ac-pre">{f.text}</div>}
      {f.kind === 'coaching' && coaching && (
        <>
          {coaching.followUpDate && (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('activityMe.feedback.followUp', { date: coaching.followUpDate })}
            </Typography.Text>
          )}
          {coaching.reply && (
            <div className="sb-ac-bubble sb-ac-bubble-own" data-testid="coaching-reply">
              <div className="sb-ac-bubble-head">
                <Typography.Text strong>{t('activityMe.feedback.myReply')}</Typography.Text>
                <Typography.Text type="secondary">{formatDateTime(coaching.repliedAt)}</Typography.Text>
              </div>
              <div className="sb-ac-bubble-body">{coaching.reply}</div>
            </div>
          )}
        </>
      )}
      <Flex gap={12} wrap align="center">
        {f.date !== today && f.logId && (
          <Link to={`/log/week?date=${f.date}`} className="sb-ac-link">
            {t('activityMe.feedback.openDay', { date: f.date })}
          </Link>
        )}
        {canAnswer && !open && (
          <Button
            size="small"
            onClick={() => setOpen(true)}
            className="sb-ac-rowbtn"
            data-testid="feedback-answer"
          >
            {t('activityMe.feedback.answer')}
          </Button>
        )}
      </Flex>
      {open && f.kind !== 'coaching' && f.logId && (
        <CommentBox
          logId={f.logId}
          placeholder={t('activityMe.thread.answerPlaceholder')}
          onSent={() => setOpen(false)}
          testId="answer"
        />
      )}
      {open && f.kind === 'coaching' && coaching && !coaching.reply && <CoachingReply coaching={coaching} />}
    </Flex>
  );
}

/** 主管反馈: comments, reviews and coaching of the last seven days, each answerable here. */
export function FeedbackCard({ feedback, today }: { feedback: FeedbackItem[]; today: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const hasCoaching = feedback.some((f) => f.kind === 'coaching');
  const { data: coaching } = useCoaching(
    { userId: me.id, from: addDays(today, -30), to: today },
    hasCoaching,
  );
  const byId = new Map((coaching?.items ?? []).map((c) => [c.id, c]));
  const items = foldFeedback(feedback);
  return (
    <Card size="small" title={t('activityMe.feedback.title')} data-testid="feedback">
      <RowList
        label={t('activityMe.feedback.title')}
        items={items}
        rowKey={(f) => `${f.kind}-${f.at}-${f.coachingId ?? f.logId ?? ''}`}
        render={(f) => (
          <Item f={f} coaching={f.coachingId ? byId.get(f.coachingId) : undefined} today={today} />
        )}
        empty={
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('activityMe.feedback.empty')}
          </Typography.Paragraph>
        }
      />
    </Card>
  );
}
