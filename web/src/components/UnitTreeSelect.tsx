import { TreeSelect, type TreeSelectProps } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnits } from '../features/org/api.ts';
import { buildUnitTree, type UnitNode } from '../lib/tree.ts';

interface TreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children: TreeOption[];
}

function toOptions(nodes: UnitNode[], disabled?: Set<string>): TreeOption[] {
  return nodes.map((n) => ({
    value: n.id,
    title: n.name,
    disabled: disabled?.has(n.id) ?? false,
    children: toOptions(n.children, disabled),
  }));
}

type Props = Omit<TreeSelectProps<string>, 'treeData' | 'onChange'> & {
  value?: string | null | undefined;
  onChange?: (value: string | undefined) => void;
  /** Units that cannot be chosen (a unit's own subtree when moving it). */
  disabledIds?: Set<string>;
  'data-testid'?: string;
};

/** Picks a unit from the visible org tree, searchable by name. */
export function UnitTreeSelect({ disabledIds, value, onChange, ...rest }: Props) {
  const { t } = useTranslation();
  const { data: units, isPending } = useUnits();
  const treeData = useMemo(() => toOptions(buildUnitTree(units ?? []), disabledIds), [units, disabledIds]);
  return (
    <TreeSelect<string>
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      loading={isPending}
      placeholder={t('org.pickUnit')}
      treeData={treeData}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      styles={{ popup: { root: { maxHeight: 400, overflow: 'auto' } } }}
      style={{ width: '100%' }}
      {...rest}
    />
  );
}
