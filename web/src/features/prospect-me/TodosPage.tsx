import { CalendarOutlined, GiftOutlined, SafetyCertificateOutlined, ToolOutlined } from '@ant-design/icons';
import { Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { TodoKinds, type TodoItem, type TodoKind } from '../../../../contracts/customer.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RowList } from '../../components/RowList.tsx';
import { useTodos } from './api.ts';
import { ChecksBanner } from './ChecksBanner.tsx';
import { todoLink } from './links.ts';
import { ProspectTabs } from './ProspectTabs.tsx';
import './prospect-me.css';

const ICONS: Record<TodoKind, ReactNode> = {
  customerBirthday: <GiftOutlined />,
  prospectBirthday: <GiftOutlined />,
  policyAnniversary: <SafetyCertificateOutlined />,
  followUp: <CalendarOutlined />,
  serviceOverdue: <ToolOutlined />,
};

function TodoLine({ x, today }: { x: TodoItem; today: string }) {
  const { t } = useTranslation();
  const late = x.date < today;
  let text: string;
  if (x.kind === 'customerBirthday' || x.kind === 'prospectBirthday')
    text =
      x.years !== null
        ? t('prospectMe.todos.birthdayYears', { name: x.name, years: x.years })
        : t('prospectMe.todos.birthday', { name: x.name });
  else if (x.kind === 'policyAnniversary')
    text = t('prospectMe.todos.anniversary', {
      name: x.name,
      product: x.product ?? x.policyNo ?? '',
      years: x.years ?? 0,
    });
  else if (x.kind === 'followUp') text = t('prospectMe.todos.followUp', { name: x.name });
  else
    text = t('prospectMe.todos.serviceOverdue', {
      name: x.name,
      kind: x.serviceKind ? t(`prospectMe.serviceKind.${x.serviceKind}`) : '',
    });
  return (
    <Flex gap={10} align="flex-start" className="sb-pm-grow" data-testid={`todo-${x.kind}`}>
      <span aria-hidden style={{ fontSize: 18, color: '#1d4ed8' }}>
        {ICONS[x.kind]}
      </span>
      <Flex vertical gap={2} className="sb-pm-grow">
        <span className="sb-pm-line">{text}</span>
        {(x.kind === 'followUp' || x.kind === 'serviceOverdue') && (
          <span className={late ? 'sb-pm-overdue' : 'sb-pm-muted'}>
            {late ? t('prospectMe.todos.lateSince', { date: x.date }) : t('prospectMe.todos.dueToday')}
          </span>
        )}
      </Flex>
      {x.kind === 'serviceOverdue' || late ? (
        <Tag color="red" style={{ marginInlineEnd: 0 }}>
          {t('prospectMe.todos.overdue')}
        </Tag>
      ) : null}
    </Flex>
  );
}

/** 待办: today's birthdays, policy anniversaries, follow-ups due and overdue service, each one tap from its page. */
export default function TodosPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data, error, refetch, isPending } = useTodos();
  const [sp] = useSearchParams();
  // A spot-check notification links here (/todos?spotCheck=…): its comments have their own page.
  if (sp.get('spotCheck')) return <Navigate to="/prospects/checks" replace />;
  let body: ReactNode;
  if (error && !data) body = <ErrorState error={error} onRetry={() => void refetch()} />;
  else if (isPending || !data) body = <Skeleton active />;
  else if (data.items.length === 0)
    body = (
      <Card>
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('prospectMe.todos.empty')}
          data-testid="todos-empty"
        />
      </Card>
    );
  else
    body = TodoKinds.filter((k) => data.items.some((x) => x.kind === k)).map((k) => {
      const items = data.items.filter((x) => x.kind === k);
      return (
        <Card
          key={k}
          size="small"
          title={t(`prospectMe.todos.kinds.${k}`, { count: items.length })}
          styles={{ body: { padding: 0 } }}
        >
          <RowList
            items={items}
            rowKey={(x) => `${x.kind}-${x.entityId}`}
            onClick={(x) => void navigate(todoLink(x))}
            render={(x) => <TodoLine x={x} today={data.date} />}
          />
        </Card>
      );
    });
  return (
    <Flex vertical gap={12} className="sb-pm-page">
      <ProspectTabs />
      <PageHeader
        title={t('prospectMe.nav.todos')}
        subtitle={data ? t('prospectMe.todos.date', { date: data.date }) : undefined}
      />
      <ChecksBanner />
      {body}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('prospectMe.todos.hint')}
      </Typography.Text>
    </Flex>
  );
}
