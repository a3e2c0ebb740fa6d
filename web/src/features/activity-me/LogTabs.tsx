import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

const TABS = [
  { key: 'today', path: '/log' },
  { key: 'week', path: '/log/week' },
  { key: 'plan', path: '/log/plan' },
  { key: 'rank', path: '/log/rank' },
  { key: 'skills', path: '/log/skills' },
] as const;

/** 今日 · 本周 · 计划 · 排行 · 技能: the agent's activity pages, one tap apart. */
export function LogTabs() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const current = TABS.find((x) => x.path === location.pathname.replace(/\/$/, ''))?.key ?? 'today';
  return (
    <nav aria-label={t('activityMe.title')}>
      <Segmented
        block
        value={current}
        className="sb-ac-tabs"
        options={TABS.map((x) => ({
          value: x.key,
          label: <span data-testid={`log-tab-${x.key}`}>{t(`activityMe.tabs.${x.key}`)}</span>,
        }))}
        onChange={(v) => {
          const tab = TABS.find((x) => x.key === v);
          if (tab) void navigate(tab.path);
        }}
      />
    </nav>
  );
}
