import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/PageHeader.tsx';
import '../prospect.css';
import { AgentsTab } from './AgentsTab.tsx';
import { HistoryTab } from './HistoryTab.tsx';
import { SampleDrawer } from './SampleDrawer.tsx';

const TABS = ['agents', 'history'] as const;
type Tab = (typeof TABS)[number];

/**
 * The supervisor's spot-check (抽查): each agent's cards against the standard, a random sample of
 * one agent's cards to review with comments, and the checks made so far. The open sample is in the
 * URL (`check`), so a link or a reload opens it again.
 */
export default function SpotCheckPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const raw = sp.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(raw ?? '') ? (raw as Tab) : 'agents';
  const checkId = sp.get('check');
  const setCheck = (id: string | null) => {
    const next = new URLSearchParams(sp);
    if (id) next.set('check', id);
    else next.delete('check');
    setSp(next, { replace: !id });
  };
  const openHistory = (agentId: string) => setSp({ tab: 'history', agentId });
  return (
    <div data-testid="spot-check-page">
      <PageHeader title={t('prospect.nav.spotCheck')} subtitle={t('prospect.spotCheck.intro')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setSp(k === 'agents' ? {} : { tab: k }, { replace: true })}
        destroyOnHidden
        items={[
          {
            key: 'agents',
            label: <span data-testid="spot-check-tab-agents">{t('prospect.spotCheck.tabs.agents')}</span>,
            children: <AgentsTab onOpenCheck={setCheck} onOpenHistory={openHistory} />,
          },
          {
            key: 'history',
            label: <span data-testid="spot-check-tab-history">{t('prospect.spotCheck.tabs.history')}</span>,
            children: <HistoryTab onOpenCheck={setCheck} />,
          },
        ]}
      />
      {checkId && <SampleDrawer checkId={checkId} onClose={() => setCheck(null)} />}
    </div>
  );
}
