import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';

const TABS = [
  { key: 'names', path: '/prospects/names' },
  { key: 'cards', path: '/prospects/cards' },
  { key: 'board', path: '/prospects/board' },
  { key: 'customers', path: '/customers' },
  { key: 'todos', path: '/todos' },
] as const;

/** 名单 · 准客户 · 看板 · 客户 · 待办: the pages behind the 客户 tab, one tap apart on a phone. */
export function ProspectTabs() {
  const { t } = useTranslation();
  const phone = useIsPhoneLayout();
  const location = useLocation();
  const navigate = useNavigate();
  if (!phone) return null;
  const path = location.pathname.replace(/\/$/, '');
  const current =
    TABS.find((x) => path === x.path || path.startsWith(`${x.path}/`))?.key ??
    (path.startsWith('/prospects') ? 'cards' : 'customers');
  return (
    <nav aria-label={t('prospectMe.title')}>
      <Segmented
        block
        value={current}
        className="sb-pm-tabs"
        options={TABS.map((x) => ({
          value: x.key,
          label: <span data-testid={`prospect-tab-${x.key}`}>{t(`prospectMe.tabs.${x.key}`)}</span>,
        }))}
        onChange={(v) => {
          const tab = TABS.find((x) => x.key === v);
          if (tab) void navigate(tab.path);
        }}
      />
    </nav>
  );
}
