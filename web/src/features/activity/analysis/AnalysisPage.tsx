import { DownloadOutlined, PrinterOutlined, SearchOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Col, Flex, Input, Row, Segmented, Skeleton } from 'antd';
import { lazy, memo, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../../../../../contracts/org.ts';
import { ColumnSettings, useColumnVisibility } from '../../../components/ColumnSettings.tsx';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect.tsx';
import { useApiError } from '../../../components/useApiError.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import { useDebounced } from '../../../lib/useDebounced.ts';
import { useMe } from '../../auth/MeContext.tsx';
import { todayIn } from '../../attendance/time.ts';
import { useUnits } from '../../org/api.ts';
import '../activity.css';
import { exportSummary, summaryReady, useSummary, type SummaryFilters, type SummaryRow } from '../api.ts';
import type { SummaryRowsMode } from '../enums.ts';
import { trendGrainFor } from '../period.ts';
import { FunnelCard } from './FunnelCard.tsx';
import { KpiCards } from './KpiCards.tsx';
import { PeriodPicker } from './PeriodPicker.tsx';
import { PersonDrawer } from './PersonDrawer.tsx';
import { ReviewRateCard } from './ReviewRateCard.tsx';
import { ANALYSIS_COLUMNS, columnsFor, SummaryTable } from './SummaryTable.tsx';
import { TrendCard } from './TrendCard.tsx';
import { useAnalysisParams } from './useAnalysisParams.ts';

const PlanActualChart = lazy(() => import('../charts/PlanActualChart.tsx'));

/** At most this many pairs of bars: the chart reads at a glance; the table has the rest. */
const MAX_BARS = 15;

export default function AnalysisPage() {
  const { data: units, isPending, error, refetch } = useUnits();
  if (error && !units) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (isPending || !units) return <Skeleton active paragraph={{ rows: 12 }} />;
  return <AnalysisView units={units} />;
}

function AnalysisView({ units }: { units: Unit[] }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const phone = useIsPhoneLayout();
  const showError = useApiError();
  const byId = useMemo(() => new Map(units.map((u) => [u.id, u])), [units]);
  const today = useMemo(() => todayIn(), []);
  const rowsFor = useCallback(
    (unitId: string): SummaryRowsMode => {
      const kind = byId.get(unitId)?.kind;
      return kind === 'company' || kind === 'branch' ? 'units' : 'people';
    },
    [byId],
  );
  const defaultUnitId = byId.has(me.unitId) ? me.unitId : (units[0]?.id ?? me.unitId);
  const [params, update] = useAnalysisParams({ unitId: defaultUnitId, date: today, rowsFor });
  // The counts per type are a wide group of columns: shown on request, and in a person's drawer.
  const { hidden, setHidden } = useColumnVisibility('salesbase.activity.analysis.columns', ANALYSIS_COLUMNS, [
    'byType',
  ]);
  const { data, error, refetch, isFetching } = useSummary({ ...params, withTypes: !hidden.includes('byType') });
  const [selectedId, setSelectedId] = useState<string>();
  const [person, setPerson] = useState<SummaryRow | null>(null);
  const [exporting, setExporting] = useState(false);

  const unit = byId.get(params.unitId);
  const children = useMemo(() => units.filter((u) => u.parentId === params.unitId), [units, params.unitId]);
  const path: Unit[] = [];
  for (let u = unit; u; u = u.parentId ? byId.get(u.parentId) : undefined) path.unshift(u);
  const leaderOf = useCallback((id: string) => byId.get(id)?.leaderName ?? null, [byId]);
  const unitIdByName = useCallback(
    (name: string) => {
      const hits = units.filter((u) => u.name === name);
      return hits.length === 1 ? hits[0]!.id : undefined;
    },
    [units],
  );
  const filters: SummaryFilters = useMemo(
    () => ({
      unitId: params.unitId,
      period: params.period,
      date: params.date,
      from: params.from,
      to: params.to,
      rows: params.rows,
    }),
    [params],
  );
  const rows = data?.rows ?? [];
  const selected = rows.find((r) => r.id === selectedId) ?? rows[0];
  const openUnit = useCallback((unitId: string) => update({ unitId }), [update]);
  const search = useCallback((text: string | undefined) => update({ q: text }), [update]);
  const select = useCallback((r: SummaryRow) => setSelectedId(r.id), []);
  const onBar = useCallback(
    (id: string) => {
      const row = data?.rows.find((r) => r.id === id);
      if (row?.kind === 'unit') update({ unitId: id });
      else setSelectedId(id);
    },
    [data, update],
  );
  const bars = useMemo(
    () =>
      (data?.rows ?? [])
        .slice(0, MAX_BARS)
        .map((r) => ({ id: r.id, label: r.name, actual: r.points, planned: r.plannedPoints })),
    [data],
  );

  const doExport = () => {
    setExporting(true);
    exportSummary(params, data ? { from: data.from, to: data.to } : undefined)
      .catch((e: unknown) => showError(e))
      .finally(() => setExporting(false));
  };
  const changePeriod = (v: Partial<SummaryFilters>) => {
    // A custom range starts as the period on screen, to be narrowed or widened from there.
    if (v.period === 'custom' && !(params.from && params.to))
      update({ ...v, from: data?.from ?? today, to: data?.to ?? today });
    else update(v);
  };
  const title = t('activity.nav.analysis');

  return (
    <div className="sb-act-page">
      <PageHeader
        title={title}
        subtitle={
          data
            ? t('activity.analysis.range', { unit: data.unitName, from: data.from, to: data.to })
            : undefined
        }
        extra={
          <span className="sb-act-noprint" style={{ display: 'contents' }}>
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={doExport}
              data-testid="analysis-export"
            >
              {t('activity.exportExcel')}
            </Button>
            {!phone && (
              <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
                {t('activity.print')}
              </Button>
            )}
            {!phone && (
              <ColumnSettings
                columns={columnsFor(params.rows).map((k) => ({
                  key: k,
                  title: t(`activity.columns.${k}`),
                  fixed: k === 'name',
                }))}
                hidden={hidden}
                onChange={setHidden}
              />
            )}
          </span>
        }
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }} role="search" className="sb-act-noprint">
        <UnitTreeSelect
          value={params.unitId}
          onChange={(v) => update({ unitId: v ?? defaultUnitId })}
          aria-label={t('activity.filters.unit')}
          style={{ flex: '1 1 200px', minWidth: 0, maxWidth: phone ? undefined : 260 }}
          data-testid="analysis-unit"
        />
        <PeriodPicker value={params} today={today} onChange={changePeriod} />
        <Segmented<SummaryRowsMode>
          value={params.rows}
          onChange={(rows) => update({ rows })}
          options={[
            { value: 'people', label: t('activity.analysis.rowsPeople') },
            { value: 'units', label: t('activity.analysis.rowsUnits'), disabled: children.length === 0 },
          ]}
          aria-label={t('activity.analysis.rowsBy')}
          data-testid="analysis-rows"
        />
        <SearchBox
          value={params.q}
          onSearch={search}
          placeholder={t(
            params.rows === 'units' ? 'activity.filters.searchUnits' : 'activity.filters.search',
          )}
          maxWidth={phone ? undefined : 240}
        />
      </Flex>
      {path.length > 1 && (
        <Breadcrumb
          className="sb-act-noprint"
          style={{ marginBottom: 12 }}
          data-testid="analysis-path"
          items={path.map((u, i) =>
            i === path.length - 1
              ? { key: u.id, title: u.name }
              : { key: u.id, title: <a onClick={() => update({ unitId: u.id })}>{u.name}</a> },
          )}
        />
      )}
      {!summaryReady(params) ? (
        <Card>{t('activity.analysis.pickRange')}</Card>
      ) : error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <Flex vertical gap={16}>
          <KpiCards data={data} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Card
                size="small"
                title={t(
                  params.rows === 'units'
                    ? 'activity.analysis.planActualUnits'
                    : 'activity.analysis.planActualPeople',
                )}
                extra={
                  data && data.rows.length > MAX_BARS ? (
                    <span style={{ fontSize: 12, color: '#6b7280' }}>
                      {t('activity.analysis.firstN', { n: formatNumber(MAX_BARS, i18n.language) })}
                    </span>
                  ) : undefined
                }
                data-testid="analysis-plan-actual"
                style={{ height: '100%' }}
                className="sb-act-chart"
              >
                {!data ? (
                  <Skeleton active />
                ) : bars.length === 0 ? (
                  <div className="sb-act-empty">{t('activity.analysis.empty')}</div>
                ) : (
                  <Suspense fallback={<Skeleton active />}>
                    <PlanActualChart
                      bars={bars}
                      locale={i18n.language}
                      actualLabel={t('activity.columns.points')}
                      plannedLabel={t('activity.columns.plannedPoints')}
                      onBarClick={onBar}
                      ariaLabel={t('activity.analysis.planActualAria', {
                        bars: bars
                          .map(
                            (b) =>
                              `${b.label} ${formatNumber(b.actual, i18n.language)}/${formatNumber(b.planned, i18n.language)}`,
                          )
                          .join(', '),
                      })}
                    />
                  </Suspense>
                )}
              </Card>
            </Col>
            <Col xs={24} xl={10} className="sb-act-chart">
              <FunnelCard data={data} row={selected} />
            </Col>
          </Row>
          <Card styles={{ body: { padding: 0 } }} className="sb-act-table-card">
            <SummaryTable
              data={data}
              loading={isFetching}
              params={params}
              hidden={hidden}
              selectedId={selected?.id}
              leaderOf={leaderOf}
              unitIdByName={unitIdByName}
              onChange={update}
              onSelect={select}
              onOpenPerson={setPerson}
            />
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={children.length > 0 ? 14 : 24} className="sb-act-chart">
              <TrendCard
                key={`${params.unitId}-${params.period}`}
                unitId={params.unitId}
                unitName={data?.unitName ?? unit?.name ?? ''}
                initialGrain={trendGrainFor(params.period)}
              />
            </Col>
            {children.length > 0 && (
              <Col xs={24} xl={10}>
                <ReviewRateCard
                  filters={filters}
                  teams={children.every((c) => c.kind === 'team')}
                  leaderOf={leaderOf}
                  onOpenUnit={openUnit}
                />
              </Col>
            )}
          </Row>
        </Flex>
      )}
      {person && data && (
        <PersonDrawer row={person} data={data} params={params} onClose={() => setPerson(null)} />
      )}
    </div>
  );
}

/**
 * The search field keeps its own text, so typing re-renders only itself; the page (table, charts)
 * follows once the text has rested for 300 ms, or at once on Enter.
 */
const SearchBox = memo(function SearchBox({
  value,
  onSearch,
  placeholder,
  maxWidth,
}: {
  value: string | undefined;
  onSearch: (q: string | undefined) => void;
  placeholder: string;
  maxWidth: number | undefined;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(value ?? '');
  const debounced = useDebounced(text, 300);
  useEffect(() => {
    if ((value ?? '') !== debounced.trim()) onSearch(debounced.trim() || undefined);
    // Only the typed text drives this effect; `value` follows from it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  return (
    <Input
      allowClear
      prefix={<SearchOutlined aria-hidden />}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onPressEnter={() => onSearch(text.trim() || undefined)}
      placeholder={placeholder}
      aria-label={t('activity.filters.search')}
      style={{ flex: '1 1 180px', minWidth: 0, maxWidth }}
      data-testid="analysis-search"
    />
  );
});
