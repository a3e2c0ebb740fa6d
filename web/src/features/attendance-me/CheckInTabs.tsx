import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

const TABS = [
  { key: 'today', path: '/checkin' },
  { key: 'month', path: '/checkin/month' },
  { key: 'requests', path: '/checkin/requests' },
] as const;

/** 签到 · 本月 · 申请: the three parts of the agent's attendance, one tap apart. */
export function CheckInTabs() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const current = TABS.find((x) => x.path === location.pathname.replace(/\/$/, ''))?.key ?? 'today';
  return (
    <nav aria-label={t('attendanceMe.title')} style={{ marginBottom: 12 }}>
      <Segmented
        block
        value={current}
        data-testid="checkin-tabs"
        options={TABS.map((x) => ({
          value: x.key,
          label: <span data-testid={`checkin-tab-${x.key}`}>{t(`attendanceMe.tabs.${x.key}`)}</span>,
        }))}
        onChange={(v) => {
          const tab = TABS.find((x) => x.key === v);
          if (tab) void navigate(tab.path);
        }}
      />
    </nav>
  );
}
