import { SearchOutlined } from '@ant-design/icons';
import { Flex, Input, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.tsx';
import { ROLES, USER_STATUSES } from '../../lib/enums.ts';
import { useDebounced } from '../../lib/useDebounced.ts';
import type { UserListParams } from './api.ts';

interface Props {
  params: UserListParams;
  onChange: (patch: Partial<UserListParams>) => void;
}

export function PeopleFilters({ params, onChange }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState(params.q ?? '');
  const debounced = useDebounced(q, 300);
  useEffect(() => {
    if ((params.q ?? '') !== debounced) onChange({ q: debounced || undefined });
    // Only the typed text drives this effect; params.q follows from it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  return (
    <Flex gap={8} wrap style={{ marginBottom: 16 }} role="search">
      {/* A plain Input, not Input.Search: its test id and label land on the <input> itself. */}
      <Input
        allowClear
        prefix={<SearchOutlined aria-hidden />}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onPressEnter={() => onChange({ q: q.trim() || undefined })}
        placeholder={t('people.searchPlaceholder')}
        aria-label={t('people.searchPlaceholder')}
        style={{ flex: '2 1 220px', minWidth: 0 }}
        data-testid="people-search"
      />
      <UnitTreeSelect
        allowClear
        value={params.unitId}
        onChange={(v) => onChange({ unitId: v })}
        placeholder={t('people.filterUnit')}
        aria-label={t('people.filterUnit')}
        style={{ flex: '1 1 180px', minWidth: 0 }}
        data-testid="people-unit-filter"
      />
      <Select
        allowClear
        value={params.role}
        onChange={(v) => onChange({ role: v })}
        placeholder={t('people.filterRole')}
        aria-label={t('people.filterRole')}
        options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        style={{ flex: '1 1 120px', minWidth: 0 }}
        data-testid="people-role-filter"
      />
      <Select
        allowClear
        value={params.status}
        onChange={(v) => onChange({ status: v })}
        placeholder={t('people.filterStatus')}
        aria-label={t('people.filterStatus')}
        options={USER_STATUSES.map((s) => ({ value: s, label: t(`userStatus.${s}`) }))}
        style={{ flex: '1 1 110px', minWidth: 0 }}
        data-testid="people-status-filter"
      />
    </Flex>
  );
}
