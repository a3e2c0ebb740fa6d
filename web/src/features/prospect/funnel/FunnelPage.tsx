import { PrinterOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Breadcrumb,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Input,
  Row,
  Segmented,
  Skeleton,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../../../../../contracts/org.ts';
import type { ProspectFunnel } from '../../../../../contracts/prospect.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect.tsx';
import { formatNumber, formatPercent } from '../../../i18n/format.ts';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import { useDebounced } from '../../../lib/useDebounced.ts';
import { todayIn } from '../../attendance/time.ts';
import { useUnits } from '../../org/api.ts';
import { exportFunnel, useFunnel } from '../api.ts';
import { ExportButton } from '../components/common.tsx';
import { Kpis } from '../components/Kpis.tsx';
import { RangePicker } from '../components/RangePicker.tsx';
import { PAGE_SIZES, useUrlParams } from '../components/useUrlParams.ts';
import { FUNNEL_SORTS, mainLine, stageOf, WAITING_STAGES, type FunnelRow } from '../funnel.ts';
import { parseRange, rangeOf } from '../period.ts';
import '../prospect.css';
import { sortFromTable, sortOrderOf } from '../tables.ts';

const StageFunnelChart = lazy(() => import('../charts/StageFunnelChart.tsx'));
const GroupedBars = lazy(() => import('../charts/GroupedBars.tsx'));

type RowsBy = 'agents' | 'teams';

/**
 * The manager's funnel (销售漏斗): for a unit and a period (this quarter by default), how many cards
 * reached each stage, the conversion from one to the next, the days cards spend in each, and the
 * same per agent or per team; exported to Excel for the meeting. The server sorts, searches and
 * pages the agent rows (a department has hundreds); the team rows come whole, in the same sort.
 */
export default function FunnelPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const phone = useIsPhoneLayout();
  const today = useMemo(() => todayIn(), []);
  const quarter = useMemo(() => rangeOf('quarter', today), [today]);
  const [state, update] = useUrlParams(
    { unitId: undefined, from: undefined, to: undefined, rows: 'agents', sort: undefined, q: undefined },
    { rows: ['agents', 'teams'], sort: FUNNEL_SORTS },
  );
  const { unitId, sort, q } = state.values;
  const range = parseRange(state.values.from ?? null, state.values.to ?? null, quarter);
  const rowsBy = state.values.rows as RowsBy;
  // By team, the page is of the team rows (all in the answer): the agents' first page is asked for.
  const byAgent = rowsBy === 'agents';
  const { data, error, refetch, isFetching } = useFunnel({
    unitId,
    from: range.from,
    to: range.to,
    page: byAgent ? state.page : 1,
    pageSize: state.pageSize,
    sort,
    q: byAgent ? q : undefined,
    rows: rowsBy,
  });
  const { data: units } = useUnits();
  const n = (v: number | null | undefined) => formatNumber(v, lang) || '—';
  const pct = (v: number | null | undefined) => formatPercent(v ?? null, lang) || '—';

  const path = useMemo(() => unitPath(units ?? [], unitId), [units, unitId]);
  const { pageRows, total } = useMemo((): { pageRows: FunnelRow[]; total: number } => {
    if (!data) return { pageRows: [], total: 0 };
    if (byAgent) return { pageRows: data.agents.map((r) => ({ ...r, id: r.userId })), total: data.total };
    const teams = data.teams.map((r) => ({ ...r, id: r.unitId }));
    return {
      pageRows: teams.slice((state.page - 1) * state.pageSize, state.page * state.pageSize),
      total: teams.length,
    };
  }, [data, byAgent, state.page, state.pageSize]);

  const setRange = (r: { from: string; to: string }) =>
    update(r.from === quarter.from && r.to === quarter.to ? { from: undefined, to: undefined } : r);

  return (
    <div data-testid="funnel-page">
      <PageHeader
        title={t('prospect.nav.funnel')}
        subtitle={
          data
            ? t('prospect.funnel.subtitle', {
                unit: data.unitName ?? t('prospect.filters.allInScope'),
                from: data.from,
                to: data.to,
              })
            : undefined
        }
        extra={
          <span className="sb-pro-noprint" style={{ display: 'contents' }}>
            <ExportButton testId="funnel-export" onExport={() => exportFunnel({ unitId, ...range })} />
            {!phone && (
              <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
                {t('prospect.print')}
              </Button>
            )}
          </span>
        }
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }} role="search" className="sb-pro-noprint">
        <UnitTreeSelect
          value={unitId}
          onChange={(v) => update({ unitId: v })}
          allowClear
          placeholder={t('prospect.filters.allInScope')}
          aria-label={t('prospect.filters.unit')}
          style={{ flex: '1 1 200px', minWidth: 0, maxWidth: phone ? undefined : 260 }}
          data-testid="funnel-unit"
        />
        <RangePicker value={range} onChange={setRange} testId="funnel-range" />
      </Flex>
      {path.length > 1 && (
        <Breadcrumb
          className="sb-pro-noprint"
          style={{ marginBottom: 12 }}
          items={path.map((u, i) =>
            i === path.length - 1
              ? { key: u.id, title: u.name }
              : { key: u.id, title: <a onClick={() => update({ unitId: u.id })}>{u.name}</a> },
          )}
        />
      )}
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 12 }} />
      ) : (
        <Flex vertical gap={16}>
          <FunnelKpis data={data} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Card
                size="small"
                title={t('prospect.funnel.chartTitle')}
                style={{ height: '100%' }}
                data-testid="funnel-chart"
              >
                <FunnelChartBody data={data} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card
                size="small"
                title={t('prospect.funnel.daysTitle')}
                style={{ height: '100%' }}
                data-testid="funnel-days"
              >
                <DaysChartBody data={data} />
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} md={12}>
              <ReasonsCard
                title={t('prospect.funnel.lostReasons')}
                figures={data.totals.lost}
                testId="funnel-lost"
              />
            </Col>
            <Col xs={24} md={12}>
              <ReasonsCard
                title={t('prospect.funnel.pausedReasons')}
                figures={data.totals.paused}
                testId="funnel-paused"
              />
            </Col>
          </Row>
          <Card
            size="small"
            className="sb-pro-table"
            styles={{ body: { padding: 0 } }}
            title={
              <Segmented<RowsBy>
                value={rowsBy}
                onChange={(v) => update({ rows: v, sort: undefined, q: undefined })}
                options={[
                  { value: 'agents', label: t('prospect.funnel.byAgent') },
                  { value: 'teams', label: t('prospect.funnel.byTeam'), disabled: data.teamTotal === 0 },
                ]}
                aria-label={t('prospect.funnel.rowsBy')}
                data-testid="funnel-rows"
              />
            }
            extra={byAgent && <SearchBox key={unitId ?? ''} value={q} onSearch={(v) => update({ q: v })} />}
          >
            <FunnelTable
              rows={pageRows}
              total={total}
              totals={data.totals}
              rowsBy={rowsBy}
              loading={isFetching}
              sort={sort}
              page={state.page}
              pageSize={state.pageSize}
              onSort={(s) => update({ sort: s })}
              onPage={(page, pageSize) => update({ page, pageSize })}
              onOpenTeam={(id) => update({ unitId: id, rows: 'agents', sort: undefined, q: undefined })}
              searching={byAgent && !!q}
              n={n}
              pct={pct}
            />
          </Card>
        </Flex>
      )}
    </div>
  );
}

/** The agent name search: typed text reaches the URL (and the server) after a pause. */
function SearchBox({
  value,
  onSearch,
}: {
  value: string | undefined;
  onSearch: (q: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const phone = useIsPhoneLayout();
  const [text, setText] = useState(value ?? '');
  const debounced = useDebounced(text, 300);
  useEffect(() => {
    if ((value ?? '') !== debounced.trim()) onSearch(debounced.trim() || undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the typed text drives this.
  }, [debounced]);
  return (
    <Input
      allowClear
      size="small"
      prefix={<SearchOutlined aria-hidden />}
      value={text}
      onChange={(e) => setText(e.target.value)}
      placeholder={t('prospect.filters.searchAgent')}
      aria-label={t('prospect.filters.searchAgent')}
      style={{ width: phone ? 140 : 200 }}
      data-testid="funnel-search"
    />
  );
}

/** The chosen unit and its ancestors, for the drill-down breadcrumb. */
function unitPath(units: Unit[], unitId: string | undefined): Unit[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const path: Unit[] = [];
  for (let u = unitId ? byId.get(unitId) : undefined; u; u = u.parentId ? byId.get(u.parentId) : undefined)
    path.unshift(u);
  return path;
}

function FunnelKpis({ data }: { data: ProspectFunnel }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const f = data.totals;
  const signed = stageOf(f, 'signed')?.reached ?? 0;
  const lead = stageOf(f, 'lead')?.reached ?? 0;
  return (
    <Kpis
      testId="funnel-kpis"
      items={[
        { key: 'cards', label: t('prospect.funnel.kpis.cards'), value: formatNumber(f.cards, lang) },
        { key: 'lead', label: t('prospect.funnel.kpis.lead'), value: formatNumber(lead, lang) },
        { key: 'signed', label: t('prospect.funnel.kpis.signed'), value: formatNumber(signed, lang) },
        {
          key: 'overall',
          label: t('prospect.funnel.kpis.overall'),
          value: formatPercent(f.overallRate, lang) || '—',
          detail: t('prospect.funnel.kpis.overallHint'),
        },
        { key: 'lost', label: t('prospect.funnel.kpis.lost'), value: formatNumber(f.lost.count, lang) },
        { key: 'paused', label: t('prospect.funnel.kpis.paused'), value: formatNumber(f.paused.count, lang) },
      ]}
    />
  );
}

function FunnelChartBody({ data }: { data: ProspectFunnel }) {
  const { t, i18n } = useTranslation();
  const line = mainLine(data.totals);
  if (data.totals.cards === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('prospect.funnel.empty')} />;
  const steps = line.map((s) => ({
    label: t(`prospect.stages.${s.stage}`),
    value: s.reached,
    rate: s.conversionRate,
  }));
  return (
    <Suspense fallback={<Skeleton active />}>
      <StageFunnelChart
        steps={steps}
        locale={i18n.language}
        ariaLabel={t('prospect.funnel.chartAria', {
          steps: steps
            .map(
              (s) =>
                `${s.label} ${formatNumber(s.value, i18n.language)}${s.rate !== null ? ` (${formatPercent(s.rate, i18n.language)})` : ''}`,
            )
            .join(', '),
        })}
      />
    </Suspense>
  );
}

function DaysChartBody({ data }: { data: ProspectFunnel }) {
  const { t, i18n } = useTranslation();
  const figures = WAITING_STAGES.map((s) => stageOf(data.totals, s));
  if (figures.every((f) => f?.avgDays === null || f?.avgDays === undefined))
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('prospect.funnel.noDays')} />;
  const labels = WAITING_STAGES.map((s) => t(`prospect.stages.${s}`));
  const avg = figures.map((f) =>
    f?.avgDays === null || f?.avgDays === undefined ? null : Math.round(f.avgDays * 10) / 10,
  );
  const median = figures.map((f) =>
    f?.medianDays === null || f?.medianDays === undefined ? null : Math.round(f.medianDays * 10) / 10,
  );
  return (
    <Suspense fallback={<Skeleton active />}>
      <GroupedBars
        labels={labels}
        locale={i18n.language}
        series={[
          { name: t('prospect.funnel.avgDays'), color: '#1d4ed8', values: avg },
          { name: t('prospect.funnel.medianDays'), color: '#94a3b8', values: median },
        ]}
        ariaLabel={t('prospect.funnel.daysAria', {
          steps: labels.map((l, i) => `${l} ${avg[i] ?? '—'}`).join(', '),
        })}
        height={300}
      />
    </Suspense>
  );
}

function ReasonsCard({
  title,
  figures,
  testId,
}: {
  title: string;
  figures: { count: number; reasons: { reason: string; count: number }[] };
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Card size="small" title={title} data-testid={testId} style={{ height: '100%' }}>
      {figures.reasons.length === 0 ? (
        <Typography.Text type="secondary">{t('prospect.funnel.noReasons')}</Typography.Text>
      ) : (
        <Table
          size="small"
          rowKey="reason"
          pagination={false}
          dataSource={figures.reasons.slice(0, 8)}
          columns={[
            { key: 'reason', title: t('prospect.columns.reason'), dataIndex: 'reason' },
            {
              key: 'count',
              title: t('prospect.columns.count'),
              align: 'right',
              render: (_: unknown, r: { count: number }) => formatNumber(r.count, i18n.language),
            },
            {
              key: 'share',
              title: t('prospect.columns.share'),
              align: 'right',
              render: (_: unknown, r: { count: number }) =>
                formatPercent(figures.count ? r.count / figures.count : null, i18n.language) || '—',
            },
          ]}
        />
      )}
    </Card>
  );
}

function FunnelTable({
  rows,
  total,
  totals,
  rowsBy,
  loading,
  sort,
  page,
  pageSize,
  onSort,
  onPage,
  onOpenTeam,
  searching,
  n,
  pct,
}: {
  rows: FunnelRow[];
  total: number;
  totals: ProspectFunnel['totals'];
  rowsBy: RowsBy;
  loading: boolean;
  sort: string | undefined;
  page: number;
  pageSize: number;
  onSort: (s: string | undefined) => void;
  onPage: (page: number, pageSize: number) => void;
  onOpenTeam: (unitId: string) => void;
  /** A name search is on: no rows means no match, not no moves. */
  searching: boolean;
  n: (v: number | null | undefined) => string;
  pct: (v: number | null | undefined) => string;
}) {
  const { t } = useTranslation();
  const phone = useIsPhoneLayout();
  const sortable = (key: string) => ({
    sorter: true,
    sortOrder: sortOrderOf(sort, key),
    showSorterTooltip: false,
  });
  const days = (v: number | null | undefined) =>
    v === null || v === undefined ? '—' : n(Math.round(v * 10) / 10);
  const columns: TableColumnsType<FunnelRow> = [
    {
      key: 'name',
      title: rowsBy === 'teams' ? t('prospect.columns.team') : t('prospect.columns.agent'),
      ...(phone ? {} : { fixed: 'left' as const }),
      ...sortable('name'),
      render: (_: unknown, r) =>
        rowsBy === 'teams' ? (
          <Typography.Link
            onClick={() => onOpenTeam(r.id)}
            aria-label={t('prospect.funnel.openTeam', { name: r.name })}
            data-testid="funnel-team"
          >
            {r.name}
          </Typography.Link>
        ) : (
          <b>{r.name}</b>
        ),
    },
    {
      key: 'cards',
      title: t('prospect.columns.cards'),
      align: 'right',
      ...sortable('cards'),
      render: (_: unknown, r) => n(r.cards),
    },
    {
      key: 'reached',
      title: t('prospect.funnel.reached'),
      children: mainLine(totals).map((s) => ({
        key: s.stage === 'signed' ? 'signed' : `reached-${s.stage}`,
        title: t(`prospect.stages.${s.stage}`),
        align: 'right' as const,
        ...(s.stage === 'signed' ? sortable('signed') : {}),
        render: (_: unknown, r: FunnelRow) => n(stageOf(r, s.stage)?.reached ?? 0),
      })),
    },
    {
      key: 'conversion',
      title: t('prospect.funnel.conversion'),
      children: WAITING_STAGES.map((s) => ({
        key: `${s}Rate`,
        title: t(`prospect.steps.${s}`),
        align: 'right' as const,
        ...sortable(`${s}Rate`),
        render: (_: unknown, r: FunnelRow) => pct(stageOf(r, s)?.conversionRate),
      })),
    },
    {
      key: 'overallRate',
      title: t('prospect.columns.overallRate'),
      align: 'right',
      ...sortable('overallRate'),
      render: (_: unknown, r) => <b>{pct(r.overallRate)}</b>,
    },
    {
      key: 'days',
      title: t('prospect.funnel.avgDaysIn'),
      children: WAITING_STAGES.map((s) => ({
        key: `${s}Days`,
        title: t(`prospect.stages.${s}`),
        align: 'right' as const,
        ...sortable(`${s}Days`),
        render: (_: unknown, r: FunnelRow) => days(stageOf(r, s)?.avgDays),
      })),
    },
    {
      key: 'lost',
      title: t('prospect.stages.lost'),
      align: 'right',
      ...sortable('lost'),
      render: (_: unknown, r) => n(r.lost.count),
    },
    {
      key: 'paused',
      title: t('prospect.stages.paused'),
      align: 'right',
      ...sortable('paused'),
      render: (_: unknown, r) => n(r.paused.count),
    },
  ];
  return (
    <Table<FunnelRow>
      rowKey="id"
      size="small"
      bordered
      loading={loading}
      dataSource={rows}
      columns={columns}
      scroll={{ x: 'max-content' }}
      data-testid="funnel-table"
      locale={{ emptyText: searching ? t('common.noMatch') : t('prospect.funnel.empty') }}
      onChange={(p, _f, sorter) => {
        // Column keys are the server's sort keys.
        const s = Array.isArray(sorter) ? sorter[0] : sorter;
        const next = sortFromTable(s?.order ? String(s.columnKey) : undefined, s?.order);
        if (next !== sort) onSort(next);
        else onPage(p.current ?? 1, p.pageSize ?? pageSize);
      }}
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: true,
        pageSizeOptions: PAGE_SIZES,
        showTotal: (count) => t('prospect.totalRows', { n: n(count) }),
      }}
    />
  );
}
