import {
  Card,
  DatePicker,
  Flex,
  Pagination,
  Progress,
  Segmented,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RowList } from '../../components/RowList.tsx';
import { UserSelect } from '../../components/UserSelect.tsx';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import { DATE_PATTERN } from '../attendance/time.ts';
import { useReviewQueue, type QueueParams, type ReviewQueueItem } from './api.ts';
import { CommentCount } from './ActivityRows.tsx';
import { formatPoints, progressPercent } from './dates.ts';
import { LogDrawer } from './LogDrawer.tsx';
import './activity-me.css';

const PAGE_SIZES = [10, 20, 50, 100];
type ReviewedFilter = 'no' | 'yes' | 'all';

/** Filters, page and the opened log in the URL; the default view is what waits (unreviewed). */
function useQueueParams() {
  const [sp, setSp] = useSearchParams();
  const reviewed = (['no', 'yes', 'all'] as const).find((x) => x === sp.get('reviewed')) ?? 'no';
  const date = (k: string) => {
    const v = sp.get(k);
    return v && DATE_PATTERN.test(v) ? v : undefined;
  };
  const page = Number(sp.get('page'));
  const pageSize = Number(sp.get('pageSize'));
  const params: QueueParams & { filter: ReviewedFilter } = {
    filter: reviewed,
    reviewed: reviewed === 'all' ? undefined : reviewed,
    userId: sp.get('userId') ?? undefined,
    from: date('from'),
    to: date('to'),
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
  };
  // `logId` is the name notification links use.
  const opened = sp.get('log') ?? sp.get('logId');
  const update = (
    patch: Partial<
      Record<'reviewed' | 'userId' | 'from' | 'to' | 'page' | 'pageSize' | 'log', string | undefined>
    >,
  ) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if ('log' in patch) next.delete('logId');
    if (!('page' in patch) && !('log' in patch)) next.delete('page');
    if (next.get('reviewed') === 'no') next.delete('reviewed');
    setSp(next, { replace: true });
  };
  return { params, opened, update };
}

function PlanVsActual({ item }: { item: ReviewQueueItem }) {
  const { i18n } = useTranslation();
  const reached = item.plannedPoints > 0 && item.points >= item.plannedPoints;
  return (
    <div style={{ minWidth: 120 }}>
      <Typography.Text className="sb-ac-pts">
        {formatPoints(item.points, i18n.language)}
        <Typography.Text type="secondary" style={{ fontWeight: 400 }}>
          /{formatPoints(item.plannedPoints, i18n.language)}
        </Typography.Text>
      </Typography.Text>
      <Progress
        percent={progressPercent(item.points, item.plannedPoints)}
        size="small"
        showInfo={false}
        status={reached ? 'success' : item.points < item.plannedPoints / 2 ? 'exception' : 'normal'}
        style={{ margin: 0 }}
      />
    </div>
  );
}

function StateTag({ item }: { item: ReviewQueueItem }) {
  const { t } = useTranslation();
  return item.reviewedAt ? (
    <Tag color="success" style={{ marginInlineEnd: 0 }}>
      {t('activityMe.logState.reviewed')}
    </Tag>
  ) : (
    <Tag color="orange" style={{ marginInlineEnd: 0 }}>
      {t('activityMe.review.waiting')}
    </Tag>
  );
}

/** 日志批阅: the team's submitted logs, newest first, with plan vs actual; a row opens the log. */
export default function ReviewPage() {
  const { t, i18n } = useTranslation();
  const phone = useIsPhoneLayout();
  const { params, opened, update } = useQueueParams();
  const { data, error, refetch, isFetching } = useReviewQueue(params);
  const items = data?.items ?? [];
  const total = data?.total ?? 0;
  const current = opened ? items.find((i) => i.logId === opened) : undefined;

  // After a review the queue moves on: the next unreviewed log below (or above) the one just done.
  const next = (done: ReviewQueueItem) => {
    const idx = items.findIndex((i) => i.logId === done.logId);
    const after = [...items.slice(idx + 1), ...items.slice(0, Math.max(idx, 0))].find(
      (i) => !i.reviewedAt && i.logId !== done.logId,
    );
    update({ log: after?.logId });
  };

  const filters = (
    <Flex gap={8} wrap style={{ marginBottom: 12 }}>
      <Segmented<ReviewedFilter>
        value={params.filter}
        onChange={(v) => update({ reviewed: v })}
        options={[
          {
            value: 'no',
            label: <span data-testid="review-filter-no">{t('activityMe.review.unreviewed')}</span>,
          },
          {
            value: 'yes',
            label: <span data-testid="review-filter-yes">{t('activityMe.review.reviewed')}</span>,
          },
          { value: 'all', label: <span data-testid="review-filter-all">{t('activityMe.review.all')}</span> },
        ]}
        block={phone}
        style={phone ? { width: '100%' } : undefined}
      />
      <UserSelect
        value={params.userId}
        onChange={(v) => update({ userId: v ?? undefined })}
        placeholder={t('activityMe.review.person')}
        style={{ minWidth: 180, flex: phone ? 1 : undefined }}
        data-testid="review-person"
      />
      {phone ? (
        <Flex gap={8} style={{ width: '100%' }}>
          <DatePicker
            value={params.from ? dayjs(params.from) : null}
            onChange={(d) => update({ from: d?.format('YYYY-MM-DD') })}
            inputReadOnly
            placeholder={t('activityMe.review.from')}
            aria-label={t('activityMe.review.from')}
            style={{ flex: 1 }}
          />
          <DatePicker
            value={params.to ? dayjs(params.to) : null}
            onChange={(d) => update({ to: d?.format('YYYY-MM-DD') })}
            inputReadOnly
            placeholder={t('activityMe.review.to')}
            aria-label={t('activityMe.review.to')}
            style={{ flex: 1 }}
          />
        </Flex>
      ) : (
        <DatePicker.RangePicker
          value={[params.from ? dayjs(params.from) : null, params.to ? dayjs(params.to) : null]}
          allowEmpty={[true, true]}
          onChange={(r) => update({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
          aria-label={t('activityMe.review.dates')}
        />
      )}
    </Flex>
  );

  const columns: TableColumnsType<ReviewQueueItem> = [
    {
      key: 'user',
      title: t('activityMe.review.columns.user'),
      render: (_, r) => (
        <>
          <Typography.Text strong>{r.userName}</Typography.Text>
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.unitName}
          </Typography.Text>
        </>
      ),
    },
    {
      key: 'date',
      title: t('activityMe.review.columns.date'),
      render: (_, r) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {r.date} {dayjs(r.date).format('ddd')}
        </span>
      ),
    },
    {
      key: 'activities',
      title: t('activityMe.review.columns.activities'),
      align: 'right',
      render: (_, r) =>
        r.noActivity ? (
          <Tag color="default">{t('activityMe.review.noActivityShort')}</Tag>
        ) : (
          formatNumber(r.activities, i18n.language)
        ),
    },
    {
      key: 'points',
      title: t('activityMe.review.columns.points'),
      render: (_, r) => <PlanVsActual item={r} />,
    },
    {
      key: 'summary',
      title: t('activityMe.review.columns.summary'),
      dataIndex: 'summary',
      ellipsis: { showTitle: true },
      width: '28%',
    },
    {
      key: 'comments',
      title: t('activityMe.review.columns.comments'),
      render: (_, r) => <CommentCount n={r.comments} />,
    },
    {
      key: 'submittedAt',
      title: t('activityMe.review.columns.submittedAt'),
      render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.submittedAt)}</span>,
    },
    { key: 'state', title: t('activityMe.review.columns.state'), render: (_, r) => <StateTag item={r} /> },
  ];

  return (
    <div className="sb-ac-wide">
      <PageHeader title={t('activityMe.nav.review')} />
      {filters}
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : phone ? (
        <Flex vertical gap={12}>
          <Card loading={isFetching && !data} styles={{ body: { padding: 0 } }}>
            <div data-testid="review-queue">
              <RowList
                label={t('activityMe.nav.review')}
                items={items}
                rowKey={(r) => r.logId}
                onClick={(r) => update({ log: r.logId })}
                empty={
                  <Typography.Paragraph type="secondary" style={{ padding: 16, margin: 0 }}>
                    {params.filter === 'no'
                      ? t('activityMe.review.emptyWaiting')
                      : t('activityMe.review.empty')}
                  </Typography.Paragraph>
                }
                render={(r) => (
                  <div className="sb-ac-queue-row" data-testid={`queue-${r.logId}`} data-user={r.userName}>
                    <Flex justify="space-between" align="center" gap={8}>
                      <Typography.Text strong ellipsis>
                        {r.userName}
                        <Typography.Text type="secondary" style={{ fontWeight: 400 }}>
                          {' '}
                          · {r.date.slice(5)} {dayjs(r.date).format('ddd')}
                        </Typography.Text>
                      </Typography.Text>
                      <StateTag item={r} />
                    </Flex>
                    <Flex justify="space-between" align="center" gap={8}>
                      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                        {r.noActivity
                          ? t('activityMe.review.noActivityShort')
                          : t('activityMe.week.activities', { n: r.activities })}
                      </Typography.Text>
                      <CommentCount n={r.comments} />
                    </Flex>
                    <PlanVsActual item={r} />
                    {r.summary && (
                      <Typography.Paragraph
                        type="secondary"
                        ellipsis={{ rows: 2 }}
                        style={{ margin: 0, fontSize: 13 }}
                      >
                        {r.summary}
                      </Typography.Paragraph>
                    )}
                  </div>
                )}
              />
            </div>
          </Card>
          {total > params.pageSize && (
            <Flex justify="center">
              <Pagination
                simple
                current={params.page}
                pageSize={params.pageSize}
                total={total}
                onChange={(page) => update({ page: String(page) })}
              />
            </Flex>
          )}
          <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
            {t('activityMe.review.total', { n: formatNumber(total, i18n.language) })}
          </Typography.Text>
        </Flex>
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <div data-testid="review-queue">
            <Table<ReviewQueueItem>
              rowKey="logId"
              size="middle"
              columns={columns}
              dataSource={items}
              loading={isFetching}
              scroll={{ x: 'max-content' }}
              rowClassName={(r) => (r.reviewedAt ? '' : 'sb-ac-unreviewed')}
              locale={{
                emptyText:
                  params.filter === 'no' ? t('activityMe.review.emptyWaiting') : t('activityMe.review.empty'),
              }}
              onRow={(r) =>
                ({
                  onClick: () => update({ log: r.logId }),
                  style: { cursor: 'pointer' },
                  'data-testid': `queue-${r.logId}`,
                }) as React.HTMLAttributes<HTMLElement>
              }
              pagination={{
                current: params.page,
                pageSize: params.pageSize,
                total,
                showSizeChanger: true,
                pageSizeOptions: PAGE_SIZES,
                showTotal: (n) => t('activityMe.review.total', { n: formatNumber(n, i18n.language) }),
                onChange: (page, pageSize) =>
                  pageSize !== params.pageSize
                    ? update({ pageSize: String(pageSize) })
                    : update({ page: String(page) }),
              }}
            />
          </div>
        </Card>
      )}
      {current && (
        <LogDrawer
          key={current.logId}
          item={current}
          onClose={() => update({ log: undefined })}
          onReviewed={() => next(current)}
        />
      )}
    </div>
  );
}
