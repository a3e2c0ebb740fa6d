import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Drawer, Flex, Form, Input, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { Customer, CustomerCreate } from '../../../../contracts/customer.ts';
import { Genders, type Gender } from '../../../../contracts/prospect.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import { useMe } from '../auth/MeContext.tsx';
import { IMPORTS, useCreateCustomer, useCustomers } from './api.ts';
import { SaveFooter } from './SaveFooter.tsx';
import { ImportModal } from './ImportModal.tsx';
import { ProspectTabs } from './ProspectTabs.tsx';
import { PagedRowList } from './PagedRowList.tsx';
import './prospect-me.css';

const PAGE_SIZE = 50;

interface Values {
  name: string;
  phone?: string;
  idNumber?: string;
  gender?: Gender;
  birthDate?: Dayjs | null;
  address?: string;
  notes?: string;
}

/** A customer entered by hand (most arrive by signing a card). */
function NewCustomer({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const phone = useIsPhoneLayout();
  const navigate = useNavigate();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const create = useCreateCustomer();
  const submit = (v: Values) => {
    const body: CustomerCreate = {
      name: v.name.trim(),
      ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
      ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim().toUpperCase() } : {}),
      ...(v.gender ? { gender: v.gender } : {}),
      ...(v.birthDate ? { birthDate: v.birthDate.format('YYYY-MM-DD') } : {}),
      ...(v.address?.trim() ? { address: v.address.trim() } : {}),
      ...(v.notes?.trim() ? { notes: v.notes.trim() } : {}),
    };
    create.mutate(body, {
      onSuccess: (c) => {
        void message.success(t('prospectMe.customers.created', { name: c.name }));
        onClose();
        void navigate(`/customers/${c.id}`);
      },
      onError: (e) => showError(e, form),
    });
  };
  return (
    <Drawer
      open
      onClose={onClose}
      size={phone ? '100%' : 'large'}
      title={t('prospectMe.customers.new')}
      destroyOnHidden
      footer={
        <SaveFooter
          onCancel={onClose}
          onSave={() => form.submit()}
          saving={create.isPending}
          testId="customer-form-save"
        />
      }
    >
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={submit}>
        <Form.Item
          name="name"
          label={t('prospectMe.fields.name')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={60} data-testid="customer-form-name" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('prospectMe.fields.phone')}
          rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('prospectMe.badPhone') }]}
        >
          <Input inputMode="tel" maxLength={11} />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('prospectMe.fields.idNumber')}
          rules={[{ pattern: /^\d{17}[\dXx]$/, message: t('prospectMe.badIdNumber') }]}
        >
          <Input maxLength={18} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="gender" label={t('prospectMe.fields.gender')} style={{ flex: 1 }}>
            <Select
              allowClear
              options={Genders.map((g) => ({ value: g, label: t(`prospectMe.gender.${g}`) }))}
            />
          </Form.Item>
          <Form.Item name="birthDate" label={t('prospectMe.fields.birthDate')} style={{ flex: 1 }}>
            <DatePicker format="YYYY-MM-DD" inputReadOnly style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item name="address" label={t('prospectMe.fields.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="notes" label={t('prospectMe.fields.notes')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function CustomerRow({ c }: { c: Customer }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={2} className="sb-pm-grow" data-testid={`customer-row-${c.id}`}>
      <Flex gap={6} wrap align="center">
        <span className="sb-pm-name">{c.name}</span>
        {c.householdName && (
          <Tag style={{ marginInlineEnd: 0 }}>
            {c.householdRole
              ? t('prospectMe.customers.householdWithRole', {
                  household: c.householdName,
                  role: t(`prospectMe.householdRole.${c.householdRole}`),
                })
              : c.householdName}
          </Tag>
        )}
      </Flex>
      <span className="sb-pm-muted">
        {[c.phone, c.birthDate ? t('prospectMe.customers.birthday', { date: c.birthDate.slice(5) }) : null]
          .filter(Boolean)
          .join(' · ') || '—'}
      </span>
    </Flex>
  );
}

/** 客户: my customers, searched by name. */
export default function CustomersPage() {
  const { t, i18n } = useTranslation();
  const phone = useIsPhoneLayout();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const q = sp.get('q') ?? '';
  const page = Number(sp.get('page') ?? '1') || 1;
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const me = useMe();
  const { data, error, refetch, isPending } = useCustomers({
    ownerId: me.id,
    q: q || undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(sp);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setSp(next, { replace: true });
  };
  return (
    <Flex vertical gap={12} className="sb-pm-page">
      <ProspectTabs />
      <PageHeader
        title={t('prospectMe.nav.customers')}
        subtitle={
          data ? t('prospectMe.customers.total', { n: formatNumber(data.total, i18n.language) }) : undefined
        }
        extra={
          <>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="customer-new"
            >
              {t('prospectMe.customers.new')}
            </Button>
            {!phone && (
              <Button
                icon={<UploadOutlined />}
                onClick={() => setImporting(true)}
                data-testid="policies-import"
              >
                {t('prospectMe.policy.import')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <div style={{ padding: 12 }}>
          <Input.Search
            allowClear
            defaultValue={q}
            placeholder={t('prospectMe.customers.search')}
            aria-label={t('prospectMe.customers.search')}
            onSearch={(v) => set('q', v.trim())}
            data-testid="customers-search"
          />
        </div>
        <PagedRowList
          data={data}
          pending={isPending}
          error={error}
          onRetry={() => void refetch()}
          page={page}
          pageSize={PAGE_SIZE}
          onPage={(p) => set('page', String(p))}
          rowKey={(c) => c.id}
          label={t('prospectMe.nav.customers')}
          onClick={(c) => void navigate(`/customers/${c.id}`)}
          render={(c) => <CustomerRow c={c} />}
          empty={
            <Typography.Paragraph
              type="secondary"
              style={{ padding: 16, margin: 0 }}
              data-testid="customers-empty"
            >
              {q ? t('prospectMe.customers.emptyFiltered') : t('prospectMe.customers.empty')}
            </Typography.Paragraph>
          }
        />
      </Card>
      {creating && <NewCustomer onClose={() => setCreating(false)} />}
      {importing && (
        <ImportModal
          endpoint={IMPORTS.policies}
          title={t('prospectMe.policy.importTitle')}
          intro={t('prospectMe.policy.importIntro')}
          fieldLabel={(k) => t(`prospectMe.policyFields.${k}`, { defaultValue: k })}
          onClose={() => setImporting(false)}
        />
      )}
    </Flex>
  );
}
