import { DeleteOutlined, LeftOutlined, RightOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Input,
  InputNumber,
  Segmented,
  Select,
  Skeleton,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { ActivityType, Plan, PlanItem, PlanKind, PlanTier } from '../../../../contracts/activity.ts';
import { PlanTiers } from '../../../../contracts/activity.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import { addMonths, useCurrentWorkMonth } from '../attendance-me/api.ts';
import { DATE_PATTERN, MONTH_PATTERN, todayIn } from '../attendance/time.ts';
import { useActivityTypes, usePlan, useSavePlan, useSubmitPlan } from './api.ts';
import { addDays, mondayOf } from './dates.ts';
import { tierPoints, withTier } from './plan.ts';
import { PlanStatusTag, usePoints, useTypeName } from './labels.tsx';
import { LogTabs } from './LogTabs.tsx';
import './activity-me.css';

/**
 * The rows of a plan: per type, the three tiers target / sprint / challenge. Used by the agent's
 * plan page and by the supervisor when approving with adjusted counts.
 */
export function PlanItemsEditor({
  items,
  types,
  onChange,
  readOnly,
}: {
  items: PlanItem[];
  types: ActivityType[];
  onChange: (items: PlanItem[]) => void;
  readOnly?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const typeName = useTypeName();
  const pts = usePoints();
  const byId = new Map(types.map((x) => [x.id, x]));
  const unused = types.filter((x) => x.active && !items.some((i) => i.typeId === x.id));
  // Tiers never decrease (target ≤ sprint ≤ challenge): raising one raises those above, lowering
  // one lowers those below.
  const set = (idx: number, tier: PlanTier, v: number | null) =>
    onChange(items.map((it, i) => (i === idx ? withTier(it, tier, Math.max(0, Math.round(v ?? 0))) : it)));
  return (
    <Flex vertical gap={8} data-testid="plan-items">
      <div className="sb-ac-plan-item sb-ac-plan-item-head" aria-hidden>
        <span>{t('activityMe.plan.type')}</span>
        {PlanTiers.map((tier) => (
          <span key={tier}>{t(`activityMe.tier.${tier}`)}</span>
        ))}
        <span />
      </div>
      {items.map((it, idx) => {
        const type = byId.get(it.typeId);
        return (
          <div
            key={it.typeId}
            className="sb-ac-plan-item"
            data-testid={`plan-item-${type?.code ?? it.typeId}`}
          >
            <Typography.Text ellipsis style={{ minWidth: 0 }}>
              {typeName(type)}
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {pts(type?.points ?? 0)}
              </Typography.Text>
            </Typography.Text>
            {PlanTiers.map((tier) =>
              readOnly ? (
                <Typography.Text
                  key={tier}
                  strong
                  style={{ textAlign: 'center', fontVariantNumeric: 'tabular-nums' }}
                  data-testid={`plan-${tier}-${type?.code ?? it.typeId}`}
                >
                  {formatNumber(it[tier], i18n.language)}
                </Typography.Text>
              ) : (
                <InputNumber<number>
                  key={tier}
                  min={0}
                  max={10_000}
                  precision={0}
                  inputMode="numeric"
                  controls={false}
                  value={it[tier]}
                  disabled={readOnly}
                  onChange={(v) => set(idx, tier, v)}
                  aria-label={`${typeName(type)} ${t(`activityMe.tier.${tier}`)}`}
                  data-testid={`plan-${tier}-${type?.code ?? it.typeId}`}
                />
              ),
            )}
            {readOnly ? (
              <span />
            ) : (
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('common.remove')}
                onClick={() => onChange(items.filter((_, i) => i !== idx))}
              />
            )}
          </div>
        );
      })}
      {!readOnly && unused.length > 0 && (
        <Select<string>
          value={null}
          placeholder={t('activityMe.plan.addType')}
          onChange={(id) => onChange([...items, { typeId: id, target: 0, sprint: 0, challenge: 0 }])}
          options={unused.map((x) => ({ value: x.id, label: typeName(x) }))}
          data-testid="plan-add-type"
        />
      )}
    </Flex>
  );
}

/** The tiers' points side by side. */
export function TierPoints({
  items,
  types,
  plan,
}: {
  items: PlanItem[];
  types: ActivityType[];
  plan?: Plan;
}) {
  const { t } = useTranslation();
  const pts = usePoints();
  const saved: Record<PlanTier, number> | null = plan
    ? { target: plan.targetPoints, sprint: plan.sprintPoints, challenge: plan.challengePoints }
    : null;
  return (
    <dl className="sb-ac-figures" data-testid="plan-tier-points">
      {PlanTiers.map((tier) => {
        const fromItems = tierPoints(items, types, tier);
        // A points-only plan (no counts) shows the points the server keeps.
        const value = fromItems > 0 || !saved ? fromItems : saved[tier];
        return (
          <div key={tier} className="sb-ac-figure">
            <dt>{t(`activityMe.tier.${tier}`)}</dt>
            <dd>{pts(value)}</dd>
          </div>
        );
      })}
    </dl>
  );
}

function PlanEditor({
  plan,
  types,
  kind,
  period,
}: {
  plan: Plan;
  types: ActivityType[];
  kind: PlanKind;
  period: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const [items, setItems] = useState<PlanItem[]>(plan.items);
  const [note, setNote] = useState(plan.note ?? '');
  const save = useSavePlan();
  const submit = useSubmitPlan();
  // Saving a submitted plan takes it back to a draft; an approved one is fixed.
  const editable = plan.status !== 'approved';
  const body = { items, note: note.trim() || null };

  return (
    <Flex vertical gap={12}>
      <Card size="small">
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text type="secondary">
            {t('activityMe.plan.range', { from: plan.from, to: plan.to })}
          </Typography.Text>
          <PlanStatusTag status={plan.status} />
        </Flex>
        {plan.status === 'none' && (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 8 }}
            title={t('activityMe.plan.prefilled')}
            data-testid="plan-prefilled"
          />
        )}
        {plan.status === 'returned' && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 8 }}
            title={t('activityMe.plan.returned')}
            description={plan.reviewComment || undefined}
            data-testid="plan-decision"
          />
        )}
        {plan.status === 'approved' && (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 8 }}
            title={t('activityMe.plan.approved', { time: formatDateTime(plan.approvedAt) })}
            description={plan.reviewComment || undefined}
            data-testid="plan-decision"
          />
        )}
        {plan.status === 'submitted' && (
          <Alert type="info" showIcon style={{ marginTop: 8 }} title={t('activityMe.plan.waiting')} />
        )}
      </Card>
      <Card size="small" title={t('activityMe.plan.items')}>
        <PlanItemsEditor items={items} types={types} onChange={setItems} readOnly={!editable} />
      </Card>
      <Card size="small" title={t('activityMe.plan.points')}>
        <TierPoints items={items} types={types} plan={plan} />
      </Card>
      <Card size="small">
        <Flex vertical gap={10}>
          {editable ? (
            <Input.TextArea
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={1000}
              autoSize={{ minRows: 2, maxRows: 5 }}
              placeholder={t('activityMe.plan.notePlaceholder')}
              aria-label={t('activityMe.plan.note')}
              data-testid="plan-note"
            />
          ) : (
            <div>
              <div className="sb-ac-label">{t('activityMe.plan.note')}</div>
              <div className="sb-ac-pre" data-testid="plan-note">
                {plan.note || '—'}
              </div>
            </div>
          )}
          {editable && (
            <Flex gap={8} wrap>
              <Button
                size="large"
                icon={<SaveOutlined />}
                loading={save.isPending}
                style={{ flex: '1 1 140px' }}
                onClick={() =>
                  save.mutate(
                    { kind, period, body },
                    {
                      onSuccess: () => void message.success(t('common.saved')),
                      onError: (e) => showError(e),
                    },
                  )
                }
                data-testid="plan-save"
              >
                {t('activityMe.plan.saveDraft')}
              </Button>
              <Button
                type="primary"
                size="large"
                icon={<SendOutlined />}
                loading={submit.isPending}
                style={{ flex: '1 1 140px' }}
                onClick={() =>
                  submit.mutate(
                    { kind, period, body },
                    {
                      onSuccess: () => void message.success(t('activityMe.plan.submitted')),
                      onError: (e) => showError(e),
                    },
                  )
                }
                data-testid="plan-submit"
              >
                {t('activityMe.plan.submit')}
              </Button>
            </Flex>
          )}
        </Flex>
      </Card>
    </Flex>
  );
}

/** 我的计划: the week's and the work month's activity plan, pre-filled from the team standard. */
export default function PlanPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const kind: PlanKind = sp.get('kind') === 'month' ? 'month' : 'week';
  const asked = sp.get('period');
  const today = todayIn();
  const thisWeek = mondayOf(today);
  const { data: thisMonth } = useCurrentWorkMonth();
  const current = kind === 'week' ? thisWeek : thisMonth;
  const period =
    kind === 'week'
      ? asked && DATE_PATTERN.test(asked)
        ? mondayOf(asked)
        : thisWeek
      : asked && MONTH_PATTERN.test(asked)
        ? asked
        : thisMonth;
  const { data: plan, error, refetch } = usePlan(kind, period);
  const { data: types } = useActivityTypes();

  const go = (next: { kind?: PlanKind; period?: string | undefined }) => {
    const out = new URLSearchParams();
    const k = next.kind ?? kind;
    if (k === 'month') out.set('kind', 'month');
    if (next.period && next.period !== (k === 'week' ? thisWeek : thisMonth)) out.set('period', next.period);
    setSp(out, { replace: true });
  };
  const step = (n: number) =>
    period && go({ period: kind === 'week' ? addDays(period, 7 * n) : addMonths(period, n) });

  return (
    <Flex vertical gap={12} className="sb-ac-page">
      <PageHeader title={t('activityMe.nav.plan')} />
      <LogTabs />
      <Segmented<PlanKind>
        block
        value={kind}
        onChange={(v) => go({ kind: v })}
        options={[
          { value: 'week', label: <span data-testid="plan-kind-week">{t('activityMe.plan.week')}</span> },
          { value: 'month', label: <span data-testid="plan-kind-month">{t('activityMe.plan.month')}</span> },
        ]}
      />
      <Card size="small">
        <Flex align="center" justify="space-between" gap={8}>
          <Button
            type="text"
            icon={<LeftOutlined />}
            aria-label={t('activityMe.plan.previous')}
            onClick={() => step(-1)}
            disabled={!period}
          />
          <Typography.Text strong data-testid="plan-period">
            {!period
              ? '…'
              : kind === 'week'
                ? period === current
                  ? t('activityMe.plan.thisWeek', { from: period.slice(5) })
                  : t('activityMe.plan.weekOf', { from: period })
                : period === current
                  ? t('activityMe.plan.thisMonth', { month: period })
                  : t('activityMe.plan.monthOf', { month: period })}
          </Typography.Text>
          <Button
            type="text"
            icon={<RightOutlined />}
            aria-label={t('activityMe.plan.next')}
            onClick={() => step(1)}
            disabled={!period}
          />
        </Flex>
      </Card>
      {error && !plan ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !plan || !types || !period ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <PlanEditor
          key={`${kind}-${period}-${plan.status}-${plan.id ?? ''}`}
          plan={plan}
          types={types}
          kind={kind}
          period={period}
        />
      )}
    </Flex>
  );
}
