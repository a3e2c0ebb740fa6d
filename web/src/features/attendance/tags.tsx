import { ClockCircleOutlined, EnvironmentOutlined, LogoutOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { BOARD_STATUS_COLORS, type BoardStatus, type LeaveType } from '../../lib/enums.ts';

/** A person's status of the day as colour and word (late = orange and 迟到). */
export function BoardStatusTag({
  status,
  leaveType,
  large,
}: {
  status: BoardStatus;
  leaveType?: LeaveType | null | undefined;
  large?: boolean;
}) {
  const { t } = useTranslation();
  const label =
    status === 'leave' && leaveType
      ? `${t('attendance.status.leave')}·${t(`attendance.leaveTypes.${leaveType}`)}`
      : t(`attendance.status.${status}`);
  return (
    <Tag
      color={BOARD_STATUS_COLORS[status]}
      style={{
        marginInlineEnd: 0,
        ...(large ? { fontSize: 18, padding: '2px 12px', lineHeight: '28px' } : {}),
      }}
      data-status={status}
    >
      {label}
    </Tag>
  );
}

export interface RecordFlags {
  delayed: boolean;
  outsideGeofence: boolean;
  earlyLeave: boolean;
}

/** The remarks of a check-in: sent late from an offline phone, made outside the workplace, left early. */
export function FlagTags({ flags }: { flags: RecordFlags }) {
  const { t } = useTranslation();
  const items = [
    flags.delayed && { key: 'delayed', icon: <ClockCircleOutlined />, color: 'gold' },
    flags.outsideGeofence && { key: 'outsideGeofence', icon: <EnvironmentOutlined />, color: 'volcano' },
    flags.earlyLeave && { key: 'earlyLeave', icon: <LogoutOutlined />, color: 'magenta' },
  ].filter((x): x is { key: string; icon: React.JSX.Element; color: string } => !!x);
  if (items.length === 0) return null;
  return (
    <>
      {items.map((i) => (
        <Tooltip key={i.key} title={t(`attendance.flags.${i.key}Hint`)}>
          <Tag
            icon={i.icon}
            color={i.color}
            bordered={false}
            style={{ marginInlineEnd: 0 }}
            data-flag={i.key}
          >
            {t(`attendance.flags.${i.key}`)}
          </Tag>
        </Tooltip>
      ))}
    </>
  );
}
