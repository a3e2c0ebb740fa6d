import { CalendarOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';

/** The next follow-up date; due today or overdue in a clear colour and in words. */
export function FollowUp({ date, today }: { date: string | null; today?: string }) {
  const { t } = useTranslation();
  if (!date) return <span className="sb-pm-muted">{t('prospectMe.followUp.none')}</span>;
  const now = today ?? dayjs().format('YYYY-MM-DD');
  const state = date < now ? 'overdue' : date === now ? 'today' : 'later';
  return (
    <span className={state === 'later' ? 'sb-pm-muted' : 'sb-pm-overdue'} data-follow-up={state}>
      <CalendarOutlined aria-hidden /> {t(`prospectMe.followUp.${state}`, { date })}
    </span>
  );
}
