import { SearchOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Flex, Input, Row, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../components/ErrorState.tsx';
import { UnitKindTag } from '../../components/tags.tsx';
import { formatNumber } from '../../i18n/format.ts';
import { buildUnitTree, type UnitNode } from '../../lib/tree.ts';
import { useMe } from '../auth/MeContext.tsx';
import { useUnits } from './api.ts';
import { UnitDetail } from './UnitDetail.tsx';

interface TreeItem {
  key: string;
  title: React.ReactNode;
  children: TreeItem[];
}

function matches(n: UnitNode, q: string): boolean {
  return (
    n.name.toLowerCase().includes(q) ||
    (n.leaderName ?? '').toLowerCase().includes(q) ||
    n.children.some((c) => matches(c, q))
  );
}

export function UnitsTab() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { data: units, isPending, error, refetch } = useUnits();
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const roots = useMemo(() => buildUnitTree(units ?? []), [units]);

  const q = search.trim().toLowerCase();
  const toItems = (nodes: UnitNode[]): TreeItem[] =>
    nodes
      .filter((n) => !q || matches(n, q))
      .map((n) => ({
        key: n.id,
        title: (
          <Flex gap={6} align="center" wrap style={{ padding: '2px 0' }}>
            <Typography.Text strong={n.depth === 0}>{n.name}</Typography.Text>
            <UnitKindTag kind={n.kind} />
            {n.leaderName && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('org.leaderShort', { name: n.leaderName })}
              </Typography.Text>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('org.membersShort', {
                direct: formatNumber(n.memberCount, i18n.language),
                total: formatNumber(n.totalMembers, i18n.language),
              })}
            </Typography.Text>
          </Flex>
        ),
        children: toItems(n.children),
      }));
  const items = toItems(roots);

  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  // Default to the reader's own unit, which is always visible to them.
  const current = selected ?? (units?.some((u) => u.id === me.unitId) ? me.unitId : (roots[0]?.id ?? null));

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={13} xl={12}>
        <Card loading={isPending} title={t('org.tree')}>
          <Input
            allowClear
            prefix={<SearchOutlined aria-hidden />}
            placeholder={t('org.searchUnits')}
            aria-label={t('org.searchUnits')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ marginBottom: 12 }}
          />
          {items.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.noMatch')} />
          ) : (
            <Tree
              key={q ? `search-${q}` : 'all'}
              blockNode
              defaultExpandAll
              showLine
              treeData={items}
              selectedKeys={current ? [current] : []}
              onSelect={(keys) => keys[0] && setSelected(String(keys[0]))}
              data-testid="org-tree"
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={11} xl={12}>
        {current && units ? (
          <UnitDetail unitId={current} units={units} roots={roots} onSelect={setSelected} />
        ) : (
          !isPending && (
            <Card>
              <Empty description={t('org.noUnits')} />
            </Card>
          )
        )}
      </Col>
    </Row>
  );
}
