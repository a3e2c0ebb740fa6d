import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Flex, Input, Row, Skeleton, Typography } from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Monthly } from '../../../../../contracts/attendance.ts';
import { ColumnSettings, useColumnVisibility } from '../../../components/ColumnSettings.tsx';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect.tsx';
import { useApiError } from '../../../components/useApiError.ts';
import { formatMoney, formatNumber, formatPercent } from '../../../i18n/format.ts';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import { useDebounced } from '../../../lib/useDebounced.ts';
import { useMe } from '../../auth/MeContext.tsx';
import { exportMonthly, useMonthly, useRules, useTrend, type TrendPoint } from '../api.ts';
import '../attendance.css';
import { useCurrentWorkMonth } from '../useWorkMonth.ts';
import { MonthlyCards } from './MonthlyCards.tsx';
import { MONTHLY_COLUMNS, MonthlyTable, type MonthlyPerson } from './MonthlyTable.tsx';
import { PersonDrawer } from './PersonDrawer.tsx';
import { useMonthlyParams } from './useMonthlyParams.ts';

const TrendChart = lazy(() => import('../TrendChart.tsx'));

export default function MonthlyPage() {
  const { t } = useTranslation();
  const me = useMe();
  const current = useCurrentWorkMonth();
  if (!current.ready) return <Skeleton active paragraph={{ rows: 10 }} />;
  return (
    <MonthlyView defaultUnitId={me.unitId} defaultMonth={current.month} title={t('attendance.nav.monthly')} />
  );
}

function MonthlyView({
  defaultUnitId,
  defaultMonth,
  title,
}: {
  defaultUnitId: string;
  defaultMonth: string;
  title: string;
}) {
  const { t, i18n } = useTranslation();
  const phone = useIsPhoneLayout();
  const showError = useApiError();
  const [params, update] = useMonthlyParams({ unitId: defaultUnitId, month: defaultMonth });
  const { data, error, refetch, isFetching } = useMonthly(params);
  const trend = useTrend({ unitId: params.unitId, months: 6 });
  const rules = useRules();
  const [exporting, setExporting] = useState(false);
  const [person, setPerson] = useState<MonthlyPerson | null>(null);
  const { hidden, setHidden } = useColumnVisibility('salesbase.attendance.monthly.columns', MONTHLY_COLUMNS);
  const [q, setQ] = useState(params.q ?? '');
  const debounced = useDebounced(q, 300);
  useEffect(() => {
    if ((params.q ?? '') !== debounced.trim()) update({ q: debounced.trim() || undefined });
    // Only the typed text drives this effect; params.q follows from it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  const doExport = () => {
    setExporting(true);
    exportMonthly(params)
      .catch((e: unknown) => showError(e))
      .finally(() => setExporting(false));
  };
  const detail = useCallback(
    (p: TrendPoint) =>
      t('attendance.monthly.trendDetail', {
        attended: formatNumber(p.attended, i18n.language),
        required: formatNumber(p.required, i18n.language),
      }),
    [t, i18n.language],
  );

  return (
    <>
      <PageHeader
        title={title}
        subtitle={data ? t('attendance.period', { from: data.from, to: data.to }) : undefined}
        extra={
          <>
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={doExport}
              data-testid="monthly-export"
            >
              {t('attendance.exportExcel')}
            </Button>
            {!phone && (
              <ColumnSettings
                columns={MONTHLY_COLUMNS.map((k) => ({
                  key: k,
                  title: t(
                    k === 'displayName'
                      ? 'attendance.columns.name'
                      : k === 'unitName'
                        ? 'attendance.columns.unit'
                        : `attendance.columns.${k}`,
                  ),
                  fixed: k === 'displayName',
                }))}
                hidden={hidden}
                onChange={setHidden}
              />
            )}
          </>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }} role="search">
        <UnitTreeSelect
          value={params.unitId}
          onChange={(v) => update({ unitId: v ?? defaultUnitId })}
          aria-label={t('attendance.filters.unit')}
          style={{ flex: '1 1 200px', minWidth: 0, maxWidth: phone ? undefined : 280 }}
          data-testid="monthly-unit"
        />
        <DatePicker
          picker="month"
          value={dayjs(`${params.month}-01`)}
          allowClear={false}
          format="YYYY-MM"
          onChange={(d) => update({ month: d ? d.format('YYYY-MM') : defaultMonth })}
          aria-label={t('attendance.filters.month')}
          style={{ flex: '0 1 140px' }}
          data-testid="monthly-month"
        />
        <Input
          allowClear
          prefix={<SearchOutlined aria-hidden />}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onPressEnter={() => update({ q: q.trim() || undefined })}
          placeholder={t('attendance.filters.search')}
          aria-label={t('attendance.filters.search')}
          style={{ flex: '2 1 200px', minWidth: 0, maxWidth: phone ? undefined : 320 }}
          data-testid="monthly-search"
        />
      </Flex>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <Flex vertical gap={16}>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={10}>
              <MonthlyTotals data={data} />
            </Col>
            <Col xs={24} xl={14}>
              <Card
                size="small"
                title={t('attendance.monthly.trendTitle', { unit: data?.unitName ?? '' })}
                data-testid="monthly-trend"
              >
                {trend.data ? (
                  <Suspense fallback={<Skeleton active />}>
                    <TrendChart
                      points={trend.data}
                      locale={i18n.language}
                      ariaLabel={t('attendance.monthly.trendAria', {
                        months: trend.data
                          .map((p) => `${p.month} ${formatPercent(p.rate, i18n.language) || '—'}`)
                          .join(', '),
                      })}
                      seriesLabel={t('attendance.columns.rate')}
                      target={rules.data?.tenant.fullAttendanceRate}
                      targetLabel={t('attendance.monthly.fullLine')}
                      tooltipDetail={detail}
                      height={220}
                    />
                  </Suspense>
                ) : trend.error ? (
                  <ErrorState error={trend.error} onRetry={() => void trend.refetch()} />
                ) : (
                  <Skeleton active />
                )}
              </Card>
            </Col>
          </Row>
          {phone ? (
            <MonthlyCards
              data={data}
              loading={isFetching}
              params={params}
              onChange={update}
              onOpen={setPerson}
            />
          ) : (
            <Card styles={{ body: { padding: 0 } }}>
              <MonthlyTable
                data={data}
                loading={isFetching}
                params={params}
                hidden={hidden}
                onChange={update}
                onOpen={setPerson}
              />
            </Card>
          )}
        </Flex>
      )}
      {person && data && <PersonDrawer person={person} month={data.month} onClose={() => setPerson(null)} />}
    </>
  );
}

const SMALL_TOTALS = [
  'people',
  'required',
  'attended',
  'late',
  'absent',
  'leave',
  'earlyLeave',
  'finesFen',
] as const;

function MonthlyTotals({ data }: { data: Monthly | undefined }) {
  const { t, i18n } = useTranslation();
  if (!data)
    return (
      <Card size="small">
        <Skeleton active />
      </Card>
    );
  const n = (v: number) => formatNumber(v, i18n.language);
  const value = (k: (typeof SMALL_TOTALS)[number]) => {
    if (k === 'people') return n(data.people);
    if (k === 'finesFen') return formatMoney(data.totals.finesFen, i18n.language);
    return n(data.totals[k]);
  };
  return (
    <Card
      size="small"
      title={t('attendance.monthly.totalsTitle', { unit: data.unitName, month: data.month })}
      data-testid="monthly-totals"
      style={{ height: '100%' }}
    >
      <Row gutter={[8, 16]} align="middle">
        <Col xs={24} sm={8}>
          <div className="sb-att-total" data-testid="monthly-total-rate">
            <div className="sb-att-total-label">{t('attendance.columns.rate')}</div>
            <div className="sb-att-total-value" style={{ color: '#1d4ed8' }}>
              {formatPercent(data.totals.rate, i18n.language) || '—'}
            </div>
          </div>
        </Col>
        <Col xs={24} sm={16}>
          <Row gutter={[8, 12]}>
            {SMALL_TOTALS.map((k) => (
              <Col key={k} span={6}>
                <div className="sb-att-total" data-testid={`monthly-total-${k}`}>
                  <div className="sb-att-total-label">
                    {k === 'people' ? t('attendance.monthly.people') : t(`attendance.columns.${k}`)}
                  </div>
                  <Typography.Text strong style={{ fontSize: 18, fontVariantNumeric: 'tabular-nums' }}>
                    {value(k)}
                  </Typography.Text>
                </div>
              </Col>
            ))}
          </Row>
        </Col>
      </Row>
    </Card>
  );
}
