import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useCan } from '../auth/MeContext.tsx';
import { GroupsTab } from './GroupsTab.tsx';
import { RanksTab } from './RanksTab.tsx';
import { UnitsTab } from './UnitsTab.tsx';

type TabKey = 'units' | 'ranks' | 'groups';

export default function OrgPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const tabs: { key: TabKey; label: string; children: React.ReactNode }[] = [
    { key: 'units', label: t('org.tabs.units'), children: <UnitsTab /> },
    { key: 'ranks', label: t('org.tabs.ranks'), children: <RanksTab /> },
    ...(can('group.read')
      ? [{ key: 'groups' as const, label: t('org.tabs.groups'), children: <GroupsTab /> }]
      : []),
  ];
  const requested = params.get('tab') as TabKey | null;
  const active = tabs.some((x) => x.key === requested) ? requested! : 'units';
  return (
    <>
      <PageHeader title={t('nav.org')} />
      <Tabs
        activeKey={active}
        // The tab lives in the URL so a link or a reload lands on the same tab.
        onChange={(key) => setParams((p) => ({ ...Object.fromEntries(p), tab: key }), { replace: true })}
        items={tabs}
        destroyOnHidden
      />
    </>
  );
}
