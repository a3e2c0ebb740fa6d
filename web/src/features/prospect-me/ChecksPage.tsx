import { CheckOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Pagination, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ProspectStages, type ProspectStage } from '../../../../contracts/prospect.ts';
import type { SpotCheckDetail } from '../../../../contracts/spot-check.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RowList } from '../../components/RowList.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useMarkCheckSeen, useMyChecks } from './api.ts';
import { GradeTag, StageTag } from './labels.tsx';
import { ProspectTabs } from './ProspectTabs.tsx';
import './prospect-me.css';

const PAGE_SIZE = 10;

function isStage(s: string): s is ProspectStage {
  return (ProspectStages as readonly string[]).includes(s);
}

function Check({ c }: { c: SpotCheckDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const seen = useMarkCheckSeen();
  return (
    <Card
      size="small"
      data-testid={`check-${c.id}`}
      title={
        <Flex gap={6} wrap align="center">
          <span>{t('prospectMe.checks.by', { name: c.supervisorName })}</span>
          {c.unseenCount > 0 && (
            <Tag color="blue" style={{ marginInlineEnd: 0 }}>
              {t('prospectMe.checks.unseen', { count: c.unseenCount })}
            </Tag>
          )}
        </Flex>
      }
      extra={<span className="sb-pm-muted">{formatDateTime(c.createdAt)}</span>}
      styles={{ body: { padding: 0 } }}
    >
      <RowList
        items={c.items}
        rowKey={(i) => i.id}
        render={(i) => (
          <Flex vertical gap={4} className="sb-pm-grow">
            <Flex gap={6} wrap align="center">
              <Link to={`/prospects/cards/${i.card.prospectId}`} className="sb-pm-name">
                {i.card.name}
              </Link>
              <GradeTag grade={i.card.grade} score={i.card.score} />
              {isStage(i.card.stage) && <StageTag stage={i.card.stage} />}
            </Flex>
            {i.comment ? (
              <div className="sb-pm-pre" data-testid="check-comment">
                {i.comment}
                {!i.seenAt && (
                  <Tag color="blue" style={{ marginInlineStart: 6 }}>
                    {t('prospectMe.checks.new')}
                  </Tag>
                )}
              </div>
            ) : (
              <span className="sb-pm-muted">{t('prospectMe.checks.noComment')}</span>
            )}
          </Flex>
        )}
      />
      {c.unseenCount > 0 && (
        <Flex justify="flex-end" style={{ padding: 12 }}>
          <Button
            icon={<CheckOutlined />}
            loading={seen.isPending}
            onClick={() =>
              seen.mutate(c.id, {
                onSuccess: () => void message.success(t('prospectMe.checks.markedSeen')),
                onError: (e) => showError(e),
              })
            }
            data-testid="check-seen"
          >
            {t('prospectMe.checks.markSeen')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}

/** 抽查点评: the samples a supervisor drew from my cards and what they said about each. */
export default function ChecksPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const { data, error, refetch, isPending } = useMyChecks(page, PAGE_SIZE);
  let body: React.ReactNode;
  if (error && !data) body = <ErrorState error={error} onRetry={() => void refetch()} />;
  else if (isPending || !data) body = <Skeleton active />;
  else if (data.items.length === 0)
    body = (
      <Card>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('prospectMe.checks.empty')} />
      </Card>
    );
  else
    body = (
      <>
        {data.items.map((c) => (
          <Check key={c.id} c={c} />
        ))}
        {data.total > PAGE_SIZE && (
          <Flex justify="center">
            <Pagination simple current={page} pageSize={PAGE_SIZE} total={data.total} onChange={setPage} />
          </Flex>
        )}
      </>
    );
  return (
    <Flex vertical gap={12} className="sb-pm-page">
      <ProspectTabs />
      <PageHeader
        title={t('prospectMe.nav.checks')}
        subtitle={
          data && data.unseenCount > 0
            ? t('prospectMe.checks.unseen', { count: data.unseenCount })
            : undefined
        }
      />
      {body}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('prospectMe.checks.hint')}
      </Typography.Text>
    </Flex>
  );
}
