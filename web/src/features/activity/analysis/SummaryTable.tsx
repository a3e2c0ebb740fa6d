import { memo } from 'react';
import { ArrowDownOutlined } from '@ant-design/icons';
import { Table, Tooltip, Typography, type TableColumnsType, type TablePaginationConfig } from 'antd';
import type { SorterResult, SortOrder } from 'antd/es/table/interface';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Summary } from '../../../../../contracts/activity.ts';
import { formatMoney, formatNumber, formatPercent } from '../../../i18n/format.ts';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import type { SummaryParams, SummaryRow } from '../api.ts';
import { FUNNEL_STAGES, type SummarySort } from '../enums.ts';
import { PAGE_SIZES } from './useAnalysisParams.ts';

/** Every column (or column group) of the table; all but the name can be hidden in the settings. */
export const ANALYSIS_COLUMNS = [
  'name',
  'unitName',
  'leader',
  'people',
  'points',
  'plannedPoints',
  'achievement',
  'activities',
  'byType',
  'funnel',
  'ratios',
  'premiumFen',
  'submissionRate',
  'reviewRate',
] as const;
export type AnalysisColumn = (typeof ANALYSIS_COLUMNS)[number];

/** Columns that only mean something for one kind of row. */
const PEOPLE_ONLY: AnalysisColumn[] = ['unitName'];
const UNITS_ONLY: AnalysisColumn[] = ['leader', 'people'];

export function columnsFor(rows: SummaryParams['rows']): AnalysisColumn[] {
  return ANALYSIS_COLUMNS.filter((c) => !(rows === 'people' ? UNITS_ONLY : PEOPLE_ONLY).includes(c));
}

/** Column key → the server's sort name (contracts SummarySorts). */
const SORTS: Partial<Record<string, SummarySort>> = {
  name: 'name',
  points: 'points',
  achievement: 'achievement',
  activities: 'activities',
  'funnel-sale': 'sales',
  submissionRate: 'submissionRate',
  reviewRate: 'reviewRate',
};

interface Props {
  data: Summary | undefined;
  loading: boolean;
  params: SummaryParams;
  hidden: string[];
  selectedId: string | undefined;
  /** Leader of each unit, for the units' rows (the supervisor whose review rate the row shows). */
  leaderOf: (unitId: string) => string | null;
  /** The unit id of a team named in a person's row, when it is one the reader can open. */
  unitIdByName: (name: string) => string | undefined;
  onChange: (patch: Partial<SummaryParams>) => void;
  onSelect: (row: SummaryRow) => void;
  onOpenPerson: (row: SummaryRow) => void;
}

function SummaryTableView({
  data,
  loading,
  params,
  hidden,
  selectedId,
  leaderOf,
  unitIdByName,
  onChange,
  onSelect,
  onOpenPerson,
}: Props) {
  const { t, i18n } = useTranslation();
  const phone = useIsPhoneLayout();
  const lang = i18n.language;
  const n = (v: number | null) => formatNumber(v, lang) || '—';
  const pct = (v: number | null) => formatPercent(v, lang) || '—';
  const sortName = params.sort?.replace(/^-/, '');
  const sortOrder: SortOrder = params.sort ? (params.sort.startsWith('-') ? 'descend' : 'ascend') : null;
  const sortable = (key: string) =>
    SORTS[key]
      ? { sorter: true, sortOrder: sortName === SORTS[key] ? sortOrder : null, showSorterTooltip: false }
      : {};
  const num = { align: 'right' as const };
  const visible = columnsFor(params.rows).filter((k) => k === 'name' || !hidden.includes(k));
  const totals = data?.totals;
  const typeName = (ty: Summary['types'][number]) => (lang === 'en-US' ? ty.nameEn : ty.name);

  const drill = (unitId: string, label: string, text: ReactNode) => (
    <Typography.Link
      onClick={(e) => {
        e.stopPropagation();
        onChange({ unitId });
      }}
      aria-label={t('activity.analysis.openUnit', { unit: label })}
      data-testid={`analysis-drill-${unitId}`}
    >
      {text}
    </Typography.Link>
  );

  const ratioCell = (row: SummaryRow, i: number) => {
    const v = row.funnelRatios[i] ?? null;
    if (row.weakestStep !== i) return pct(v);
    return (
      <Tooltip title={t('activity.analysis.weakestHint')}>
        <span className="sb-act-weak-text" data-testid="analysis-weakest">
          <ArrowDownOutlined aria-hidden /> {pct(v)}
          <span className="sr-only">{t('activity.analysis.weakest')}</span>
        </span>
      </Tooltip>
    );
  };

  const build = (k: AnalysisColumn): TableColumnsType<SummaryRow>[number] => {
    const title = t(`activity.columns.${k}`);
    switch (k) {
      case 'name':
        return {
          key: 'name',
          title: params.rows === 'units' ? t('activity.columns.unit') : title,
          // On a phone the tab bar would pass under a fixed column: there it scrolls with the rest.
          ...(phone ? {} : { fixed: 'left' as const }),
          width: 120,
          ...sortable('name'),
          render: (_: unknown, r) =>
            r.kind === 'unit' ? (
              drill(r.id, r.name, r.name)
            ) : (
              <Typography.Link
                onClick={(e) => {
                  e.stopPropagation();
                  onOpenPerson(r);
                }}
                data-testid="analysis-person"
              >
                {r.name}
              </Typography.Link>
            ),
        };
      case 'unitName':
        return {
          key: k,
          title,
          render: (_: unknown, r) => {
            const id = unitIdByName(r.unitName);
            return id && id !== params.unitId ? drill(id, r.unitName, r.unitName) : r.unitName;
          },
        };
      case 'leader':
        return { key: k, title, render: (_: unknown, r) => leaderOf(r.id) ?? '—' };
      case 'people':
        return {
          key: k,
          title,
          ...num,
          render: (_: unknown, r) => `${n(r.activePeople)} / ${n(r.people)}`,
        };
      case 'points':
        return { key: k, title, ...num, ...sortable(k), render: (_: unknown, r) => <b>{n(r.points)}</b> };
      case 'plannedPoints':
        return { key: k, title, ...num, render: (_: unknown, r) => n(r.plannedPoints) };
      case 'achievement':
        return {
          key: k,
          title,
          ...num,
          ...sortable(k),
          render: (_: unknown, r) => <Achievement value={r.achievement} />,
        };
      case 'activities':
        return { key: k, title, ...num, ...sortable(k), render: (_: unknown, r) => n(r.activities) };
      case 'byType':
        return {
          key: k,
          title: t('activity.columns.byType'),
          children: (data?.types ?? []).map((ty) => ({
            key: `type-${ty.id}`,
            title: typeName(ty),
            ...num,
            render: (_: unknown, r: SummaryRow) => {
              const c = r.byType[ty.id];
              if (!c || (c.done === 0 && c.planned === 0))
                return <Typography.Text type="secondary">0</Typography.Text>;
              return (
                <span style={{ whiteSpace: 'nowrap' }}>
                  <b>{n(c.done)}</b>
                  {c.planned > 0 && <Typography.Text type="secondary"> / {n(c.planned)}</Typography.Text>}
                </span>
              );
            },
          })),
        };
      case 'funnel':
        return {
          key: k,
          title,
          children: FUNNEL_STAGES.map((s) => ({
            key: `funnel-${s}`,
            title: t(`activity.stages.${s}`),
            ...num,
            ...sortable(`funnel-${s}`),
            render: (_: unknown, r: SummaryRow) => n(r.funnel[s]),
          })),
        };
      case 'ratios':
        return {
          key: k,
          title,
          children: [0, 1, 2, 3].map((i) => ({
            key: `ratio-${i}`,
            title: t(`activity.ratios.${i}`),
            ...num,
            onCell: (r: SummaryRow) => ({ className: r.weakestStep === i ? 'sb-act-weak' : undefined }),
            render: (_: unknown, r: SummaryRow) => ratioCell(r, i),
          })),
        };
      case 'premiumFen':
        return { key: k, title, ...num, render: (_: unknown, r) => formatMoney(r.premiumFen, lang) };
      case 'submissionRate':
        return {
          key: k,
          title,
          ...num,
          ...sortable(k),
          render: (_: unknown, r) => (
            <Tooltip
              title={t('activity.analysis.submittedOf', {
                submitted: n(r.logsSubmitted),
                workdays: n(r.workdays),
              })}
            >
              {pct(r.submissionRate)}
            </Tooltip>
          ),
        };
      case 'reviewRate':
        return {
          key: k,
          title: params.rows === 'units' ? t('activity.columns.supervisorReviewRate') : title,
          ...num,
          ...sortable(k),
          render: (_: unknown, r) => (
            <Tooltip
              title={t('activity.analysis.reviewedOf', {
                reviewed: n(r.logsReviewedIn24h),
                submitted: n(r.logsSubmitted),
              })}
            >
              <span data-testid="analysis-review-rate">{pct(r.reviewRate)}</span>
            </Tooltip>
          ),
        };
    }
  };
  const columns = visible.map(build);

  const summaryCells = (): ReactNode[] => {
    if (!totals || !data) return [];
    const cells: ReactNode[] = [];
    for (const k of visible) {
      if (k === 'name') cells.push(<b>{t('activity.analysis.total')}</b>);
      else if (k === 'unitName' || k === 'leader') cells.push(null);
      else if (k === 'people') cells.push(<b>{`${n(totals.activePeople)} / ${n(totals.people)}`}</b>);
      else if (k === 'points') cells.push(<b>{n(totals.points)}</b>);
      else if (k === 'plannedPoints') cells.push(<b>{n(totals.plannedPoints)}</b>);
      else if (k === 'achievement') cells.push(<Achievement value={totals.achievement} />);
      else if (k === 'activities') cells.push(<b>{n(totals.activities)}</b>);
      else if (k === 'byType') for (let i = 0; i < data.types.length; i++) cells.push(null);
      else if (k === 'funnel') for (const s of FUNNEL_STAGES) cells.push(<b>{n(totals.funnel[s])}</b>);
      else if (k === 'ratios') for (const r of totals.funnelRatios) cells.push(<b>{pct(r)}</b>);
      else if (k === 'premiumFen') cells.push(<b>{formatMoney(totals.premiumFen, lang)}</b>);
      else if (k === 'submissionRate') cells.push(<b>{pct(totals.submissionRate)}</b>);
      else if (k === 'reviewRate') cells.push(<b>{pct(totals.reviewRate)}</b>);
    }
    return cells;
  };

  const handleChange = (
    p: TablePaginationConfig,
    _f: unknown,
    sorter: SorterResult<SummaryRow> | SorterResult<SummaryRow>[],
  ) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const name = s?.order ? SORTS[String(s.columnKey)] : undefined;
    const sort = name ? (s?.order === 'descend' ? `-${name}` : name) : undefined;
    if (sort !== params.sort && (sort || params.sort !== '-points')) onChange({ sort: sort ?? '-points' });
    else onChange({ page: p.current ?? 1, pageSize: p.pageSize ?? params.pageSize });
  };

  return (
    <div data-testid="analysis-table">
      <Table<SummaryRow>
        rowKey="id"
        size="small"
        bordered
        loading={loading}
        dataSource={data?.rows ?? []}
        columns={columns}
        onChange={handleChange}
        scroll={{ x: 'max-content' }}
        rowClassName={(r) => (r.id === selectedId ? 'sb-act-row-selected' : '')}
        onRow={(r) => ({ onClick: () => onSelect(r), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('activity.analysis.empty') }}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (total) => t('activity.analysis.totalRows', { count: total, n: n(total) }),
        }}
        summary={() =>
          totals ? (
            <Table.Summary>
              <Table.Summary.Row data-testid="analysis-summary">
                {summaryCells().map((c, i) => (
                  <Table.Summary.Cell key={i} index={i} align={i === 0 ? undefined : 'right'}>
                    {c}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
    </div>
  );
}

/** Actual ÷ planned points: green at or above plan, orange below 80 %, with the word when no plan. */
export function Achievement({ value }: { value: number | null }) {
  const { t, i18n } = useTranslation();
  if (value === null)
    return <Typography.Text type="secondary">{t('activity.analysis.noPlan')}</Typography.Text>;
  const type = value >= 1 ? 'success' : value < 0.8 ? 'warning' : undefined;
  return (
    <Typography.Text strong type={type}>
      {formatPercent(value, i18n.language)}
    </Typography.Text>
  );
}

export const SummaryTable = memo(SummaryTableView);
