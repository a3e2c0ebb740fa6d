import { Card, Flex, Pagination, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Monthly } from '../../../../../contracts/attendance.ts';
import { RowList } from '../../../components/RowList.tsx';
import { RoleTag } from '../../../components/tags.tsx';
import { formatNumber, formatPercent } from '../../../i18n/format.ts';
import type { MonthlyParams } from '../api.ts';
import { MonthlySortFields } from '../sorts.ts';
import type { MonthlyPerson } from './MonthlyTable.tsx';

/** The month's people on a phone: one tappable row each, the rate large, the sort in a picker. */
export function MonthlyCards({
  data,
  loading,
  params,
  onChange,
  onOpen,
}: {
  data: Monthly | undefined;
  loading: boolean;
  params: MonthlyParams;
  onChange: (p: Partial<MonthlyParams>) => void;
  onOpen: (p: MonthlyPerson) => void;
}) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const sorts = MonthlySortFields.flatMap((s) => [s, `-${s}`]);
  return (
    <Flex vertical gap={12} data-testid="monthly-table">
      <Select
        value={params.sort ?? 'name'}
        onChange={(v: string) => onChange({ sort: v === 'name' ? undefined : v })}
        options={sorts.map((s) => ({
          value: s,
          label: t(`attendance.monthly.sorts.${s.replace('-', 'desc_')}`),
        }))}
        aria-label={t('attendance.monthly.sortBy')}
        data-testid="monthly-sort"
      />
      <Card loading={loading && !data} styles={{ body: { padding: 0 } }}>
        <RowList
          label={t('attendance.nav.monthly')}
          items={data?.items ?? []}
          rowKey={(p) => p.userId}
          onClick={onOpen}
          empty={
            <Typography.Paragraph type="secondary" style={{ padding: 16, margin: 0 }}>
              {t('attendance.monthly.empty')}
            </Typography.Paragraph>
          }
          render={(p) => (
            <>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Flex gap={6} align="center" wrap>
                  <Typography.Text strong>{p.displayName}</Typography.Text>
                  {p.role !== 'agent' && <RoleTag role={p.role} />}
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block' }} ellipsis>
                  {t('attendance.monthly.cardLine', {
                    unit: p.unitName,
                    late: n(p.late),
                    absent: n(p.absent),
                    leave: n(p.leave),
                  })}
                </Typography.Text>
              </div>
              <Typography.Text strong style={{ fontSize: 18, fontVariantNumeric: 'tabular-nums' }}>
                {formatPercent(p.rate, i18n.language) || '—'}
              </Typography.Text>
            </>
          )}
        />
      </Card>
      {(data?.total ?? 0) > params.pageSize && (
        <Flex justify="center">
          <Pagination
            simple
            current={params.page}
            pageSize={params.pageSize}
            total={data?.total ?? 0}
            onChange={(page) => onChange({ page })}
          />
        </Flex>
      )}
      <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
        {t('attendance.monthly.total', { count: n(data?.total ?? 0) })}
      </Typography.Text>
    </Flex>
  );
}
