import { Descriptions, Empty, Flex, Tag, theme, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type {
  HandoverCounts,
  HandoverDetail,
  HandoverEntity,
  HandoverItem,
} from '../../../../../contracts/handover.ts';
import { formatDateTime, formatNumber } from '../../../i18n/format.ts';

/** Cards and customers first: what the receiving agent works with. */
const ENTITY_ORDER: HandoverEntity[] = ['prospect', 'customer', 'household', 'policy', 'serviceRequest', 'name'];

export function countsText(
  t: (k: string, o?: Record<string, unknown>) => string,
  c: HandoverCounts,
  lang: string,
): string {
  const n = (v: number) => formatNumber(v, lang);
  return t('prospect.handover.countsShort', {
    prospects: n(c.prospects),
    customers: n(c.customers),
    names: n(c.names),
  });
}

/**
 * One handover: when, why, by whom, the note, and every moved row by kind. `itemLink` turns an item
 * into a link (the receiving agent opens their new cards and customers); without it items are tags.
 */
export function HandoverDetailBody({
  data,
  itemLink,
}: {
  data: HandoverDetail;
  itemLink?: ((item: HandoverItem) => string | null) | undefined;
}) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  // A row one can open is a link the size of a finger on a phone.
  const linkStyle = {
    display: 'inline-flex',
    alignItems: 'center',
    minHeight: 40,
    padding: '0 12px',
    border: `1px solid ${token.colorPrimaryBorder}`,
    borderRadius: token.borderRadius,
    background: token.colorPrimaryBg,
  };
  const groups = useMemo(
    () =>
      ENTITY_ORDER.map((e) => ({
        entity: e,
        items: data.items.filter((i) => i.entity === e),
      })).filter((g) => g.items.length > 0),
    [data],
  );
  return (
    <Flex vertical gap={12}>
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'at',
            label: t('prospect.columns.handedOverAt'),
            children: formatDateTime(data.createdAt),
          },
          {
            key: 'reason',
            label: t('prospect.handover.reason'),
            children: t(`prospect.handover.reasons.${data.reason}`),
          },
          { key: 'by', label: t('prospect.columns.handedOverBy'), children: data.createdByName },
          ...(data.note ? [{ key: 'note', label: t('prospect.handover.note'), children: data.note }] : []),
          {
            key: 'moved',
            label: t('prospect.columns.moved'),
            children: countsText(t, data.counts, i18n.language),
          },
        ]}
      />
      {groups.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        groups.map((g) => (
          <div key={g.entity} data-testid={`handover-items-${g.entity}`}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t(`prospect.handover.entities.${g.entity}`)} ({formatNumber(g.items.length, i18n.language)})
            </Typography.Title>
            <Flex wrap gap={6}>
              {g.items.map((i) => {
                const to = i.label ? itemLink?.(i) : null;
                return to ? (
                  <Link key={i.entityId} to={to} style={linkStyle}>
                    {i.label}
                  </Link>
                ) : (
                  <Tag key={i.entityId} style={{ marginInlineEnd: 0 }}>
                    {i.label || t('prospect.handover.gone')}
                  </Tag>
                );
              })}
            </Flex>
          </div>
        ))
      )}
    </Flex>
  );
}
