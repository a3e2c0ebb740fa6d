import { SearchOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Flex,
  Input,
  Pagination,
  Select,
  Skeleton,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  ProspectGrades,
  ProspectSorts,
  ProspectStages,
  type ProspectListItem,
  type ProspectGrade,
  type ProspectStage,
} from '../../../../../contracts/prospect.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { RowList } from '../../../components/RowList.tsx';
import { formatDate, formatDateTime, formatNumber } from '../../../i18n/format.ts';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import { useDebounced } from '../../../lib/useDebounced.ts';
import { todayIn } from '../../attendance/time.ts';
import { useUnits } from '../../org/api.ts';
import { ExportButton, GradeTag, StageTag } from '../components/common.tsx';
import { UnitFilter } from '../components/filters.tsx';
import { PAGE_SIZES, useUrlParams } from '../components/useUrlParams.ts';
import '../prospect.css';
import { onSortOrPage, sortOrderOf } from '../tables.ts';
import { exportCardSearch, useCardSearch } from './api.ts';
import {
  DEFAULT_SORT,
  SORT_CHOICES,
  dateParam,
  followUpState,
  gradesOf,
  isFiltered,
  joinList,
  stagesOf,
  type CardSearchFilters,
} from './search.ts';
import './cards.css';

const FMT = 'YYYY-MM-DD';
const cardPath = (c: ProspectListItem) => `/prospects/search/${c.id}`;

/**
 * 准主顾卡查询: the supervisor's, manager's and staff's search of the prospect cards in their scope
 * (a unit and its sub-units), by name prefix, grade, stage and a follow-up due date; the server
 * sorts and pages, the URL keeps filters, sort and page, and the same filters export to Excel.
 * On a phone the table becomes a list of compact rows with the sort in a picker.
 */
export default function CardSearchPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const phone = useIsPhoneLayout();
  const navigate = useNavigate();
  const today = useMemo(() => todayIn(), []);
  const [state, update] = useUrlParams(
    { unitId: undefined, q: undefined, grade: undefined, stage: undefined, due: undefined, sort: undefined },
    { sort: ProspectSorts },
  );
  const { unitId, q, sort } = state.values;
  const grade = gradesOf(state.values.grade);
  const stage = stagesOf(state.values.stage);
  const due = dateParam(state.values.due);
  const filters: CardSearchFilters = { unitId, q, grade, stage, followUpBefore: due, sort };
  const { data, error, refetch, isFetching, isPending } = useCardSearch({
    ...filters,
    page: state.page,
    pageSize: state.pageSize,
  });
  const n = (v: number) => formatNumber(v, lang);
  // A unit of an old link that is not in the reader's tree shows blank, not as its id (the list says "not found").
  const { data: units } = useUnits();
  const shownUnit = units && unitId && !units.some((u) => u.id === unitId) ? undefined : unitId;
  const filtered = isFiltered(filters);
  // The typed name reaches the URL (and the server) once typing pauses; "clear" empties the box too.
  const [text, setText] = useState(q ?? '');
  const typed = useDebounced(text, 300);
  useEffect(() => {
    if ((q ?? '') !== typed.trim()) update({ q: typed.trim() || undefined });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the typed text drives this.
  }, [typed]);
  const clear = () => {
    setText('');
    update({ q: undefined, grade: undefined, stage: undefined, due: undefined });
  };

  const empty = (
    <Flex vertical align="center" gap={8} className="sb-pro-empty" data-testid="cards-desk-empty">
      <span>{filtered ? t('prospectDesk.cards.emptyFiltered') : t('prospectDesk.cards.empty')}</span>
      {filtered && (
        <Button size="small" onClick={clear}>
          {t('prospectDesk.cards.clear')}
        </Button>
      )}
    </Flex>
  );

  const filterBar = (
    <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }} role="search">
      <UnitFilter value={shownUnit} onChange={(v) => update({ unitId: v })} testId="cards-desk-unit" />
      <NameSearch text={text} onChange={setText} />
      <Select<ProspectGrade[]>
        mode="multiple"
        allowClear
        value={grade}
        onChange={(v) => update({ grade: joinList(v) })}
        placeholder={t('prospectDesk.cards.anyGrade')}
        aria-label={t('prospect.columns.grade')}
        options={ProspectGrades.map((g) => ({ value: g, label: t('prospectMe.grade.label', { grade: g }) }))}
        style={{ flex: '1 1 150px', minWidth: 0, maxWidth: phone ? undefined : 200 }}
        data-testid="cards-desk-grade"
      />
      <Select<ProspectStage[]>
        mode="multiple"
        allowClear
        value={stage}
        onChange={(v) => update({ stage: joinList(v) })}
        placeholder={t('prospectDesk.cards.anyStage')}
        aria-label={t('prospect.columns.stage')}
        options={ProspectStages.map((s) => ({ value: s, label: t(`prospect.stages.${s}`) }))}
        maxTagCount="responsive"
        style={{ flex: '1 1 180px', minWidth: 0, maxWidth: phone ? undefined : 280 }}
        data-testid="cards-desk-stage"
      />
      <DatePicker
        value={due ? dayjs(due) : null}
        format={FMT}
        onChange={(d) => update({ due: d ? d.format(FMT) : undefined })}
        placeholder={t('prospectDesk.cards.followUpBefore')}
        aria-label={t('prospectDesk.cards.followUpBefore')}
        style={{ flex: '1 1 150px', minWidth: 0, maxWidth: phone ? undefined : 180 }}
        data-testid="cards-desk-due"
      />
    </Flex>
  );

  const columns: TableColumnsType<ProspectListItem> = [
    {
      key: 'name',
      title: t('prospect.columns.name'),
      sorter: true,
      sortOrder: sortOrderOf(sort, 'name'),
      showSorterTooltip: false,
      render: (_: unknown, c) => (
        <Flex gap={6} align="center" wrap={false}>
          <Link to={cardPath(c)} className="sb-pcd-name">
            {c.name}
          </Link>
          {c.erased && <Tag style={{ marginInlineEnd: 0 }}>{t('prospectMe.card.erased')}</Tag>}
        </Flex>
      ),
    },
    { key: 'owner', title: t('prospectDesk.cards.columns.owner'), dataIndex: 'ownerName' },
    {
      key: 'grade',
      title: t('prospect.columns.grade'),
      sorter: true,
      sortOrder: sortOrderOf(sort, 'grade'),
      showSorterTooltip: false,
      render: (_: unknown, c) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <GradeTag grade={c.grade} />
          {c.score !== null && <span className="sb-pcd-score">{n(c.score)}</span>}
        </span>
      ),
    },
    {
      key: 'stage',
      title: t('prospect.columns.stage'),
      render: (_: unknown, c) => (
        <>
          <StageTag stage={c.stage} />
          {c.stageReason && (
            <Typography.Text
              type="secondary"
              ellipsis={{ tooltip: c.stageReason }}
              className="sb-pcd-reason"
              data-testid="cards-desk-reason"
            >
              {c.stageReason}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      key: 'nextFollowUp',
      title: t('prospect.columns.nextFollowUp'),
      sorter: true,
      sortOrder: sortOrderOf(sort ?? DEFAULT_SORT, 'nextFollowUp'),
      showSorterTooltip: false,
      render: (_: unknown, c) => <FollowUpCell date={c.nextFollowUp} today={today} />,
    },
    {
      key: 'tags',
      title: t('prospectDesk.cards.columns.tags'),
      render: (_: unknown, c) =>
        c.tags.length ? (
          <Flex gap={4} wrap style={{ maxWidth: 220 }}>
            {c.tags.map((x) => (
              <Tag key={x} style={{ marginInlineEnd: 0 }}>
                {x}
              </Tag>
            ))}
          </Flex>
        ) : (
          '—'
        ),
    },
    {
      key: 'phone',
      title: t('prospectDesk.cards.columns.phone'),
      render: (_: unknown, c) => <span className="sb-pcd-nowrap">{c.phone ?? '—'}</span>,
    },
    {
      key: 'createdAt',
      title: t('prospect.columns.createdAt'),
      sorter: true,
      sortOrder: sortOrderOf(sort, 'createdAt'),
      showSorterTooltip: false,
      render: (_: unknown, c) => <span className="sb-pcd-nowrap">{formatDate(c.createdAt)}</span>,
    },
    {
      key: 'updatedAt',
      title: t('prospectDesk.cards.columns.updatedAt'),
      render: (_: unknown, c) => <span className="sb-pcd-nowrap">{formatDateTime(c.updatedAt)}</span>,
    },
  ];

  let body;
  if (error && !data) {
    body = <ErrorState error={error} onRetry={() => void refetch()} />;
  } else if (phone) {
    body = (
      <Flex vertical gap={12}>
        <Select<string>
          value={sort ?? DEFAULT_SORT}
          onChange={(v) => update({ sort: v === DEFAULT_SORT ? undefined : v })}
          options={SORT_CHOICES.map((s) => ({
            value: s,
            label: t(`prospectDesk.cards.sorts.${s.replace('-', 'desc_')}`),
          }))}
          aria-label={t('prospectDesk.cards.sortBy')}
          data-testid="cards-desk-sort"
        />
        <Card styles={{ body: { padding: 0 } }} data-testid="cards-desk-list">
          {isPending || !data ? (
            <Skeleton active style={{ padding: 12 }} />
          ) : (
            <RowList
              label={t('prospectDesk.nav.cards')}
              items={data.items}
              rowKey={(c) => c.id}
              onClick={(c) => void navigate(cardPath(c))}
              empty={empty}
              render={(c) => <CompactRow card={c} today={today} />}
            />
          )}
        </Card>
        {(data?.total ?? 0) > state.pageSize && (
          <Flex justify="center">
            <Pagination
              simple
              current={state.page}
              pageSize={state.pageSize}
              total={data?.total ?? 0}
              onChange={(page) => update({ page })}
            />
          </Flex>
        )}
      </Flex>
    );
  } else {
    body = (
      <Card size="small" className="sb-pro-table" styles={{ body: { padding: 0 } }}>
        <Table<ProspectListItem>
          rowKey="id"
          size="small"
          loading={isFetching}
          dataSource={data?.items ?? []}
          columns={columns}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: isPending ? ' ' : empty }}
          data-testid="cards-desk-table"
          onChange={onSortOrPage(
            sort,
            state.pageSize,
            (s) => update({ sort: s === DEFAULT_SORT ? undefined : s }),
            (page, pageSize) => update({ page, pageSize }),
          )}
          pagination={{
            current: state.page,
            pageSize: state.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (total) => t('prospectDesk.cards.total', { n: n(total) }),
          }}
        />
      </Card>
    );
  }

  return (
    <div data-testid="cards-desk-page">
      <PageHeader
        title={t('prospectDesk.nav.cards')}
        subtitle={
          phone && data ? t('prospectDesk.cards.total', { n: n(data.total) }) : t('prospectDesk.cards.intro')
        }
        extra={<ExportButton testId="cards-desk-export" onExport={() => exportCardSearch(filters)} />}
      />
      {filterBar}
      {body}
    </div>
  );
}

/** The name prefix box. */
function NameSearch({ text, onChange }: { text: string; onChange: (text: string) => void }) {
  const { t } = useTranslation();
  const phone = useIsPhoneLayout();
  return (
    <Input
      allowClear
      prefix={<SearchOutlined aria-hidden />}
      value={text}
      maxLength={60}
      onChange={(e) => onChange(e.target.value)}
      placeholder={t('prospectDesk.cards.search')}
      aria-label={t('prospectDesk.cards.search')}
      style={{ flex: '1 1 180px', minWidth: 0, maxWidth: phone ? undefined : 220 }}
      data-testid="cards-desk-search"
    />
  );
}

/** The date, and in words when it is today or already past. */
function FollowUpCell({ date, today }: { date: string | null; today: string }) {
  const { t } = useTranslation();
  const state = followUpState(date, today);
  if (state === 'none') return <span className="sb-pcd-muted">{t('prospectDesk.cards.followUp.none')}</span>;
  return (
    <span className="sb-pcd-nowrap" data-follow-up={state}>
      {formatDate(date)}{' '}
      {state === 'overdue' && (
        <Tag color="orange" style={{ marginInlineEnd: 0 }}>
          {t('prospectDesk.cards.followUp.overdue')}
        </Tag>
      )}
      {state === 'today' && (
        <Tag color="blue" style={{ marginInlineEnd: 0 }}>
          {t('prospectDesk.cards.followUp.today')}
        </Tag>
      )}
    </span>
  );
}

/** One card on a phone: name, grade and stage on top, the agent and the follow-up below. */
function CompactRow({ card, today }: { card: ProspectListItem; today: string }) {
  const { t } = useTranslation();
  const state = followUpState(card.nextFollowUp, today);
  return (
    <Flex vertical gap={4} className="sb-pcd-row" data-testid="cards-desk-row" data-id={card.id}>
      <Flex gap={6} align="center" wrap>
        <span className="sb-pcd-name">{card.name}</span>
        <GradeTag grade={card.grade} />
        <StageTag stage={card.stage} />
      </Flex>
      <span className={state === 'overdue' || state === 'today' ? 'sb-pcd-due' : 'sb-pcd-muted'}>
        {state === 'none'
          ? `${card.ownerName} · ${t('prospectDesk.cards.noFollowUp')}`
          : t('prospectDesk.cards.rowLine', { owner: card.ownerName, date: formatDate(card.nextFollowUp) })}
        {state === 'overdue' && ` · ${t('prospectDesk.cards.followUp.overdue')}`}
      </span>
      {card.stageReason && <span className="sb-pcd-muted sb-pcd-clip">{card.stageReason}</span>}
    </Flex>
  );
}
