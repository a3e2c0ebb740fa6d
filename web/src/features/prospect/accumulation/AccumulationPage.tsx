import { PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Row,
  Segmented,
  Skeleton,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  SpotCheckOverviewSorts,
  type SpotCheckOverviewRow,
  type SpotCheckStandards,
} from '../../../../../contracts/spot-check.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { formatNumber, formatPercent } from '../../../i18n/format.ts';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import { todayIn } from '../../attendance/time.ts';
import { byTeam, sumRows, trendPoints, type Grain, type TeamFigures } from '../accumulation.ts';
import {
  exportOverview,
  MAX_OVERVIEW_PAGES,
  MAX_PAGE_SIZE,
  useOverviewAll,
  useOverviewSeries,
  useSpotCheckOverview,
} from '../api.ts';
import { COLORS } from '../charts/echarts.ts';
import { ExportButton, StandardTag } from '../components/common.tsx';
import { AsOfDateFilter, UnitFilter } from '../components/filters.tsx';
import { Kpis } from '../components/Kpis.tsx';
import { PAGE_SIZES, useUrlParams } from '../components/useUrlParams.ts';
import '../prospect.css';
import { onSortOrPage, serverSorted } from '../tables.ts';

const GroupedBars = lazy(() => import('../charts/GroupedBars.tsx'));
const TrendLines = lazy(() => import('../charts/TrendLines.tsx'));

const TREND_LENGTH: Record<Grain, number> = { week: 8, month: 6 };
/** Bars in a chart; the table has every team. */
const MAX_BARS = 15;

/**
 * The manager's accumulation page (客户积累): new cards per week or month, cards on hand against
 * the standard, the share of A/B, by team and by agent. Built from the spot-check overview (per
 * agent at a date), read at each week's or month's end for the trend.
 */
export default function AccumulationPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const phone = useIsPhoneLayout();
  const today = useMemo(() => todayIn(), []);
  const [state, update] = useUrlParams(
    { unitId: undefined, date: undefined, grain: 'week', rows: 'teams', sort: undefined },
    { grain: ['week', 'month'], rows: ['teams', 'agents'], sort: SpotCheckOverviewSorts },
  );
  const { unitId, date, sort } = state.values;
  const grain = state.values.grain as Grain;
  const rowsBy = state.values.rows as 'teams' | 'agents';
  const asOf = date ?? today;
  const all = useOverviewAll({ unitId, date });
  const points = useMemo(() => trendPoints(grain, asOf, TREND_LENGTH[grain]), [grain, asOf]);
  const series = useOverviewSeries(
    unitId,
    points.map((p) => p.date),
  );
  const n = (v: number | null | undefined) => formatNumber(v, lang) || '—';
  const pct = (v: number | null | undefined) => formatPercent(v ?? null, lang) || '—';

  const rows = useMemo(() => all.data?.items ?? [], [all.data]);
  const totals = useMemo(() => sumRows(rows), [rows]);
  const teams = useMemo(() => byTeam(rows, lang), [rows, lang]);
  const std = all.data?.standards;
  const truncated = (all.data?.total ?? 0) > MAX_OVERVIEW_PAGES * MAX_PAGE_SIZE;

  return (
    <div data-testid="accumulation-page">
      <PageHeader
        title={t('prospect.nav.accumulation')}
        subtitle={
          all.data
            ? t('prospect.accumulation.subtitle', {
                weekFrom: all.data.weekFrom,
                weekTo: all.data.weekTo,
                monthFrom: all.data.monthFrom,
                monthTo: all.data.monthTo,
              })
            : undefined
        }
        extra={
          <span className="sb-pro-noprint" style={{ display: 'contents' }}>
            <ExportButton
              testId="accumulation-export"
              onExport={() => exportOverview({ unitId, date, sort }, all.data?.date ?? date)}
            />
            {!phone && (
              <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
                {t('prospect.print')}
              </Button>
            )}
          </span>
        }
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }} role="search" className="sb-pro-noprint">
        <UnitFilter value={unitId} onChange={(v) => update({ unitId: v })} testId="accumulation-unit" />
        <AsOfDateFilter value={date} onChange={(v) => update({ date: v })} testId="accumulation-date" />
        <Segmented<Grain>
          value={grain}
          onChange={(v) => update({ grain: v })}
          options={[
            { value: 'week', label: t('prospect.accumulation.byWeek') },
            { value: 'month', label: t('prospect.accumulation.byMonth') },
          ]}
          aria-label={t('prospect.accumulation.grain')}
          data-testid="accumulation-grain"
        />
      </Flex>
      {all.error && !all.data ? (
        <ErrorState error={all.error} onRetry={() => void all.refetch()} />
      ) : !all.data || !std ? (
        <Skeleton active paragraph={{ rows: 12 }} />
      ) : (
        <Flex vertical gap={16}>
          {truncated && (
            <Alert
              type="warning"
              showIcon
              message={t('prospect.accumulation.truncated', { n: n(MAX_OVERVIEW_PAGES * MAX_PAGE_SIZE) })}
            />
          )}
          <Kpis
            testId="accumulation-kpis"
            items={[
              { key: 'agents', label: t('prospect.accumulation.kpis.agents'), value: n(totals.agents) },
              {
                key: 'onHand',
                label: t('prospect.accumulation.kpis.onHand'),
                value: n(totals.onHand),
                detail: t('prospect.accumulation.kpis.perAgent', {
                  n: n(totals.onHandPerAgent),
                  std: n(std.onHand),
                }),
              },
              {
                key: 'week',
                label: t('prospect.accumulation.kpis.newThisWeek'),
                value: n(totals.newThisWeek),
              },
              {
                key: 'month',
                label: t('prospect.accumulation.kpis.newThisMonth'),
                value: n(totals.newThisMonth),
                detail: t('prospect.accumulation.kpis.perAgent', {
                  n: n(totals.newThisMonthPerAgent),
                  std: n(std.monthly),
                }),
              },
              {
                key: 'ab',
                label: t('prospect.accumulation.kpis.abShare'),
                value: pct(totals.abShare),
                detail: t('prospect.spotCheck.abOf', { ab: n(totals.abCount), total: n(totals.onHand) }),
              },
              {
                key: 'below',
                label: t('prospect.accumulation.kpis.below'),
                value: n(totals.below),
                detail: t('prospect.accumulation.kpis.belowHint', {
                  onHand: n(std.onHand),
                  monthly: n(std.monthly),
                }),
              },
            ]}
          />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Card
                size="small"
                title={t(
                  grain === 'week' ? 'prospect.accumulation.trendWeek' : 'prospect.accumulation.trendMonth',
                )}
                style={{ height: '100%' }}
                data-testid="accumulation-trend"
              >
                <TrendBody grain={grain} points={points} series={series} std={std} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card
                size="small"
                title={t('prospect.accumulation.teamChart')}
                style={{ height: '100%' }}
                data-testid="accumulation-teams-chart"
                extra={
                  teams.length > MAX_BARS ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('prospect.firstN', { n: MAX_BARS })}
                    </Typography.Text>
                  ) : undefined
                }
              >
                <TeamChartBody
                  teams={teams.slice(0, MAX_BARS)}
                  std={std}
                  onOpen={(id) => update({ unitId: id })}
                />
              </Card>
            </Col>
          </Row>
          <Card
            size="small"
            className="sb-pro-table"
            styles={{ body: { padding: 0 } }}
            title={
              <Segmented<'teams' | 'agents'>
                value={rowsBy}
                onChange={(v) => update({ rows: v, sort: undefined })}
                options={[
                  { value: 'teams', label: t('prospect.funnel.byTeam') },
                  { value: 'agents', label: t('prospect.funnel.byAgent') },
                ]}
                aria-label={t('prospect.funnel.rowsBy')}
                data-testid="accumulation-rows"
              />
            }
          >
            {rowsBy === 'teams' ? (
              <TeamTable teams={teams} std={std} onOpen={(id) => update({ unitId: id, rows: 'agents' })} />
            ) : (
              <AgentTable
                unitId={unitId}
                date={date}
                sort={sort}
                page={state.page}
                pageSize={state.pageSize}
                onSort={(s) => update({ sort: s })}
                onPage={(page, pageSize) => update({ page, pageSize })}
              />
            )}
          </Card>
        </Flex>
      )}
    </div>
  );
}

function TrendBody({
  grain,
  points,
  series,
  std,
}: {
  grain: Grain;
  points: { date: string; label: string }[];
  series: { data?: { items: SpotCheckOverviewRow[] } | undefined; isPending: boolean }[];
  std: SpotCheckStandards;
}) {
  const { t, i18n } = useTranslation();
  if (series.some((s) => s.isPending && !s.data)) return <Skeleton active />;
  const added = series.map((s) =>
    s.data
      ? s.data.items.reduce((sum, r) => sum + (grain === 'week' ? r.newThisWeek : r.newThisMonth), 0)
      : null,
  );
  const agents = series.map((s) => (s.data ? s.data.items.length : null));
  const standard = agents.map((a) => (a === null ? null : grain === 'month' ? a * std.monthly : null));
  if (added.every((v) => !v))
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('prospect.accumulation.noNew')} />;
  return (
    <Suspense fallback={<Skeleton active />}>
      <TrendLines
        labels={points.map((p) => p.label)}
        locale={i18n.language}
        series={[
          { name: t('prospect.accumulation.newCards'), color: COLORS.main, values: added },
          ...(grain === 'month'
            ? [
                {
                  name: t('prospect.accumulation.standardLine'),
                  color: COLORS.standard,
                  values: standard,
                  type: 'line' as const,
                  dashed: true,
                },
              ]
            : []),
        ]}
        ariaLabel={t('prospect.accumulation.trendAria', {
          points: points.map((p, i) => `${p.label} ${added[i] ?? '—'}`).join(', '),
        })}
      />
    </Suspense>
  );
}

function TeamChartBody({
  teams,
  std,
  onOpen,
}: {
  teams: TeamFigures[];
  std: SpotCheckStandards;
  onOpen: (unitId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  if (teams.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('prospect.accumulation.noAgents')} />;
  return (
    <Suspense fallback={<Skeleton active />}>
      <GroupedBars
        labels={teams.map((x) => x.unitName)}
        ids={teams.map((x) => x.unitId)}
        locale={i18n.language}
        onBarClick={onOpen}
        markValue={{ value: std.onHand, label: t('prospect.accumulation.standardMark', { n: std.onHand }) }}
        series={[
          {
            name: t('prospect.accumulation.onHandPerAgent'),
            color: COLORS.main,
            values: teams.map((x) => x.onHandPerAgent),
          },
          {
            name: t('prospect.accumulation.newPerAgent'),
            color: COLORS.second,
            values: teams.map((x) => x.newThisMonthPerAgent),
          },
        ]}
        ariaLabel={t('prospect.accumulation.teamAria', {
          teams: teams.map((x) => `${x.unitName} ${x.onHandPerAgent}/${x.newThisMonthPerAgent}`).join(', '),
        })}
      />
    </Suspense>
  );
}

type TeamSort =
  'unitName' | 'agents' | 'onHand' | 'onHandPerAgent' | 'newThisWeek' | 'newThisMonth' | 'abShare' | 'below';

function TeamTable({
  teams,
  std,
  onOpen,
}: {
  teams: TeamFigures[];
  std: SpotCheckStandards;
  onOpen: (unitId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const phone = useIsPhoneLayout();
  const n = (v: number | null | undefined) => formatNumber(v, lang) || '—';
  const [sort, setSort] = useState<{ key: TeamSort; order: 'ascend' | 'descend' } | null>(null);
  const sorted = useMemo(() => {
    if (!sort) return teams;
    const c = new Intl.Collator(lang);
    const dir = sort.order === 'descend' ? -1 : 1;
    return [...teams].sort((a, b) => {
      const x = a[sort.key];
      const y = b[sort.key];
      if (typeof x === 'string' && typeof y === 'string') return dir * c.compare(x, y);
      return dir * ((x ?? -1) as number) - dir * ((y ?? -1) as number);
    });
  }, [teams, sort, lang]);
  const col = (key: TeamSort) => ({
    key,
    sorter: true,
    sortOrder: sort?.key === key ? sort.order : null,
    showSorterTooltip: false,
  });
  const columns: TableColumnsType<TeamFigures> = [
    {
      ...col('unitName'),
      title: t('prospect.columns.team'),
      ...(phone ? {} : { fixed: 'left' as const }),
      render: (_: unknown, r) => (
        <Typography.Link
          onClick={() => onOpen(r.unitId)}
          aria-label={t('prospect.funnel.openTeam', { name: r.unitName })}
        >
          {r.unitName}
        </Typography.Link>
      ),
    },
    {
      ...col('agents'),
      title: t('prospect.columns.agents'),
      align: 'right',
      render: (_: unknown, r) => n(r.agents),
    },
    {
      ...col('onHand'),
      title: t('prospect.columns.onHand'),
      align: 'right',
      render: (_: unknown, r) => n(r.onHand),
    },
    {
      ...col('onHandPerAgent'),
      title: t('prospect.columns.onHandPerAgent'),
      align: 'right',
      render: (_: unknown, r) => (
        <span className={r.onHandPerAgent < std.onHand ? 'sb-pro-short' : undefined}>
          {n(r.onHandPerAgent)} <Typography.Text type="secondary">/ {n(std.onHand)}</Typography.Text>
        </span>
      ),
    },
    {
      ...col('newThisWeek'),
      title: t('prospect.columns.newThisWeek'),
      align: 'right',
      render: (_: unknown, r) => n(r.newThisWeek),
    },
    {
      ...col('newThisMonth'),
      title: t('prospect.columns.newThisMonth'),
      align: 'right',
      render: (_: unknown, r) => (
        <span>
          {n(r.newThisMonth)}{' '}
          <Typography.Text type="secondary">/ {n(r.agents * std.monthly)}</Typography.Text>
        </span>
      ),
    },
    {
      ...col('abShare'),
      title: t('prospect.columns.abShare'),
      align: 'right',
      render: (_: unknown, r) => formatPercent(r.abShare, lang) || '—',
    },
    {
      ...col('below'),
      title: t('prospect.columns.belowAgents'),
      align: 'right',
      render: (_: unknown, r) => (r.below > 0 ? <span className="sb-pro-short">{n(r.below)}</span> : n(0)),
    },
  ];
  return (
    <Table<TeamFigures>
      rowKey="unitId"
      size="small"
      dataSource={sorted}
      columns={columns}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      rowClassName={(r) => (r.below > 0 && r.onHandPerAgent < std.onHand ? 'sb-pro-below' : '')}
      data-testid="accumulation-teams"
      locale={{ emptyText: t('prospect.accumulation.noAgents') }}
      onChange={(_p, _f, sorter) => {
        const s = Array.isArray(sorter) ? sorter[0] : sorter;
        setSort(s?.order ? { key: String(s.columnKey) as TeamSort, order: s.order } : null);
      }}
    />
  );
}

function AgentTable({
  unitId,
  date,
  sort,
  page,
  pageSize,
  onSort,
  onPage,
}: {
  unitId: string | undefined;
  date: string | undefined;
  sort: string | undefined;
  page: number;
  pageSize: number;
  onSort: (s: string | undefined) => void;
  onPage: (page: number, pageSize: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const phone = useIsPhoneLayout();
  const n = (v: number | null | undefined) => formatNumber(v, lang) || '—';
  const { data, isFetching } = useSpotCheckOverview({ unitId, date, sort, page, pageSize });
  const std = data?.standards;
  const sortable = (key: string) => serverSorted(sort, key);
  const columns: TableColumnsType<SpotCheckOverviewRow> = [
    {
      ...sortable('agentName'),
      title: t('prospect.columns.agent'),
      ...(phone ? {} : { fixed: 'left' as const }),
      render: (_: unknown, r) => (
        <span>
          <b>{r.agentName}</b>
          <span className="sb-pro-sub">{r.unitName}</span>
        </span>
      ),
    },
    {
      key: 'status',
      title: t('prospect.columns.status'),
      render: (_: unknown, r) => <StandardTag ok={r.meetsOnHand && r.meetsMonthly} />,
    },
    {
      ...sortable('onHand'),
      title: t('prospect.columns.onHand'),
      align: 'right',
      render: (_: unknown, r) => (
        <span className={r.meetsOnHand ? undefined : 'sb-pro-short'}>
          {n(r.onHand)} <Typography.Text type="secondary">/ {n(std?.onHand)}</Typography.Text>
        </span>
      ),
    },
    {
      ...sortable('newThisWeek'),
      title: t('prospect.columns.newThisWeek'),
      align: 'right',
      render: (_: unknown, r) => n(r.newThisWeek),
    },
    {
      ...sortable('newThisMonth'),
      title: t('prospect.columns.newThisMonth'),
      align: 'right',
      render: (_: unknown, r) => (
        <span className={r.meetsMonthly ? undefined : 'sb-pro-short'}>
          {n(r.newThisMonth)} <Typography.Text type="secondary">/ {n(std?.monthly)}</Typography.Text>
        </span>
      ),
    },
    {
      ...sortable('abShare'),
      title: t('prospect.columns.abShare'),
      align: 'right',
      render: (_: unknown, r) => formatPercent(r.abShare, lang) || '—',
    },
  ];
  return (
    <Table<SpotCheckOverviewRow>
      rowKey="agentId"
      size="small"
      loading={isFetching}
      dataSource={data?.items ?? []}
      columns={columns}
      scroll={{ x: 'max-content' }}
      rowClassName={(r) => (r.meetsOnHand && r.meetsMonthly ? '' : 'sb-pro-below')}
      data-testid="accumulation-agents"
      locale={{ emptyText: t('prospect.accumulation.noAgents') }}
      onChange={onSortOrPage(sort, pageSize, onSort, onPage)}
      pagination={{
        current: page,
        pageSize,
        total: data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: PAGE_SIZES,
        showTotal: (total) => t('prospect.totalAgents', { n: n(total) }),
      }}
    />
  );
}
