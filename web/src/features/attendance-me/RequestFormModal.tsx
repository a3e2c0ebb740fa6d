import { App, Button, ConfigProvider, DatePicker, Form, Input, Modal, Skeleton, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import type { AttendanceRequestCreate } from '../../../../contracts/attendance.ts';
import { useApiError } from '../../components/useApiError.ts';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import { useCalendarYear, useCreateRequest, useMyAttendance } from './api.ts';
import { LEAVE_TYPES, type LeaveType, type RequestKind } from './enums.ts';

interface LeaveValues {
  leaveType: LeaveType;
  startDate: Dayjs;
  endDate: Dayjs;
  reason: string;
}
interface MakeUpValues {
  date: Dayjs;
  time: Dayjs;
  reason: string;
}

const DATE = 'YYYY-MM-DD';

/** Calendar cells a little narrower than the phone theme's, so the month fits a 375 px screen. */
const pickerTheme = { components: { DatePicker: { cellWidth: 40 } } };

/** The four leave types as two rows of thumb-sized choices (公出/外勤 does not fit a quarter of a phone). */
function LeaveTypePicker({ value, onChange }: { value?: LeaveType; onChange?: (v: LeaveType) => void }) {
  const { t } = useTranslation();
  return (
    <div
      role="radiogroup"
      aria-label={t('attendanceMe.requests.leaveType')}
      style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: 8 }}
      data-testid="leave-type"
    >
      {LEAVE_TYPES.map((x) => (
        <Button
          key={x}
          role="radio"
          aria-checked={value === x}
          type={value === x ? 'primary' : 'default'}
          onClick={() => onChange?.(x)}
          data-testid={`leave-type-${x}`}
        >
          {t(`attendanceMe.leaveType.${x}`)}
        </Button>
      ))}
    </div>
  );
}

/**
 * Leave (type, dates, reason) or a make-up check-in (date, time, reason), one column that fits a
 * 375 px phone. Defaults are the likely answer: leave from tomorrow for a day; a make-up for the
 * latest missed meeting at the meeting's start time.
 */
export function RequestFormModal({
  kind,
  date,
  onClose,
}: {
  kind: RequestKind;
  /** The day to make up (from the day list), or the first day of leave. */
  date?: string | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const phone = useIsPhoneLayout();
  const showError = useApiError();
  const create = useCreateRequest();
  // Defaults come from the agent's page (the missed days, the meeting's start): the form waits for it.
  const { data: mine, isPending: mineLoading } = useMyAttendance();
  const [leaveForm] = Form.useForm<LeaveValues>();
  const [makeUpForm] = Form.useForm<MakeUpValues>();
  const form = kind === 'leave' ? leaveForm : makeUpForm;

  const today = mine?.today.date ? dayjs(mine.today.date) : dayjs();
  const todayText = today.format(DATE);
  const thisYear = useCalendarYear(today.year());
  const nextYear = useCalendarYear(today.year() + 1);
  const meetingDays = useMemo(
    () =>
      [...(thisYear.data ?? []), ...(nextYear.data ?? [])]
        .filter((d) => d.meetingDay)
        .map((d) => d.date)
        .sort(),
    [thisYear.data, nextYear.data],
  );
  const meetingSet = useMemo(() => new Set(meetingDays), [meetingDays]);
  // Without the calendar (it failed to load) every day may be picked; the server still judges.
  const noMeeting = (d: Dayjs) => !!thisYear.data && !meetingSet.has(d.format(DATE));
  const nextMeeting = meetingDays.find((d) => d > todayText) ?? today.add(1, 'day').format(DATE);
  const lastAbsent = [...(mine?.days ?? [])].reverse().find((d) => d.status === 'absent')?.date;
  const lastMeeting = [...meetingDays].reverse().find((d) => d < todayText);
  const start = mine?.today.meetingStart ?? '08:30';
  const loading = mineLoading || thisYear.isPending;

  const submit = (body: AttendanceRequestCreate) =>
    create.mutate(body, {
      onSuccess: () => {
        void message.success(t('attendanceMe.requests.submitted'));
        onClose();
      },
      onError: (e) => {
        // The shared message speaks of checking in today; here it is about the dates chosen.
        if (isApiError(e) && e.code === 'NOT_A_MEETING_DAY') {
          const error = [t('attendanceMe.requests.noMeetingInRange')];
          if (kind === 'leave')
            leaveForm.setFields([
              { name: 'startDate', errors: error },
              { name: 'endDate', errors: error },
            ]);
          else makeUpForm.setFields([{ name: 'date', errors: error }]);
          void message.error(error[0]);
        } else showError(e, form);
      },
    });

  const reasonItem = (
    <Form.Item
      name="reason"
      label={t('attendanceMe.requests.reason')}
      rules={[{ required: true, whitespace: true, message: t('attendanceMe.requests.reasonRequired') }]}
    >
      <Input.TextArea
        maxLength={500}
        showCount
        autoSize={{ minRows: 3, maxRows: 6 }}
        placeholder={t(`attendanceMe.requests.reasonPlaceholder.${kind}`)}
        data-testid="request-reason"
      />
    </Form.Item>
  );
  const picker = {
    style: { width: '100%' },
    allowClear: false,
    inputReadOnly: phone,
    placement: 'bottomLeft',
  } as const;

  return (
    <Modal
      open
      title={t(`attendanceMe.requests.new.${kind}`)}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={create.isPending}
            onClick={() => form.submit()}
            data-testid="request-submit"
          >
            {t('attendanceMe.requests.submit')}
          </Button>
        </>
      }
    >
      <ConfigProvider theme={pickerTheme}>
        {loading ? (
          <Skeleton active />
        ) : kind === 'leave' ? (
          <Form<LeaveValues>
            form={leaveForm}
            layout="vertical"
            initialValues={{
              leaveType: 'personal',
              startDate: dayjs(date ?? nextMeeting),
              endDate: dayjs(date ?? nextMeeting),
            }}
            onValuesChange={(changed: Partial<LeaveValues>, all) => {
              // Moving the start past the end moves the end with it: one day of leave is the usual case.
              if (changed.startDate && all.endDate && all.endDate.isBefore(changed.startDate, 'day'))
                leaveForm.setFieldValue('endDate', changed.startDate);
            }}
            onFinish={(v) =>
              submit({
                kind: 'leave',
                leaveType: v.leaveType,
                startDate: v.startDate.format(DATE),
                endDate: v.endDate.format(DATE),
                reason: v.reason.trim(),
              })
            }
          >
            <Form.Item name="leaveType" label={t('attendanceMe.requests.leaveType')}>
              <LeaveTypePicker />
            </Form.Item>
            <Form.Item
              name="startDate"
              label={t('attendanceMe.requests.startDate')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <DatePicker
                {...picker}
                disabledDate={(d) => d.isBefore(today, 'day') || noMeeting(d)}
                data-testid="leave-start"
              />
            </Form.Item>
            <Form.Item
              name="endDate"
              label={t('attendanceMe.requests.endDate')}
              dependencies={['startDate']}
              rules={[
                { required: true, message: t('validation.required') },
                ({ getFieldValue }) => ({
                  validator: (_, v: Dayjs | undefined) =>
                    v && v.isBefore(getFieldValue('startDate') as Dayjs, 'day')
                      ? Promise.reject(new Error(t('attendanceMe.requests.endBeforeStart')))
                      : Promise.resolve(),
                }),
              ]}
            >
              <DatePicker
                {...picker}
                disabledDate={(d) => {
                  const s = leaveForm.getFieldValue('startDate') as Dayjs | undefined;
                  return (!!s && d.isBefore(s, 'day')) || noMeeting(d);
                }}
                data-testid="leave-end"
              />
            </Form.Item>
            {reasonItem}
          </Form>
        ) : (
          <Form<MakeUpValues>
            form={makeUpForm}
            layout="vertical"
            initialValues={{
              date: dayjs(date ?? lastAbsent ?? lastMeeting ?? today.subtract(1, 'day').format(DATE)),
              time: dayjs(`2000-01-01T${start}`),
            }}
            onFinish={(v) =>
              submit({
                kind: 'makeUp',
                date: v.date.format(DATE),
                time: v.time.format('HH:mm'),
                reason: v.reason.trim(),
              })
            }
          >
            <Form.Item
              name="date"
              label={t('attendanceMe.requests.makeUpDate')}
              extra={t('attendanceMe.requests.makeUpDateHint')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <DatePicker
                {...picker}
                disabledDate={(d) => d.isAfter(today, 'day') || noMeeting(d)}
                data-testid="makeup-date"
              />
            </Form.Item>
            <Form.Item
              name="time"
              label={t('attendanceMe.requests.makeUpTime')}
              extra={t('attendanceMe.requests.makeUpTimeHint')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <TimePicker
                {...picker}
                format="HH:mm"
                minuteStep={1}
                needConfirm={false}
                data-testid="makeup-time"
              />
            </Form.Item>
            {reasonItem}
          </Form>
        )}
      </ConfigProvider>
    </Modal>
  );
}
