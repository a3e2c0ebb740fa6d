import { CheckOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Input, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Coaching } from '../../../../contracts/activity.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useMe } from '../auth/MeContext.tsx';
import { useCoachingRecord, useFollowUpCoaching, useReplyCoaching } from './api.ts';
import './activity-me.css';

function Reply({ coaching }: { coaching: Coaching }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [reply, setReply] = useState('');
  const save = useReplyCoaching();
  const showError = useApiError();
  return (
    <Flex vertical gap={8}>
      <Input.TextArea
        value={reply}
        onChange={(e) => setReply(e.target.value)}
        maxLength={2000}
        autoSize={{ minRows: 2, maxRows: 6 }}
        placeholder={t('activityMe.feedback.replyPlaceholder')}
        aria-label={t('activityMe.feedback.replyPlaceholder')}
        data-testid="coaching-reply-input"
      />
      <Button
        type="primary"
        size="large"
        icon={<SendOutlined />}
        disabled={!reply.trim()}
        loading={save.isPending}
        onClick={() =>
          save.mutate(
            { id: coaching.id, reply: reply.trim() },
            {
              onSuccess: () => void message.success(t('activityMe.thread.sent')),
              onError: (e) => showError(e),
            },
          )
        }
        data-testid="coaching-reply-send"
      >
        {t('activityMe.thread.send')}
      </Button>
    </Flex>
  );
}

/**
 * One coaching record, where its notifications lead: the coached person reads and answers it, the
 * coach reads the answer and marks the follow-up done.
 */
export default function CoachingPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [sp] = useSearchParams();
  const id = sp.get('id') ?? undefined;
  const { data: c, error, refetch } = useCoachingRecord(id);
  const followUp = useFollowUpCoaching();
  const showError = useApiError();

  return (
    <Flex vertical gap={12} className="sb-ac-page">
      <PageHeader title={t('activityMe.nav.coaching')} />
      {!id ? (
        <Typography.Paragraph type="secondary">{t('activityMe.coaching.none')}</Typography.Paragraph>
      ) : error && !c ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !c ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <>
          <Card size="small" title={c.topic} data-testid="coaching-record">
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'who', label: t('activityMe.coaching.person'), children: c.userName },
                {
                  key: 'coach',
                  label: t('activityMe.coaching.coach'),
                  children: `${c.coachName} · ${c.date}`,
                },
                {
                  key: 'agreed',
                  label: t('activityMe.coaching.agreed'),
                  children: <span className="sb-ac-pre">{c.agreed}</span>,
                },
                {
                  key: 'followUp',
                  label: t('activityMe.coaching.followUpDate'),
                  children: (
                    <Flex gap={8} align="center" wrap>
                      {c.followUpDate ?? '—'}
                      {c.followedUpAt && (
                        <Tag color="success">
                          {t('activityMe.coaching.followedUp', { time: formatDateTime(c.followedUpAt) })}
                        </Tag>
                      )}
                    </Flex>
                  ),
                },
              ]}
            />
            {c.logId && me.id === c.userId && (
              <Link to={`/log/week?date=${c.date}`} className="sb-ac-link">
                {t('activityMe.feedback.openDay', { date: c.date })}
              </Link>
            )}
          </Card>
          <Card size="small" title={t('activityMe.coaching.reply')}>
            {c.reply ? (
              <div className="sb-ac-bubble sb-ac-bubble-own" data-testid="coaching-reply">
                <div className="sb-ac-bubble-head">
                  <Typography.Text strong>{c.userName}</Typography.Text>
                  <Typography.Text type="secondary">{formatDateTime(c.repliedAt)}</Typography.Text>
                </div>
                <div className="sb-ac-bubble-body">{c.reply}</div>
              </div>
            ) : me.id === c.userId ? (
              <Reply coaching={c} />
            ) : (
              <Typography.Text type="secondary">{t('activityMe.coaching.noReply')}</Typography.Text>
            )}
          </Card>
          {me.id === c.coachId && !c.followedUpAt && (
            <Button
              size="large"
              icon={<CheckOutlined />}
              loading={followUp.isPending}
              onClick={() =>
                followUp.mutate(c.id, {
                  onSuccess: () => void message.success(t('common.saved')),
                  onError: (e) => showError(e),
                })
              }
              data-testid="coaching-followed-up"
            >
              {t('activityMe.coaching.markFollowedUp')}
            </Button>
          )}
        </>
      )}
    </Flex>
  );
}
