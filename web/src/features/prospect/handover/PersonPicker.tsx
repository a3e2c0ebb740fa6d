import { Select, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../../lib/useDebounced.ts';
import { useUser, useUsers } from '../../people/api.ts';

/**
 * Picks a person in the reader's scope by name or username as you type. Unlike the shared picker
 * it can list people who have left (the leaving agent may already be marked so), tagged as such.
 */
export function PersonPicker({
  value,
  onChange,
  includeLeft,
  exclude,
  ariaLabel,
  placeholder,
  testId,
}: {
  value: string | undefined;
  onChange: (id: string | undefined) => void;
  includeLeft: boolean;
  exclude?: string | undefined;
  ariaLabel: string;
  placeholder: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search, 250);
  const { data, isFetching } = useUsers({
    page: 1,
    pageSize: 20,
    q: q || undefined,
    ...(includeLeft ? {} : { status: 'active' as const }),
  });
  const inResults = !!value && !!data?.items.some((u) => u.id === value);
  const { data: current } = useUser(value && !inResults ? value : undefined);
  const options = useMemo(() => {
    const people = new Map((data?.items ?? []).map((u) => [u.id, u]));
    if (current && !people.has(current.id)) people.set(current.id, current);
    return [...people.values()]
      .filter((u) => u.id !== exclude)
      .map((u) => ({
        value: u.id,
        label: (
          <span>
            {u.displayName} <span style={{ color: '#6b7280' }}>· {u.unitName}</span>{' '}
            {u.status === 'left' && <Tag color="default">{t('userStatus.left')}</Tag>}
          </span>
        ),
        text: `${u.displayName} ${u.username}`,
      }));
  }, [data, current, exclude, t]);
  return (
    <Select<string>
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={isFetching}
      placeholder={placeholder}
      notFoundContent={t('common.noMatch')}
      options={options}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      aria-label={ariaLabel}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}
