import { DeleteOutlined, EditOutlined, MessageOutlined, TeamOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Activity } from '../../../../contracts/activity.ts';
import { RowList } from '../../components/RowList.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { formatMoney } from '../../i18n/format.ts';
import { timeIn } from '../attendance/time.ts';
import { useDeleteActivity } from './api.ts';
import { STAGE_COLORS, usePoints, useTypeName } from './labels.tsx';

/** What one activity says: time, type, prospect, outcome, next step, partner, late entry. */
export function ActivityLine({ a, extra }: { a: Activity; extra?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const typeName = useTypeName();
  const pts = usePoints();
  return (
    <Flex gap={10} align="flex-start" style={{ width: '100%', minWidth: 0 }} data-testid={`activity-${a.id}`}>
      <Typography.Text strong className="sb-ac-time">
        {timeIn(a.occurredAt)}
      </Typography.Text>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Flex gap={6} wrap align="center">
          <Tag color={STAGE_COLORS[a.stage]} style={{ marginInlineEnd: 0 }}>
            {typeName({ name: a.typeName, nameEn: a.typeNameEn })}
          </Tag>
          {a.prospectName && <Typography.Text strong>{a.prospectName}</Typography.Text>}
          {a.lateEntry && (
            <Tag color="orange" style={{ marginInlineEnd: 0 }}>
              {t('activityMe.lateEntry')}
            </Tag>
          )}
        </Flex>
        {a.outcome && <div className="sb-ac-line">{a.outcome}</div>}
        {a.premiumFen !== null && a.premiumFen > 0 && (
          <div className="sb-ac-line">
            {t('activityMe.premiumLine', { money: formatMoney(a.premiumFen, i18n.language) })}
          </div>
        )}
        {a.notes && (
          <Typography.Paragraph
            type="secondary"
            ellipsis={{ rows: 2, expandable: true, symbol: t('activityMe.more') }}
            style={{ margin: 0, fontSize: 13 }}
          >
            {a.notes}
          </Typography.Paragraph>
        )}
        {(a.nextStep || a.nextStepDate) && (
          <div className="sb-ac-line sb-ac-muted">
            {a.nextStep
              ? t('activityMe.nextStepLine', { step: a.nextStep, date: a.nextStepDate ?? '' })
              : t('activityMe.nextStepDateLine', { date: a.nextStepDate })}
          </div>
        )}
        {a.partnerName && (
          <div className="sb-ac-line sb-ac-muted">
            <TeamOutlined aria-hidden /> {t('activityMe.partnerLine', { name: a.partnerName })}
          </div>
        )}
        {extra}
      </div>
      <Typography.Text className="sb-ac-pts">{pts(a.points)}</Typography.Text>
    </Flex>
  );
}

/** The agent's own activities of a day, each editable and deletable (asked once, naming what goes). */
export function OwnActivityList({
  activities,
  onEdit,
  readOnly,
}: {
  activities: Activity[];
  onEdit: (a: Activity) => void;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const typeName = useTypeName();
  const remove = useDeleteActivity();
  const showError = useApiError();
  const sorted = [...activities].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  return (
    <div data-testid="day-activities">
      <RowList
        label={t('activityMe.today.activities')}
        items={sorted}
        rowKey={(a) => a.id}
        empty={
          <Typography.Paragraph type="secondary" style={{ padding: 16, margin: 0 }}>
            {t('activityMe.today.noActivities')}
          </Typography.Paragraph>
        }
        render={(a) => (
          <ActivityLine
            a={a}
            extra={
              readOnly ? undefined : (
                <Flex gap={4} style={{ marginTop: 4 }}>
                  <Button
                    size="small"
                    type="text"
                    icon={<EditOutlined />}
                    onClick={() => onEdit(a)}
                    className="sb-ac-rowbtn"
                    data-testid={`activity-edit-${a.id}`}
                  >
                    {t('common.edit')}
                  </Button>
                  <Popconfirm
                    title={t('activityMe.today.deleteTitle')}
                    description={t('activityMe.today.deleteWhat', {
                      type: typeName({ name: a.typeName, nameEn: a.typeNameEn }),
                      time: timeIn(a.occurredAt),
                    })}
                    okText={t('common.delete')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('common.cancel')}
                    onConfirm={() =>
                      remove.mutate(a.id, {
                        onSuccess: () => void message.success(t('common.deletedOk')),
                        onError: (e) => showError(e),
                      })
                    }
                  >
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      className="sb-ac-rowbtn"
                      data-testid={`activity-delete-${a.id}`}
                    >
                      {t('common.delete')}
                    </Button>
                  </Popconfirm>
                </Flex>
              )
            }
          />
        )}
      />
    </div>
  );
}

export function CommentCount({ n }: { n: number }) {
  if (n === 0) return null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
      <MessageOutlined aria-hidden /> {n}
    </Typography.Text>
  );
}
