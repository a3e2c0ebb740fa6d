import {
  EditOutlined,
  EnvironmentOutlined,
  PlusOutlined,
  SwapOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App, Button, Card, DatePicker, Empty, Flex, Skeleton, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Activity } from '../../../../contracts/activity.ts';
import type { ProspectDetail } from '../../../../contracts/prospect.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { useDocumentTitle } from '../../components/PageHeader.tsx';
import { RowList } from '../../components/RowList.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import { useActivityTypes, useToday } from '../activity-me/api.ts';
import { ActivityFormModal } from '../activity-me/ActivityFormModal.tsx';
import { ActivityLine } from '../activity-me/ActivityRows.tsx';
import '../activity-me/activity-me.css';
import { useCan, useMe } from '../auth/MeContext.tsx';
import { useAfterVisitLogged, useCard, useCardActivities, usePatchCard } from './api.ts';
import { CardFormDrawer } from './CardFormDrawer.tsx';
import { GradeTag, StageTag } from './labels.tsx';
import { RevealNumber } from './RevealNumber.tsx';
import { ProspectTabs } from './ProspectTabs.tsx';
import { StageSheet } from './StageSheet.tsx';
import './prospect-me.css';

/** "Log a visit" with the card already named: the form opens on a face-to-face type, so save is the next tap. */
function LogVisit({ card, onClose }: { card: ProspectDetail; onClose: () => void }) {
  const today = useToday();
  const types = useActivityTypes();
  const after = useAfterVisitLogged();
  if (!today.data || !types.data) return null;
  const active = types.data.filter((x) => x.active);
  const visit =
    active.find((x) => x.stage === 'interview') ?? active.find((x) => x.id === today.data.quickTypes[0]);
  return (
    <ActivityFormModal
      today={today.data.date}
      backdateDays={today.data.backdateDays}
      types={types.data}
      prospects={[
        { prospectId: card.id, name: card.name },
        ...today.data.recentProspects.filter((p) => p.name !== card.name),
      ]}
      defaultTypeId={visit?.id}
      defaultProspectName={card.name}
      onClose={() => {
        after();
        onClose();
      }}
    />
  );
}

/** The next follow-up, changed in place (one tap on the date). */
function FollowUpEditor({ card }: { card: ProspectDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const patch = usePatchCard();
  const today = dayjs().format('YYYY-MM-DD');
  const overdue = card.nextFollowUp !== null && card.nextFollowUp < today;
  return (
    <Flex gap={8} align="center" wrap>
      <Typography.Text type="secondary">{t('prospectMe.fields.nextFollowUp')}</Typography.Text>
      <DatePicker
        value={card.nextFollowUp ? dayjs(card.nextFollowUp) : null}
        format="YYYY-MM-DD"
        inputReadOnly
        status={overdue ? 'warning' : undefined}
        aria-label={t('prospectMe.fields.nextFollowUp')}
        placeholder={t('prospectMe.followUp.pick')}
        onChange={(d) =>
          patch.mutate(
            { id: card.id, body: { nextFollowUp: d ? d.format('YYYY-MM-DD') : null } },
            { onSuccess: () => void message.success(t('common.saved')), onError: (e) => showError(e) },
          )
        }
        data-testid="card-follow-up"
      />
      {overdue && <span className="sb-pm-overdue">{t('prospectMe.followUp.overdueWord')}</span>}
    </Flex>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children ?? '—'}</dd>
    </>
  );
}

/** The card's activities, newest first, each with its day. */
function History({ activities, own }: { activities: Activity[]; own: boolean }) {
  const { t } = useTranslation();
  return (
    <RowList
      items={activities}
      rowKey={(a) => a.id}
      label={t('prospectMe.card.history')}
      empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(own ? 'prospectMe.card.noHistory' : 'prospectMe.card.noHistoryYet')} />}
      render={(a) => (
        <Flex vertical gap={2} style={{ width: '100%', minWidth: 0 }}>
          <span className="sb-pm-muted">{formatDate(a.date)}</span>
          <ActivityLine a={a} />
        </Flex>
      )}
    />
  );
}

/** 准客户卡: contact data, the funnel stage and its history, the activities, referrals; "log a visit" first. */
export default function CardPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const phone = useIsPhoneLayout();
  const { data: card, error, refetch, isPending } = useCard(id);
  const acts = useCardActivities(id);
  const [logging, setLogging] = useState(false);
  const [moving, setMoving] = useState(false);
  const [editing, setEditing] = useState(false);
  const [referring, setReferring] = useState(false);
  const history = useMemo(() => [...(card?.stageHistory ?? [])].reverse(), [card]);
  const me = useMe();
  const can = useCan();
  useDocumentTitle(card?.name);

  if (error && !card) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (isPending || !card) return <Skeleton active />;

  // A lead reading an agent's card: the agent's own actions (log a visit, add a referral) are not
  // theirs, and changes are the owner's or, within scope, prospect.handover's (as the server says).
  const own = card.ownerId === me.id;
  const mayChange = own || can('prospect.handover');

  const source =
    card.source === 'referral' && card.referrer ? (
      <>
        {t('prospectMe.source.referral')} ·{' '}
        <Link
          to={
            card.referrer.kind === 'customer'
              ? `/customers/${card.referrer.id}`
              : `/prospects/cards/${card.referrer.id}`
          }
        >
          {card.referrer.name}
        </Link>
      </>
    ) : card.source === 'campaign' && card.campaignRef ? (
      `${t('prospectMe.source.campaign')} · ${card.campaignRef}`
    ) : (
      t(`prospectMe.source.${card.source}`)
    );

  return (
    <Flex vertical gap={12} className="sb-pm-page" data-testid="card-page">
      {own ? (
        <ProspectTabs />
      ) : (
        can('prospect.read') && (
          <Link to="/prospects/search" data-testid="card-back-to-search">
            {t('prospectMe.card.backToSearch')}
          </Link>
        )
      )}
      <Card size="small">
        <Flex vertical gap={10}>
          <Flex gap={8} align="center" wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="card-name">
              {card.name}
            </Typography.Title>
            <GradeTag grade={card.grade} score={card.score} />
            <StageTag stage={card.stage} />
            {card.erased && <Tag>{t('prospectMe.card.erased')}</Tag>}
          </Flex>
          {!own && (
            <Typography.Text data-testid="card-owner">{t('prospectMe.card.ownerLine', { name: card.ownerName })}</Typography.Text>
          )}
          {card.stageReason && (
            <Typography.Text type="secondary">
              {t('prospectMe.card.reasonLine', { reason: card.stageReason })}
            </Typography.Text>
          )}
          {own && (
            <Button
              type="primary"
              size="large"
              block={phone}
              icon={<EnvironmentOutlined />}
              onClick={() => setLogging(true)}
              disabled={card.erased}
              data-testid="card-log-visit"
            >
              {t('prospectMe.card.logVisit')}
            </Button>
          )}
          <Flex gap={8} wrap>
            {mayChange && (
              <Button
                icon={<SwapOutlined />}
                onClick={() => setMoving(true)}
                disabled={card.erased}
                data-testid="card-move-stage"
              >
                {t('prospectMe.card.moveStage')}
              </Button>
            )}
            {mayChange && (
              <Button
                icon={<EditOutlined />}
                onClick={() => setEditing(true)}
                disabled={card.erased}
                data-testid="card-edit"
              >
                {t('common.edit')}
              </Button>
            )}
            {card.customerId && (
              <Link to={`/customers/${card.customerId}`}>
                <Button icon={<UserOutlined />} data-testid="card-customer">
                  {t('prospectMe.card.openCustomer')}
                </Button>
              </Link>
            )}
          </Flex>
          {mayChange ? (
            <FollowUpEditor card={card} />
          ) : (
            <Typography.Text type="secondary">
              {t('prospectMe.card.followUpLine', { date: card.nextFollowUp ?? '—' })}
            </Typography.Text>
          )}
        </Flex>
      </Card>

      <Card size="small" title={t('prospectMe.card.contact')}>
        <dl className="sb-pm-fields">
          <Field label={t('prospectMe.fields.phone')}>
            <RevealNumber entity="prospect" id={card.id} field="phone" masked={card.phone} />
          </Field>
          {card.idNumber && (
            <Field label={t('prospectMe.fields.idNumber')}>
              <RevealNumber entity="prospect" id={card.id} field="idNumber" masked={card.idNumber} />
            </Field>
          )}
          <Field label={t('prospectMe.fields.gender')}>
            {card.gender ? t(`prospectMe.gender.${card.gender}`) : null}
          </Field>
          <Field label={t('prospectMe.fields.birthDate')}>{card.birthDate}</Field>
          <Field label={t('prospectMe.fields.occupation')}>{card.occupation}</Field>
          <Field label={t('prospectMe.fields.incomeBand')}>
            {card.incomeBand ? t(`prospectMe.income.${card.incomeBand}`) : null}
          </Field>
          <Field label={t('prospectMe.fields.family')}>
            {card.family ? <span className="sb-pm-pre">{card.family}</span> : null}
          </Field>
          <Field label={t('prospectMe.fields.needs')}>
            {card.needs ? <span className="sb-pm-pre">{card.needs}</span> : null}
          </Field>
          <Field label={t('prospectMe.fields.source')}>{source}</Field>
          <Field label={t('prospectMe.fields.tags')}>
            {card.tags.length ? (
              <Flex gap={4} wrap>
                {card.tags.map((x) => (
                  <Tag key={x} style={{ marginInlineEnd: 0 }}>
                    {x}
                  </Tag>
                ))}
              </Flex>
            ) : null}
          </Field>
          {(card.consentNote || card.consentDate) && (
            <Field label={t('prospectMe.card.consent')}>
              {[card.consentDate, card.consentNote].filter(Boolean).join(' · ')}
            </Field>
          )}
          <Field label={t('prospectMe.fields.createdAt')}>{formatDate(card.createdAt)}</Field>
        </dl>
      </Card>

      <Card size="small" title={t('prospectMe.card.history')} styles={{ body: { padding: 0 } }}>
        {acts.error && !acts.data ? (
          <ErrorState error={acts.error} onRetry={() => void acts.refetch()} />
        ) : !acts.data ? (
          <Skeleton active style={{ padding: 12 }} />
        ) : (
          <History activities={acts.data.items} own={own} />
        )}
      </Card>

      <Card size="small" title={t('prospectMe.card.stageHistory')}>
        <Timeline
          items={history.map((h) => ({
            key: h.id,
            color:
              h.toStage === 'lost'
                ? 'red'
                : h.toStage === 'paused'
                  ? 'orange'
                  : h.toStage === 'signed'
                    ? 'green'
                    : 'blue',
            content: (
              <Flex vertical gap={2}>
                <Flex gap={6} wrap align="center">
                  <StageTag stage={h.toStage} />
                  <span className="sb-pm-muted">{formatDateTime(h.changedAt)}</span>
                </Flex>
                {h.reason && <span className="sb-pm-line">{h.reason}</span>}
                <span className="sb-pm-muted">{h.changedByName}</span>
              </Flex>
            ),
          }))}
        />
      </Card>

      <Card
        size="small"
        title={t('prospectMe.card.referrals', { count: card.referrals.length })}
        styles={{ body: { padding: 0 } }}
        extra={
          own && (
            <Button
              type="link"
              icon={<PlusOutlined />}
              onClick={() => setReferring(true)}
              disabled={card.erased}
              data-testid="card-add-referral"
            >
              {t('prospectMe.card.addReferral')}
            </Button>
          )
        }
      >
        <RowList
          items={card.referrals}
          rowKey={(r) => r.id}
          empty={
            <Typography.Paragraph type="secondary" style={{ padding: 12, margin: 0 }}>
              {t('prospectMe.card.noReferrals')}
            </Typography.Paragraph>
          }
          render={(r) => (
            <Flex gap={8} align="center" style={{ width: '100%' }}>
              <Link to={`/prospects/cards/${r.id}`} className="sb-pm-name sb-pm-grow">
                {r.name}
              </Link>
              <StageTag stage={r.stage} />
            </Flex>
          )}
        />
      </Card>

      {logging && <LogVisit card={card} onClose={() => setLogging(false)} />}
      {moving && <StageSheet card={card} onClose={() => setMoving(false)} />}
      {editing && <CardFormDrawer card={card} onClose={() => setEditing(false)} />}
      {referring && (
        <CardFormDrawer
          key={`ref-${card.id}`}
          referrer={{ id: card.id, name: card.name }}
          onClose={() => setReferring(false)}
        />
      )}
    </Flex>
  );
}
