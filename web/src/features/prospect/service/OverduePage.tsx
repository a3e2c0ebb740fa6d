import {
  Card,
  Col,
  Empty,
  Flex,
  Row,
  Segmented,
  Select,
  Skeleton,
  Switch,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ServiceKinds,
  ServiceRequestSorts,
  type Satisfaction,
  type ServiceRequest,
} from '../../../../../contracts/customer.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { formatDate, formatNumber } from '../../../i18n/format.ts';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import { todayIn } from '../../attendance/time.ts';
import { exportServiceRequests, useSatisfaction, useServiceRequests } from '../api.ts';
import { ExportButton } from '../components/common.tsx';
import { UnitFilter } from '../components/filters.tsx';
import { Kpis } from '../components/Kpis.tsx';
import { PAGE_SIZES, useUrlParams } from '../components/useUrlParams.ts';
import { PersonPicker } from '../handover/PersonPicker.tsx';
import { addDays, daysBetween } from '../period.ts';
import '../prospect.css';
import { sortFromTable, sortOrderOf } from '../tables.ts';

const GroupedBars = lazy(() => import('../charts/GroupedBars.tsx'));

const WINDOWS = [30, 90, 365] as const;
type Window = (typeof WINDOWS)[number];
/** A satisfaction average below this is marked (the scale is 1–5). */
export const LOW_SATISFACTION = 4;

/**
 * The supervisor's after-sales view (售后服务): the team's service requests, overdue ones first and
 * by default only those, and the satisfaction figure from return visits per agent.
 */
export default function OverduePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const phone = useIsPhoneLayout();
  const today = useMemo(() => todayIn(), []);
  const [state, update] = useUrlParams(
    { unitId: undefined, ownerId: undefined, kind: undefined, overdue: '1', sort: undefined },
    { kind: ServiceKinds, overdue: ['0', '1'], sort: ServiceRequestSorts },
  );
  const { unitId, ownerId, kind, sort } = state.values;
  const overdue = state.values.overdue === '1' ? '1' : undefined;
  const filters = { unitId, ownerId, kind, overdue, sort } as const;
  const list = useServiceRequests({ ...filters, page: state.page, pageSize: state.pageSize });
  // The overdue count of the team, whatever the list shows.
  const overdueCount = useServiceRequests({ unitId, ownerId, kind, overdue: '1', page: 1, pageSize: 1 });
  const [windowDays, setWindowDays] = useState<Window>(90);
  const sat = useSatisfaction({ unitId, from: addDays(today, -(windowDays - 1)), to: today });
  const n = (v: number | null | undefined) => formatNumber(v, lang) || '—';

  const columns: TableColumnsType<ServiceRequest> = [
    {
      key: 'dueDate',
      title: t('prospect.columns.dueDate'),
      sorter: true,
      sortOrder: sortOrderOf(sort ?? 'dueDate', 'dueDate'),
      showSorterTooltip: false,
      render: (_: unknown, r) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {formatDate(r.dueDate)}{' '}
          {r.overdue && (
            <Tag color="orange" data-testid="service-overdue-tag">
              {t('prospect.service.overdueDays', { n: n(Math.max(1, daysBetween(r.dueDate, today))) })}
            </Tag>
          )}
        </span>
      ),
    },
    {
      key: 'kind',
      title: t('prospect.columns.kind'),
      render: (_: unknown, r) => t(`prospect.service.kinds.${r.kind}`),
    },
    {
      key: 'customer',
      title: t('prospect.columns.customer'),
      render: (_: unknown, r) => <b>{r.customerName}</b>,
    },
    { key: 'policy', title: t('prospect.columns.policyNo'), render: (_: unknown, r) => r.policyNo ?? '—' },
    { key: 'owner', title: t('prospect.columns.agent'), dataIndex: 'ownerName' },
    {
      key: 'status',
      title: t('prospect.columns.status'),
      render: (_: unknown, r) => (
        <Tag color={r.status === 'done' ? 'success' : r.status === 'cancelled' ? 'default' : 'processing'}>
          {t(`prospect.service.statuses.${r.status}`)}
        </Tag>
      ),
    },
    {
      key: 'notes',
      title: t('prospect.columns.notes'),
      render: (_: unknown, r) => (
        <Typography.Text ellipsis={{ tooltip: r.notes }} style={{ maxWidth: 240 }}>
          {r.notes ?? ''}
        </Typography.Text>
      ),
    },
    {
      key: 'createdAt',
      title: t('prospect.columns.createdAt'),
      sorter: true,
      sortOrder: sortOrderOf(sort, 'createdAt'),
      showSorterTooltip: false,
      render: (_: unknown, r) => formatDate(r.createdAt),
    },
  ];

  return (
    <div data-testid="service-page">
      <PageHeader
        title={t('prospect.nav.overdue')}
        subtitle={t('prospect.service.intro')}
        extra={<ExportButton testId="service-export" onExport={() => exportServiceRequests(filters)} />}
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }} role="search">
        <UnitFilter
          value={unitId}
          onChange={(v) => update({ unitId: v })}
          testId="service-unit"
          maxWidth={240}
        />
        <div style={{ flex: '1 1 200px', minWidth: 0, maxWidth: phone ? undefined : 240 }}>
          <PersonPicker
            value={ownerId}
            onChange={(v) => update({ ownerId: v })}
            includeLeft={false}
            ariaLabel={t('prospect.filters.agent')}
            placeholder={t('prospect.filters.anyAgent')}
            testId="service-owner"
          />
        </div>
        <Select
          allowClear
          value={kind}
          onChange={(v?: string) => update({ kind: v })}
          placeholder={t('prospect.filters.anyKind')}
          aria-label={t('prospect.columns.kind')}
          options={ServiceKinds.map((k) => ({ value: k, label: t(`prospect.service.kinds.${k}`) }))}
          style={{ flex: '0 1 160px', minWidth: 120 }}
          data-testid="service-kind"
        />
        <label style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
          <Switch
            checked={!!overdue}
            onChange={(v) => update({ overdue: v ? '1' : '0' })}
            data-testid="service-only-overdue"
          />
          {t('prospect.service.onlyOverdue')}
        </label>
      </Flex>
      <Flex vertical gap={16}>
        <Kpis
          testId="service-kpis"
          items={[
            {
              key: 'overdue',
              label: t('prospect.service.kpis.overdue'),
              value: overdueCount.data ? (
                <span className={overdueCount.data.total > 0 ? 'sb-pro-short' : undefined}>
                  {n(overdueCount.data.total)}
                </span>
              ) : (
                '…'
              ),
            },
            {
              key: 'satisfaction',
              label: t('prospect.service.kpis.satisfaction', { days: windowDays }),
              value:
                sat.data?.average === null || sat.data?.average === undefined ? '—' : n(sat.data.average),
              detail: sat.data ? t('prospect.service.kpis.scored', { n: n(sat.data.count) }) : undefined,
            },
          ]}
        />
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            <Card
              size="small"
              className="sb-pro-table"
              styles={{ body: { padding: 0 } }}
              title={t('prospect.service.listTitle')}
            >
              {list.error && !list.data ? (
                <ErrorState error={list.error} onRetry={() => void list.refetch()} />
              ) : (
                <Table<ServiceRequest>
                  rowKey="id"
                  size="small"
                  loading={list.isFetching}
                  dataSource={list.data?.items ?? []}
                  columns={columns}
                  scroll={{ x: 'max-content' }}
                  rowClassName={(r) => (r.overdue ? 'sb-pro-below' : '')}
                  data-testid="service-table"
                  locale={{
                    emptyText: overdue ? t('prospect.service.noneOverdue') : t('prospect.service.none'),
                  }}
                  onChange={(p, _f, sorter) => {
                    const s = Array.isArray(sorter) ? sorter[0] : sorter;
                    const next = sortFromTable(s?.order ? String(s.columnKey) : undefined, s?.order);
                    const normal = next === 'dueDate' ? undefined : next;
                    if (normal !== sort) update({ sort: normal });
                    else update({ page: p.current ?? 1, pageSize: p.pageSize ?? state.pageSize });
                  }}
                  pagination={{
                    current: state.page,
                    pageSize: state.pageSize,
                    total: list.data?.total ?? 0,
                    showSizeChanger: true,
                    pageSizeOptions: PAGE_SIZES,
                    showTotal: (total) => t('prospect.totalRows', { n: n(total) }),
                  }}
                />
              )}
            </Card>
          </Col>
          <Col xs={24} xl={9}>
            <Card
              size="small"
              title={t('prospect.service.satisfactionTitle')}
              extra={
                <Segmented<Window>
                  size="small"
                  value={windowDays}
                  onChange={setWindowDays}
                  options={WINDOWS.map((d) => ({
                    value: d,
                    label: t('prospect.service.lastDays', { n: d }),
                  }))}
                  aria-label={t('prospect.service.window')}
                />
              }
              data-testid="service-satisfaction"
            >
              {sat.error && !sat.data ? (
                <ErrorState error={sat.error} onRetry={() => void sat.refetch()} />
              ) : !sat.data ? (
                <Skeleton active />
              ) : (
                <SatisfactionBody data={sat.data} />
              )}
            </Card>
          </Col>
        </Row>
      </Flex>
    </div>
  );
}

type AgentSat = Satisfaction['agents'][number];

function SatisfactionBody({ data }: { data: Satisfaction }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const scored = data.agents.filter((a) => a.average !== null);
  const [sortDesc, setSortDesc] = useState<boolean | null>(null);
  const rows = useMemo(() => {
    if (sortDesc === null) return data.agents;
    return [...data.agents].sort((a, b) => {
      if (a.average === null) return 1;
      if (b.average === null) return -1;
      return sortDesc ? b.average - a.average : a.average - b.average;
    });
  }, [data.agents, sortDesc]);
  if (data.agents.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('prospect.service.noScores')} />;
  const columns: TableColumnsType<AgentSat> = [
    { key: 'name', title: t('prospect.columns.agent'), render: (_: unknown, r) => <b>{r.userName}</b> },
    {
      key: 'average',
      title: t('prospect.columns.satisfaction'),
      align: 'right',
      sorter: true,
      sortOrder: sortDesc === null ? null : sortDesc ? 'descend' : 'ascend',
      showSorterTooltip: false,
      render: (_: unknown, r) =>
        r.average === null ? (
          '—'
        ) : r.average < LOW_SATISFACTION ? (
          <span className="sb-pro-short">
            {formatNumber(r.average, lang)} · {t('prospect.service.low')}
          </span>
        ) : (
          <b>{formatNumber(r.average, lang)}</b>
        ),
    },
    {
      key: 'count',
      title: t('prospect.columns.scoredVisits'),
      align: 'right',
      render: (_: unknown, r) => formatNumber(r.count, lang),
    },
  ];
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">
        {t('prospect.service.satisfactionRange', { from: data.from, to: data.to })}
      </Typography.Text>
      {scored.length > 0 && (
        <Suspense fallback={<Skeleton active />}>
          <GroupedBars
            labels={scored.slice(0, 12).map((a) => a.userName)}
            locale={lang}
            max={5}
            series={[
              {
                name: t('prospect.columns.satisfaction'),
                color: '#0f766e',
                values: scored.slice(0, 12).map((a) => a.average),
              },
            ]}
            ariaLabel={t('prospect.service.chartAria', {
              agents: scored.map((a) => `${a.userName} ${formatNumber(a.average, lang)}`).join(', '),
            })}
          />
        </Suspense>
      )}
      <Table<AgentSat>
        rowKey="userId"
        size="small"
        dataSource={rows}
        columns={columns}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        rowClassName={(r) => (r.average !== null && r.average < LOW_SATISFACTION ? 'sb-pro-below' : '')}
        data-testid="service-satisfaction-table"
        onChange={(_p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          setSortDesc(s?.order ? s.order === 'descend' : null);
        }}
      />
      {data.teams.length > 1 && (
        <Typography.Text type="secondary">
          {t('prospect.service.teams', {
            teams: data.teams
              .map((x) => `${x.unitName} ${x.average === null ? '—' : formatNumber(x.average, lang)}`)
              .join(' · '),
          })}
        </Typography.Text>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('prospect.service.scaleHint')}
      </Typography.Text>
    </Flex>
  );
}
