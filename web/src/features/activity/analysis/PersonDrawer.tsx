import { Descriptions, Drawer, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Summary } from '../../../../../contracts/activity.ts';
import { formatMoney, formatNumber, formatPercent } from '../../../i18n/format.ts';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import { useSummary, type SummaryParams, type SummaryRow } from '../api.ts';
import { FunnelCompare } from './FunnelCard.tsx';
import { Achievement } from './SummaryTable.tsx';
import { TrendChartBlock } from './TrendCard.tsx';

/** One agent's period: figures, counts per type against plan, the funnel beside the unit's, the trend. */
export function PersonDrawer({
  row,
  data,
  params,
  onClose,
}: {
  row: SummaryRow;
  data: Summary;
  /** The table's query: when its rows came without counts per type, the person's row is asked with them. */
  params: SummaryParams;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const phone = useIsPhoneLayout();
  const lang = i18n.language;
  const n = (v: number) => formatNumber(v, lang);
  const pct = (v: number | null) => formatPercent(v, lang) || '—';
  const needTypes = Object.keys(row.byType).length === 0;
  const withTypes = useSummary(
    needTypes ? { ...params, q: row.name, sort: undefined, page: 1, pageSize: 50, withTypes: true } : null,
  );
  const byType = needTypes ? (withTypes.data?.rows.find((r) => r.id === row.id)?.byType ?? {}) : row.byType;
  const types = data.types
    .map((ty) => ({ ...ty, ...(byType[ty.id] ?? { done: 0, planned: 0 }) }))
    .filter((ty) => ty.done > 0 || ty.planned > 0);
  return (
    <Drawer
      open
      onClose={onClose}
      size={phone ? 'default' : 'large'}
      title={`${row.name} · ${data.from} ~ ${data.to}`}
      extra={<Link to={`/people/${row.id}`}>{t('activity.analysis.openPerson')}</Link>}
      data-testid="analysis-person-drawer"
    >
      <Descriptions
        size="small"
        bordered
        column={phone ? 1 : 2}
        items={[
          { key: 'unit', label: t('activity.columns.unitName'), children: row.unitName },
          { key: 'points', label: t('activity.columns.points'), children: n(row.points) },
          { key: 'planned', label: t('activity.columns.plannedPoints'), children: n(row.plannedPoints) },
          {
            key: 'achievement',
            label: t('activity.columns.achievement'),
            children: <Achievement value={row.achievement} />,
          },
          { key: 'activities', label: t('activity.columns.activities'), children: n(row.activities) },
          {
            key: 'premium',
            label: t('activity.columns.premiumFen'),
            children: formatMoney(row.premiumFen, lang),
          },
          {
            key: 'submission',
            label: t('activity.columns.submissionRate'),
            children: `${pct(row.submissionRate)} (${t('activity.analysis.submittedOf', { submitted: n(row.logsSubmitted), workdays: n(row.workdays) })})`,
          },
          {
            key: 'review',
            label: t('activity.columns.reviewRate'),
            children: `${pct(row.reviewRate)} (${t('activity.analysis.reviewedOf', { reviewed: n(row.logsReviewedIn24h), submitted: n(row.logsSubmitted) })})`,
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('activity.columns.byType')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={types}
        locale={{ emptyText: t('activity.analysis.noActivity') }}
        columns={[
          {
            key: 'name',
            title: t('activity.types.name'),
            render: (_: unknown, ty) => (lang === 'en-US' ? ty.nameEn : ty.name),
          },
          {
            key: 'done',
            title: t('activity.analysis.done'),
            align: 'right',
            render: (_: unknown, ty) => n(ty.done),
          },
          {
            key: 'planned',
            title: t('activity.analysis.planned'),
            align: 'right',
            render: (_: unknown, ty) => n(ty.planned),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('activity.analysis.funnelTitle')}
      </Typography.Title>
      <FunnelCompare
        own={{ title: row.name, funnel: row.funnel, ratios: row.funnelRatios }}
        base={{
          title: t('activity.analysis.unitWhole', { unit: data.unitName }),
          funnel: data.totals.funnel,
          ratios: data.totals.funnelRatios,
        }}
        weakestStep={row.weakestStep}
        height={220}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('activity.analysis.personTrend')}
      </Typography.Title>
      <TrendChartBlock userId={row.id} grain="week" height={220} />
    </Drawer>
  );
}
