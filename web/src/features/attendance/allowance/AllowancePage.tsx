import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  InputNumber,
  Skeleton,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Allowance } from '../../../../../contracts/attendance.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect.tsx';
import { useApiError } from '../../../components/useApiError.ts';
import { formatMoney, formatNumber, formatPercent } from '../../../i18n/format.ts';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import { useCan } from '../../auth/MeContext.tsx';
import { exportAllowance, IMPORTS, useAllowance, useSaveAllowanceBases } from '../api.ts';
import { AttendanceImportWizard } from '../import/AttendanceImportWizard.tsx';
import { fenToYuan, MONTH_PATTERN, yuanToFen } from '../time.ts';
import { useCurrentWorkMonth } from '../useWorkMonth.ts';
import '../attendance.css';
import { TierLegend, TierTag } from './TierLegend.tsx';

type Row = Allowance['rows'][number];

export default function AllowancePage() {
  const current = useCurrentWorkMonth();
  if (!current.ready) return <Skeleton active paragraph={{ rows: 10 }} />;
  return <AllowanceView defaultMonth={current.month} />;
}

function AllowanceView({ defaultMonth }: { defaultMonth: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const phone = useIsPhoneLayout();
  const showError = useApiError();
  const [sp, setSp] = useSearchParams();
  const rawMonth = sp.get('month');
  const month = rawMonth && MONTH_PATTERN.test(rawMonth) ? rawMonth : defaultMonth;
  const unitId = sp.get('unitId') || undefined;
  const params = { month, unitId };
  const { data, error, refetch, isFetching } = useAllowance(params);
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);
  const writable = can('attendance.allowanceWrite');

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setSp(next, { replace: true });
  };

  const doExport = () => {
    setExporting(true);
    exportAllowance(params)
      .catch((e: unknown) => showError(e))
      .finally(() => setExporting(false));
  };

  return (
    <>
      <PageHeader
        title={t('attendance.nav.allowance')}
        subtitle={data ? t('attendance.period', { from: data.from, to: data.to }) : undefined}
        extra={
          <>
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={doExport}
              data-testid="allowance-export"
            >
              {t('attendance.exportExcel')}
            </Button>
            {writable && (
              <Button
                icon={<UploadOutlined />}
                onClick={() => setImporting(true)}
                data-testid="allowance-import"
              >
                {t('attendance.allowance.importBases')}
              </Button>
            )}
          </>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }} role="search">
        <DatePicker
          picker="month"
          format="YYYY-MM"
          value={dayjs(`${month}-01`)}
          allowClear={false}
          onChange={(d) => {
            const v = d?.format('YYYY-MM');
            set({ month: v && v !== defaultMonth ? v : undefined });
          }}
          aria-label={t('attendance.filters.month')}
          style={{ flex: '0 1 140px' }}
          data-testid="allowance-month"
        />
        <UnitTreeSelect
          allowClear
          value={unitId}
          onChange={(v) => set({ unitId: v })}
          placeholder={t('attendance.allowance.allUnits')}
          aria-label={t('attendance.filters.unit')}
          style={{ flex: '1 1 200px', minWidth: 0, maxWidth: phone ? undefined : 280 }}
          data-testid="allowance-unit"
        />
      </Flex>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <Flex vertical gap={16}>
          {data && <TierLegend tiers={data.tiers} />}
          <Card styles={{ body: { padding: 0 } }}>
            <AllowanceTable data={data} loading={isFetching} writable={writable} />
          </Card>
          <Typography.Text type="secondary">{t('attendance.allowance.note')}</Typography.Text>
        </Flex>
      )}
      {importing && (
        <AttendanceImportWizard
          endpoint={IMPORTS.allowanceBases}
          kind="allowanceBases"
          fields={{ month }}
          onClose={() => setImporting(false)}
        />
      )}
    </>
  );
}

function AllowanceTable({
  data,
  loading,
  writable,
}: {
  data: Allowance | undefined;
  loading: boolean;
  writable: boolean;
}) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const rows = useMemo(() => data?.rows ?? [], [data]);
  const payable = (r: Row) => (r.baseFen === null ? null : r.baseFen - (r.cutFen ?? 0));
  const sum = (f: (r: Row) => number | null) => rows.reduce((s, r) => s + (f(r) ?? 0), 0);

  const columns: TableColumnsType<Row> = [
    {
      key: 'displayName',
      className: 'sb-att-col-displayName',
      title: t('attendance.allowance.columns.supervisor'),
      fixed: 'left',
      sorter: (a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN'),
      render: (_: unknown, r) => (
        <div>
          <div>{r.displayName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="allowance-username">
            {r.username}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'unitName',
      className: 'sb-att-col-unitName',
      dataIndex: 'unitName',
      title: t('attendance.allowance.columns.team'),
    },
    {
      key: 'attended',
      className: 'sb-att-col-attended',
      title: t('attendance.allowance.columns.attended'),
      align: 'right',
      render: (_: unknown, r) => `${n(r.attended)} / ${n(r.required)}`,
    },
    {
      key: 'rate',
      className: 'sb-att-col-rate',
      dataIndex: 'rate',
      title: t('attendance.columns.rate'),
      align: 'right',
      sorter: (a, b) => (a.rate ?? -1) - (b.rate ?? -1),
      render: (v: number | null) => formatPercent(v, i18n.language) || '—',
    },
    {
      key: 'tier',
      className: 'sb-att-col-tier',
      dataIndex: 'tier',
      title: t('attendance.allowance.columns.tier'),
      render: (v: number) => (data ? <TierTag tiers={data.tiers} index={v} /> : null),
    },
    {
      key: 'cut',
      className: 'sb-att-col-cut',
      dataIndex: 'cut',
      title: t('attendance.allowance.columns.cut'),
      align: 'right',
      render: (v: number) => formatPercent(v, i18n.language),
    },
    {
      key: 'baseFen',
      className: 'sb-att-col-baseFen',
      dataIndex: 'baseFen',
      title: t('attendance.allowance.columns.base'),
      align: 'right',
      render: (_: unknown, r) =>
        writable && data ? (
          <BaseInput row={r} month={data.month} />
        ) : r.baseFen === null ? (
          <Typography.Text type="secondary">{t('attendance.allowance.noBase')}</Typography.Text>
        ) : (
          formatMoney(r.baseFen, i18n.language)
        ),
    },
    {
      key: 'cutFen',
      className: 'sb-att-col-cutFen',
      dataIndex: 'cutFen',
      title: t('attendance.allowance.columns.cutAmount'),
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : formatMoney(v, i18n.language)),
    },
    {
      key: 'payable',
      className: 'sb-att-col-payable',
      title: t('attendance.allowance.columns.payable'),
      align: 'right',
      render: (_: unknown, r) => {
        const p = payable(r);
        return p === null ? '—' : <Typography.Text strong>{formatMoney(p, i18n.language)}</Typography.Text>;
      },
    },
  ];

  return (
    <div data-testid="allowance-table">
      <Table<Row>
        rowKey="userId"
        size="middle"
        loading={loading}
        dataSource={rows}
        columns={columns}
        scroll={{ x: 'max-content' }}
        pagination={false}
        rowClassName={(r) => (r.cut > 0 ? 'sb-att-row-cut' : '')}
        locale={{ emptyText: t('attendance.allowance.empty') }}
        summary={() =>
          rows.length > 0 ? (
            <Table.Summary fixed="bottom">
              <Table.Summary.Row data-testid="allowance-summary">
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>{t('attendance.monthly.summary')}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} colSpan={5}>
                  <Typography.Text type="secondary">
                    {t('attendance.allowance.summaryPeople', { count: n(rows.length) })}
                  </Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={6} align="right">
                  <Typography.Text strong>
                    {formatMoney(
                      sum((r) => r.baseFen),
                      i18n.language,
                    )}
                  </Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={7} align="right">
                  <Typography.Text strong>
                    {formatMoney(
                      sum((r) => r.cutFen),
                      i18n.language,
                    )}
                  </Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={8} align="right">
                  <Typography.Text strong>{formatMoney(sum(payable), i18n.language)}</Typography.Text>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
    </div>
  );
}

/** "1700.00" → "1,700.00" (the integer part only). */
function groupThousands(v: string): string {
  const [int = '', dec] = v.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return dec === undefined ? grouped : `${grouped}.${dec}`;
}

/** The base allowance in 元, saved when the field is left or Enter is pressed; stored in fen. */
function BaseInput({ row, month }: { row: Row; month: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const save = useSaveAllowanceBases();
  const [value, setValue] = useState<number | null>(fenToYuan(row.baseFen));
  const [prev, setPrev] = useState(row.baseFen);
  // A new figure from the server (another month, an import) replaces what was typed.
  if (prev !== row.baseFen) {
    setPrev(row.baseFen);
    setValue(fenToYuan(row.baseFen));
  }
  const commit = () => {
    const fen = yuanToFen(value);
    if (fen === row.baseFen) return;
    save.mutate(
      { month, bases: [{ userId: row.userId, baseFen: fen }] },
      {
        onSuccess: () => void message.success(t('attendance.allowance.baseSaved', { name: row.displayName })),
        onError: (e) => {
          setValue(fenToYuan(row.baseFen));
          showError(e);
        },
      },
    );
  };
  return (
    <InputNumber<number>
      value={value}
      min={0}
      max={1_000_000}
      step={100}
      precision={2}
      prefix="¥"
      formatter={(v, info) => {
        // While typing, the text stays as typed; at rest it reads like the money beside it.
        if (info.userTyping) return info.input;
        if (v === undefined || v === null || `${v}` === '') return '';
        return groupThousands(Number(v).toFixed(2));
      }}
      // An emptied field must parse to '' (not NaN): the input then reports null, i.e. no base.
      parser={(v) => (v ?? '').replace(/[,\s¥]/g, '') as unknown as number}
      placeholder={t('attendance.allowance.noBase')}
      onChange={(v) => setValue(v)}
      onBlur={commit}
      onPressEnter={commit}
      disabled={save.isPending}
      aria-label={t('attendance.allowance.baseFor', { name: row.displayName })}
      style={{ width: 140 }}
      data-testid={`allowance-base-${row.userId}`}
    />
  );
}
