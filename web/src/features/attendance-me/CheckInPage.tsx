import { RightOutlined } from '@ant-design/icons';
import { Card, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import { useMyAttendance } from './api.ts';
import { CheckInTabs } from './CheckInTabs.tsx';
import { MonthFiguresGrid } from './MonthFigures.tsx';
import { TodayCard } from './TodayCard.tsx';
import './attendance-me.css';

/** The agent's 打卡 tab: today's meeting and check-in, and the work month at a glance. */
export default function CheckInPage() {
  const { t } = useTranslation();
  const phone = useIsPhoneLayout();
  const { data } = useMyAttendance();
  return (
    <Flex vertical gap={12}>
      <PageHeader title={phone ? t('nav.checkin') : t('attendanceMe.nav.checkin')} />
      <CheckInTabs />
      <TodayCard />
      {data && (
        <Card
          size="small"
          title={t('attendanceMe.month.thisMonth')}
          extra={
            <Link to="/checkin/month" data-testid="checkin-month-link" style={{ padding: '12px 0' }}>
              {t('attendanceMe.month.details')} <RightOutlined aria-hidden />
            </Link>
          }
        >
          <MonthFiguresGrid figures={data.month} compact />
        </Card>
      )}
    </Flex>
  );
}
