import { Card, Flex, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatPercent } from '../../../i18n/format.ts';
import { tierColor, tierRange, type Tier } from './tiers.ts';

/** "≥ 80.0%", "50.0% – 80.0%", "< 50.0%" in the user's language. */
export function rangeText(t: TFunction, lang: string, tiers: readonly Tier[], index: number): string {
  const r = tierRange(tiers, index);
  const p = (v: number) => formatPercent(v, lang);
  if (r.kind === 'atLeast') return t('attendance.tiers.atLeast', { min: p(r.min) });
  if (r.kind === 'below') return t('attendance.tiers.below', { max: p(r.max) });
  if (r.kind === 'between') return t('attendance.tiers.between', { min: p(r.min), max: p(r.max) });
  return t('attendance.tiers.any');
}

export function cutText(t: TFunction, lang: string, cut: number): string {
  return cut <= 0
    ? t('attendance.tiers.noCut')
    : t('attendance.tiers.cut', { cut: formatPercent(cut, lang) });
}

export function TierTag({ tiers, index }: { tiers: readonly Tier[]; index: number }) {
  const { t, i18n } = useTranslation();
  const tier = tiers[index];
  if (!tier) return null;
  return (
    <Tag color={tierColor(tier.cut)} style={{ marginInlineEnd: 0 }} data-tier={index}>
      {rangeText(t, i18n.language, tiers, index)}
    </Tag>
  );
}

/** The tenant's tiers as the response states them: which rate cuts how much. */
export function TierLegend({ tiers }: { tiers: readonly Tier[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Card size="small" data-testid="allowance-tiers">
      <Flex gap={12} wrap align="center">
        <Typography.Text strong>{t('attendance.tiers.title')}</Typography.Text>
        {tiers.map((tier, i) => (
          <span key={i}>
            <TierTag tiers={tiers} index={i} />{' '}
            <Typography.Text>{cutText(t, i18n.language, tier.cut)}</Typography.Text>
          </span>
        ))}
      </Flex>
    </Card>
  );
}
