import { ArrowDownOutlined } from '@ant-design/icons';
import { Card, Empty, Skeleton, Table, Typography } from 'antd';
import { memo, lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Funnel, Summary } from '../../../../../contracts/activity.ts';
import { formatPercent } from '../../../i18n/format.ts';
import type { SummaryRow } from '../api.ts';
import { FUNNEL_STAGES } from '../enums.ts';

const FunnelPair = lazy(() => import('../charts/FunnelPair.tsx'));

export interface FunnelSide {
  title: string;
  funnel: Funnel;
  ratios: (number | null)[];
}

/**
 * The selected row's funnel beside the unit's, and the four step ratios side by side with the
 * step where the row falls furthest behind its team marked (the server's weakest step).
 */
export function FunnelCompare({
  own,
  base,
  weakestStep,
  height,
}: {
  own: FunnelSide;
  base: FunnelSide;
  weakestStep: number | null;
  height?: number;
}) {
  const { t, i18n } = useTranslation();
  const pct = (v: number | null | undefined) => formatPercent(v ?? null, i18n.language) || '—';
  const stageLabels = useMemo(
    () =>
      Object.fromEntries(FUNNEL_STAGES.map((s) => [s, t(`activity.stages.${s}`)])) as Record<
        (typeof FUNNEL_STAGES)[number],
        string
      >,
    [t],
  );
  const aria = t('activity.analysis.funnelAria', {
    own: own.title,
    base: base.title,
    steps: FUNNEL_STAGES.map((s) => `${stageLabels[s]} ${own.funnel[s]}/${base.funnel[s]}`).join(', '),
  });
  return (
    <>
      <Suspense fallback={<Skeleton active />}>
        <FunnelPair
          left={{ title: own.title, funnel: own.funnel }}
          right={{ title: base.title, funnel: base.funnel }}
          stageLabels={stageLabels}
          ariaLabel={aria}
          locale={i18n.language}
          {...(height ? { height } : {})}
        />
      </Suspense>
      <Table
        size="small"
        pagination={false}
        rowKey="step"
        data-testid="funnel-ratios"
        dataSource={[0, 1, 2, 3].map((i) => ({ step: i }))}
        rowClassName={(r) => (r.step === weakestStep ? 'sb-act-weak' : '')}
        columns={[
          {
            key: 'step',
            title: t('activity.analysis.step'),
            render: (_: unknown, r) => t(`activity.ratios.${r.step}`),
          },
          {
            key: 'own',
            title: own.title,
            align: 'right',
            render: (_: unknown, r) =>
              r.step === weakestStep ? (
                <span className="sb-act-weak-text">
                  <ArrowDownOutlined aria-hidden /> {pct(own.ratios[r.step])} ·{' '}
                  {t('activity.analysis.weakest')}
                </span>
              ) : (
                pct(own.ratios[r.step])
              ),
          },
          {
            key: 'base',
            title: base.title,
            align: 'right',
            render: (_: unknown, r) => pct(base.ratios[r.step]),
          },
        ]}
      />
    </>
  );
}

function FunnelCardView({ data, row }: { data: Summary | undefined; row: SummaryRow | undefined }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={t('activity.analysis.funnelTitle')}
      data-testid="analysis-funnel"
      style={{ height: '100%' }}
      extra={
        row && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} className="sb-act-noprint">
            {t('activity.analysis.funnelPickHint')}
          </Typography.Text>
        )
      }
    >
      {!data ? (
        <Skeleton active />
      ) : !row ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('activity.analysis.empty')} />
      ) : (
        <FunnelCompare
          own={{ title: row.name, funnel: row.funnel, ratios: row.funnelRatios }}
          base={{
            title: t('activity.analysis.unitWhole', { unit: data.unitName }),
            funnel: data.totals.funnel,
            ratios: data.totals.funnelRatios,
          }}
          weakestStep={row.weakestStep}
        />
      )}
    </Card>
  );
}

export const FunnelCard = memo(FunnelCardView);
