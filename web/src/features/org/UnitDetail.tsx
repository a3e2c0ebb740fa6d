import { DeleteOutlined, EditOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Spin, Tooltip, Typography } from 'antd';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Unit } from '../../../../contracts/org.ts';
import { UnitKindTag } from '../../components/tags.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { formatNumber } from '../../i18n/format.ts';
import { unitPath, type UnitNode } from '../../lib/tree.ts';
import { useCan } from '../auth/MeContext.tsx';
import { useDeleteUnit } from './api.ts';
import { UnitFormModal } from './UnitFormModal.tsx';

const BarChart = lazy(() => import('../../components/charts/BarChart.tsx'));

function findNode(nodes: UnitNode[], id: string): UnitNode | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const hit = findNode(n.children, id);
    if (hit) return hit;
  }
  return undefined;
}

interface Props {
  unitId: string;
  units: Unit[];
  roots: UnitNode[];
  onSelect: (id: string) => void;
}

export function UnitDetail({ unitId, units, roots, onSelect }: Props) {
  const { t, i18n } = useTranslation();
  const { modal, message } = App.useApp();
  const can = useCan();
  const showError = useApiError();
  const remove = useDeleteUnit();
  const [form, setForm] = useState<{ mode: 'create' | 'edit' } | null>(null);
  const node = useMemo(() => findNode(roots, unitId), [roots, unitId]);
  const bars = useMemo(
    () => (node?.children ?? []).map((c) => ({ id: c.id, label: c.name, value: c.totalMembers })),
    [node],
  );
  const drill = useCallback((id: string) => onSelect(id), [onSelect]);
  if (!node) return null;

  const path = unitPath(units, node.id);
  const isRoot = node.parentId === null;
  const empty = node.children.length === 0 && node.memberCount === 0;

  const confirmDelete = () =>
    modal.confirm({
      title: t('org.deleteTitle', { name: node.name }),
      content: t('org.deleteBody', { name: node.name, kind: t(`unitKinds.${node.kind}`) }),
      okText: t('common.delete'),
      okButtonProps: { danger: true, ...{ 'data-testid': 'unit-delete-confirm' } },
      cancelText: t('common.cancel'),
      onOk: () =>
        remove.mutateAsync(node.id).then(
          () => {
            void message.success(t('org.deleted', { name: node.name }));
            if (node.parentId) onSelect(node.parentId);
          },
          (e: unknown) => showError(e),
        ),
    });

  return (
    <Card
      title={
        <Flex gap={8} align="center" wrap>
          <span>{node.name}</span>
          <UnitKindTag kind={node.kind} />
        </Flex>
      }
      extra={
        <Link to={`/people?unitId=${encodeURIComponent(node.id)}`}>
          <Button type="link" icon={<TeamOutlined />}>
            {t('org.viewMembers')}
          </Button>
        </Link>
      }
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('org.path')}>{path.map((u) => u.name).join(' / ')}</Descriptions.Item>
        <Descriptions.Item label={t('org.leader')}>{node.leaderName ?? t('org.noLeader')}</Descriptions.Item>
        <Descriptions.Item label={t('org.directMembers')}>
          {formatNumber(node.memberCount, i18n.language)}
        </Descriptions.Item>
        <Descriptions.Item label={t('org.totalMembers')}>
          {formatNumber(node.totalMembers, i18n.language)}
        </Descriptions.Item>
        <Descriptions.Item label={t('org.subUnits')}>
          {formatNumber(node.children.length, i18n.language)}
        </Descriptions.Item>
      </Descriptions>

      {can('org.write') && (
        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          <Button
            icon={<PlusOutlined />}
            onClick={() => setForm({ mode: 'create' })}
            data-testid="unit-add-child"
          >
            {t('org.addChild')}
          </Button>
          <Button icon={<EditOutlined />} onClick={() => setForm({ mode: 'edit' })} data-testid="unit-edit">
            {t('common.edit')}
          </Button>
          <Tooltip title={isRoot ? t('org.rootCannotDelete') : !empty ? t('org.onlyEmptyDelete') : undefined}>
            <Button
              danger
              icon={<DeleteOutlined />}
              disabled={isRoot || !empty}
              onClick={() => void confirmDelete()}
              data-testid="unit-delete"
            >
              {t('common.delete')}
            </Button>
          </Tooltip>
        </Flex>
      )}

      {bars.length > 0 && (
        <div style={{ marginTop: 20 }}>
          <Typography.Text strong>{t('org.chartTitle')}</Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {t('org.chartHint')}
          </Typography.Text>
          <Suspense fallback={<Spin />}>
            <BarChart bars={bars} locale={i18n.language} ariaLabel={t('org.chartTitle')} onBarClick={drill} />
          </Suspense>
        </div>
      )}

      {form && (
        <UnitFormModal
          mode={form.mode}
          unit={node}
          units={units}
          onClose={() => setForm(null)}
          onSaved={(u) => {
            setForm(null);
            onSelect(u.id);
          }}
        />
      )}
    </Card>
  );
}
