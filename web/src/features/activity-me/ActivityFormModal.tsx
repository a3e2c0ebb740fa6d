import {
  App,
  AutoComplete,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Segmented,
  Select,
  Tag,
  TimePicker,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  Activity,
  ActivityCreate,
  ActivityPatch,
  ActivityToday,
  ActivityType,
} from '../../../../contracts/activity.ts';
import { UserSelect } from '../../components/UserSelect.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { timeIn, zonedIso } from '../attendance/time.ts';
import { useCreateActivity, useUpdateActivity } from './api.ts';
import { addDays } from './dates.ts';
import { STAGE_COLORS, usePoints, useTypeName } from './labels.tsx';

interface Values {
  typeId: string;
  date: string;
  time: Dayjs | null;
  prospectName?: string;
  outcome?: string;
  notes?: string;
  nextStep?: string;
  nextStepDate?: Dayjs | null;
  partnerId?: string | null;
  premiumYuan?: number | null;
}

type Prospect = ActivityToday['recentProspects'][number];

/** A wall-clock time HH:mm (in the tenant's zone) as a picker value; only its hour and minute are read. */
function clock(hhmm: string): Dayjs {
  const [h, m] = hhmm.split(':').map(Number);
  return dayjs()
    .hour(h ?? 12)
    .minute(m ?? 0)
    .second(0);
}

/** Empty text → undefined (create) or null (edit: clears the field). */
function textOf(v: string | undefined, clear: boolean): string | null | undefined {
  const s = v?.trim();
  if (s) return s;
  return clear ? null : undefined;
}

/**
 * The fuller form: type, day and time, prospect (a recent one or a free name to link later),
 * outcome, notes, next step and its date, joint-visit partner, and the premium of a sale. A day
 * before today, within the tenant's window, is logged as a late entry.
 */
export function ActivityFormModal({
  today,
  backdateDays,
  types,
  prospects,
  editing,
  defaultTypeId,
  defaultProspectName,
  onClose,
}: {
  today: string;
  backdateDays: number;
  types: ActivityType[];
  prospects: Prospect[];
  editing?: Activity | undefined;
  defaultTypeId?: string | undefined;
  /** A new activity names this prospect (one of `prospects`, so it links): "log a visit" on a card. */
  defaultProspectName?: string | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const typeName = useTypeName();
  const pts = usePoints();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const create = useCreateActivity();
  const update = useUpdateActivity();
  const typeId = Form.useWatch('typeId', form);
  const date = Form.useWatch('date', form);
  const type = types.find((x) => x.id === typeId);

  const days = useMemo(
    () => Array.from({ length: backdateDays + 1 }, (_, i) => addDays(today, -i)),
    [today, backdateDays],
  );
  const dayLabel = (d: string) => {
    const back = days.indexOf(d);
    if (back === 0) return t('activityMe.form.today');
    if (back === 1) return t('activityMe.form.yesterday');
    return d.slice(5);
  };
  // An edited activity keeps its own day even when it is older than the window allows today.
  const dayOptions = (editing && !days.includes(editing.date) ? [editing.date, ...days] : days).map((d) => ({
    value: d,
    label: dayLabel(d),
  }));

  const initial: Values = editing
    ? {
        typeId: editing.typeId,
        date: editing.date,
        time: clock(timeIn(editing.occurredAt)),
        prospectName: editing.prospectName ?? '',
        outcome: editing.outcome ?? '',
        notes: editing.notes ?? '',
        nextStep: editing.nextStep ?? '',
        nextStepDate: editing.nextStepDate ? dayjs(editing.nextStepDate) : null,
        partnerId: editing.partnerId,
        premiumYuan: editing.premiumFen === null ? null : editing.premiumFen / 100,
      }
    : {
        typeId: defaultTypeId ?? types[0]?.id ?? '',
        ...(defaultProspectName ? { prospectName: defaultProspectName } : {}),
        date: today,
        time: clock(timeIn(new Date().toISOString())),
      };

  const activeTypes = types.filter((x) => x.active || x.id === editing?.typeId);

  const submit = (v: Values) => {
    const clear = !!editing;
    const name = v.prospectName?.trim();
    // A name picked from the recent prospects links to that prospect; anything else is a free name.
    const known = name ? prospects.find((p) => p.name === name && p.prospectId) : undefined;
    const chosen = types.find((x) => x.id === v.typeId);
    const premiumFen =
      chosen?.stage === 'sale' && v.premiumYuan !== null && v.premiumYuan !== undefined
        ? Math.round(v.premiumYuan * 100)
        : undefined;
    const body: ActivityPatch = {
      typeId: v.typeId,
      occurredAt: zonedIso(v.date, v.time?.format('HH:mm') ?? '12:00'),
      outcome: textOf(v.outcome, clear),
      notes: textOf(v.notes, clear),
      nextStep: textOf(v.nextStep, clear),
      nextStepDate: v.nextStepDate ? v.nextStepDate.format('YYYY-MM-DD') : clear ? null : undefined,
      partnerId: v.partnerId || (clear ? null : undefined),
      premiumFen: premiumFen ?? (clear ? null : undefined),
    };
    if (known?.prospectId) body.prospectId = known.prospectId;
    else body.prospectName = textOf(name, clear);
    // Unset fields stay out of the request.
    for (const k of Object.keys(body) as (keyof ActivityPatch)[]) if (body[k] === undefined) delete body[k];

    const onError = (e: unknown) => showError(e, form);
    if (editing) {
      update.mutate(
        { id: editing.id, body },
        {
          onSuccess: () => {
            void message.success(t('activityMe.form.updated'));
            onClose();
          },
          onError,
        },
      );
    } else {
      create.mutate(body as ActivityCreate, {
        onSuccess: (a) => {
          void message.success(
            t('activityMe.quick.saved', {
              type: typeName({ name: a.typeName, nameEn: a.typeNameEn }),
              points: pts(a.points),
            }),
          );
          onClose();
        },
        onError,
      });
    }
  };

  return (
    <Modal
      open
      title={editing ? t('activityMe.form.editTitle') : t('activityMe.form.title')}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={create.isPending || update.isPending}
            onClick={() => form.submit()}
            data-testid="activity-form-save"
          >
            {t('common.save')}
          </Button>
        </>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={submit}
        requiredMark={false}
      >
        <Form.Item
          name="typeId"
          label={t('activityMe.form.type')}
          rules={[{ required: true, message: t('activityMe.form.typeRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="activity-form-type"
            options={[
              ...activeTypes.map((x) => ({ value: x.id, label: `${typeName(x)} · ${pts(x.points)}` })),
              // An edited activity of a type since made inactive keeps its name.
              ...(editing && !activeTypes.some((x) => x.id === editing.typeId)
                ? [
                    {
                      value: editing.typeId,
                      label: typeName({ name: editing.typeName, nameEn: editing.typeNameEn }),
                    },
                  ]
                : []),
            ]}
          />
        </Form.Item>
        <Form.Item label={t('activityMe.form.when')} style={{ marginBottom: 0 }}>
          <div className="sb-ac-when">
            <Form.Item name="date" noStyle>
              {dayOptions.length <= 4 ? (
                <Segmented options={dayOptions} data-testid="activity-form-date" />
              ) : (
                <Select options={dayOptions} style={{ minWidth: 120 }} data-testid="activity-form-date" />
              )}
            </Form.Item>
            <Form.Item name="time" noStyle>
              <TimePicker
                format="HH:mm"
                allowClear={false}
                needConfirm={false}
                inputReadOnly
                aria-label={t('activityMe.form.time')}
                style={{ width: 110 }}
                data-testid="activity-form-time"
              />
            </Form.Item>
          </div>
          <div style={{ minHeight: 24, margin: '4px 0 12px' }}>
            {date && date < today && <Tag color="orange">{t('activityMe.lateEntry')}</Tag>}
          </div>
        </Form.Item>
        <Form.Item name="prospectName" label={t('activityMe.form.prospect')}>
          <AutoComplete
            options={prospects.map((p) => ({ value: p.name }))}
            filterOption={(input, o) => String(o?.value ?? '').includes(input.trim())}
            placeholder={t('activityMe.form.prospectPlaceholder')}
            maxLength={60}
            data-testid="activity-form-prospect"
          />
        </Form.Item>
        <Form.Item name="outcome" label={t('activityMe.form.outcome')}>
          <Input maxLength={200} placeholder={t('activityMe.form.outcomePlaceholder')} />
        </Form.Item>
        {type?.stage === 'sale' && (
          <Form.Item name="premiumYuan" label={t('activityMe.form.premium')}>
            <InputNumber<number>
              min={0}
              max={10_000_000}
              precision={2}
              prefix="¥"
              style={{ width: '100%' }}
              inputMode="decimal"
            />
          </Form.Item>
        )}
        <Form.Item name="notes" label={t('activityMe.form.notes')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Form.Item label={t('activityMe.form.nextStep')} style={{ marginBottom: 0 }}>
          <div className="sb-ac-when">
            <Form.Item name="nextStep" noStyle>
              <Input
                maxLength={200}
                placeholder={t('activityMe.form.nextStepPlaceholder')}
                style={{ flex: 1, minWidth: 160 }}
              />
            </Form.Item>
            <Form.Item name="nextStepDate" noStyle>
              <DatePicker
                format="YYYY-MM-DD"
                inputReadOnly
                disabledDate={(d) => d.format('YYYY-MM-DD') < today}
                placeholder={t('activityMe.form.nextStepDate')}
                aria-label={t('activityMe.form.nextStepDate')}
                style={{ width: 150 }}
              />
            </Form.Item>
          </div>
          <div style={{ height: 16 }} />
        </Form.Item>
        <Form.Item name="partnerId" label={t('activityMe.form.partner')}>
          <UserSelect placeholder={t('activityMe.form.partnerPlaceholder')} />
        </Form.Item>
        {type && (
          <div className="sb-ac-muted">
            <Tag color={STAGE_COLORS[type.stage]}>{t(`activityMe.stage.${type.stage}`)}</Tag>
            {t('activityMe.form.earns', { points: pts(type.points) })}
          </div>
        )}
      </Form>
    </Modal>
  );
}
