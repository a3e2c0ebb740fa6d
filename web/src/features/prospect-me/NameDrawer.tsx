import { DeleteOutlined, EditOutlined, IdcardOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Drawer,
  Flex,
  Form,
  Input,
  Popconfirm,
  Radio,
  Select,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PlanNameCategories, type PlanName, type PlanNameCategory } from '../../../../contracts/plan100.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import { changedOnly } from '../../lib/changes.ts';
import { useCreateCard, useDeleteName, usePatchName, useRubric, useScoreName } from './api.ts';
import { GradeTag } from './labels.tsx';
import { RevealNumber } from './RevealNumber.tsx';
import { carriedAnswers, needsRescore, previewScore } from './scoring.ts';

interface EditValues {
  name: string;
  category: PlanNameCategory;
  phone?: string;
  note?: string;
}

/** Name, relationship, phone and note; an empty phone keeps the stored one. */
function EditName({ item, onDone }: { item: PlanName; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<EditValues>();
  const save = usePatchName();
  return (
    <Form<EditValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{ name: item.name, category: item.category, note: item.note ?? '' }}
      onFinish={(v) => {
        // Only what the user changed: an untouched note comes masked and must not overwrite the full one.
        const body = {
          ...changedOnly(
            { name: item.name, category: item.category, note: item.note },
            { name: v.name.trim(), category: v.category, note: v.note?.trim() ? v.note.trim() : null },
          ),
          ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
        };
        if (Object.keys(body).length === 0) {
          onDone();
          return;
        }
        save.mutate(
          { id: item.id, body },
          {
            onSuccess: () => {
              void message.success(t('common.saved'));
              onDone();
            },
            onError: (e) => showError(e, form),
          },
        );
      }}
    >
      <Form.Item
        name="name"
        label={t('prospectMe.fields.name')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item name="category" label={t('prospectMe.fields.category')}>
        <Select
          options={PlanNameCategories.map((c) => ({ value: c, label: t(`prospectMe.category.${c}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t('prospectMe.fields.phone')}
        extra={item.phone ? t('prospectMe.keepIfEmpty', { value: item.phone }) : undefined}
        rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('prospectMe.badPhone') }]}
      >
        <Input inputMode="tel" maxLength={11} placeholder={item.phone ?? ''} />
      </Form.Item>
      <Form.Item name="note" label={t('prospectMe.fields.note')}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
      <Flex gap={8} justify="flex-end">
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="name-edit-save">
          {t('common.save')}
        </Button>
      </Flex>
    </Form>
  );
}

/**
 * One name: the scoring sheet (one tap per criterion, the total and grade as it goes), then what
 * to do with it — make a card (A and B; C after a confirmation), exclude it, edit or delete it.
 */
export function NameDrawer({
  item,
  currentVersion,
  onClose,
}: {
  item: PlanName;
  currentVersion: number;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const phone = useIsPhoneLayout();
  const navigate = useNavigate();
  const showError = useApiError();
  const rubric = useRubric();
  const score = useScoreName();
  const patch = usePatchName();
  const remove = useDeleteName();
  const makeCard = useCreateCard();
  const [editing, setEditing] = useState(false);
  const [answers, setAnswers] = useState<Record<string, string> | null>(null);
  const en = i18n.language.startsWith('en');
  const label = (x: { label: string; labelEn: string }) => (en ? x.labelEn : x.label);

  const r = rubric.data;
  const current = answers ?? (r ? carriedAnswers(r, item.answers) : {});
  const live = r ? previewScore(r, current) : null;
  const rescore = needsRescore(item, currentVersion);
  const dirty = answers !== null;

  const saveScore = () => {
    if (!r || !live || live.grade === null) return;
    score.mutate(
      { id: item.id, answers: current },
      {
        onSuccess: (n) => {
          void message.success(t('prospectMe.score.saved', { grade: n.grade ?? '', score: n.score ?? 0 }));
          setAnswers(null);
        },
        onError: (e) => showError(e),
      },
    );
  };

  const createCard = (allowGradeC: boolean) =>
    makeCard.mutate(
      { nameId: item.id, ...(allowGradeC ? { allowGradeC: true } : {}) },
      {
        onSuccess: (card) => {
          void message.success(t('prospectMe.names.cardMade', { name: card.name }));
          onClose();
        },
        onError: (e) => showError(e),
      },
    );

  const cardButton = item.prospectId ? (
    <Button
      icon={<IdcardOutlined />}
      onClick={() => void navigate(`/prospects/cards/${item.prospectId}`)}
      data-testid="name-open-card"
    >
      {t('prospectMe.names.openCard')}
    </Button>
  ) : item.grade === 'C' ? (
    <Popconfirm
      title={t('prospectMe.names.makeCardCTitle')}
      description={t('prospectMe.names.makeCardCBody')}
      okText={t('prospectMe.names.makeCard')}
      cancelText={t('common.cancel')}
      onConfirm={() => createCard(true)}
    >
      <Button
        icon={<IdcardOutlined />}
        loading={makeCard.isPending}
        disabled={item.excluded || dirty}
        data-testid="name-make-card"
      >
        {t('prospectMe.names.makeCard')}
      </Button>
    </Popconfirm>
  ) : (
    <Button
      type={item.grade ? 'primary' : 'default'}
      icon={<IdcardOutlined />}
      loading={makeCard.isPending}
      disabled={!item.grade || item.excluded || dirty}
      onClick={() => createCard(false)}
      data-testid="name-make-card"
    >
      {t('prospectMe.names.makeCard')}
    </Button>
  );

  return (
    <Drawer
      open
      onClose={onClose}
      placement={phone ? 'bottom' : 'right'}
      size={phone ? '92%' : 'large'}
      destroyOnHidden
      title={
        <Flex gap={8} align="center" wrap>
          <span>{item.name}</span>
          {item.grade && <GradeTag grade={item.grade} score={item.score} />}
        </Flex>
      }
      data-testid="name-drawer"
    >
      <Flex vertical gap={12}>
        <Flex gap={6} wrap align="center">
          <Tag style={{ marginInlineEnd: 0 }}>{t(`prospectMe.category.${item.category}`)}</Tag>
          {item.phone && <RevealNumber entity="name" id={item.id} field="phone" masked={item.phone} />}
          {item.duplicate && <Tag color="orange">{t('prospectMe.names.duplicate')}</Tag>}
          {item.excluded && <Tag>{t('prospectMe.names.excluded')}</Tag>}
        </Flex>
        {item.note && <Typography.Text className="sb-pm-pre">{item.note}</Typography.Text>}

        {editing ? (
          <EditName item={item} onDone={() => setEditing(false)} />
        ) : (
          <Flex gap={8} wrap>
            {cardButton}
            <Button
              icon={item.excluded ? <UndoOutlined /> : <StopOutlined />}
              loading={patch.isPending}
              onClick={() =>
                patch.mutate(
                  { id: item.id, body: { excluded: !item.excluded } },
                  {
                    onSuccess: () =>
                      void message.success(
                        t(item.excluded ? 'prospectMe.names.includedOk' : 'prospectMe.names.excludedOk'),
                      ),
                    onError: (e) => showError(e),
                  },
                )
              }
              data-testid="name-exclude"
            >
              {item.excluded ? t('prospectMe.names.include') : t('prospectMe.names.exclude')}
            </Button>
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="name-edit">
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t('prospectMe.names.deleteTitle', { name: item.name })}
              description={t('prospectMe.names.deleteBody')}
              okText={t('common.delete')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                remove.mutate(item.id, {
                  onSuccess: () => {
                    void message.success(t('common.deletedOk'));
                    onClose();
                  },
                  onError: (e) => showError(e),
                })
              }
            >
              <Button
                danger
                icon={<DeleteOutlined />}
                aria-label={t('common.delete')}
                data-testid="name-delete"
              />
            </Popconfirm>
          </Flex>
        )}

        <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
          {item.grade ? t('prospectMe.score.rescoreTitle') : t('prospectMe.score.title')}
        </Typography.Title>
        {rescore && (
          <Alert
            type="warning"
            showIcon
            title={t('prospectMe.score.rubricChanged', { version: item.rubricVersion })}
          />
        )}
        {rubric.error && !r ? (
          <ErrorState error={rubric.error} onRetry={() => void rubric.refetch()} />
        ) : !r || !live ? (
          <Skeleton active />
        ) : (
          <div data-testid="score-sheet">
            {r.criteria.map((c) => (
              <div key={c.key} className="sb-pm-criterion" role="group" aria-label={label(c)}>
                <div className="sb-pm-criterion-title">
                  <span>{label(c)}</span>
                  {!current[c.key] && <span className="sb-pm-muted">{t('prospectMe.score.pick')}</span>}
                </div>
                <Radio.Group
                  className="sb-pm-options"
                  optionType="button"
                  buttonStyle="solid"
                  value={current[c.key]}
                  onChange={(e) => setAnswers({ ...current, [c.key]: String(e.target.value) })}
                  options={c.options.map((o) => ({
                    value: o.key,
                    label: (
                      <span data-testid={`score-${c.key}-${o.key}`}>
                        {label(o)}
                        <small>{t('prospectMe.score.points', { points: o.points })}</small>
                      </span>
                    ),
                  }))}
                />
              </div>
            ))}
            <div className="sb-pm-total" aria-live="polite">
              <span>
                {t('prospectMe.score.total')} <strong data-testid="score-total">{live.total}</strong>
                {' · '}
                {live.grade ? (
                  <GradeTag grade={live.grade} />
                ) : (
                  <Typography.Text type="secondary">
                    {t('prospectMe.score.missing', { count: live.missing.length })}
                  </Typography.Text>
                )}
              </span>
              <Button
                type="primary"
                onClick={saveScore}
                disabled={live.grade === null || (!dirty && !rescore && item.grade !== null)}
                loading={score.isPending}
                data-testid="score-save"
              >
                {t('prospectMe.score.save')}
              </Button>
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('prospectMe.score.thresholds', {
                a: r.gradeAMin,
                b: r.gradeBMin,
                max: r.maxScore,
                version: r.version,
              })}
            </Typography.Text>
          </div>
        )}
      </Flex>
    </Drawer>
  );
}
