import { EditOutlined, IdcardOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  CoverageKinds,
  type CustomerDetail,
  type Policy,
  type ReviewCard,
  type ServiceRequest,
} from '../../../../contracts/customer.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { useDocumentTitle } from '../../components/PageHeader.tsx';
import { RowList } from '../../components/RowList.tsx';
import { formatMoney, formatNumber } from '../../i18n/format.ts';
import { useCustomer, useReviewCard, useServiceRequests } from './api.ts';
import { POLICY_STATUS_COLORS, SERVICE_STATUS_COLORS } from './labels.tsx';
import { HouseholdCard } from './HouseholdCard.tsx';
import { PolicyFormModal, ServiceFormModal } from './PolicyForms.tsx';
import { ProspectTabs } from './ProspectTabs.tsx';
import { RevealNumber } from './RevealNumber.tsx';
import './prospect-me.css';

/**
 * 保单检视卡: per member of the household, each kind of cover — held (with the sum assured), a gap
 * (expected and missing: red and the word 缺口), or not expected for them.
 */
function ReviewCardView({ card }: { card: ReviewCard }) {
  const { t, i18n } = useTranslation();
  const money = (f: number) => formatMoney(f, i18n.language);
  return (
    <Flex vertical gap={12} data-testid="review-card">
      <Flex gap={8} wrap>
        <Tag
          color={card.totals.gapCount > 0 ? 'red' : 'green'}
          style={{ marginInlineEnd: 0 }}
          data-testid="review-gaps"
        >
          {card.totals.gapCount > 0
            ? t('prospectMe.review.gapCount', { count: card.totals.gapCount })
            : t('prospectMe.review.noGaps')}
        </Tag>
        <span className="sb-pm-muted">
          {t('prospectMe.review.totals', {
            policies: formatNumber(card.totals.policyCount, i18n.language),
            annual: money(card.totals.annualPremiumFen),
          })}
        </span>
      </Flex>
      {card.members.map((m) => (
        <div key={m.customerId} data-testid={`review-member-${m.customerId}`}>
          <Flex gap={6} align="baseline" wrap style={{ marginBottom: 6 }}>
            <Link to={`/customers/${m.customerId}`} className="sb-pm-name">
              {m.name}
            </Link>
            <span className="sb-pm-muted">
              {[
                m.householdRole ? t(`prospectMe.householdRole.${m.householdRole}`) : null,
                m.age !== null ? t('prospectMe.review.age', { age: m.age }) : null,
                m.annualPremiumFen > 0
                  ? t('prospectMe.review.annual', { money: money(m.annualPremiumFen) })
                  : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </span>
          </Flex>
          <table className="sb-pm-review">
            <tbody>
              {CoverageKinds.map((k) => {
                const c = m.coverage.find((x) => x.kind === k);
                const held = !!c && c.policies.length > 0;
                const cls = c?.gap ? 'sb-pm-gap' : held ? 'sb-pm-covered' : '';
                return (
                  <tr key={k}>
                    <td style={{ width: '38%' }}>{t(`prospectMe.coverage.${k}`)}</td>
                    <td className={cls} data-kind={k} data-state={c?.gap ? 'gap' : held ? 'held' : 'none'}>
                      {c?.gap
                        ? t('prospectMe.review.gap')
                        : held
                          ? c.sumAssuredFen > 0
                            ? t('prospectMe.review.held', {
                                money: money(c.sumAssuredFen),
                                count: c.policies.length,
                              })
                            : t('prospectMe.review.heldCount', { count: c.policies.length })
                          : t('prospectMe.review.notExpected')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
      {card.otherPolicies.length > 0 && (
        <span className="sb-pm-muted">
          {t('prospectMe.review.others', {
            list: card.otherPolicies.map((p) => `${p.insuredName} · ${p.product}`).join('；'),
          })}
        </span>
      )}
    </Flex>
  );
}

function PolicyRow({ p, onEdit }: { p: Policy; onEdit: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Flex gap={8} align="center" style={{ width: '100%' }} data-testid={`policy-${p.id}`}>
      <Flex vertical gap={2} className="sb-pm-grow">
        <Flex gap={6} wrap align="center">
          <span className="sb-pm-name">{p.product}</span>
          <Tag style={{ marginInlineEnd: 0 }}>{t(`prospectMe.coverage.${p.coverageKind}`)}</Tag>
          <Tag color={POLICY_STATUS_COLORS[p.status]} style={{ marginInlineEnd: 0 }}>
            {t(`prospectMe.policyStatus.${p.status}`)}
          </Tag>
        </Flex>
        <span className="sb-pm-muted">
          {t('prospectMe.policy.line', {
            no: p.policyNo,
            premium: formatMoney(p.premiumFen, i18n.language),
            mode: t(`prospectMe.paymentMode.${p.paymentMode}`),
            date: p.effectiveDate,
          })}
        </span>
        <span className="sb-pm-muted">
          {t('prospectMe.policy.people', { insured: p.insuredName, beneficiary: p.beneficiaryName ?? '—' })}
        </span>
      </Flex>
      <Button
        type="text"
        icon={<EditOutlined />}
        onClick={onEdit}
        aria-label={t('prospectMe.policy.edit', { no: p.policyNo })}
      />
    </Flex>
  );
}

function ServiceRow({ s, onEdit }: { s: ServiceRequest; onEdit: () => void }) {
  const { t } = useTranslation();
  return (
    <Flex gap={8} align="center" style={{ width: '100%' }} data-testid={`service-${s.id}`}>
      <Flex vertical gap={2} className="sb-pm-grow">
        <Flex gap={6} wrap align="center">
          <span className="sb-pm-name">{t(`prospectMe.serviceKind.${s.kind}`)}</span>
          <Tag color={SERVICE_STATUS_COLORS[s.status]} style={{ marginInlineEnd: 0 }}>
            {t(`prospectMe.serviceStatus.${s.status}`)}
          </Tag>
          {s.overdue && (
            <Tag color="red" style={{ marginInlineEnd: 0 }}>
              {t('prospectMe.service.overdue')}
            </Tag>
          )}
          {s.satisfaction !== null && (
            <span>{t('prospectMe.service.satisfactionLine', { score: s.satisfaction })}</span>
          )}
        </Flex>
        <span className={s.overdue ? 'sb-pm-overdue' : 'sb-pm-muted'}>
          {t('prospectMe.service.due', { date: s.dueDate })}
          {s.policyNo ? ` · ${s.policyNo}` : ''}
        </span>
        {s.notes && <span className="sb-pm-muted sb-pm-pre">{s.notes}</span>}
      </Flex>
      <Button
        onClick={onEdit}
        aria-label={t('prospectMe.service.update')}
        data-testid={`service-update-${s.id}`}
      >
        {t('prospectMe.service.update')}
      </Button>
    </Flex>
  );
}

function Body({ c }: { c: CustomerDetail }) {
  const { t } = useTranslation();
  const review = useReviewCard(c.id);
  const services = useServiceRequests(c.id);
  const [policy, setPolicy] = useState<Policy | 'new' | null>(null);
  const [service, setService] = useState<ServiceRequest | 'new' | null>(null);
  const ref = { id: c.id, name: c.name };
  const serviceItems = services.data?.items ?? c.openServiceRequests;
  return (
    <>
      <Card size="small">
        <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="customer-name">
            {c.name}
          </Typography.Title>
          {c.erased && <Tag>{t('prospectMe.card.erased')}</Tag>}
          {c.prospectId && (
            <Link to={`/prospects/cards/${c.prospectId}`}>
              <Button size="small" icon={<IdcardOutlined />}>
                {t('prospectMe.customers.openCard')}
              </Button>
            </Link>
          )}
        </Flex>
        <dl className="sb-pm-fields">
          <dt>{t('prospectMe.fields.phone')}</dt>
          <dd>
            <RevealNumber entity="customer" id={c.id} field="phone" masked={c.phone} />
          </dd>
          {c.idNumber && (
            <>
              <dt>{t('prospectMe.fields.idNumber')}</dt>
              <dd>
                <RevealNumber entity="customer" id={c.id} field="idNumber" masked={c.idNumber} />
              </dd>
            </>
          )}
          <dt>{t('prospectMe.fields.gender')}</dt>
          <dd>{c.gender ? t(`prospectMe.gender.${c.gender}`) : '—'}</dd>
          <dt>{t('prospectMe.fields.birthDate')}</dt>
          <dd>{c.birthDate ?? '—'}</dd>
          {c.address && (
            <>
              <dt>{t('prospectMe.fields.address')}</dt>
              <dd>{c.address}</dd>
            </>
          )}
          {c.notes && (
            <>
              <dt>{t('prospectMe.fields.notes')}</dt>
              <dd className="sb-pm-pre">{c.notes}</dd>
            </>
          )}
        </dl>
      </Card>

      <HouseholdCard c={c} />

      <Card size="small" title={t('prospectMe.review.title')}>
        {review.error && !review.data ? (
          <ErrorState error={review.error} onRetry={() => void review.refetch()} />
        ) : !review.data ? (
          <Skeleton active />
        ) : (
          <ReviewCardView card={review.data} />
        )}
      </Card>

      <Card
        size="small"
        title={t('prospectMe.policy.title', { count: c.policies.length })}
        styles={{ body: { padding: 0 } }}
        extra={
          <Button
            type="link"
            icon={<PlusOutlined />}
            onClick={() => setPolicy('new')}
            disabled={c.erased}
            data-testid="policy-add"
          >
            {t('prospectMe.policy.add')}
          </Button>
        }
      >
        <RowList
          items={c.policies}
          rowKey={(p) => p.id}
          empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('prospectMe.policy.empty')} />}
          render={(p) => <PolicyRow p={p} onEdit={() => setPolicy(p)} />}
        />
      </Card>

      <Card
        size="small"
        title={t('prospectMe.service.title')}
        styles={{ body: { padding: 0 } }}
        extra={
          <Button
            type="link"
            icon={<PlusOutlined />}
            onClick={() => setService('new')}
            disabled={c.erased}
            data-testid="service-add"
          >
            {t('prospectMe.service.add')}
          </Button>
        }
      >
        <RowList
          items={serviceItems}
          rowKey={(s) => s.id}
          empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('prospectMe.service.empty')} />}
          render={(s) => <ServiceRow s={s} onEdit={() => setService(s)} />}
        />
      </Card>

      {policy && (
        <PolicyFormModal
          customer={ref}
          policy={policy === 'new' ? undefined : policy}
          onClose={() => setPolicy(null)}
        />
      )}
      {service && (
        <ServiceFormModal
          customer={ref}
          policies={c.policies}
          request={service === 'new' ? undefined : service}
          onClose={() => setService(null)}
        />
      )}
    </>
  );
}

/** 客户: the person, the household, the policy review card, the policies and the service requests. */
export default function CustomerPage() {
  const { id } = useParams();
  const { data, error, refetch, isPending } = useCustomer(id);
  useDocumentTitle(data?.name);
  return (
    <Flex vertical gap={12} className="sb-pm-page" data-testid="customer-page">
      <ProspectTabs />
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : isPending || !data ? (
        <Skeleton active />
      ) : (
        <>
          <Body c={data} />
        </>
      )}
    </Flex>
  );
}
