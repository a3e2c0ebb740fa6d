import { ExperimentOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Flex,
  Input,
  InputNumber,
  Modal,
  Segmented,
  Table,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SpotCheckOverviewSorts, type SpotCheckOverviewRow } from '../../../../../contracts/spot-check.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { useApiError } from '../../../components/useApiError.ts';
import { formatDateTime, formatNumber, formatPercent } from '../../../i18n/format.ts';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import { useDebounced } from '../../../lib/useDebounced.ts';
import { exportOverview, useDrawSample, useSpotCheckOverview } from '../api.ts';
import { ExportButton, StandardTag } from '../components/common.tsx';
import { AsOfDateFilter, UnitFilter } from '../components/filters.tsx';
import { PAGE_SIZES, useUrlParams } from '../components/useUrlParams.ts';
import { onSortOrPage, serverSorted, shortfalls } from '../tables.ts';

export const SAMPLE_SIZES = [3, 5, 10, 20];
const DEFAULT_SAMPLE = 5;

/** Each agent in scope against the standard, the ones below it marked; a sample drawn from a row. */
export function AgentsTab({
  onOpenCheck,
  onOpenHistory,
}: {
  onOpenCheck: (id: string) => void;
  onOpenHistory: (agentId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const phone = useIsPhoneLayout();
  const [state, update] = useUrlParams(
    { unitId: undefined, date: undefined, q: undefined, sort: undefined },
    { sort: SpotCheckOverviewSorts },
  );
  const { unitId, date, q, sort } = state.values;
  const { data, error, refetch, isFetching } = useSpotCheckOverview({
    unitId,
    date,
    q,
    sort,
    page: state.page,
    pageSize: state.pageSize,
  });
  const [drawFor, setDrawFor] = useState<SpotCheckOverviewRow | null>(null);
  const n = (v: number | null | undefined) => formatNumber(v, lang) || '—';
  const std = data?.standards;

  const columns: TableColumnsType<SpotCheckOverviewRow> = [
    {
      ...serverSorted(sort, 'agentName'),
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
      render: (_: unknown, r) => (
        <StandardTag ok={r.meetsOnHand && r.meetsMonthly} testId="spot-check-status" />
      ),
    },
    {
      ...serverSorted(sort, 'onHand'),
      title: t('prospect.columns.onHand'),
      align: 'right',
      render: (_: unknown, r) => {
        const short = std ? shortfalls(r, std).onHand : 0;
        return (
          <span>
            <b>{n(r.onHand)}</b>
            {std && <Typography.Text type="secondary"> / {n(std.onHand)}</Typography.Text>}
            {short > 0 && (
              <span className="sb-pro-sub sb-pro-short">{t('prospect.standard.short', { n: n(short) })}</span>
            )}
          </span>
        );
      },
    },
    {
      ...serverSorted(sort, 'newThisWeek'),
      title: t('prospect.columns.newThisWeek'),
      align: 'right',
      render: (_: unknown, r) => n(r.newThisWeek),
    },
    {
      ...serverSorted(sort, 'newThisMonth'),
      title: t('prospect.columns.newThisMonth'),
      align: 'right',
      render: (_: unknown, r) => {
        const short = std ? shortfalls(r, std).monthly : 0;
        return (
          <span>
            <b>{n(r.newThisMonth)}</b>
            {std && <Typography.Text type="secondary"> / {n(std.monthly)}</Typography.Text>}
            {short > 0 && (
              <span className="sb-pro-sub sb-pro-short">{t('prospect.standard.short', { n: n(short) })}</span>
            )}
          </span>
        );
      },
    },
    {
      ...serverSorted(sort, 'abShare'),
      title: t('prospect.columns.abShare'),
      align: 'right',
      render: (_: unknown, r) => (
        <Tooltip title={t('prospect.spotCheck.abOf', { ab: n(r.abCount), total: n(r.onHand) })}>
          {formatPercent(r.abShare, lang) || '—'}
        </Tooltip>
      ),
    },
    {
      ...serverSorted(sort, 'lastCheckAt'),
      title: t('prospect.columns.lastCheck'),
      render: (_: unknown, r) =>
        r.lastCheckAt ? (
          <Typography.Link
            onClick={() => onOpenHistory(r.agentId)}
            aria-label={t('prospect.spotCheck.historyOf', { name: r.agentName })}
          >
            {formatDateTime(r.lastCheckAt)}
          </Typography.Link>
        ) : (
          <Typography.Text type="secondary">{t('prospect.spotCheck.never')}</Typography.Text>
        ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_: unknown, r) => (
        <Button
          size={phone ? 'middle' : 'small'}
          icon={<ExperimentOutlined />}
          disabled={r.onHand === 0}
          onClick={() => setDrawFor(r)}
          aria-label={t('prospect.spotCheck.drawFor', { name: r.agentName })}
          data-testid="spot-check-draw"
        >
          {t('prospect.spotCheck.draw')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }} role="search">
        <UnitFilter value={unitId} onChange={(v) => update({ unitId: v })} testId="spot-check-unit" />
        <AsOfDateFilter value={date} onChange={(v) => update({ date: v })} testId="spot-check-date" />
        <SearchBox value={q} onSearch={(v) => update({ q: v })} />
        <div style={{ flex: '1 1 auto' }} />
        <ExportButton
          testId="spot-check-export"
          onExport={() => exportOverview({ unitId, date, q, sort }, data?.date ?? date)}
        />
      </Flex>
      {data && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="spot-check-range">
          {t('prospect.spotCheck.range', {
            weekFrom: data.weekFrom,
            weekTo: data.weekTo,
            monthFrom: data.monthFrom,
            monthTo: data.monthTo,
            onHand: n(data.standards.onHand),
            monthly: n(data.standards.monthly),
          })}
        </Typography.Paragraph>
      )}
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }} className="sb-pro-table">
          <Table<SpotCheckOverviewRow>
            rowKey="agentId"
            size="small"
            loading={isFetching}
            dataSource={data?.items ?? []}
            columns={columns}
            scroll={{ x: 'max-content' }}
            rowClassName={(r) => (r.meetsOnHand && r.meetsMonthly ? '' : 'sb-pro-below')}
            data-testid="spot-check-table"
            locale={{ emptyText: t('prospect.spotCheck.empty') }}
            onChange={onSortOrPage(
              sort,
              state.pageSize,
              (next) => update({ sort: next }),
              (page, pageSize) => update({ page, pageSize }),
            )}
            pagination={{
              current: state.page,
              pageSize: state.pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: PAGE_SIZES,
              showTotal: (total) => t('prospect.totalAgents', { n: n(total) }),
            }}
          />
        </Card>
      )}
      {drawFor && (
        <DrawModal
          row={drawFor}
          onClose={() => setDrawFor(null)}
          onDrawn={(id) => {
            setDrawFor(null);
            onOpenCheck(id);
          }}
        />
      )}
    </>
  );
}

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
      prefix={<SearchOutlined aria-hidden />}
      value={text}
      onChange={(e) => setText(e.target.value)}
      placeholder={t('prospect.filters.searchAgent')}
      aria-label={t('prospect.filters.searchAgent')}
      style={{ flex: '1 1 160px', minWidth: 0, maxWidth: phone ? undefined : 240 }}
      data-testid="spot-check-search"
    />
  );
}

/** How many cards to draw; fewer come back when the agent holds fewer. */
function DrawModal({
  row,
  onClose,
  onDrawn,
}: {
  row: SpotCheckOverviewRow;
  onClose: () => void;
  onDrawn: (checkId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const showError = useApiError();
  const draw = useDrawSample();
  const [size, setSize] = useState(Math.min(DEFAULT_SAMPLE, Math.max(1, row.onHand)));
  return (
    <Modal
      open
      title={t('prospect.spotCheck.drawTitle', { name: row.agentName })}
      okText={t('prospect.spotCheck.drawOk')}
      okButtonProps={{ loading: draw.isPending, 'data-testid': 'spot-check-draw-ok' }}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() =>
        draw.mutate(
          { agentId: row.agentId, size },
          { onSuccess: (c) => onDrawn(c.id), onError: (e) => showError(e) },
        )
      }
    >
      <Typography.Paragraph type="secondary">
        {t('prospect.spotCheck.drawHint', { n: formatNumber(row.onHand, i18n.language) })}
      </Typography.Paragraph>
      <Flex gap={12} wrap align="center">
        <Segmented<number>
          value={SAMPLE_SIZES.includes(size) ? size : -1}
          onChange={(v) => v > 0 && setSize(v)}
          options={SAMPLE_SIZES.map((s) => ({ value: s, label: String(s) }))}
          aria-label={t('prospect.spotCheck.sampleSize')}
        />
        <InputNumber
          min={1}
          max={50}
          precision={0}
          value={size}
          onChange={(v) => setSize(typeof v === 'number' ? v : DEFAULT_SAMPLE)}
          aria-label={t('prospect.spotCheck.sampleSize')}
          addonAfter={t('prospect.spotCheck.cardsUnit')}
          style={{ width: 140 }}
          data-testid="spot-check-size"
        />
      </Flex>
    </Modal>
  );
}
