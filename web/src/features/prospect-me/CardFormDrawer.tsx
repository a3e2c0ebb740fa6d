import { App, DatePicker, Drawer, Flex, Form, Input, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  Genders,
  IncomeBands,
  ProspectGrades,
  type Gender,
  type IncomeBand,
  type Prospect,
  type ProspectCreate,
  type ProspectGrade,
  type ProspectPatch,
} from '../../../../contracts/prospect.ts';
import { useApiError } from '../../components/useApiError.ts';
import { changedOnly } from '../../lib/changes.ts';
import { useMe } from '../auth/MeContext.tsx';
import { useDebounced } from '../../lib/useDebounced.ts';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import { useCardSearch, useCreateCard, usePatchCard } from './api.ts';
import { SaveFooter } from './SaveFooter.tsx';

type DirectSource = 'referral' | 'campaign' | 'assigned';

interface Values {
  name?: string;
  source?: DirectSource;
  referrerProspectId?: string;
  campaignRef?: string;
  grade?: ProspectGrade;
  phone?: string;
  idNumber?: string;
  gender?: Gender | null;
  birthDate?: Dayjs | null;
  family?: string;
  occupation?: string;
  incomeBand?: IncomeBand | null;
  needs?: string;
  nextFollowUp?: Dayjs | null;
  tags?: string[];
  consentNote?: string;
  consentDate?: Dayjs | null;
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const txt = (s: string | undefined) => (s?.trim() ? s.trim() : null);

/** A referrer picked by name among the agent's cards. */
function CardPicker({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const debounced = useDebounced(q, 250);
  const me = useMe();
  const { data, isFetching } = useCardSearch(me.id, debounced);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      loading={isFetching}
      placeholder={t('prospectMe.card.pickReferrer')}
      options={(data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
      notFoundContent={null}
      data-testid="card-referrer"
    />
  );
}

/**
 * A card made directly (a referral, a campaign, assigned by the company) or a card edited. Phone
 * and ID number are never shown in full here: empty keeps the stored number, a new one replaces it.
 */
export function CardFormDrawer({
  card,
  referrer,
  onClose,
}: {
  /** The card to edit; none for a new card. */
  card?: Prospect | undefined;
  /** A new card referred by this one. */
  referrer?: { id: string; name: string } | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const phone = useIsPhoneLayout();
  const navigate = useNavigate();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const create = useCreateCard();
  const patch = usePatchCard();
  const source = Form.useWatch('source', form);
  const editing = !!card;

  const initial: Values = card
    ? {
        name: card.name,
        gender: card.gender,
        birthDate: card.birthDate ? dayjs(card.birthDate) : null,
        family: card.family ?? '',
        occupation: card.occupation ?? '',
        incomeBand: card.incomeBand,
        needs: card.needs ?? '',
        nextFollowUp: card.nextFollowUp ? dayjs(card.nextFollowUp) : null,
        tags: card.tags,
        consentNote: card.consentNote ?? '',
        consentDate: card.consentDate ? dayjs(card.consentDate) : null,
      }
    : {
        source: 'referral',
        ...(referrer ? { referrerProspectId: referrer.id } : {}),
        tags: [],
      };

  const submit = (v: Values) => {
    const onError = (e: unknown) => showError(e, form);
    if (card) {
      const fields = (x: Values): ProspectPatch => ({
        name: x.name?.trim() || card.name,
        gender: x.gender ?? null,
        birthDate: day(x.birthDate),
        family: txt(x.family),
        occupation: txt(x.occupation),
        incomeBand: x.incomeBand ?? null,
        needs: txt(x.needs),
        nextFollowUp: day(x.nextFollowUp),
        tags: x.tags ?? [],
        consentNote: txt(x.consentNote),
        consentDate: day(x.consentDate),
      });
      // Only what the user changed: untouched free text comes masked and must not overwrite the full one.
      const body: ProspectPatch = {
        ...changedOnly(fields(initial), fields(v)),
        ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
        ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim().toUpperCase() } : {}),
      };
      if (Object.keys(body).length === 0) {
        onClose();
        return;
      }
      patch.mutate(
        { id: card.id, body },
        {
          onSuccess: () => {
            void message.success(t('common.saved'));
            onClose();
          },
          onError,
        },
      );
      return;
    }
    const body: ProspectCreate = {
      name: v.name?.trim() ?? '',
      source: v.source ?? 'referral',
      ...(v.source === 'referral' && v.referrerProspectId
        ? { referrerProspectId: v.referrerProspectId }
        : {}),
      ...(v.source === 'campaign' && v.campaignRef?.trim() ? { campaignRef: v.campaignRef.trim() } : {}),
      ...(v.grade ? { grade: v.grade } : {}),
      ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
      ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim().toUpperCase() } : {}),
      ...(v.gender ? { gender: v.gender } : {}),
      ...(v.birthDate ? { birthDate: day(v.birthDate)! } : {}),
      ...(txt(v.family) ? { family: txt(v.family)! } : {}),
      ...(txt(v.occupation) ? { occupation: txt(v.occupation)! } : {}),
      ...(v.incomeBand ? { incomeBand: v.incomeBand } : {}),
      ...(txt(v.needs) ? { needs: txt(v.needs)! } : {}),
      ...(v.nextFollowUp ? { nextFollowUp: day(v.nextFollowUp)! } : {}),
      ...(v.tags?.length ? { tags: v.tags } : {}),
    };
    create.mutate(body, {
      onSuccess: (c) => {
        void message.success(t('prospectMe.card.created', { name: c.name }));
        onClose();
        void navigate(`/prospects/cards/${c.id}`);
      },
      onError,
    });
  };

  const dateInput = (label: string) => (
    <DatePicker format="YYYY-MM-DD" inputReadOnly style={{ width: '100%' }} aria-label={label} />
  );

  return (
    <Drawer
      open
      onClose={onClose}
      size={phone ? '100%' : 'large'}
      destroyOnHidden
      title={editing ? t('prospectMe.card.editTitle', { name: card.name }) : t('prospectMe.card.newTitle')}
      footer={
        <SaveFooter
          onCancel={onClose}
          onSave={() => form.submit()}
          saving={create.isPending || patch.isPending}
          testId="card-form-save"
        />
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={initial}
        onFinish={submit}
      >
        <Form.Item
          name="name"
          label={t('prospectMe.fields.name')}
          rules={[{ required: true, whitespace: true, message: t('prospectMe.card.nameRequired') }]}
        >
          <Input maxLength={60} data-testid="card-form-name" />
        </Form.Item>
        {!editing && (
          <>
            <Form.Item name="source" label={t('prospectMe.fields.source')}>
              <Select
                options={(['referral', 'campaign', 'assigned'] as const).map((s) => ({
                  value: s,
                  label: t(`prospectMe.source.${s}`),
                }))}
              />
            </Form.Item>
            {source === 'referral' &&
              (referrer ? (
                <Form.Item name="referrerProspectId" label={t('prospectMe.fields.referrer')}>
                  <Select options={[{ value: referrer.id, label: referrer.name }]} disabled />
                </Form.Item>
              ) : (
                <Form.Item
                  name="referrerProspectId"
                  label={t('prospectMe.fields.referrer')}
                  rules={[{ required: true, message: t('prospectMe.card.referrerRequired') }]}
                >
                  <CardPicker />
                </Form.Item>
              ))}
            {source === 'campaign' && (
              <Form.Item
                name="campaignRef"
                label={t('prospectMe.fields.campaignRef')}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input maxLength={100} />
              </Form.Item>
            )}
            <Form.Item name="grade" label={t('prospectMe.fields.grade')}>
              <Select
                allowClear
                options={ProspectGrades.map((g) => ({
                  value: g,
                  label: t('prospectMe.grade.label', { grade: g }),
                }))}
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="phone"
          label={t('prospectMe.fields.phone')}
          extra={card?.phone ? t('prospectMe.keepIfEmpty', { value: card.phone }) : undefined}
          rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('prospectMe.badPhone') }]}
        >
          <Input inputMode="tel" maxLength={11} placeholder={card?.phone ?? ''} />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('prospectMe.fields.idNumber')}
          extra={card?.idNumber ? t('prospectMe.keepIfEmpty', { value: card.idNumber }) : undefined}
          rules={[{ pattern: /^\d{17}[\dXx]$/, message: t('prospectMe.badIdNumber') }]}
        >
          <Input maxLength={18} placeholder={card?.idNumber ?? ''} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="gender" label={t('prospectMe.fields.gender')} style={{ flex: 1 }}>
            <Select
              allowClear
              options={Genders.map((g) => ({ value: g, label: t(`prospectMe.gender.${g}`) }))}
            />
          </Form.Item>
          <Form.Item name="birthDate" label={t('prospectMe.fields.birthDate')} style={{ flex: 1 }}>
            {dateInput(t('prospectMe.fields.birthDate'))}
          </Form.Item>
        </Flex>
        <Form.Item name="occupation" label={t('prospectMe.fields.occupation')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="incomeBand" label={t('prospectMe.fields.incomeBand')}>
          <Select
            allowClear
            options={IncomeBands.map((b) => ({ value: b, label: t(`prospectMe.income.${b}`) }))}
          />
        </Form.Item>
        <Form.Item name="family" label={t('prospectMe.fields.family')}>
          <Input.TextArea
            maxLength={500}
            autoSize={{ minRows: 2, maxRows: 4 }}
            placeholder={t('prospectMe.card.familyHint')}
          />
        </Form.Item>
        <Form.Item name="needs" label={t('prospectMe.fields.needs')}>
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        <Form.Item name="nextFollowUp" label={t('prospectMe.fields.nextFollowUp')}>
          {dateInput(t('prospectMe.fields.nextFollowUp'))}
        </Form.Item>
        <Form.Item name="tags" label={t('prospectMe.fields.tags')}>
          <Select
            mode="tags"
            maxCount={10}
            tokenSeparators={[',', '，', ' ']}
            open={false}
            suffixIcon={null}
          />
        </Form.Item>
        {editing && (
          <>
            <Typography.Title level={5}>{t('prospectMe.card.consent')}</Typography.Title>
            <Form.Item name="consentNote" label={t('prospectMe.fields.consentNote')}>
              <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} />
            </Form.Item>
            <Form.Item name="consentDate" label={t('prospectMe.fields.consentDate')}>
              {dateInput(t('prospectMe.fields.consentDate'))}
            </Form.Item>
          </>
        )}
      </Form>
    </Drawer>
  );
}
