import { SendOutlined } from '@ant-design/icons';
import { App, Button, Flex, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkLog } from '../../../../contracts/activity.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useApiError } from '../../components/useApiError.ts';
import { timeIn } from '../attendance/time.ts';
import { useAddComment } from './api.ts';
import { useTypeName } from './labels.tsx';

type Comment = WorkLog['comments'][number];

/** The conversation on a log: the supervisor's comments and the owner's answers, oldest first. */
export function CommentList({ log }: { log: WorkLog }) {
  const { t } = useTranslation();
  const typeName = useTypeName();
  const byId = new Map(log.activities.map((a) => [a.id, a]));
  const comments = [...log.comments].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  if (comments.length === 0) return null;
  const about = (c: Comment) => {
    if (!c.activityId) return null;
    const a = byId.get(c.activityId);
    if (!a) return t('activityMe.thread.onActivity', { what: '' });
    return t('activityMe.thread.onActivity', {
      what: `${timeIn(a.occurredAt)} ${typeName({ name: a.typeName, nameEn: a.typeNameEn })}${a.prospectName ? ` · ${a.prospectName}` : ''}`,
    });
  };
  return (
    <ol className="sb-ac-thread" aria-label={t('activityMe.thread.title')} data-testid="log-thread">
      {comments.map((c) => (
        <li
          key={c.id}
          className={`sb-ac-bubble${c.byOwner ? ' sb-ac-bubble-own' : ''}`}
          data-testid={`comment-${c.id}`}
          data-by-owner={c.byOwner}
        >
          <div className="sb-ac-bubble-head">
            <Typography.Text strong>{c.authorName}</Typography.Text>
            <Typography.Text type="secondary">{formatDateTime(c.createdAt)}</Typography.Text>
          </div>
          {about(c) && <div className="sb-ac-muted">{about(c)}</div>}
          <div className="sb-ac-bubble-body">{c.body}</div>
        </li>
      ))}
    </ol>
  );
}

/** A box to write into a log's thread: the supervisor's comment or the owner's answer. */
export function CommentBox({
  logId,
  activityId,
  placeholder,
  onSent,
  testId = 'comment',
}: {
  logId: string;
  activityId?: string | undefined;
  placeholder: string;
  onSent?: () => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [body, setBody] = useState('');
  const add = useAddComment();
  const showError = useApiError();
  const send = () => {
    const text = body.trim();
    if (!text) return;
    add.mutate(
      { logId, body: text, activityId },
      {
        onSuccess: () => {
          setBody('');
          void message.success(t('activityMe.thread.sent'));
          onSent?.();
        },
        onError: (e) => showError(e),
      },
    );
  };
  return (
    <Flex gap={8} align="flex-end">
      <Input.TextArea
        value={body}
        onChange={(e) => setBody(e.target.value)}
        maxLength={2000}
        autoSize={{ minRows: 1, maxRows: 5 }}
        placeholder={placeholder}
        aria-label={placeholder}
        data-testid={`${testId}-input`}
      />
      <Button
        type="primary"
        icon={<SendOutlined />}
        loading={add.isPending}
        disabled={!body.trim()}
        onClick={send}
        aria-label={t('activityMe.thread.send')}
        data-testid={`${testId}-send`}
      >
        {t('activityMe.thread.send')}
      </Button>
    </Flex>
  );
}
