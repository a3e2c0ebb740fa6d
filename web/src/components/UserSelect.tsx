import { Select, type SelectProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser, useUsers } from '../features/people/api.ts';
import { useDebounced } from '../lib/useDebounced.ts';

interface Props extends Omit<SelectProps<string>, 'options' | 'onChange' | 'value' | 'showSearch'> {
  value?: string | null | undefined;
  onChange?: (value: string | null) => void;
  /** Names already known for some ids (group members, the current leader), to label the value. */
  known?: { id: string; displayName: string }[];
  unitId?: string;
  'data-testid'?: string;
}

/**
 * Picks a person by searching the server as you type (name or username), within the reader's
 * scope. The current value keeps its label even when it is not among the search results.
 */
export function UserSelect({ value, onChange, known, unitId, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search, 250);
  const { data, isFetching } = useUsers({
    page: 1,
    pageSize: 20,
    q: q || undefined,
    unitId,
    status: 'active',
  });
  const inResults = !!value && !!data?.items.some((u) => u.id === value);
  const inKnown = !!value && !!known?.some((k) => k.id === value);
  // Only when nothing else names the current value do we spend a request on it.
  const { data: current } = useUser(value && !inResults && !inKnown ? value : undefined);

  const options = useMemo(() => {
    const map = new Map<string, string>();
    for (const k of known ?? []) map.set(k.id, k.displayName);
    if (current) map.set(current.id, current.displayName);
    for (const u of data?.items ?? []) map.set(u.id, `${u.displayName} · ${u.unitName}`);
    return [...map].map(([id, label]) => ({ value: id, label }));
  }, [data, known, current]);

  return (
    <Select<string>
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={isFetching}
      placeholder={t('people.pickPerson')}
      notFoundContent={t('common.noMatch')}
      options={options}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      style={{ width: '100%' }}
      {...rest}
    />
  );
}
