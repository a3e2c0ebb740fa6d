import {
  App,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Rate,
  Select,
  type InputNumberProps,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  CoverageKinds,
  PaymentModes,
  PolicyStatuses,
  ServiceKinds,
  ServiceStatuses,
  type CoverageKind,
  type PaymentMode,
  type Policy,
  type PolicyStatus,
  type ServiceKind,
  type ServiceRequest,
  type ServiceStatus,
} from '../../../../contracts/customer.ts';
import { useApiError } from '../../components/useApiError.ts';
import { useSavePolicy, useSaveServiceRequest } from './api.ts';
import { SaveFooter } from './SaveFooter.tsx';

/** Yuan typed by a person → integer fen (one rounding, no float sums). */
export function toFen(yuan: number | null | undefined): number | null {
  if (yuan === null || yuan === undefined || Number.isNaN(yuan)) return null;
  return Math.round(yuan * 100);
}

/** An amount typed in yuan, to the fen (toFen turns it into fen). Form.Item gives value and onChange. */
function YuanInput(props: InputNumberProps<number> & { 'data-testid'?: string }) {
  return (
    <InputNumber<number>
      max={10_000_000_000}
      precision={2}
      prefix="¥"
      inputMode="decimal"
      style={{ width: '100%' }}
      {...props}
    />
  );
}

interface PolicyValues {
  policyNo: string;
  product: string;
  coverageKind: CoverageKind;
  insuredName: string;
  beneficiaryName?: string;
  premiumYuan: number | null;
  sumAssuredYuan?: number | null;
  paymentMode: PaymentMode;
  paymentTermYears?: number | null;
  effectiveDate: Dayjs | null;
  status: PolicyStatus;
}

/** A policy of the customer: added, or edited (the policy number is the insurer's, unique in the company). */
export function PolicyFormModal({
  customer,
  policy,
  onClose,
}: {
  customer: { id: string; name: string };
  policy?: Policy | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<PolicyValues>();
  const save = useSavePolicy();
  const initial: PolicyValues = policy
    ? {
        policyNo: policy.policyNo,
        product: policy.product,
        coverageKind: policy.coverageKind,
        insuredName: policy.insuredName,
        beneficiaryName: policy.beneficiaryName ?? '',
        premiumYuan: policy.premiumFen / 100,
        sumAssuredYuan: policy.sumAssuredFen === null ? null : policy.sumAssuredFen / 100,
        paymentMode: policy.paymentMode,
        paymentTermYears: policy.paymentTermYears,
        effectiveDate: dayjs(policy.effectiveDate),
        status: policy.status,
      }
    : {
        policyNo: '',
        product: '',
        coverageKind: 'criticalIllness',
        insuredName: customer.name,
        premiumYuan: null,
        paymentMode: 'annual',
        paymentTermYears: 20,
        effectiveDate: dayjs(),
        status: 'inForce',
      };
  const submit = (v: PolicyValues) => {
    const common = {
      policyNo: v.policyNo.trim(),
      product: v.product.trim(),
      coverageKind: v.coverageKind,
      insuredName: v.insuredName.trim(),
      premiumFen: toFen(v.premiumYuan) ?? 0,
      paymentMode: v.paymentMode,
      effectiveDate: (v.effectiveDate ?? dayjs()).format('YYYY-MM-DD'),
      status: v.status,
    };
    const body = policy
      ? {
          ...common,
          beneficiaryName: v.beneficiaryName?.trim() || null,
          sumAssuredFen: toFen(v.sumAssuredYuan),
          paymentTermYears: v.paymentTermYears ?? null,
        }
      : {
          ...common,
          customerId: customer.id,
          ...(v.beneficiaryName?.trim() ? { beneficiaryName: v.beneficiaryName.trim() } : {}),
          ...(toFen(v.sumAssuredYuan) !== null ? { sumAssuredFen: toFen(v.sumAssuredYuan)! } : {}),
          ...(v.paymentTermYears ? { paymentTermYears: v.paymentTermYears } : {}),
        };
    save.mutate(
      { id: policy?.id, body },
      {
        onSuccess: () => {
          void message.success(t('common.saved'));
          onClose();
        },
        onError: (e) => showError(e, form, { premiumFen: 'premiumYuan', sumAssuredFen: 'sumAssuredYuan' }),
      },
    );
  };
  return (
    <Modal
      open
      onCancel={onClose}
      destroyOnHidden
      title={
        policy
          ? t('prospectMe.policy.editTitle', { no: policy.policyNo })
          : t('prospectMe.policy.newTitle', { name: customer.name })
      }
      footer={
        <SaveFooter
          onCancel={onClose}
          onSave={() => form.submit()}
          saving={save.isPending}
          testId="policy-form-save"
        />
      }
    >
      <Form<PolicyValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={initial}
        onFinish={submit}
      >
        <Form.Item
          name="policyNo"
          label={t('prospectMe.policyFields.policyNo')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={40} data-testid="policy-form-no" />
        </Form.Item>
        <Form.Item
          name="product"
          label={t('prospectMe.policyFields.product')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={100} data-testid="policy-form-product" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item
            name="coverageKind"
            label={t('prospectMe.policyFields.coverageKind')}
            style={{ flex: 1, minWidth: 140 }}
          >
            <Select
              options={CoverageKinds.map((k) => ({ value: k, label: t(`prospectMe.coverage.${k}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="status"
            label={t('prospectMe.policyFields.status')}
            style={{ flex: 1, minWidth: 140 }}
          >
            <Select
              options={PolicyStatuses.map((s) => ({ value: s, label: t(`prospectMe.policyStatus.${s}`) }))}
            />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item
            name="insuredName"
            label={t('prospectMe.policyFields.insuredName')}
            rules={[{ required: true, whitespace: true }]}
            style={{ flex: 1, minWidth: 140 }}
          >
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item
            name="beneficiaryName"
            label={t('prospectMe.policyFields.beneficiaryName')}
            style={{ flex: 1, minWidth: 140 }}
          >
            <Input maxLength={100} />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item
            name="premiumYuan"
            label={t('prospectMe.policyFields.premium')}
            rules={[{ required: true, message: t('prospectMe.policy.premiumRequired') }]}
            style={{ flex: 1, minWidth: 140 }}
          >
            <YuanInput min={0.01} data-testid="policy-form-premium" />
          </Form.Item>
          <Form.Item
            name="sumAssuredYuan"
            label={t('prospectMe.policyFields.sumAssured')}
            style={{ flex: 1, minWidth: 140 }}
          >
            <YuanInput min={0} />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item
            name="paymentMode"
            label={t('prospectMe.policyFields.paymentMode')}
            style={{ flex: 1, minWidth: 140 }}
          >
            <Select
              options={PaymentModes.map((m) => ({ value: m, label: t(`prospectMe.paymentMode.${m}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="paymentTermYears"
            label={t('prospectMe.policyFields.paymentTermYears')}
            style={{ flex: 1, minWidth: 140 }}
          >
            <InputNumber<number>
              min={1}
              max={100}
              precision={0}
              inputMode="numeric"
              style={{ width: '100%' }}
              suffix={t('prospectMe.policy.years')}
            />
          </Form.Item>
        </Flex>
        <Form.Item
          name="effectiveDate"
          label={t('prospectMe.policyFields.effectiveDate')}
          rules={[{ required: true }]}
        >
          <DatePicker format="YYYY-MM-DD" inputReadOnly style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ServiceValues {
  kind: ServiceKind;
  policyId?: string;
  dueDate: Dayjs | null;
  notes?: string;
  status?: ServiceStatus;
  satisfaction?: number;
}

/**
 * A service request: new (kind, policy, due date, notes) or updated (status, due date, notes); a
 * return visit marked done asks for the customer's satisfaction, 1–5.
 */
export function ServiceFormModal({
  customer,
  policies,
  request,
  onClose,
}: {
  customer: { id: string; name: string };
  policies: Policy[];
  request?: ServiceRequest | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<ServiceValues>();
  const save = useSaveServiceRequest();
  const status = Form.useWatch('status', form);
  const kind: ServiceKind = Form.useWatch('kind', form) ?? request?.kind ?? 'returnVisit';
  const askSatisfaction = !!request && kind === 'returnVisit' && status === 'done';
  const initial: ServiceValues = request
    ? {
        kind: request.kind,
        dueDate: dayjs(request.dueDate),
        notes: request.notes ?? '',
        status: request.status,
        ...(request.satisfaction ? { satisfaction: request.satisfaction } : {}),
      }
    : { kind: 'returnVisit', dueDate: dayjs().add(7, 'day') };
  const submit = (v: ServiceValues) => {
    const due = (v.dueDate ?? dayjs()).format('YYYY-MM-DD');
    const body = request
      ? {
          status: v.status,
          dueDate: due,
          notes: v.notes?.trim() || null,
          ...(askSatisfaction ? { satisfaction: v.satisfaction ?? null } : {}),
        }
      : {
          customerId: customer.id,
          kind: v.kind,
          dueDate: due,
          ...(v.policyId ? { policyId: v.policyId } : {}),
          ...(v.notes?.trim() ? { notes: v.notes.trim() } : {}),
        };
    save.mutate(
      { id: request?.id, body },
      {
        onSuccess: () => {
          void message.success(t('common.saved'));
          onClose();
        },
        onError: (e) => showError(e, form),
      },
    );
  };
  return (
    <Modal
      open
      onCancel={onClose}
      destroyOnHidden
      title={
        request
          ? t(`prospectMe.serviceKind.${request.kind}`)
          : t('prospectMe.service.newTitle', { name: customer.name })
      }
      footer={
        <SaveFooter
          onCancel={onClose}
          onSave={() => form.submit()}
          saving={save.isPending}
          testId="service-form-save"
        />
      }
    >
      <Form<ServiceValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={initial}
        onFinish={submit}
      >
        {!request && (
          <>
            <Form.Item name="kind" label={t('prospectMe.serviceFields.kind')}>
              <Select
                options={ServiceKinds.map((k) => ({ value: k, label: t(`prospectMe.serviceKind.${k}`) }))}
                data-testid="service-form-kind"
              />
            </Form.Item>
            <Form.Item name="policyId" label={t('prospectMe.serviceFields.policy')}>
              <Select
                allowClear
                options={policies.map((p) => ({ value: p.id, label: `${p.product} · ${p.policyNo}` }))}
                placeholder={t('prospectMe.service.noPolicy')}
              />
            </Form.Item>
          </>
        )}
        {request && (
          <Form.Item name="status" label={t('prospectMe.serviceFields.status')}>
            <Select
              options={ServiceStatuses.map((s) => ({ value: s, label: t(`prospectMe.serviceStatus.${s}`) }))}
              data-testid="service-form-status"
            />
          </Form.Item>
        )}
        {askSatisfaction && (
          <Form.Item
            name="satisfaction"
            label={t('prospectMe.serviceFields.satisfaction')}
            rules={[{ required: true, message: t('prospectMe.service.satisfactionRequired') }]}
          >
            <Rate
              count={5}
              style={{ fontSize: 32 }}
              aria-label={t('prospectMe.serviceFields.satisfaction')}
            />
          </Form.Item>
        )}
        <Form.Item name="dueDate" label={t('prospectMe.serviceFields.dueDate')} rules={[{ required: true }]}>
          <DatePicker format="YYYY-MM-DD" inputReadOnly style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="notes" label={t('prospectMe.serviceFields.notes')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
