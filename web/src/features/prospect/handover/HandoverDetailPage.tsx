import { Button, Card, Flex, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { HandoverItem } from '../../../../../contracts/handover.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { useCan, useMe } from '../../auth/MeContext.tsx';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import { useHandover } from '../api.ts';
import { HandoverDetailBody } from './HandoverDetail.tsx';

/**
 * One handover (客户移交), where its notifications lead: the receiving agent (on a phone) sees
 * whose customers they now hold and opens each card and customer; the agent who gave them up sees
 * where they went; a manager sees the same detail as in the handover page's drawer, with the way
 * back to all handovers. The server answers 404 to anyone who sees neither agent.
 */
export default function HandoverDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const me = useMe();
  const can = useCan();
  const phone = useIsPhoneLayout();
  const { data, error, refetch } = useHandover(id ?? null);

  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!data) return <Skeleton active paragraph={{ rows: 6 }} />;

  const receiver = data.toUserId === me.id;
  // The rows moved are the receiver's now, and readable by leads in scope; not by the one who gave them up.
  const canOpen = receiver || can('prospect.read');
  const itemLink = (i: HandoverItem): string | null => {
    if (!canOpen) return null;
    if (i.entity === 'prospect') return `/prospects/cards/${i.entityId}`;
    if (i.entity === 'customer') return `/customers/${i.entityId}`;
    return null;
  };
  const subtitle = receiver
    ? t('prospect.handover.toYou', { from: data.fromUserName })
    : data.fromUserId === me.id
      ? t('prospect.handover.fromYou', { to: data.toUserName })
      : undefined;
  const block = phone ? { block: true } : {};

  return (
    <div data-testid="handover-page-detail">
      <PageHeader
        title={t('prospect.handover.pageTitle', { from: data.fromUserName, to: data.toUserName })}
        subtitle={subtitle}
      />
      <Flex vertical gap={12}>
        <Card size="small">
          <HandoverDetailBody data={data} itemLink={itemLink} />
        </Card>
        <Flex gap={8} wrap vertical={phone}>
          {receiver && (
            <>
              <Link to="/customers">
                <Button type="primary" {...block}>
                  {t('prospect.handover.myCustomers')}
                </Button>
              </Link>
              <Link to="/prospects/cards">
                <Button {...block}>{t('prospect.handover.myCards')}</Button>
              </Link>
            </>
          )}
          {can('prospect.handover') && (
            <Link to="/customers/handover">
              <Button {...block}>{t('prospect.handover.allHandovers')}</Button>
            </Link>
          )}
        </Flex>
      </Flex>
    </div>
  );
}
