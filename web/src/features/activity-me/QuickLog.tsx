import { PlusOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityToday, ActivityType } from '../../../../contracts/activity.ts';
import { useApiError } from '../../components/useApiError.ts';
import { useCreateActivity } from './api.ts';
import { usePoints, useTypeName } from './labels.tsx';

type Prospect = ActivityToday['recentProspects'][number];

const MAX_TYPES = 4;
const MAX_PROSPECTS = 6;

/**
 * The three-tap log: a type (the most used one is already chosen), a recent prospect or none,
 * Save — now, today. Anything else goes through the fuller form ("More details").
 */
export function QuickLog({
  today,
  types,
  onMore,
}: {
  today: ActivityToday;
  types: ActivityType[];
  onMore: (typeId: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const typeName = useTypeName();
  const pts = usePoints();
  const showError = useApiError();
  const create = useCreateActivity();

  const byId = new Map(types.map((x) => [x.id, x]));
  // The server's most used types first, then the tenant's order, active ones only.
  const quick = [
    ...today.quickTypes.map((id) => byId.get(id)).filter((x): x is ActivityType => !!x?.active),
    ...types.filter((x) => x.active && !today.quickTypes.includes(x.id)),
  ].slice(0, MAX_TYPES);
  const prospects = today.recentProspects.slice(0, MAX_PROSPECTS);

  const [typeId, setTypeId] = useState<string | undefined>(undefined);
  const [prospect, setProspect] = useState<Prospect | null>(null);
  const chosenId = typeId && quick.some((x) => x.id === typeId) ? typeId : quick[0]?.id;
  const chosen = chosenId ? byId.get(chosenId) : undefined;

  const save = () => {
    if (!chosen) return;
    create.mutate(
      {
        typeId: chosen.id,
        ...(prospect?.prospectId
          ? { prospectId: prospect.prospectId }
          : prospect
            ? { prospectName: prospect.name }
            : {}),
      },
      {
        onSuccess: (a) => {
          void message.success(
            t('activityMe.quick.saved', {
              type: typeName({ name: a.typeName, nameEn: a.typeNameEn }),
              points: pts(a.points),
            }),
          );
          setProspect(null);
        },
        onError: (e) => showError(e),
      },
    );
  };

  if (quick.length === 0) {
    return (
      <Card size="small" title={t('activityMe.quick.title')}>
        <Typography.Text type="secondary">{t('activityMe.quick.noTypes')}</Typography.Text>
      </Card>
    );
  }

  const prospectKey = (p: Prospect) => p.prospectId ?? `name:${p.name}`;
  return (
    <Card
      size="small"
      title={t('activityMe.quick.title')}
      extra={
        <Button type="link" icon={<PlusOutlined />} onClick={() => onMore(chosenId)} data-testid="quick-more">
          {t('activityMe.quick.more')}
        </Button>
      }
      data-testid="quick-log"
    >
      <Flex vertical gap={12}>
        <div className="sb-ac-quick-types" role="radiogroup" aria-label={t('activityMe.form.type')}>
          {quick.map((x) => (
            <button
              key={x.id}
              type="button"
              role="radio"
              aria-checked={x.id === chosenId}
              className={`sb-ac-quick-type${x.id === chosenId ? ' sb-ac-on' : ''}`}
              onClick={() => setTypeId(x.id)}
              data-testid={`quick-type-${x.code}`}
            >
              <span className="sb-ac-quick-type-name">{typeName(x)}</span>
              <small>{pts(x.points)}</small>
            </button>
          ))}
        </div>
        {prospects.length > 0 && (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('activityMe.quick.who')}
            </Typography.Text>
            <div className="sb-ac-chips" role="group" aria-label={t('activityMe.quick.who')}>
              {prospects.map((p, i) => {
                const on = !!prospect && prospectKey(prospect) === prospectKey(p);
                return (
                  <button
                    key={prospectKey(p)}
                    type="button"
                    aria-pressed={on}
                    className={`sb-ac-chip${on ? ' sb-ac-on' : ''}`}
                    onClick={() => setProspect(on ? null : p)}
                    data-testid={`quick-prospect-${i}`}
                  >
                    <UserOutlined aria-hidden /> {p.name}
                  </button>
                );
              })}
            </div>
          </div>
        )}
        <Button
          type="primary"
          size="large"
          block
          loading={create.isPending}
          onClick={save}
          className="sb-ac-save"
          data-testid="quick-save"
        >
          {prospect
            ? t('activityMe.quick.saveWith', { type: typeName(chosen), name: prospect.name })
            : t('activityMe.quick.save', { type: typeName(chosen) })}
        </Button>
      </Flex>
    </Card>
  );
}
