import { Table, type TableColumnsType, type TablePaginationConfig } from 'antd';
import type { SorterResult, SortOrder } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Page } from '../../../../contracts/common.ts';
import type { User } from '../../../../contracts/user.ts';
import { RoleTag, StatusTag } from '../../components/tags.tsx';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import type { UserListParams } from './api.ts';
import { PAGE_SIZES } from './useUserListParams.ts';

export const PEOPLE_COLUMNS = [
  'displayName',
  'username',
  'unitName',
  'rankName',
  'role',
  'phone',
  'joinDate',
  'status',
] as const;
/** Columns the server can sort by (contracts/user.ts UserSortFields). */
const SORTABLE = new Set(['displayName', 'username', 'joinDate', 'role', 'status']);

interface Props {
  data: Page<User> | undefined;
  loading: boolean;
  params: UserListParams;
  hidden: string[];
  onChange: (patch: Partial<UserListParams>) => void;
}

export function PeopleTable({ data, loading, params, hidden, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const sortKey = params.sort?.replace(/^-/, '');
  const sortOrder: SortOrder = params.sort ? (params.sort.startsWith('-') ? 'descend' : 'ascend') : null;
  const col = (key: string): TableColumnsType<User>[number] & { key: string } => ({
    key,
    dataIndex: key,
    title: t(`people.columns.${key}`),
    sorter: SORTABLE.has(key),
    sortOrder: SORTABLE.has(key) && sortKey === key ? sortOrder : null,
  });
  const columns: TableColumnsType<User> = [
    {
      ...col('displayName'),
      render: (v: string, u: User) => (
        // A real link too, so the row opens by keyboard and in a new tab.
        <Link to={`/people/${u.id}`} onClick={(e) => e.stopPropagation()}>
          {v}
        </Link>
      ),
    },
    col('username'),
    col('unitName'),
    { ...col('rankName'), render: (v: string | null) => v ?? '—' },
    { ...col('role'), render: (_: unknown, u: User) => <RoleTag role={u.role} /> },
    { ...col('phone'), render: (v: string | null) => v ?? '—' },
    { ...col('joinDate'), render: (v: string | null) => formatDate(v) || '—' },
    { ...col('status'), render: (_: unknown, u: User) => <StatusTag status={u.status} /> },
  ].filter((c) => !hidden.includes(String(c.key)));

  const handleChange = (
    p: TablePaginationConfig,
    _f: unknown,
    sorter: SorterResult<User> | SorterResult<User>[],
  ) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = s?.order ? String(s.columnKey) : undefined;
    const sort = field ? (s?.order === 'descend' ? `-${field}` : field) : undefined;
    if (sort !== params.sort) onChange({ sort });
    else onChange({ page: p.current ?? 1, pageSize: p.pageSize ?? params.pageSize });
  };

  return (
    <div data-testid="people-table">
      <Table<User>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data?.items ?? []}
        columns={columns}
        onChange={handleChange}
        scroll={{ x: 'max-content' }}
        onRow={(u) => ({ onClick: () => void navigate(`/people/${u.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('people.empty') }}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (total) => t('people.total', { count: formatNumber(total, i18n.language) }),
        }}
      />
    </div>
  );
}
