import { Table, Tag, Typography, type TableColumnsType, type TablePaginationConfig } from 'antd';
import type { SorterResult, SortOrder } from 'antd/es/table/interface';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Monthly } from '../../../../../contracts/attendance.ts';
import { RoleTag } from '../../../components/tags.tsx';
import { formatMoney, formatNumber, formatPercent } from '../../../i18n/format.ts';
import type { MonthlyParams } from '../api.ts';
import { PAGE_SIZES } from './useMonthlyParams.ts';

export type MonthlyPerson = Monthly['items'][number];

/** Every column of the table, in order; all but the name can be hidden in the column settings. */
export const MONTHLY_COLUMNS = [
  'displayName',
  'unitName',
  'role',
  'required',
  'attended',
  'present',
  'late',
  'absent',
  'leave',
  'earlyLeave',
  'rate',
  'finesFen',
  'fullAttendance',
] as const;
type ColumnKey = (typeof MONTHLY_COLUMNS)[number];

/** Column key → the server's sort name (contracts MonthlySorts). */
const SORTS: Partial<Record<ColumnKey, string>> = {
  displayName: 'name',
  late: 'late',
  absent: 'absent',
  rate: 'rate',
  finesFen: 'finesFen',
};

const COUNTS = ['required', 'attended', 'present', 'late', 'absent', 'leave', 'earlyLeave'] as const;

interface Props {
  data: Monthly | undefined;
  loading: boolean;
  params: MonthlyParams;
  hidden: string[];
  onChange: (patch: Partial<MonthlyParams>) => void;
  onOpen: (p: MonthlyPerson) => void;
}

export function MonthlyTable({ data, loading, params, hidden, onChange, onOpen }: Props) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const sortName = params.sort?.replace(/^-/, '');
  const sortOrder: SortOrder = params.sort ? (params.sort.startsWith('-') ? 'descend' : 'ascend') : null;
  const sortable = (key: ColumnKey) =>
    SORTS[key]
      ? { sorter: true, sortOrder: sortName === SORTS[key] ? sortOrder : null, showSorterTooltip: false }
      : {};
  const title = (key: ColumnKey) =>
    t(
      key === 'displayName'
        ? 'attendance.columns.name'
        : key === 'unitName'
          ? 'attendance.columns.unit'
          : `attendance.columns.${key}`,
    );

  const render: Record<ColumnKey, (p: MonthlyPerson) => ReactNode> = {
    displayName: (p) => (
      <div>
        <Typography.Link onClick={() => onOpen(p)}>{p.displayName}</Typography.Link>
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.username}
          </Typography.Text>
        </div>
      </div>
    ),
    // Drill down: the figures of that team.
    unitName: (p) =>
      p.unitId === params.unitId ? (
        p.unitName
      ) : (
        <Typography.Link
          onClick={(e) => {
            e.stopPropagation();
            onChange({ unitId: p.unitId });
          }}
          aria-label={t('attendance.monthly.openUnit', { unit: p.unitName })}
        >
          {p.unitName}
        </Typography.Link>
      ),
    role: (p) => <RoleTag role={p.role} />,
    required: (p) => n(p.required),
    attended: (p) => n(p.attended),
    present: (p) => n(p.present),
    late: (p) => n(p.late),
    absent: (p) => n(p.absent),
    leave: (p) => n(p.leave),
    earlyLeave: (p) => n(p.earlyLeave),
    rate: (p) => formatPercent(p.rate, i18n.language) || '—',
    finesFen: (p) => formatMoney(p.finesFen, i18n.language),
    fullAttendance: (p) =>
      p.fullAttendance ? (
        <Tag color="success">{t('attendance.monthly.full')}</Tag>
      ) : p.rate === null ? (
        '—'
      ) : (
        <Tag>{t('attendance.monthly.notFull')}</Tag>
      ),
  };
  const numeric = (k: ColumnKey) =>
    (COUNTS as readonly string[]).includes(k) || k === 'rate' || k === 'finesFen';
  const visible = MONTHLY_COLUMNS.filter((k) => k === 'displayName' || !hidden.includes(k));

  const columns: TableColumnsType<MonthlyPerson> = visible.map((k) => ({
    key: k,
    title: title(k),
    ...(k === 'displayName' ? { fixed: 'left' as const } : {}),
    ...(numeric(k) ? { align: 'right' as const } : {}),
    ...sortable(k),
    render: (_: unknown, p: MonthlyPerson) => render[k](p),
  }));

  const totals = data?.totals;
  const summaryOf = (k: ColumnKey): ReactNode => {
    if (!totals || !data) return null;
    if (k === 'displayName')
      return <Typography.Text strong>{t('attendance.monthly.summary')}</Typography.Text>;
    if (k === 'unitName')
      return (
        <Typography.Text type="secondary">
          {t('attendance.monthly.summaryPeople', { count: n(data.people) })}
        </Typography.Text>
      );
    if ((COUNTS as readonly string[]).includes(k))
      return <Typography.Text strong>{n(totals[k as (typeof COUNTS)[number]])}</Typography.Text>;
    if (k === 'rate')
      return <Typography.Text strong>{formatPercent(totals.rate, i18n.language) || '—'}</Typography.Text>;
    if (k === 'finesFen')
      return <Typography.Text strong>{formatMoney(totals.finesFen, i18n.language)}</Typography.Text>;
    return null;
  };

  const handleChange = (
    p: TablePaginationConfig,
    _f: unknown,
    sorter: SorterResult<MonthlyPerson> | SorterResult<MonthlyPerson>[],
  ) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const name = s?.order ? SORTS[String(s.columnKey) as ColumnKey] : undefined;
    const sort = name ? (s?.order === 'descend' ? `-${name}` : name) : undefined;
    if (sort !== params.sort) onChange({ sort });
    else onChange({ page: p.current ?? 1, pageSize: p.pageSize ?? params.pageSize });
  };

  return (
    <div data-testid="monthly-table">
      <Table<MonthlyPerson>
        rowKey="userId"
        size="middle"
        loading={loading}
        dataSource={data?.items ?? []}
        columns={columns}
        onChange={handleChange}
        scroll={{ x: 'max-content' }}
        onRow={(p) => ({ onClick: () => onOpen(p), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('attendance.monthly.empty') }}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (total) => t('attendance.monthly.total', { count: n(total) }),
        }}
        summary={() =>
          totals ? (
            <Table.Summary>
              <Table.Summary.Row data-testid="monthly-summary">
                {visible.map((k, i) => (
                  <Table.Summary.Cell key={k} index={i} align={numeric(k) ? 'right' : undefined}>
                    {summaryOf(k)}
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
