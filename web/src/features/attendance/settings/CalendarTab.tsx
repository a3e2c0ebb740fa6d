import { LeftOutlined, RightOutlined, UploadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Skeleton,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarDay } from '../../../../../contracts/attendance.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { useApiError } from '../../../components/useApiError.ts';
import { IMPORTS, useCalendar, usePutCalendarDay, useResetCalendarDay } from '../api.ts';
import { AttendanceImportWizard } from '../import/AttendanceImportWizard.tsx';
import { monthGrid, todayIn } from '../time.ts';

/** How a day looks: holidays red, adjusted workdays (调休) orange, weekends grey, own entries outlined. */
export function dayClass(d: CalendarDay, today: string): string {
  const c = ['sb-att-day'];
  const weekend = d.weekday >= 6;
  if (!d.workday && (d.name || !weekend)) c.push('sb-att-day-holiday');
  else if (!d.workday) c.push('sb-att-day-rest');
  else if (d.adjusted || (weekend && d.workday)) c.push('sb-att-day-adjusted');
  if (d.source === 'tenant') c.push('sb-att-day-tenant');
  if (d.meetingDay) c.push('sb-att-day-meeting');
  if (d.date === today) c.push('sb-att-day-today');
  return c.join(' ');
}

export function CalendarTab() {
  const { t } = useTranslation();
  const today = todayIn();
  const [year, setYear] = useState(Number(today.slice(0, 4)));
  const { data, error, refetch, isFetching } = useCalendar(year);
  const [open, setOpen] = useState<CalendarDay | null>(null);
  const [importing, setImporting] = useState(false);
  const byDate = useMemo(() => new Map((data ?? []).map((d) => [d.date, d])), [data]);
  const counts = useMemo(() => {
    const list = (data ?? []).filter((d) => d.date.startsWith(String(year)));
    return {
      workdays: list.filter((d) => d.workday).length,
      meetings: list.filter((d) => d.meetingDay).length,
      own: list.filter((d) => d.source === 'tenant').length,
    };
  }, [data, year]);

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex align="center" gap={8}>
          <Button
            icon={<LeftOutlined />}
            onClick={() => setYear(year - 1)}
            disabled={year <= 2000}
            aria-label={t('attendance.calendar.prevYear')}
          />
          <Typography.Title
            level={4}
            style={{ margin: 0, minWidth: 80, textAlign: 'center' }}
            data-testid="calendar-year"
          >
            {year}
          </Typography.Title>
          <Button
            icon={<RightOutlined />}
            onClick={() => setYear(year + 1)}
            disabled={year >= 2100}
            aria-label={t('attendance.calendar.nextYear')}
          />
          {data && (
            <Typography.Text type="secondary">{t('attendance.calendar.summary', counts)}</Typography.Text>
          )}
        </Flex>
        <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="calendar-import">
          {t('attendance.calendar.import')}
        </Button>
      </Flex>
      <Legend />
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 12 }} />
      ) : (
        <Row gutter={[12, 12]} style={{ opacity: isFetching ? 0.7 : 1 }}>
          {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
            <Col key={m} xs={24} sm={12} lg={8} xxl={6}>
              <MonthCard year={year} month={m} byDate={byDate} today={today} onPick={setOpen} />
            </Col>
          ))}
        </Row>
      )}
      {open && <DayModal day={open} onClose={() => setOpen(null)} />}
      {importing && (
        <AttendanceImportWizard
          endpoint={IMPORTS.calendar}
          kind="calendar"
          onClose={() => setImporting(false)}
        />
      )}
    </Flex>
  );
}

/** Samples drawn like the calendar's own days, so the key matches what it explains. */
function Legend() {
  const { t } = useTranslation();
  const item = (cls: string, label: string, mark = '') => (
    <span>
      <span className={`sb-att-day sb-att-legend ${cls}`} aria-hidden>
        {mark || '1'}
      </span>
      {label}
    </span>
  );
  return (
    <Flex gap={16} wrap align="center" style={{ fontSize: 13 }} data-testid="calendar-legend">
      {item('sb-att-day-holiday', t('attendance.calendar.legend.holiday'), t('attendance.calendar.off'))}
      {item('sb-att-day-adjusted', t('attendance.calendar.legend.adjusted'), t('attendance.calendar.work'))}
      {item('sb-att-day-rest', t('attendance.calendar.legend.rest'))}
      {item('sb-att-day-tenant', t('attendance.calendar.legend.tenant'))}
      {item('sb-att-day-meeting', t('attendance.calendar.legend.meeting'))}
    </Flex>
  );
}

function MonthCard({
  year,
  month,
  byDate,
  today,
  onPick,
}: {
  year: number;
  month: number;
  byDate: Map<string, CalendarDay>;
  today: string;
  onPick: (d: CalendarDay) => void;
}) {
  const { t } = useTranslation();
  const grid = useMemo(() => monthGrid(year, month), [year, month]);
  return (
    <Card size="small" title={t(`attendance.calendar.months.${month}`)} className="sb-att-month">
      <table>
        <thead>
          <tr>
            {[1, 2, 3, 4, 5, 6, 7].map((d) => (
              <th key={d} scope="col">
                {t(`attendance.weekdaysShort.${d}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.map((week, i) => (
            <tr key={i}>
              {week.map((date, j) => {
                const d = date ? byDate.get(date) : undefined;
                if (!date || !d) return <td key={j} />;
                const mark =
                  !d.workday && d.name
                    ? t('attendance.calendar.off')
                    : d.workday && d.weekday >= 6
                      ? t('attendance.calendar.work')
                      : '';
                const label = [
                  date,
                  t(`attendance.weekdays.${d.weekday}`),
                  d.workday ? t('attendance.calendar.workday') : t('attendance.calendar.holiday'),
                  d.name,
                  d.meetingDay ? t('attendance.calendar.legend.meeting') : null,
                ]
                  .filter(Boolean)
                  .join(' · ');
                return (
                  <td key={j}>
                    <Tooltip title={d.name ?? undefined} mouseEnterDelay={0.3}>
                      <button
                        type="button"
                        className={dayClass(d, today)}
                        onClick={() => onPick(d)}
                        aria-label={label}
                        data-testid={`calendar-day-${date}`}
                      >
                        <span>{Number(date.slice(8))}</span>
                        {mark && <span className="sb-att-day-mark">{mark}</span>}
                      </button>
                    </Tooltip>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

interface DayValues {
  kind: 'workday' | 'holiday';
  name: string;
}

function DayModal({ day, onClose }: { day: CalendarDay; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const put = usePutCalendarDay();
  const reset = useResetCalendarDay();
  const [form] = Form.useForm<DayValues>();

  const submit = (v: DayValues) => {
    put.mutate(
      { date: day.date, kind: v.kind, name: v.name?.trim() || null },
      {
        onSuccess: () => {
          void message.success(t('attendance.calendar.saved', { date: day.date }));
          onClose();
        },
        onError: (e) => showError(e, form),
      },
    );
  };

  return (
    <Modal
      open
      title={t('attendance.calendar.dayTitle', {
        date: day.date,
        weekday: t(`attendance.weekdays.${day.weekday}`),
      })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Flex justify="space-between" gap={8} wrap>
          {day.source === 'tenant' ? (
            <Popconfirm
              title={t('attendance.calendar.resetConfirm')}
              okText={t('attendance.calendar.reset')}
              onConfirm={() =>
                void reset.mutateAsync(day.date).then(
                  () => {
                    void message.success(t('attendance.calendar.resetDone', { date: day.date }));
                    onClose();
                  },
                  (e: unknown) => showError(e),
                )
              }
            >
              <Button loading={reset.isPending} data-testid="calendar-reset">
                {t('attendance.calendar.reset')}
              </Button>
            </Popconfirm>
          ) : (
            <span />
          )}
          <Flex gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              loading={put.isPending}
              onClick={() => form.submit()}
              data-testid="calendar-save"
            >
              {t('common.save')}
            </Button>
          </Flex>
        </Flex>
      }
    >
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 16 }}
        items={[
          {
            key: 'now',
            label: t('attendance.calendar.current'),
            children: (
              <Flex gap={4} wrap>
                <Tag color={day.workday ? 'blue' : 'red'}>
                  {day.workday ? t('attendance.calendar.workday') : t('attendance.calendar.holiday')}
                </Tag>
                {day.adjusted && <Tag color="orange">{t('attendance.calendar.adjusted')}</Tag>}
                {day.meetingDay && <Tag color="geekblue">{t('attendance.calendar.legend.meeting')}</Tag>}
                {day.name && <span>{day.name}</span>}
              </Flex>
            ),
          },
          {
            key: 'source',
            label: t('attendance.calendar.source'),
            children: t(`attendance.calendar.sources.${day.source}`),
          },
        ]}
      />
      <Form<DayValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: day.workday ? 'workday' : 'holiday', name: day.name ?? '' }}
        onFinish={submit}
      >
        <Form.Item name="kind" label={t('attendance.calendar.kind')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'workday', label: t('attendance.calendar.workday') },
              { value: 'holiday', label: t('attendance.calendar.holiday') },
            ]}
            data-testid="calendar-kind"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('attendance.calendar.name')}
          extra={t('attendance.calendar.nameHint')}
        >
          <Input maxLength={40} data-testid="calendar-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
