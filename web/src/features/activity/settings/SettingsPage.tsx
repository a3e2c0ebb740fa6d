import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/PageHeader.tsx';
import '../activity.css';
import { GeneralTab } from './GeneralTab.tsx';
import { StandardsTab } from './StandardsTab.tsx';
import { TypesTab } from './TypesTab.tsx';

const TABS = ['types', 'standards', 'general'] as const;
type Tab = (typeof TABS)[number];

/** The administrator's activity settings; the tab is in the URL so a link opens the right one. */
export default function SettingsPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const raw = sp.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(raw ?? '') ? (raw as Tab) : 'types';
  const content: Record<Tab, React.JSX.Element> = {
    types: <TypesTab />,
    standards: <StandardsTab />,
    general: <GeneralTab />,
  };
  return (
    <>
      <PageHeader title={t('activity.nav.settings')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setSp(k === 'types' ? {} : { tab: k }, { replace: true })}
        destroyOnHidden
        items={TABS.map((k) => ({
          key: k,
          label: <span data-testid={`activity-settings-tab-${k}`}>{t(`activity.settings.tabs.${k}`)}</span>,
          children: content[k],
        }))}
      />
    </>
  );
}
