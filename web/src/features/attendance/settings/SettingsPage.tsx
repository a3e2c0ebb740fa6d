import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/PageHeader.tsx';
import '../attendance.css';
import { CalendarTab } from './CalendarTab.tsx';
import { LocationsTab } from './LocationsTab.tsx';
import { OverridesTab } from './OverridesTab.tsx';
import { PunchImportTab } from './PunchImportTab.tsx';
import { RulesTab } from './RulesTab.tsx';

const TABS = ['rules', 'overrides', 'calendar', 'locations', 'punch'] as const;
type Tab = (typeof TABS)[number];

/** The administrator's attendance settings; the tab is in the URL so a link opens the right one. */
export default function SettingsPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const raw = sp.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(raw ?? '') ? (raw as Tab) : 'rules';
  const content: Record<Tab, React.JSX.Element> = {
    rules: <RulesTab />,
    overrides: <OverridesTab />,
    calendar: <CalendarTab />,
    locations: <LocationsTab />,
    punch: <PunchImportTab />,
  };
  return (
    <>
      <PageHeader title={t('attendance.nav.settings')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setSp(k === 'rules' ? {} : { tab: k }, { replace: true })}
        destroyOnHidden
        items={TABS.map((k) => ({
          key: k,
          label: <span data-testid={`settings-tab-${k}`}>{t(`attendance.settings.tabs.${k}`)}</span>,
          children: content[k],
        }))}
      />
    </>
  );
}
