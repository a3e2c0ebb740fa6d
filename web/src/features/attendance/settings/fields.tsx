import { Col, Form, InputNumber, Radio, Row, TimePicker, type InputNumberProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { GEOFENCE_MODES, SELF_CHECK_IN_MODES } from '../../../lib/enums.ts';
import { fenToYuan, fromPercent, toPercent, yuanToFen } from '../time.ts';

/** Form.Item props that show a stored "HH:mm" string in a TimePicker and keep the string. */
export const timeProps = {
  getValueProps: (v: string | undefined) => ({ value: v ? dayjs(`2000-01-01T${v}`) : undefined }),
  normalize: (d: Dayjs | null) => (d ? d.format('HH:mm') : undefined),
};

/** Form.Item props that show stored fen as 元 and keep fen (null stays null: no cap). */
export const yuanProps = {
  getValueProps: (fen: number | null | undefined) => ({ value: fenToYuan(fen) }),
  normalize: (yuan: number | null) => yuanToFen(yuan),
};

/** Form.Item props that show a stored share (0.8) as a percentage (80) and keep the share. */
export const percentProps = {
  getValueProps: (ratio: number | null | undefined) => ({
    value: ratio === null || ratio === undefined ? ratio : toPercent(ratio),
  }),
  normalize: (percent: number | null) => (percent === null ? percent : fromPercent(percent)),
};

/** Form.Item hands its value and onChange to its child: they are passed on to the input. */
function Minutes({
  testId,
  max,
  ...rest
}: { testId: string; max: number } & Omit<InputNumberProps<number>, 'max'>) {
  const { t } = useTranslation();
  return (
    <InputNumber<number>
      {...rest}
      min={0}
      max={max}
      precision={0}
      suffix={t('attendance.rules.minutes')}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}

/** One minutes rule of the meeting (name, label and hint by the rule's key), required, up to 240. */
function MinutesRule({ name, rule, prefix }: { name: string; rule: string; prefix: string }) {
  const { t } = useTranslation();
  return (
    <Col xs={12} md={6}>
      <Form.Item
        name={name}
        label={t(`attendance.rules.${rule}`)}
        tooltip={t(`attendance.rules.${rule}Hint`)}
        rules={[{ required: true, message: t('validation.required') }]}
      >
        <Minutes testId={`${prefix}-${rule}`} max={240} />
      </Form.Item>
    </Col>
  );
}

/**
 * The meeting rules a department may override (contracts MeetingRulesSchema): used by the tenant's
 * rules and by each department override, so both read the same.
 */
export function MeetingRulesFields({ prefix = 'rules' }: { prefix?: string }) {
  const { t } = useTranslation();
  const required = [{ required: true, message: t('validation.required') }];
  return (
    <>
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Form.Item
            name="meetingStart"
            label={t('attendance.rules.meetingStart')}
            rules={required}
            {...timeProps}
          >
            <TimePicker
              format="HH:mm"
              allowClear={false}
              needConfirm={false}
              style={{ width: '100%' }}
              data-testid={`${prefix}-meetingStart`}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name="meetingEnd"
            label={t('attendance.rules.meetingEnd')}
            dependencies={['meetingStart']}
            rules={[
              ...required,
              ({ getFieldValue }) => ({
                validator: (_, v: string | undefined) =>
                  !v || !getFieldValue('meetingStart') || v > (getFieldValue('meetingStart') as string)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('attendance.rules.endAfterStart'))),
              }),
            ]}
            {...timeProps}
          >
            <TimePicker
              format="HH:mm"
              allowClear={false}
              needConfirm={false}
              style={{ width: '100%' }}
              data-testid={`${prefix}-meetingEnd`}
            />
          </Form.Item>
        </Col>
        <MinutesRule name="opensBeforeMinutes" rule="opensBefore" prefix={prefix} />
        <MinutesRule name="earlyLeaveMinutes" rule="earlyLeave" prefix={prefix} />
        <MinutesRule name="lateAfterMinutes" rule="lateAfter" prefix={prefix} />
        <Col xs={12} md={6}>
          <Form.Item
            name="absentAfterMinutes"
            label={t('attendance.rules.absentAfter')}
            tooltip={t('attendance.rules.absentAfterHint')}
            dependencies={['lateAfterMinutes']}
            rules={[
              ...required,
              ({ getFieldValue }) => ({
                validator: (_, v: number | undefined) =>
                  v === undefined || v === null || v >= ((getFieldValue('lateAfterMinutes') as number) ?? 0)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('attendance.rules.absentAfterLate'))),
              }),
            ]}
          >
            <Minutes testId={`${prefix}-absentAfter`} max={480} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="selfCheckIn" label={t('attendance.rules.selfCheckIn')} rules={required}>
            <Radio.Group
              optionType="button"
              options={SELF_CHECK_IN_MODES.map((m) => ({
                value: m,
                label: t(`attendance.rules.selfCheckInModes.${m}`),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item
            name="geofence"
            label={t('attendance.rules.geofence')}
            tooltip={t('attendance.rules.geofenceHint')}
            rules={required}
          >
            <Radio.Group
              optionType="button"
              options={GEOFENCE_MODES.map((m) => ({
                value: m,
                label: t(`attendance.rules.geofenceModes.${m}`),
              }))}
            />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
