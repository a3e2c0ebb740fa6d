import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  ProspectGrades,
  ProspectStages,
  type ProspectListItem,
  type ProspectGrade,
  type ProspectStage,
} from '../../../../contracts/prospect.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import { useMe } from '../auth/MeContext.tsx';
import { exportCards, useCards } from './api.ts';
import { CardFormDrawer } from './CardFormDrawer.tsx';
import { ChecksBanner } from './ChecksBanner.tsx';
import { FollowUp } from './FollowUp.tsx';
import { GradeTag, StageTag } from './labels.tsx';
import { ProspectTabs } from './ProspectTabs.tsx';
import { PagedRowList } from './PagedRowList.tsx';
import { ExportButton } from '../prospect/components/common.tsx';
import './prospect-me.css';

const PAGE_SIZE = 50;

function listOf<T extends string>(raw: string | null, allowed: readonly T[]): T[] {
  return (raw ?? '').split(',').filter((x): x is T => (allowed as readonly string[]).includes(x));
}

function CardRow({ card }: { card: ProspectListItem }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={4} className="sb-pm-grow" data-testid={`card-row-${card.id}`}>
      <Flex gap={6} wrap align="center">
        <span className="sb-pm-name">{card.name}</span>
        <GradeTag grade={card.grade} />
        <StageTag stage={card.stage} />
      </Flex>
      <Flex gap={8} wrap align="center">
        <FollowUp date={card.nextFollowUp} />
        {card.tags.map((x) => (
          <Tag key={x} style={{ marginInlineEnd: 0 }}>
            {x}
          </Tag>
        ))}
      </Flex>
      {card.needs && (
        <span className="sb-pm-muted">{t('prospectMe.card.needsLine', { needs: card.needs })}</span>
      )}
    </Flex>
  );
}

/** 准客户: my cards, filtered by grade and stage, the next follow-up first. */
export default function CardsPage() {
  const { t, i18n } = useTranslation();
  const phone = useIsPhoneLayout();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const grade = listOf<ProspectGrade>(sp.get('grade'), ProspectGrades);
  const stage = listOf<ProspectStage>(sp.get('stage'), ProspectStages);
  const q = sp.get('q') ?? '';
  const page = Number(sp.get('page') ?? '1') || 1;
  const [creating, setCreating] = useState(false);
  const me = useMe();
  const filters = { ownerId: me.id, grade, stage, q: q || undefined };
  const { data, error, refetch, isPending } = useCards({ ...filters, page, pageSize: PAGE_SIZE });

  const set = (k: string, v: string) => {
    const next = new URLSearchParams(sp);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setSp(next, { replace: true });
  };
  const open = (c: ProspectListItem) => void navigate(`/prospects/cards/${c.id}`);

  const filterBar = (
    <Flex gap={8} wrap style={{ padding: phone ? 12 : 0 }}>
      <Flex gap={4} wrap role="group" aria-label={t('prospectMe.fields.grade')}>
        {ProspectGrades.map((g) => (
          <Tag.CheckableTag
            key={g}
            checked={grade.includes(g)}
            onChange={(on) => set('grade', (on ? [...grade, g] : grade.filter((x) => x !== g)).join(','))}
            style={{ padding: '6px 12px', fontSize: 14 }}
            data-testid={`cards-grade-${g}`}
          >
            {t('prospectMe.grade.label', { grade: g })}
          </Tag.CheckableTag>
        ))}
      </Flex>
      <Select<ProspectStage[]>
        mode="multiple"
        allowClear
        value={stage}
        onChange={(v) => set('stage', v.join(','))}
        placeholder={t('prospectMe.cards.allStages')}
        aria-label={t('prospectMe.fields.stage')}
        options={ProspectStages.map((s) => ({ value: s, label: t(`prospectMe.stage.${s}`) }))}
        style={{ flex: 1, minWidth: 180 }}
        maxTagCount="responsive"
        data-testid="cards-stage"
      />
      <Input.Search
        allowClear
        defaultValue={q}
        placeholder={t('prospectMe.cards.search')}
        aria-label={t('prospectMe.cards.search')}
        onSearch={(v) => set('q', v.trim())}
        style={{ flex: 1, minWidth: 160 }}
      />
    </Flex>
  );

  const empty = (
    <Typography.Paragraph type="secondary" style={{ padding: 16, margin: 0 }} data-testid="cards-empty">
      {grade.length || stage.length || q ? (
        t('prospectMe.cards.emptyFiltered')
      ) : (
        <>
          {t('prospectMe.cards.empty')} <Link to="/prospects/names">{t('prospectMe.cards.toNames')}</Link>
        </>
      )}
    </Typography.Paragraph>
  );

  let list: React.ReactNode;
  if (error && !data) list = <ErrorState error={error} onRetry={() => void refetch()} />;
  else if (phone)
    list = (
      <PagedRowList
        data={data}
        pending={isPending}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => set('page', String(p))}
        rowKey={(c) => c.id}
        onClick={open}
        render={(c) => <CardRow card={c} />}
        empty={empty}
        label={t('prospectMe.nav.cards')}
      />
    );
  else
    list = (
      <Table<ProspectListItem>
        rowKey="id"
        size="middle"
        loading={isPending}
        dataSource={data?.items ?? []}
        locale={{ emptyText: empty }}
        onRow={(c) => ({ onClick: () => open(c), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => set('page', String(p)),
          showTotal: (n) => t('prospectMe.cards.total', { n: formatNumber(n, i18n.language) }),
        }}
        columns={[
          {
            key: 'name',
            title: t('prospectMe.fields.name'),
            render: (_, c) => <Link to={`/prospects/cards/${c.id}`}>{c.name}</Link>,
          },
          {
            key: 'grade',
            title: t('prospectMe.fields.grade'),
            render: (_, c) => <GradeTag grade={c.grade} score={c.score} />,
          },
          {
            key: 'stage',
            title: t('prospectMe.fields.stage'),
            render: (_, c) => <StageTag stage={c.stage} />,
          },
          {
            key: 'follow',
            title: t('prospectMe.fields.nextFollowUp'),
            render: (_, c) => <FollowUp date={c.nextFollowUp} />,
          },
          { key: 'phone', title: t('prospectMe.fields.phone'), dataIndex: 'phone' },
          {
            key: 'source',
            title: t('prospectMe.fields.source'),
            render: (_, c) => t(`prospectMe.source.${c.source}`),
          },
          {
            key: 'created',
            title: t('prospectMe.fields.createdAt'),
            render: (_, c) => formatDate(c.createdAt),
          },
        ]}
      />
    );

  return (
    <Flex vertical gap={12} className={phone ? 'sb-pm-page' : 'sb-pm-wide'}>
      <ProspectTabs />
      <PageHeader
        title={t('prospectMe.nav.cards')}
        subtitle={
          data ? t('prospectMe.cards.total', { n: formatNumber(data.total, i18n.language) }) : undefined
        }
        extra={
          <>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="card-new"
            >
              {t('prospectMe.cards.new')}
            </Button>
            {!phone && (
              <ExportButton
                onExport={() => exportCards(filters)}
                testId="cards-export"
                label={t('prospectMe.exportExcel')}
              />
            )}
          </>
        }
      />
      <ChecksBanner />
      {phone ? (
        <Card size="small" styles={{ body: { padding: 0 } }}>
          {filterBar}
          {list}
        </Card>
      ) : (
        <Card>
          <Flex vertical gap={12}>
            {filterBar}
            {list}
          </Flex>
        </Card>
      )}
      {creating && <CardFormDrawer onClose={() => setCreating(false)} />}
    </Flex>
  );
}
