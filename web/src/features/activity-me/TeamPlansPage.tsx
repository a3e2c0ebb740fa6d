import { CheckOutlined, LeftOutlined, RightOutlined, RollbackOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Flex,
  Input,
  Modal,
  Segmented,
  Skeleton,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { ActivityType, Plan, PlanItem, PlanKind, TeamPlans } from '../../../../contracts/activity.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RowList } from '../../components/RowList.tsx';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { useIsPhoneLayout, useTouchSize } from '../../layout/useIsPhoneLayout.ts';
import { useMe } from '../auth/MeContext.tsx';
import { addMonths, useCurrentWorkMonth } from '../attendance-me/api.ts';
import { DATE_PATTERN, MONTH_PATTERN, todayIn } from '../attendance/time.ts';
import { useActivityTypes, useDecidePlan, useTeamPlans } from './api.ts';
import { addDays, formatPoints, mondayOf } from './dates.ts';
import { PlanStatusTag, usePoints, useTypeName } from './labels.tsx';
import { PlanItemsEditor, TierPoints } from './PlanPage.tsx';
import './activity-me.css';

type TeamPlan = TeamPlans['items'][number];
type Deciding = { plan: TeamPlan; decision: 'approve' | 'return' };

function sameItems(a: PlanItem[], b: PlanItem[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Approve (optionally adjusting the counts) or return with a comment the agent will read. */
function DecideModal({
  deciding: { plan, decision },
  types,
  kind,
  period,
  onClose,
}: {
  deciding: Deciding;
  types: ActivityType[];
  kind: PlanKind;
  period: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const decide = useDecidePlan();
  const [items, setItems] = useState<PlanItem[]>(plan.items);
  const [comment, setComment] = useState('');
  const returning = decision === 'return';
  const submit = () =>
    decide.mutate(
      {
        userId: plan.userId,
        kind,
        period,
        decision,
        comment: comment.trim() || undefined,
        items: !returning && !sameItems(items, plan.items) ? items : undefined,
      },
      {
        onSuccess: () => {
          void message.success(t(`activityMe.teamPlans.done.${decision}`, { name: plan.userName }));
          onClose();
        },
        onError: (e) => showError(e),
      },
    );
  return (
    <Modal
      open
      width={640}
      title={t(`activityMe.teamPlans.title.${decision}`, { name: plan.userName })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            danger={returning}
            disabled={returning && !comment.trim()}
            loading={decide.isPending}
            onClick={submit}
            data-testid="plan-decision-submit"
          >
            {t(`activityMe.teamPlans.${decision}`)}
          </Button>
        </>
      }
    >
      <Flex vertical gap={12}>
        {plan.note && (
          <div>
            <div className="sb-ac-label">{t('activityMe.plan.note')}</div>
            <div className="sb-ac-pre">{plan.note}</div>
          </div>
        )}
        {!returning && (
          <>
            <Typography.Text type="secondary">{t('activityMe.teamPlans.adjustHint')}</Typography.Text>
            <PlanItemsEditor items={items} types={types} onChange={setItems} />
            <TierPoints items={items} types={types} plan={plan} />
          </>
        )}
        <Input.TextArea
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          maxLength={1000}
          autoSize={{ minRows: 2, maxRows: 5 }}
          placeholder={t(`activityMe.teamPlans.commentPlaceholder.${decision}`)}
          aria-label={t('activityMe.teamPlans.comment')}
          data-testid="plan-decision-comment"
        />
      </Flex>
    </Modal>
  );
}

function ItemsText({ plan, types }: { plan: Plan; types: ActivityType[] }) {
  const typeName = useTypeName();
  const byId = new Map(types.map((x) => [x.id, x]));
  const parts = plan.items
    .filter((i) => i.target > 0 || i.sprint > 0 || i.challenge > 0)
    .map((i) => `${typeName(byId.get(i.typeId))} ${i.target}/${i.sprint}/${i.challenge}`);
  return <Typography.Text style={{ fontSize: 13 }}>{parts.join(' · ') || '—'}</Typography.Text>;
}

/** 团队计划: everyone's plan of a week or work month; approve (adjusting counts) or return. */
export default function TeamPlansPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const phone = useIsPhoneLayout();
  const size = useTouchSize();
  const pts = usePoints();
  const [sp, setSp] = useSearchParams();
  const kind: PlanKind = sp.get('kind') === 'month' ? 'month' : 'week';
  const unitId = sp.get('unitId') ?? me.unitId;
  const thisWeek = mondayOf(todayIn());
  const { data: thisMonth } = useCurrentWorkMonth();
  const asked = sp.get('period');
  const period =
    kind === 'week'
      ? asked && DATE_PATTERN.test(asked)
        ? mondayOf(asked)
        : thisWeek
      : asked && MONTH_PATTERN.test(asked)
        ? asked
        : thisMonth;
  const { data: team, error, refetch, isFetching } = useTeamPlans(unitId, kind, period);
  const plans = team?.items;
  const { data: types } = useActivityTypes();
  const [deciding, setDeciding] = useState<Deciding | null>(null);

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setSp(next, { replace: true });
  };
  const step = (n: number) =>
    period && set({ period: kind === 'week' ? addDays(period, 7 * n) : addMonths(period, n) });

  // One's own plan is decided by one's own supervisor, not here.
  const actions = (p: TeamPlan) =>
    p.status === 'submitted' && p.userId !== me.id ? (
      <Flex gap={8}>
        <Button
          type="primary"
          size={size}
          icon={<CheckOutlined />}
          onClick={() => setDeciding({ plan: p, decision: 'approve' })}
          data-testid={`plan-approve-${p.userId}`}
        >
          {t('activityMe.teamPlans.approve')}
        </Button>
        <Button
          danger
          size={size}
          icon={<RollbackOutlined />}
          onClick={() => setDeciding({ plan: p, decision: 'return' })}
          data-testid={`plan-return-${p.userId}`}
        >
          {t('activityMe.teamPlans.return')}
        </Button>
      </Flex>
    ) : null;

  const sorted = [...(plans ?? [])].sort(
    (a, b) =>
      Number(b.status === 'submitted') - Number(a.status === 'submitted') ||
      a.userName.localeCompare(b.userName),
  );

  const columns: TableColumnsType<TeamPlan> = [
    {
      key: 'user',
      title: t('activityMe.teamPlans.columns.user'),
      render: (_, p) => <Typography.Text strong>{p.userName}</Typography.Text>,
    },
    {
      key: 'status',
      title: t('activityMe.teamPlans.columns.status'),
      render: (_, p) => <PlanStatusTag status={p.status} />,
    },
    {
      key: 'items',
      title: t('activityMe.teamPlans.columns.items'),
      width: 320,
      render: (_, p) => (types ? <ItemsText plan={p} types={types} /> : null),
    },
    {
      key: 'points',
      title: t('activityMe.teamPlans.columns.points'),
      render: (_, p) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {t('activityMe.teamPlans.pointsTriple', {
            target: formatPoints(p.targetPoints, i18n.language),
            sprint: formatPoints(p.sprintPoints, i18n.language),
            challenge: formatPoints(p.challengePoints, i18n.language),
          })}
        </span>
      ),
    },
    {
      key: 'actual',
      title: t('activityMe.teamPlans.columns.actual'),
      render: (_, p) => <span style={{ whiteSpace: 'nowrap' }}>{pts(p.actualPoints)}</span>,
    },
    {
      key: 'note',
      title: t('activityMe.teamPlans.columns.note'),
      dataIndex: 'note',
      ellipsis: { showTitle: true },
      width: '20%',
    },
    { key: 'actions', title: t('common.actions'), render: (_, p) => actions(p) },
  ];

  return (
    <div className="sb-ac-wide">
      <PageHeader title={t('activityMe.nav.teamPlans')} />
      <Flex gap={8} wrap style={{ marginBottom: 12 }} align="center">
        <UnitTreeSelect
          value={unitId}
          onChange={(v) => set({ unitId: v && v !== me.unitId ? v : undefined })}
          style={{ minWidth: 200, flex: phone ? '1 1 100%' : undefined }}
          data-testid="team-plans-unit"
        />
        <Segmented
          value={kind}
          onChange={(v) => set({ kind: v === 'month' ? 'month' : undefined, period: undefined })}
          options={[
            { value: 'week', label: t('activityMe.plan.week') },
            { value: 'month', label: t('activityMe.plan.month') },
          ]}
        />
        <Flex align="center" gap={4}>
          <Button
            type="text"
            icon={<LeftOutlined />}
            aria-label={t('activityMe.plan.previous')}
            onClick={() => step(-1)}
          />
          <Typography.Text strong style={{ whiteSpace: 'nowrap' }} data-testid="team-plans-period">
            {!period
              ? '…'
              : kind === 'week'
                ? t('activityMe.plan.weekOf', { from: period })
                : t('activityMe.plan.monthOf', { month: period })}
          </Typography.Text>
          <Button
            type="text"
            icon={<RightOutlined />}
            aria-label={t('activityMe.plan.next')}
            onClick={() => step(1)}
          />
        </Flex>
      </Flex>
      {team && (
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {t('activityMe.teamPlans.range', { unit: team.unitName, from: team.from, to: team.to })}
        </Typography.Paragraph>
      )}
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !types ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : phone ? (
        <Card loading={isFetching && !plans} styles={{ body: { padding: 0 } }}>
          <div data-testid="team-plans">
            <RowList
              label={t('activityMe.nav.teamPlans')}
              items={sorted}
              rowKey={(p) => p.userId}
              empty={
                <Typography.Paragraph type="secondary" style={{ padding: 16, margin: 0 }}>
                  {t('activityMe.teamPlans.empty')}
                </Typography.Paragraph>
              }
              render={(p) => (
                <Flex
                  vertical
                  gap={4}
                  style={{ width: '100%', minWidth: 0 }}
                  data-testid={`team-plan-${p.userId}`}
                >
                  <Flex justify="space-between" align="center" gap={8}>
                    <Typography.Text strong>{p.userName}</Typography.Text>
                    <PlanStatusTag status={p.status} />
                  </Flex>
                  <ItemsText plan={p} types={types} />
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {t('activityMe.teamPlans.pointsLine', {
                      target: pts(p.targetPoints),
                      sprint: pts(p.sprintPoints),
                      challenge: pts(p.challengePoints),
                    })}
                  </Typography.Text>
                  <Typography.Text style={{ fontSize: 13 }}>
                    {t('activityMe.teamPlans.actualLine', { points: pts(p.actualPoints) })}
                  </Typography.Text>
                  {p.note && (
                    <Typography.Paragraph
                      type="secondary"
                      ellipsis={{ rows: 2 }}
                      style={{ margin: 0, fontSize: 13 }}
                    >
                      {p.note}
                    </Typography.Paragraph>
                  )}
                  {actions(p)}
                </Flex>
              )}
            />
          </div>
        </Card>
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <div data-testid="team-plans">
            <Table<TeamPlan>
              rowKey="userId"
              size="middle"
              columns={columns}
              dataSource={sorted}
              loading={isFetching}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('activityMe.teamPlans.empty') }}
            />
          </div>
        </Card>
      )}
      {deciding && types && period && (
        <DecideModal
          deciding={deciding}
          types={types}
          kind={kind}
          period={period}
          onClose={() => setDeciding(null)}
        />
      )}
    </div>
  );
}
