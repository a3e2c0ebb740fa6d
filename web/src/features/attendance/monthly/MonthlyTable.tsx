import { Table, Tag, Typography, type TableColumnsType, type TablePaginationConfig } from 'antd';
import type { SorterResult, SortOrder } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import type { Monthly } from '../../../../../contracts/attendance.ts';
import { RoleTag } from '../../../components/tags.tsx';
import { formatMoney, formatNumber, formatPercent } from '../../../i18n/format.ts';
import type { MonthlyParams } from '../api.ts';
import { PAGE_SIZES } from './useMonthlyParams.ts';

export type MonthlyPerson = Monthly['items'][number];

/** Column key → the server's sort name (contracts MonthlySorts). */
const SORTS: Record<string, string> = {
  displayName: 'name',
  late: 'late',
  absent: 'absent',
  rate: 'rate',
  finesFen: 'finesFen',
};

interface Props {
  data: Monthly | undefined;
  loading: boolean;
  params: MonthlyParams;
  onChange: (patch: Partial<MonthlyParams>) => void;
  onOpen: (p: MonthlyPerson) => void;
}

const COUNTS = ['required', 'attended', 'present', 'late', 'absent', 'leave', 'earlyLeave'] as const;

export function MonthlyTable({ data, loading, params, onChange, onOpen }: Props) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const sortName = params.sort?.replace(/^-/, '');
  const sortOrder: SortOrder = params.sort ? (params.sort.startsWith('-') ? 'descend' : 'ascend') : null;
  const sortable = (key: string) =>
    SORTS[key]
      ? { sorter: true, sortOrder: sortName === SORTS[key] ? sortOrder : null, showSorterTooltip: false }
      : {};

  const columns: TableColumnsType<MonthlyPerson> = [
    {
      key: 'displayName',
      title: t('attendance.columns.name'),
      fixed: 'left',
      ...sortable('displayName'),
      render: (_: unknown, p) => (
        <div>
          <Typography.Link onClick={() => onOpen(p)}>{p.displayName}</Typography.Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {p.username}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { key: 'unitName', dataIndex: 'unitName', title: t('attendance.columns.unit') },
    {
      key: 'role',
      title: t('attendance.columns.role'),
      render: (_: unknown, p) => <RoleTag role={p.role} />,
    },
    ...COUNTS.map((k) => ({
      key: k,
      dataIndex: k,
      title: t(`attendance.columns.${k}`),
      align: 'right' as const,
      ...sortable(k),
      render: (v: number) => n(v),
    })),
    {
      key: 'rate',
      dataIndex: 'rate',
      title: t('attendance.columns.rate'),
      align: 'right',
      ...sortable('rate'),
      render: (v: number | null) => formatPercent(v, i18n.language) || '—',
    },
    {
      key: 'finesFen',
      dataIndex: 'finesFen',
      title: t('attendance.columns.finesFen'),
      align: 'right',
      ...sortable('finesFen'),
      render: (v: number) => formatMoney(v, i18n.language),
    },
    {
      key: 'fullAttendance',
      title: t('attendance.columns.fullAttendance'),
      render: (_: unknown, p) =>
        p.fullAttendance ? (
          <Tag color="success">{t('attendance.monthly.full')}</Tag>
        ) : p.rate === null ? (
          '—'
        ) : (
          <Tag>{t('attendance.monthly.notFull')}</Tag>
        ),
    },
  ];

  const handleChange = (
    p: TablePaginationConfig,
    _f: unknown,
    sorter: SorterResult<MonthlyPerson> | SorterResult<MonthlyPerson>[],
  ) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const name = s?.order ? SORTS[String(s.columnKey)] : undefined;
    const sort = name ? (s?.order === 'descend' ? `-${name}` : name) : undefined;
    if (sort !== params.sort) onChange({ sort });
    else onChange({ page: p.current ?? 1, pageSize: p.pageSize ?? params.pageSize });
  };

  const totals = data?.totals;
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
            <Table.Summary fixed="bottom">
              <Table.Summary.Row data-testid="monthly-summary">
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>{t('attendance.monthly.summary')}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} colSpan={2}>
                  <Typography.Text type="secondary">
                    {t('attendance.monthly.summaryPeople', { count: n(data.people) })}
                  </Typography.Text>
                </Table.Summary.Cell>
                {COUNTS.map((k, i) => (
                  <Table.Summary.Cell key={k} index={3 + i} align="right">
                    <Typography.Text strong>{n(totals[k])}</Typography.Text>
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={10} align="right">
                  <Typography.Text strong>{formatPercent(totals.rate, i18n.language) || '—'}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={11} align="right">
                  <Typography.Text strong>{formatMoney(totals.finesFen, i18n.language)}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={12} />
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
    </div>
  );
}
