import { CheckOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Flex, Input, Progress, Skeleton, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpotCheckItem } from '../../../../../contracts/spot-check.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { useApiError } from '../../../components/useApiError.ts';
import { formatDate, formatDateTime } from '../../../i18n/format.ts';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import { useCommentItem, useSpotCheck } from '../api.ts';
import { GradeTag, StageTag } from '../components/common.tsx';

/**
 * One spot-check: the sampled cards, each with its summary and a comment the agent will read.
 * Review is a queue: saving a comment moves the cursor to the next card without one.
 */
export function SampleDrawer({ checkId, onClose }: { checkId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = useIsPhoneLayout();
  const { data, error, refetch } = useSpotCheck(checkId);
  const boxes = useRef(new Map<string, HTMLTextAreaElement | null>());
  const focusNext = (afterId: string) => {
    if (!data) return;
    const i = data.items.findIndex((x) => x.id === afterId);
    const next = [...data.items.slice(i + 1), ...data.items.slice(0, i)].find((x) => !x.comment);
    if (next) boxes.current.get(next.id)?.focus();
  };
  const done = data ? data.items.filter((i) => i.comment).length : 0;
  return (
    <Drawer
      open
      onClose={onClose}
      width={phone ? '100%' : 680}
      title={
        data
          ? t('prospect.spotCheck.sampleTitle', {
              name: data.agentName,
              date: formatDateTime(data.createdAt),
            })
          : t('prospect.spotCheck.sample')
      }
      data-testid="spot-check-sample"
    >
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <Flex vertical gap={12}>
          <Flex gap={12} align="center" wrap>
            <Typography.Text>
              {t('prospect.spotCheck.sampleMeta', {
                supervisor: data.supervisorName,
                n: data.itemCount,
                size: data.sampleSize,
              })}
            </Typography.Text>
            <Progress
              percent={data.itemCount ? Math.round((done / data.itemCount) * 100) : 0}
              format={() => t('prospect.spotCheck.commented', { done, total: data.itemCount })}
              style={{ flex: '1 1 200px', margin: 0 }}
              size="small"
            />
          </Flex>
          {data.itemCount < data.sampleSize && (
            <Typography.Text type="secondary">{t('prospect.spotCheck.fewer')}</Typography.Text>
          )}
          {data.items.map((item, i) => (
            <SampleCard
              key={item.id}
              checkId={checkId}
              index={i + 1}
              item={item}
              boxRef={(el) => boxes.current.set(item.id, el)}
              onSaved={() => focusNext(item.id)}
            />
          ))}
        </Flex>
      )}
    </Drawer>
  );
}

function SampleCard({
  checkId,
  index,
  item,
  boxRef,
  onSaved,
}: {
  checkId: string;
  index: number;
  item: SpotCheckItem;
  boxRef: (el: HTMLTextAreaElement | null) => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const save = useCommentItem(checkId);
  const [text, setText] = useState(item.comment ?? '');
  const c = item.card;
  const changed = text.trim() !== (item.comment ?? '');
  const id = `sample-comment-${item.id}`;
  const submit = () => {
    if (!text.trim() || !changed) return;
    save.mutate(
      { itemId: item.id, comment: text.trim() },
      {
        onSuccess: () => {
          void message.success(t('prospect.spotCheck.commentSaved'));
          onSaved();
        },
        onError: (e) => showError(e),
      },
    );
  };
  return (
    <section
      className={`sb-pro-sample-card${item.comment ? ' sb-pro-commented' : ''}`}
      aria-labelledby={`${id}-title`}
      data-testid="spot-check-card"
    >
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text strong id={`${id}-title`} style={{ fontSize: 15 }}>
          {index}. {c.name}
        </Typography.Text>
        <Flex gap={6} align="center">
          <GradeTag grade={c.grade} />
          <StageTag stage={c.stage} />
        </Flex>
      </Flex>
      <div className="sb-pro-facts">
        {c.score !== null && <span>{t('prospect.card.score', { n: c.score })}</span>}
        {c.phone && <span>{t('prospect.card.phone', { phone: c.phone })}</span>}
        <span>{t('prospect.card.created', { date: formatDate(c.createdAt) })}</span>
        <span>
          {c.nextFollowUp
            ? t('prospect.card.followUp', { date: formatDate(c.nextFollowUp) })
            : t('prospect.card.noFollowUp')}
        </span>
      </div>
      <label htmlFor={id} className="sr-only">
        {t('prospect.spotCheck.commentFor', { name: c.name })}
      </label>
      <Input.TextArea
        id={id}
        ref={(r) => boxRef(r?.resizableTextArea?.textArea ?? null)}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onPressEnter={(e) => {
          if (e.ctrlKey || e.metaKey) submit();
        }}
        autoSize={{ minRows: 2, maxRows: 6 }}
        maxLength={1000}
        placeholder={t('prospect.spotCheck.commentPlaceholder')}
        data-testid="spot-check-comment"
      />
      <Flex justify="space-between" align="center" gap={8} style={{ marginTop: 8 }} wrap>
        <span>
          {item.commentedAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('prospect.spotCheck.commentedAt', { at: formatDateTime(item.commentedAt) })}
            </Typography.Text>
          )}{' '}
          {item.comment &&
            (item.seenAt ? (
              <Tag color="success" icon={<CheckOutlined />}>
                {t('prospect.spotCheck.seen')}
              </Tag>
            ) : (
              <Tag>{t('prospect.spotCheck.unseen')}</Tag>
            ))}
        </span>
        <Button
          type="primary"
          onClick={submit}
          disabled={!text.trim() || !changed}
          loading={save.isPending}
          aria-label={t('prospect.spotCheck.saveCommentFor', { name: c.name })}
          data-testid="spot-check-comment-save"
        >
          {item.comment ? t('prospect.spotCheck.updateComment') : t('prospect.spotCheck.saveComment')}
        </Button>
      </Flex>
    </section>
  );
}
